"""What the Python client raises: `ServerError` (the server refused a request; `RematchDeclined`,
the other side declined the rematch waited for) and `BrinkConnectionError` (the server could not
be reached, or the connection was lost); `brink bot` raises `SeatGone` when its seat is given
away."""

from __future__ import annotations

from server.protocol import Error
from server.protocol import Notice as LogNotice


class ServerError(Exception):
    """The server refused a request: `code` is stable, `message` is for people."""

    def __init__(self, error: Error) -> None:
        super().__init__(f"{error.code}: {error.message}")
        self.code = error.code
        self.message = error.message


class RematchDeclined(ServerError):
    """`join_rematch()` waited for a rematch the other side declined (code `rematch_declined`;
    `notice`: its `rematch_declined` notice, `name` and `seat` who declined)."""

    def __init__(self, notice: LogNotice) -> None:
        name = notice.name or "the other side"
        super().__init__(Error(code="rematch_declined", message=f"{name} declines the rematch"))
        self.notice = notice


class SeatGone(Exception):
    """The seat a client played is not its own any more (an instructor gave it to someone
    else, or moved or removed a class's student): the message says what happened, for people."""


class BrinkConnectionError(Exception):
    """The server at `url` could not be reached, or the connection to it was lost."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
