"""The error a compiled expression raises for a name it was not given (compiled.py).

Its own module, left uncompiled: mypyc cannot compile a class that inherits from KeyError, and
compiled.py is compiled (server/native.py)."""

from __future__ import annotations


class UnknownName(KeyError):
    """An expression read a name that was not given."""
