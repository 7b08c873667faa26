"""The secrets handed to people: seat tokens and instructor keys."""

from __future__ import annotations

import secrets


def new_token(nbytes: int) -> str:
    """Return a random URL-safe secret of `nbytes` bytes (`secrets.token_urlsafe`) that does
    not start with '-': one in 64 would, and a command line then takes it for an option
    (`brink games list --key -Xy…` fails), so it is drawn again."""
    while True:
        token = secrets.token_urlsafe(nbytes)
        if not token.startswith("-"):
            return token
