"""The debrief over HTTP, on a real server and Redis: an instructor's own rooms (three dealt the
same game, played by bots, and one still waiting for its players), the exports, and everything
that is refused: no credentials, a seat token, a room key, another instructor's rooms."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from classkit import add_instructor, http_base, signed_in
from serverkit import start_server

from client.connection import BrinkClient
from server.engine.commands import StartGame
from server.live.hub import Hub
from server.web.appkeys import HUB
from server.web.auth import COOKIE

LINEUP = [
    ("planner_classic", "tit_for_tat"),
    ("planner_classic", "planner_classic"),
    ("hawk", "dove"),
]


async def open_room(hub: Hub, owner: str, bots: dict[str, str], seed: int | None) -> str:
    """Open a room `owner` made, as a class would, and start it dealt `seed` (None: not yet)."""
    room, _ = await hub.open_room(hub.scenarios["classroom"], "en", {}, bots, False, owner=owner)
    if seed is not None:
        await hub.submit(room, "system", StartGame(seed=seed))
    return room.code


async def finished(hub: Hub, code: str) -> None:
    for _ in range(600):
        room = await hub.room(code)
        if room is not None and room.state.finished:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"room {code} did not finish")


@pytest.fixture
async def rooms(redis_url: str, tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    runner, url = await start_server(redis_url, tmp_path)
    hub = runner.app[HUB]
    await add_instructor(redis_url, "ms_li")
    await add_instructor(redis_url, "mr_wu")
    played = [await open_room(hub, "ms_li", {"washington": w, "beijing": b}, 42) for w, b in LINEUP]
    for code in played:
        await finished(hub, code)
    waiting = await open_room(hub, "ms_li", {}, 42)
    others = await open_room(hub, "mr_wu", {"washington": "dove", "beijing": "dove"}, 42)
    await finished(hub, others)
    player = BrinkClient(url, "Ada")
    await player.connect()
    joined = await player.join(waiting, "washington")
    li = await signed_in(url, "ms_li")
    wu = await signed_in(url, "mr_wu")
    yield {
        "url": url,
        "base": http_base(url),
        "played": played,
        "waiting": waiting,
        "others": others,
        "token": joined.token,
        "li": li,
        "wu": wu,
    }
    for closing in (li.close(), wu.close(), player.close()):
        await closing
    await runner.cleanup()


async def test_the_debrief_of_an_instructors_rooms(rooms: dict[str, Any]) -> None:
    codes = [*rooms["played"], rooms["waiting"]]
    async with rooms["li"].get(f"/api/debrief?rooms={','.join(codes).lower()}") as reply:
        assert reply.status == 200 and reply.headers["Cache-Control"] == "no-store"
        found = await reply.json()
    assert [room["code"] for room in found["rooms"]] == codes
    assert [room["over"] for room in found["rooms"]] == [True, True, True, False]
    assert found["same_deal"] == [codes], "dealt the same seed, the waiting room too"
    assert found["divergences"], "planner, hawk and their opponents choose differently"
    assert found["divergences"][0]["rooms"] == rooms["played"]
    assert found["trajectories"]["history"]["points"], "the 2025 line is laid over the rooms"
    assert set(found["trajectories"]["rooms"]) == set(codes)
    assert found["class"] is None
    assert sum(found["outcomes"].values()) == 4 and found["outcomes"]["running"] == 1


async def test_the_csv_and_json_exports(rooms: dict[str, Any]) -> None:
    codes = rooms["played"]
    query = ",".join(codes)
    li: aiohttp.ClientSession = rooms["li"]
    entries = 0
    for code in codes:  # the owner opens each room's record all-seeing, with the session
        async with li.get(f"/api/games/{code}/record") as reply:
            assert reply.status == 200
            entries += len((await reply.text()).splitlines()) - 1
    async with li.get(f"/api/debrief/export.csv?rooms={query}&rows=events") as reply:
        assert reply.status == 200 and reply.content_type == "text/csv"
        assert reply.headers["Content-Disposition"].startswith("attachment; filename=")
        text = (await reply.read()).decode("utf-8-sig")
    events = list(csv.DictReader(io.StringIO(text)))
    assert len(events) == entries
    assert {row["room"] for row in events} == set(codes)
    async with li.get(f"/api/debrief/export.csv?rooms={query}&rows=games") as reply:
        games = list(csv.DictReader(io.StringIO((await reply.read()).decode("utf-8-sig"))))
    assert [row["room"] for row in games] == codes
    assert all(row["outcome"] and row["over"] == "True" for row in games)
    async with li.get(f"/api/debrief/export.json?rooms={query}") as reply:
        assert reply.status == 200 and "attachment" in reply.headers["Content-Disposition"]
        document = await reply.json()
    assert document["format"] == "brinkmanship-debrief" and document["rooms"] == codes
    assert len(document["events"]) == entries and len(document["games"]) == 3


async def test_bad_questions_get_clear_errors(rooms: dict[str, Any]) -> None:
    li = rooms["li"]
    played = rooms["played"]
    many = [f"AB{a}{b}" for a in "ABCDEFGH" for b in "ABCDEFGH"]
    for path, status, error in [
        ("/api/debrief", 400, "no_rooms"),
        ("/api/debrief?rooms=,,", 400, "no_rooms"),
        ("/api/debrief?rooms=not-a-code", 400, "bad_room_code"),
        (f"/api/debrief?rooms={','.join(many)}", 400, "too_many_rooms"),
        (f"/api/debrief/export.csv?rooms={played[0]}&rows=rooms", 400, "bad_query"),
        ("/api/debrief?rooms=ZZZZZZ", 404, "room_not_found"),
    ]:
        async with li.get(path) as reply:
            body = await reply.json()
            assert reply.status == status, (path, body)
            assert body["error"].startswith(error) and body["message"], path


@pytest.mark.parametrize(
    "path", ["/api/debrief", "/api/debrief/export.csv", "/api/debrief/export.json"]
)
async def test_only_the_instructors_session_opens_the_debrief(
    rooms: dict[str, Any], path: str
) -> None:
    query = f"{path}?rooms={','.join(rooms['played'])}"
    key_of = await _room_key(rooms)
    refused = [
        {},
        {"X-Brink-Tokens": rooms["token"]},
        {"Authorization": f"Bearer {key_of}"},
        {"Cookie": f"{COOKIE}={key_of}"},
        {"Cookie": f"{COOKIE}={rooms['token']}"},
    ]
    async with aiohttp.ClientSession(base_url=rooms["base"]) as stranger:
        for headers in refused:
            async with stranger.get(query, headers=headers) as reply:
                assert reply.status == 401, headers
                assert (await reply.json())["error"] == "not_instructor"
    # another instructor: their own room opens, Ms Li's do not (one among theirs is left out,
    # named as a room that does not exist is; none of hers alone: 404)
    wu = rooms["wu"]
    async with wu.get(f"{path}?rooms={rooms['others']}") as reply:
        assert reply.status == 200
    mixed = f"{path}?rooms={rooms['others']},{rooms['played'][1]}"
    async with wu.get(mixed) as reply:
        assert reply.status == 200
        text = await reply.text()
        if path == "/api/debrief":
            found = json.loads(text)
            assert [r["code"] for r in found["rooms"]] == [rooms["others"]]
            assert found["skipped"] == [{"room": rooms["played"][1], "why": "room_not_found"}]
        else:
            assert rooms["played"][1] not in text
    async with wu.get(f"{path}?rooms={rooms['played'][1]}") as reply:
        assert reply.status == 404
        assert await reply.json() == {
            "error": "room_not_found",
            "message": "no such room of yours",
            "room": rooms["played"][1],
        }


async def _room_key(rooms: dict[str, Any]) -> str:
    """A room key that opens one of Ms Li's rooms' replays (made by her over the websocket)."""
    from classkit import session_cookie

    headers = {"Cookie": session_cookie(rooms["li"])}
    async with BrinkClient(rooms["url"], "Ms Li", headers=headers) as teacher:
        made = await teacher.create_room("intro")
    return made.instructor_key


async def test_the_owner_opens_the_replays_of_their_rooms_and_nobody_else_does(
    rooms: dict[str, Any],
) -> None:
    code = rooms["played"][0]
    async with rooms["li"].get(f"/api/games/{code}?as=all") as reply:
        assert reply.status == 200
        assert (await reply.json())["views"] == ["beijing", "instructor", "spectator", "washington"]
    async with rooms["wu"].get(f"/api/games/{code}") as reply:
        assert reply.status == 404
    async with rooms["li"].get("/api/games") as reply:
        listed = [game["code"] for game in (await reply.json())["games"]]
    assert set(rooms["played"]) <= set(listed) and rooms["others"] not in listed
    assert all("owner" not in game for game in (await _listed(rooms["li"])))


async def _listed(session: aiohttp.ClientSession) -> list[dict[str, Any]]:
    async with session.get("/api/games") as reply:
        games: list[dict[str, Any]] = (await reply.json())["games"]
    return games
