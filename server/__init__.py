"""Brinkmanship's server. Importing it first puts the compiled engine in place when one is built
for these very sources (server/native.py; `brink build`)."""

from server.native import install

install()
