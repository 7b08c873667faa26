"""Protocol 2 answers an accepted `act` with the update it makes (one frame: the update carries the
act's id, no `accepted` follows); protocol 1 sends the update and then `accepted`. Both speak to
the same room at once; a repeated command (its `cid` seen) is answered `accepted` in both."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import ClientConnection


async def said(ws: ClientConnection, message: dict[str, Any]) -> None:
    await ws.send(json.dumps(message))


async def heard(ws: ClientConnection, until: str, request: str) -> list[dict[str, Any]]:
    """Return every message up to and including the first of type `until` with id `request`."""
    found: list[dict[str, Any]] = []
    async with asyncio.timeout(5):
        while True:
            message = json.loads(await ws.recv())
            found.append(message)
            if message["type"] == until and message.get("id") == request:
                return found


async def opened(url: str, version: int) -> ClientConnection:
    ws = await websockets.connect(url)
    await said(ws, {"type": "hello", "id": "h", "protocol_version": version})
    [welcome] = await heard(ws, "welcome", "h")
    assert welcome["protocol_version"] == version
    return ws


@pytest.mark.parametrize("washington", [1, 2])
async def test_an_act_is_answered_by_its_update_in_protocol_2_and_also_accepted_in_1(
    server_url: str, washington: int
) -> None:
    w, b = await opened(server_url, washington), await opened(server_url, 3 - washington)
    await said(w, {"type": "create_room", "id": "c", "scenario": "intro", "timers": False})
    code = (await heard(w, "room_created", "c"))[-1]["code"]
    for ws, side in ((w, "washington"), (b, "beijing")):
        await said(ws, {"type": "join", "id": "j", "code": code, "seat": side, "name": side})
        await heard(ws, "joined", "j")
    check = {"type": "act", "id": "a1", "cid": "c0ffee", "command": {"type": "check"}}
    await said(w, check)
    if washington == 2:
        answer = (await heard(w, "update", "a1"))[-1]
        events = [e["event"]["type"] for e in answer["entries"] if e["event"]]
        assert events[0] == "checked", answer["entries"]
        n = answer["n"]
    else:
        messages = await heard(w, "accepted", "a1")
        updates = [m for m in messages if m["type"] == "update"]
        assert updates[-1]["id"] is None  # the update first, then its answer
        n = messages[-1]["n"]
        assert n == updates[-1]["n"]
    # No `accepted` follows in protocol 2: the next thing Washington hears answers a ping.
    await said(w, {"type": "ping", "id": "p"})
    after = await heard(w, "pong", "p")
    assert [m["type"] for m in after if m["type"] == "accepted"] == []
    # Beijing sees the same change, its id null whatever protocol it speaks.
    seen = await heard(b, "update", None)  # type: ignore[arg-type]
    assert seen[-1]["n"] == n and seen[-1]["id"] is None
    # The same command again (its cid seen): `accepted`, duplicate, in both protocols.
    await said(w, {**check, "id": "a2"})
    again = (await heard(w, "accepted", "a2"))[-1]
    assert again["type"] == "accepted" and again["duplicate"] is True and again["n"] <= n
    # A refused act is an error in both.
    await said(w, {"type": "act", "id": "a3", "command": {"type": "check"}})
    assert (await heard(w, "error", "a3"))[-1]["code"] == "not_your_turn"
    await w.close()
    await b.close()
