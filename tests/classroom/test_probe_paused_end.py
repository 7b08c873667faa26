"""A room the server paused because nobody was at the table has no expected end on the
dashboard: its clock stands still. Its summary used to take the time the room would be given up
as abandoned (10 minutes on) for its turn's deadline, and the dashboard showed "Expected to end
at …" on a room paused by "nobody there" (and, at the top, for the whole class)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from classkit import add_instructor, session_cookie, signed_in

from client.connection import BrinkClient
from server.protocol import ClassView, WatchClass


def summaries(board: BrinkClient) -> list[dict[str, Any]]:
    found = [json.loads(text) for text in board.received]
    return [room for m in found if m.get("type") == "class_rooms" for room in m["rooms"]]


async def test_a_room_nobody_plays_in_is_paused_without_an_expected_end(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    setup = {"scenario": "intro", "roster_text": "Ada\nBo\n", "seconds": {"betting": 5}}
    async with await signed_in(server_url) as teacher:
        async with teacher.post("/api/classes", json=setup) as made:
            assert made.status == 201, await made.text()
            code = (await made.json())["code"]
        cookie = session_cookie(teacher)
        async with BrinkClient(
            server_url, "Ms Li", headers={"Cookie": cookie}, record=True
        ) as board:
            view = await board.request(WatchClass(code=code))
            assert isinstance(view, ClassView)
            async with teacher.post(f"/api/classes/{code}/start") as started:
                assert started.status == 200, await started.text()

            # the clock runs (an expected end), then the turn comes due with nobody there
            async with asyncio.timeout(30):
                while not any(r["expected_end"] for r in summaries(board)):
                    await asyncio.sleep(0.05)
                while not any((r["paused"] or {}).get("by") == "system" for r in summaries(board)):
                    await asyncio.sleep(0.05)
            paused = [r for r in summaries(board) if (r["paused"] or {}).get("by") == "system"]
            assert paused[-1]["paused"]["reason"] == "nobody_here"
            assert paused[-1]["expected_end"] is None
