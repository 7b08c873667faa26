"""A text frame whose bytes are not UTF-8 made the server (aiohttp) close the socket with 1007
and no error: a player whose client sent one lost the table mid-game. It is now answered like
any message the server cannot read — error `bad_encoding` (`id` null, docs/protocol/21-errors.md
§21) — and changes nothing; the connection stays open and the game goes on.

A real server and Redis, a real websocket (the `websockets` client sends the bytes as a text
frame)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from serverkit import running_server
from websockets.asyncio.client import ClientConnection, connect

from server.protocol import PROTOCOL_VERSION


async def answer(ws: ClientConnection, kind: str, request_id: str | None = None) -> dict[str, Any]:
    """The next message of type `kind` (with `request_id` if given), those before it skipped."""
    while True:
        message: dict[str, Any] = json.loads(await ws.recv())
        if message["type"] == kind and (request_id is None or message.get("id") == request_id):
            return message


async def test_a_frame_not_utf8_is_refused_and_the_game_goes_on(
    redis_url: str, tmp_path: Path
) -> None:
    async with running_server(redis_url, tmp_path) as (_, url), connect(url) as ws:
        await ws.send(json.dumps({"type": "hello", "protocol_version": PROTOCOL_VERSION}))
        await answer(ws, "welcome")
        # before a room, and at the table: each is refused, the socket stays up
        await ws.send(b'{"type":"ping","id":"\xff"}', text=True)
        refused = await answer(ws, "error")
        assert refused["code"] == "bad_encoding" and refused["id"] is None, refused
        assert "UTF-8" in refused["message"], refused
        play = {"type": "play_bot", "id": "pb", "scenario": "intro", "side": "washington"}
        await ws.send(json.dumps({**play, "bot": "hawk", "name": "Ada"}))
        joined = await answer(ws, "joined", "pb")
        assert joined["view"]["to_act"] == "washington", joined["view"]
        chat = b'{"type":"chat","id":"c1","text":"hi \xc3\x28"}'  # \xc3 starts a letter, ( is none
        await ws.send(chat, text=True)
        refused = await answer(ws, "error")
        assert refused["code"] == "bad_encoding" and refused["id"] is None, refused
        # the game goes on: the player's move is taken
        act = {"type": "act", "id": "a1", "command": {"type": "check"}, "cid": "c-check-1"}
        await ws.send(json.dumps(act))
        update = await answer(ws, "update", "a1")
        events = [entry["event"]["type"] for entry in update["entries"] if entry["event"]]
        assert "checked" in events, update["entries"]
        assert not any(entry["chat"] for entry in update["entries"])  # the bad chat said nothing
