"""Following a room to the worker that holds it (part of `BrinkClient`, client/connection.py).

Under `brink serve --workers N` a socket opened before its room was known (a quick match, a
rematch made on the other player's worker, a code joined on a connection that named none) may
land on a worker that does not hold the room: `joined` then says `elsewhere` (protocol §5). The
client moves by itself, as the web page does: it opens a socket naming the room
(`/ws?room=CODE`, which the server steers to the room's worker), resumes the seat there (a
spectator joins again), and closes the socket it leaves only once the new one holds the seat
(its own presence counted there): closed first, the seat's last connection would go and the
other side would see it away for a moment. Once a room: a room whose worker cannot take it
just now (restarting) is played where it is, which works as well, only at more cost to the
server. Nothing is lost meanwhile: what the old socket brought before the new one took the
seat is applied, what it brings after is also sent to the new one, so it is let go.

A class's student follows the class on their socket (`follow_class`, protocol §24): the server
tells that socket when the instructor moves them. The socket a move or a reconnection leaves
takes the following with it, so the new one follows the class again once it holds the seat, as
the web page does after every welcome: a later move is told (a pushed `class_followed`).
`class_followed` is the latest the client was told of where the class seats it.
"""

from __future__ import annotations

import asyncio
import contextlib

from websockets.asyncio.client import ClientConnection

from client.errors import BrinkConnectionError, ServerError
from client.incoming import Incoming
from client.link import Notice
from server.protocol import ClassFollowed, FollowClass, Joined, Request, ServerMessage

MOVE_WAIT = 10.0
"""Seconds the socket left behind is kept at most while the new one takes the seat."""


class Moving(Incoming):
    """A connection that follows its room to the worker holding it."""

    follow_room = True
    """Move to the room's worker when `joined` says `elsewhere` (False: stay where it landed)."""

    _moved: frozenset[str] = frozenset()
    _moving_from: ClientConnection | None = None
    _following: FollowClass | None = None
    """The `follow_class` this client's socket follows its class with, sent again on a new one."""
    class_followed: ClassFollowed | None = None
    """Where the class seats this client, as last told (its answer to `follow_class`, or a push
    when the instructor moved it); None unless it follows a class."""

    async def request(self, message: Request, timeout: float = 10) -> ServerMessage:
        reply = await super().request(message, timeout)
        if isinstance(message, FollowClass) and isinstance(reply, ClassFollowed):
            self._following = message
        return reply

    def _notify(self, notice: Notice) -> None:
        if isinstance(notice, ClassFollowed):
            self.class_followed = notice
        super()._notify(notice)

    async def _take_back(self) -> tuple[Joined, int | None]:
        """Take the seat back on a new socket (a move, a reconnection), and follow the class
        again on it if the old one followed one: the server tells the socket that follows."""
        taken = await super()._take_back()
        await self._follow_again()
        return taken

    async def _follow_again(self) -> None:
        if self._following is None:
            return
        try:
            await self.request(self._following)
        except ServerError as error:  # let in again elsewhere, or the class is gone: told so
            if error.code in ("bad_class_token", "class_not_found"):
                self._following = None
        except (BrinkConnectionError, TimeoutError):
            pass  # the socket went too: its own recovery follows the class again

    async def _seated(self, reply: ServerMessage) -> Joined:
        """Return the `joined` that answers a request taking a seat; if it says the room lives
        on another worker, first move there (once a room) and return the `joined` from there."""
        assert isinstance(reply, Joined), reply
        movable = self.token is not None or self.role == "spectator"  # an instructor: no key kept
        if not (reply.elsewhere and self.follow_room and movable and reply.code == self.code):
            return reply
        if reply.code in self._moved or self._moving_from is not None:
            return reply
        self._moved = self._moved | {reply.code}
        return await self._move() or reply

    async def _move(self) -> Joined | None:
        """Take the seat again on a socket naming the room; return its `joined`, or None (and
        keep the old socket) if that cannot be done."""
        old_socket, old_reader = self._socket, self._reader
        heard = len(self.presence)
        joined: Joined | None = None
        self._moving_from = old_socket
        try:
            await self.connect()  # the URL names the room now: steered to its worker
            joined, _ = await self._take_back()
        except (BrinkConnectionError, ServerError, TimeoutError):
            pass
        finally:
            self._moving_from = None
        if joined is None:
            await self._stay(old_socket, old_reader)
            return None
        if joined.role == "player":
            await self._counted(heard)
        await self._let_behind(old_socket, old_reader)
        return joined

    def _seat(self, joined: Joined) -> None:
        if self._moving_from is not None:  # the new socket holds the seat: the old one repeats
            self._left_behind = self._moving_from
        super()._seat(joined)

    def _lost(self) -> None:
        if self._moving_from is None:  # a socket lost while moving: the move stays where it was
            super()._lost()

    async def _counted(self, heard: int) -> None:
        """Wait (a while at most) until the server has counted the new socket in the seat: the
        presence it sends for the seat after it took it."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(MOVE_WAIT):
                while not any(
                    p.seat == self.seat and p.status in ("joined", "here")
                    for p in self.presence[heard:]
                ):
                    await asyncio.sleep(0.02)

    async def _stay(
        self, old_socket: ClientConnection | None, old_reader: asyncio.Task[None] | None
    ) -> None:
        """The move failed: close the new socket (if one opened) and go on with the old."""
        new_socket, new_reader = self._socket, self._reader
        self._socket, self._reader = old_socket, old_reader
        self._left_behind = None
        if new_socket is not None and new_socket is not old_socket:
            with contextlib.suppress(Exception):
                await new_socket.close()
        if new_reader is not None and new_reader is not old_reader:
            new_reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await new_reader
        if old_reader is not None and old_reader.done() and not self._closing:
            self._lost()  # the old socket went too, meanwhile: recover as from any loss

    async def _let_behind(
        self, old_socket: ClientConnection | None, old_reader: asyncio.Task[None] | None
    ) -> None:
        """Close the socket moved from: its reader ends without counting it lost."""
        if old_socket is not None:
            with contextlib.suppress(Exception):
                await old_socket.close(1000, "moved to the room's worker")
        if old_reader is not None:
            old_reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await old_reader
        self._left_behind = None
