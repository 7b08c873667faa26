"""Fixtures for server tests live in tests/conftest.py (server_url, servers)."""
