"""This process's part of the classroom: the sockets following a class (its students), the
dashboards watching one (its instructor), and the subscription to the classes' channels that
keeps both current whichever process made a change.

One `Classroom` per hub (`classroom_of(hub)`), made on first use and closed with the application
(`close_classroom`).
"""

from __future__ import annotations

import json
import weakref
from typing import Any

from server.classroom.channels import ClassChannels
from server.classroom.dashboard import Board
from server.classroom.follow import Follower, refresh
from server.live.connection import Connection
from server.live.hub import Hub
from server.storage.classes import ClassStore


class Classroom:
    """The classes this process's sockets follow or watch."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.store = ClassStore(hub.redis)
        self.followers: dict[str, dict[Connection, Follower]] = {}
        self.boards: dict[str, Board] = {}
        self.channels = ClassChannels(hub.redis, self._received, self._reconnected)

    async def follow(self, conn: Connection, follower: Follower) -> None:
        for held in self.followers.values():
            held.pop(conn, None)
        self.followers.setdefault(follower.code, {})[conn] = follower
        await self.channels.add(follower.code)

    async def board(self, code: str) -> Board | None:
        """Return the class's board here (opened on first use), or None if there is no class."""
        board = self.boards.get(code)
        if board is None:
            # Listed, then subscribed, before the class is read: a change told from then on
            # reaches it (one told while it was read was lost, and the board showed the class as
            # it was); a second watcher meanwhile waits for the same reading.
            board = self.boards[code] = Board(self.hub, code)
            await self.channels.add(code)
        if not await board.open():
            if self.boards.get(code) is board and not board.watchers:
                del self.boards[code]
                await board.close()
                await self._keep_up(code)
            return None
        return board

    async def unwatch(self, conn: Connection, code: str) -> None:
        board = self.boards.get(code)
        if board is None:
            return
        await board.unwatch(conn)
        if not board.watchers:
            del self.boards[code]
            await board.close()
            await self._keep_up(code)

    async def _keep_up(self, code: str) -> None:
        """Stay subscribed to the class's channel while anyone here follows or watches it."""
        if not self.followers.get(code) and code not in self.boards:
            self.followers.pop(code, None)
            await self.channels.drop(code)

    async def _received(self, code: str, message: dict[str, Any]) -> None:
        followers = self.followers.get(code, {})
        if message.get("type") == "class_changed":
            moved = message.get("moved") or []
            board = self.boards.get(code)
            if board is not None:
                await board.class_changed()
            students = {m["student"] for m in moved} | set(message.get("revoked") or [])
            await refresh(self.hub, self.store, code, followers, students)
            return
        text = json.dumps(message, ensure_ascii=False)
        for conn, follower in list(followers.items()):
            if message.get("student") in (None, follower.student):
                conn.send(text)

    async def _reconnected(self) -> None:
        """Messages may have been lost while Redis was away: read every class again."""
        for board in list(self.boards.values()):
            await board.class_changed()
        for code, followers in list(self.followers.items()):
            await refresh(self.hub, self.store, code, followers, None)

    async def disconnected(self, conn: Connection) -> None:
        """A socket closed: it follows and watches nothing any more."""
        for code in [c for c, held in self.followers.items() if conn in held]:
            self.followers[code].pop(conn, None)
            await self._keep_up(code)
        for code, board in list(self.boards.items()):
            if conn in board.watchers:
                await self.unwatch(conn, code)

    async def close(self) -> None:
        for board in list(self.boards.values()):
            await board.close()
        self.boards.clear()
        self.followers.clear()
        await self.channels.close()


_CLASSROOMS: weakref.WeakKeyDictionary[Hub, Classroom] = weakref.WeakKeyDictionary()


def classroom_of(hub: Hub) -> Classroom:
    """Return this hub's classroom (made on first use)."""
    found = _CLASSROOMS.get(hub)
    if found is None:
        found = _CLASSROOMS[hub] = Classroom(hub)
    return found


def existing_classroom(hub: Hub) -> Classroom | None:
    """Return this hub's classroom if it has one (without making it)."""
    return _CLASSROOMS.get(hub)


async def close_classroom(hub: Hub) -> None:
    """Stop the hub's classroom, if it has one (the application's shutdown)."""
    found = _CLASSROOMS.pop(hub, None)
    if found is not None:
        await found.close()
