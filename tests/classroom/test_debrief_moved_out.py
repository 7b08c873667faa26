"""The debrief credits a student moved out of a room mid-game. It named each seat's last holder
only: Ada, who played Washington in Room 1 until the teacher swapped her with Cy, was in no
room's debrief, nor in its exports. Now the room lists her in `earlier_seats` (the seat, the
hands she held it in and her decisions there), the games CSV in `earlier_washington`, and each
command of the events CSV names whoever held its seat then (`name`). Every column there was
before is where it was; `seats` is as it was. (Ada and Cy both end where they began, so each
is named once there: test_debrief_back_in_seat.py.)"""

from __future__ import annotations

import asyncio
import csv
import io
from typing import Any

import aiohttp
from classkit import add_instructor, http_base, session_cookie, signed_in
from faultkit import step

from client.connection import BrinkClient
from server.protocol import ClassFollowed, FollowClass
from server.replay.debrief_export import EVENT_COLUMNS, GAME_COLUMNS

GAME_COLUMNS_BEFORE = GAME_COLUMNS[: GAME_COLUMNS.index("forked_from") + 1]
EVENT_COLUMNS_BEFORE = EVENT_COLUMNS[: EVENT_COLUMNS.index("tariff_on_us") + 1]


async def seated(server_url: str, code: str, name: str) -> BrinkClient:
    """A student who joined the class by `name`, following it and sitting in their seat."""
    async with (
        aiohttp.ClientSession(base_url=http_base(server_url)) as anyone,
        anyone.post(f"/api/classes/{code}/join", json={"name": name}) as joined,
    ):
        token = (await joined.json())["token"]
    client = BrinkClient(server_url, name)
    await client.connect()
    where = await client.request(FollowClass(code=code, token=token))
    assert isinstance(where, ClassFollowed) and where.room and where.token
    await client.resume(where.room, where.token)
    return client


def rows(text: str) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


async def test_a_student_moved_out_mid_game_is_credited_in_the_debrief_and_its_exports(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    setup = {"title": "P3", "scenario": "intro", "roster_text": "Ada\nBo\nCy\nDi\n"}
    async with await signed_in(server_url) as teacher:
        async with teacher.post(
            "/api/classes", json={**setup, "shuffle": False, "timers": False}
        ) as made:
            assert made.status == 201, await made.text()
            info = await made.json()
        code, (first, second) = info["code"], info["rooms"]
        ada, bo, cy, di = [await seated(server_url, code, n) for n in ("Ada", "Bo", "Cy", "Di")]
        try:
            assert (ada.code, ada.seat, cy.code, cy.seat) == (
                first,
                "washington",
                second,
                "washington",
            )
            # Room 1 plays a few moves with Ada at Washington
            for _ in range(3):
                assert await step({"washington": ada, "beijing": bo})
            ada_moves = len(ada.acknowledged)  # her moves the server took
            assert ada_moves >= 1

            # the teacher swaps Ada (Room 1) and Cy (Room 2); Cy plays on in Room 1
            body = {"student": "s1", "room": second, "seat": "washington"}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                assert moved.status == 200, await moved.text()
            async with teacher.get(f"/api/classes/{code}") as now:
                students = {s["name"]: s for s in (await now.json())["students"]}
            assert (students["Cy"]["room"], students["Cy"]["seat"]) == (first, "washington")
            async with asyncio.timeout(10):  # Cy is told, and takes the seat
                while cy.class_followed is None or cy.class_followed.room != first:
                    await asyncio.sleep(0.02)
            assert cy.class_followed.token is not None
            await cy.resume(first, cy.class_followed.token)
            assert (cy.code, cy.seat) == (first, "washington")
            await cy.wait_for(lambda view: view.get("seq") == bo.view.get("seq"))
            for _ in range(3):
                assert await step({"washington": cy, "beijing": bo})
            cy_moves = len(cy.acknowledged)
            assert cy_moves >= 1
            # and back: Ada ends the game in Room 1 (in Room 2 she played nothing)
            body = {"student": "s1", "room": first, "seat": "washington"}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                assert moved.status == 200, await moved.text()
            headers = {"Cookie": session_cookie(teacher)}
            async with BrinkClient(server_url, "Ms Li", headers=headers) as li:
                await li.control("end", class_=code)

            async with teacher.get(f"/api/classes/{code}/debrief") as answer:
                assert answer.status == 200, await answer.text()
                found = await answer.json()
            one, two = found["rooms"]
            assert one["seats"]["washington"] == "Ada"  # as before: the last holder
            # Ada, back at Washington, is one of its last players: named once, not earlier too
            # (tests/classroom/test_debrief_back_in_seat.py)
            assert [(p["seat"], p["name"], p["student"]) for p in one["earlier_seats"]] == [
                ("washington", "Cy", "s3"),
            ]
            (cy_part,) = one["earlier_seats"]
            assert 0 < cy_part["from_n"] < cy_part["to_n"]
            assert cy_part["decisions"] == cy_moves
            # Room 2: Cy held Washington in its first hand and is back there at the end (named
            # once); Ada, in and out again with nothing played there, is not listed
            assert two["earlier_seats"] == []
            assert two["seats"]["washington"] == "Cy"

            async with teacher.get(f"/api/classes/{code}/export.csv?rows=games") as games:
                text = await games.text()
            game = rows(text)
            assert list(game[0])[: len(GAME_COLUMNS_BEFORE)] == GAME_COLUMNS_BEFORE
            assert game[0]["washington"] == "Ada"
            said = game[0]["earlier_washington"]  # Cy played on into hand 2, perhaps
            cy_said = f"{cy_moves} decision{'s' if cy_moves > 1 else ''}"
            assert said.startswith("Cy (hand"), said
            assert said.endswith(f", {cy_said})"), said
            assert game[1]["earlier_washington"] == ""

            async with teacher.get(f"/api/classes/{code}/export.csv?rows=events") as events:
                text = await events.text()
            event = rows(text)
            assert list(event[0])[: len(EVENT_COLUMNS_BEFORE)] == EVENT_COLUMNS_BEFORE
            commands = [
                r["name"]
                for r in event
                if r["room"] == first and r["entry"] == "command" and r["seat"] == "washington"
            ]
            assert commands == ["Ada"] * ada_moves + ["Cy"] * cy_moves

            async with teacher.get(f"/api/classes/{code}/export.json") as exported:
                whole = await exported.json()
            assert whole["debrief"]["rooms"][0]["earlier_seats"] == one["earlier_seats"]
            assert whole["games"][0]["earlier_washington"] == game[0]["earlier_washington"]
        finally:
            for client in (ada, bo, cy, di):
                await client.close()
