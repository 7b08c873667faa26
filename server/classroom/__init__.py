"""The classroom: instructor accounts, class sessions and their controls — a layer over rooms
(docs/classroom.md)."""
