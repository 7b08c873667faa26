"""The benchmark's baseline: a bare aiohttp websocket relay speaking the same messages as the
game server (hello, create_room, join, act -> update to both seats, the actor's carrying the
act's id; with protocol 1, `accepted` after it) with no rules,
no Redis, no views computed: only a fixed view with the turn flipped, padded so that an update
is as long as the game server's were and a game as many actions (both measured by
bench/server.py and passed on). A rematch (`rematch` twice, then `join_rematch` with the seat's
token: bench/server.py `--rematch`) answers as the server does, the notices in updates to both.

    python bench/echo_server.py PORT [UPDATE_BYTES [ACTIONS_PER_GAME]]
"""

from __future__ import annotations

import json
import secrets
import sys
from typing import Any

from aiohttp import WSMsgType, web

UPDATE_BYTES = int(sys.argv[2]) if len(sys.argv) > 2 else 0
ACTIONS_PER_GAME = int(sys.argv[3]) if len(sys.argv) > 3 else 30
PADDING = {f"variable_{i}": i for i in range(40)}
FILLER = ""


class Room:
    def __init__(self, code: str = "") -> None:
        self.code = code
        self.sockets: dict[str, web.WebSocketResponse] = {}
        self.n = 0
        self.turn = "washington"
        self.offered = False

    def view(self) -> dict[str, Any]:
        finished = self.n >= ACTIONS_PER_GAME
        return {
            "to_act": None if finished else self.turn,
            "facing": False,
            "phase_kind": "betting",
            "passed": [],
            "outcome": "standoff" if finished else None,
            "public": PADDING,
            "filler": FILLER,
            "seq": self.n,
        }


ROOMS: dict[str, Room] = {}
SEATED: dict[web.WebSocketResponse, Room] = {}
PROTOCOL: dict[web.WebSocketResponse, int] = {}
TOKENS: dict[str, tuple[str, str]] = {}
"""A seat's token -> its room's code and side (a rematch's players move with it)."""
REMATCHES: dict[str, str] = {}
"""A finished room's code -> its rematch's."""


async def _seat(ws: web.WebSocketResponse, code: str, side: str, reply_id: Any) -> None:
    """Seat `ws` at `side` of room `code` and answer `joined` with a token, as the server does."""
    room = ROOMS[code]
    room.sockets[side] = ws
    SEATED[ws] = room
    token = secrets.token_hex(24)
    TOKENS[token] = (code, side)
    joined = {"type": "joined", "id": reply_id, "code": code, "token": token}
    await ws.send_str(json.dumps({**joined, "view": room.view(), "n": room.n}))


async def _rematch(ws: web.WebSocketResponse, reply_id: Any) -> None:
    """An offer or its acceptance: a notice in an update to both seats, then `accepted`; the
    acceptance makes the new room."""
    room = SEATED[ws]
    if room.offered:
        made = REMATCHES[room.code] = secrets.token_hex(3)
        ROOMS[made] = Room(made)
    room.offered = True
    room.n += 1
    update = {"type": "update", "id": None, "entries": [{"notice": "rematch"}], "n": room.n}
    text = json.dumps({**update, "view": room.view()})
    for socket in room.sockets.values():
        await socket.send_str(text)
    await ws.send_str(json.dumps({"type": "accepted", "id": reply_id, "n": room.n}))


async def relay(request: web.Request) -> web.WebSocketResponse:
    # as the server (server/web/ws.py): no permessage-deflate, which the clients offer
    ws = web.WebSocketResponse(compress=False)
    await ws.prepare(request)
    async for message in ws:
        if message.type != WSMsgType.TEXT:
            continue
        data = json.loads(message.data)
        kind, reply_id = data["type"], data.get("id")
        if kind == "hello":
            PROTOCOL[ws] = data.get("protocol_version", 1)
            await ws.send_str(json.dumps({"type": "welcome", "id": reply_id}))
        elif kind == "create_room":
            code = secrets.token_hex(3)
            ROOMS[code] = Room(code)
            await ws.send_str(json.dumps({"type": "room_created", "id": reply_id, "code": code}))
        elif kind == "join":
            await _seat(ws, data["code"], data["seat"], reply_id)
        elif kind == "rematch":
            await _rematch(ws, reply_id)
        elif kind == "join_rematch":
            code, side = TOKENS[data["token"]]
            await _seat(ws, REMATCHES[code], side, reply_id)
        elif kind == "act":
            room = SEATED[ws]  # (a scan of every room ever made here slowed it down as it ran)
            room.n += 1
            room.turn = "beijing" if room.turn == "washington" else "washington"
            update: dict[str, Any] = {"type": "update", "id": None, "entries": [data], "n": room.n}
            update["view"] = room.view()
            text = json.dumps(update)
            answered = PROTOCOL.get(ws, 1) >= 2
            for socket in room.sockets.values():
                if socket is ws and answered:
                    await socket.send_str(json.dumps({**update, "id": reply_id}))
                else:
                    await socket.send_str(text)
            if not answered:
                await ws.send_str(json.dumps({"type": "accepted", "id": reply_id, "n": room.n}))
    SEATED.pop(ws, None)
    PROTOCOL.pop(ws, None)
    return ws


def _fill() -> None:
    """Pad the view so that an update is UPDATE_BYTES long."""
    global FILLER
    update = {"type": "update", "entries": [{"type": "act", "id": "1"}], "n": 1}
    bare = len(json.dumps({**update, "view": Room().view()}))
    FILLER = "x" * max(0, UPDATE_BYTES - bare)


def main() -> None:
    _fill()
    app = web.Application()
    app.router.add_get("/ws", relay)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)


if __name__ == "__main__":
    main()
