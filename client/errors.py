"""What the Python client raises: `ServerError` (the server refused a request) and
`BrinkConnectionError` (the server could not be reached, or the connection was lost)."""

from __future__ import annotations

from server.protocol import Error


class ServerError(Exception):
    """The server refused a request: `code` is stable, `message` is for people."""

    def __init__(self, error: Error) -> None:
        super().__init__(f"{error.code}: {error.message}")
        self.code = error.code
        self.message = error.message


class BrinkConnectionError(Exception):
    """The server at `url` could not be reached, or the connection to it was lost."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
