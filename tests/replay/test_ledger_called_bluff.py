"""A threat whose bluff was called is `called` in the words-and-deeds ledger, settled where it was
called. The engine's `bluff_called` names the side that calls (server/engine/betting.py), not the
side whose card lay face down: the ledger looked the threat up by the caller, never found it, and
every called bluff of a real game showed as merely "shown" (and the debrief, which counts bluffs
called from the ledger, counted none). On a live game over real websockets, a real server and
Redis, for every view."""

from __future__ import annotations

from typing import Any

import aiohttp

from client.connection import BrinkClient
from client.rules import http_base
from server.engine.commands import Bluff, CallBluff


async def _summary(base: str, code: str, viewer: str, headers: dict[str, str]) -> Any:
    url = f"{base}/api/games/{code}?as={viewer}"
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as reply:
        assert reply.status == 200, await reply.text()
        return await reply.json()


async def _called_bluff(url: str) -> tuple[str, str, dict[str, str]]:
    """A room where Washington put a card face down and Beijing called it: its code, key and
    the seats' tokens. Rooms are dealt at random: a deal without a card to bluff with is left."""
    for _ in range(30):
        async with BrinkClient(url, "Ada") as washington, BrinkClient(url, "Bo") as beijing:
            room = await washington.create_room("full_2025", timers=False)
            await washington.join(room.code, "washington")
            await beijing.join(room.code, "beijing")
            await washington.wait_for(lambda view: view["to_act"] is not None)
            options = washington.my_options
            cards = [card for card, why in (options.bluff if options else {}).items() if not why]
            if not cards:
                continue
            await washington.act(Bluff(card=cards[0]))
            await beijing.wait_for(lambda view: view["to_act"] == "beijing")
            await beijing.act(CallBluff())
            assert washington.token and beijing.token
            tokens = {"washington": washington.token, "beijing": beijing.token}
            return room.code, room.instructor_key, tokens
    raise AssertionError("Washington was never dealt a card to bluff with")


async def test_a_called_bluff_is_called_in_every_views_ledger(server_url: str) -> None:
    code, key, tokens = await _called_bluff(server_url)
    base = http_base(server_url)
    everything = await _summary(base, code, "all", {"Authorization": f"Bearer {key}"})
    called = [m["n"] for m in everything["moments"] if m["kind"] == "bluff_called"]
    shown = [m["n"] for m in everything["moments"] if m["kind"] == "revealed"]
    assert len(called) == 1 and len(shown) == 1, everything["moments"]
    asked = {
        "all": {"Authorization": f"Bearer {key}"},
        "washington": {"X-Brink-Tokens": tokens["washington"]},
        "beijing": {"X-Brink-Tokens": tokens["beijing"]},
        "spectator": {"X-Brink-Tokens": tokens["beijing"]},
    }
    for viewer, headers in asked.items():
        [threat] = (await _summary(base, code, viewer, headers))["ledger"]["threats"]
        assert threat["side"] == "washington", viewer
        assert threat["status"] == "called", (viewer, threat)
        assert threat["settled_at"] == called[0], (viewer, threat)
        assert threat["card"] is not None and threat["backed"] in (True, False), (viewer, threat)
