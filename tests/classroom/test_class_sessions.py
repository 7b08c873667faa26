"""Class sessions through a real server (real Redis, real websockets): making a class, students
joining by its code, following it, being moved, starting it, saved set-ups."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from classkit import add_instructor, http_base, session_cookie, signed_in
from redis.asyncio import Redis

from client.connection import BrinkClient, ServerError
from server.protocol import ClassFollowed, FollowClass
from server.storage.store import Store

ROSTER = "Ada Lovelace\nBo Li\nCy Chen\nDee Wu\nEd Ma\nFay Ho\n"


async def make_class(session: aiohttp.ClientSession, **setup: Any) -> dict[str, Any]:
    body = {"scenario": "intro", "roster_text": ROSTER, "shuffle": False, **setup}
    async with session.post("/api/classes", json=body) as made:
        assert made.status == 201, await made.text()
        found: dict[str, Any] = await made.json()
        return found


async def join(server_url: str, code: str, name: str) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession(base_url=http_base(server_url)) as anyone,
        anyone.post(f"/api/classes/{code}/join", json={"name": name}) as joined,
    ):
        return joined.status, await joined.json()


def seat_of(info: dict[str, Any], name: str) -> tuple[str, str]:
    student = next(s for s in info["students"] if s["name"] == name)
    return student["room"], student["seat"]


async def follow(client: BrinkClient, code: str, token: str) -> ClassFollowed:
    reply = await client.request(FollowClass(code=code, token=token))
    assert isinstance(reply, ClassFollowed)
    return reply


def pushed(client: BrinkClient, kind: str) -> list[dict[str, Any]]:
    found = [json.loads(text) for text in client.received]
    return [m for m in found if m.get("type") == kind and m.get("id") is None]


async def until(predicate: Any, timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


async def test_a_roster_of_six_is_dealt_to_three_rooms_owned_by_the_instructor(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, title="Period 3")
    assert info["title"] == "Period 3" and info["owner"] == "ms_li"
    assert len(info["rooms"]) == 3
    seats = [seat_of(info, s["name"]) for s in info["students"]]
    assert sorted(seats) == sorted(
        (room, side) for room in info["rooms"] for side in ("washington", "beijing")
    )
    # in roster order when not shuffled: Ada and Bo share the first room
    assert seat_of(info, "Ada Lovelace") == (info["rooms"][0], "washington")
    assert seat_of(info, "Bo Li") == (info["rooms"][0], "beijing")
    redis = Redis.from_url(redis_url, decode_responses=True)
    owners = {await redis.hget(f"brink:room:{{{code}}}", "owner") for code in info["rooms"]}
    await redis.aclose()
    assert owners == {"ms_li"}


async def test_students_join_by_name_any_case_and_take_their_seat_with_the_class_token(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher)
    code = info["code"]
    status, joined = await join(server_url, code.lower(), "  ada   LOVELACE ")
    assert status == 200 and joined["name"] == "Ada Lovelace"
    status, again = await join(server_url, code, "Ada Lovelace")
    assert status == 409 and again["error"] == "name_taken"
    status, stranger = await join(server_url, code, "Zed")
    assert status == 404 and stranger["error"] == "not_on_roster"
    status, nothing = await join(server_url, "ZZZZZ", "Ada")
    assert status == 404 and nothing["error"] == "class_not_found"
    async with BrinkClient(server_url, "Ada") as ada:
        where = await follow(ada, code, joined["token"])
        assert (where.room, where.seat) == seat_of(info, "Ada Lovelace")
        assert where.token is not None
        seated = await ada.resume(where.room, where.token)  # type: ignore[arg-type]
        assert seated.seat == "washington" and seated.role == "player"
    # the same class token gives the same seat token (another tab, a reload)
    async with BrinkClient(server_url, "Ada") as tab:
        assert (await follow(tab, code, joined["token"])).token == where.token
        with pytest.raises(ServerError) as bad:
            await follow(tab, code, "not-a-token-at-all")
        assert bad.value.code == "bad_class_token"


async def test_moving_a_student_in_play_kills_the_old_seat_and_tells_their_browser(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, timers=False)
        code = info["code"]
        _, ada_join = await join(server_url, code, "Ada Lovelace")
        _, fay_join = await join(server_url, code, "Fay Ho")
        async with (
            BrinkClient(server_url, "Ada", record=True) as ada,
            BrinkClient(server_url, "Fay", record=True) as fay,
        ):
            ada_at = await follow(ada, code, ada_join["token"])
            await ada.resume(ada_at.room, ada_at.token)  # type: ignore[arg-type]
            fay_at = await follow(fay, code, fay_join["token"])
            await fay.resume(fay_at.room, fay_at.token)  # type: ignore[arg-type]
            # Ada (room 1, Washington) swaps with Fay (room 3, Beijing)
            body = {"student": "s1", "room": info["rooms"][2], "seat": "beijing"}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                assert moved.status == 200, await moved.text()
                after = await moved.json()
            assert seat_of(after, "Ada Lovelace") == (info["rooms"][2], "beijing")
            assert seat_of(after, "Fay Ho") == (info["rooms"][0], "washington")
            await until(lambda: pushed(ada, "class_followed") and pushed(fay, "class_followed"))
            told = pushed(ada, "class_followed")[-1]
            assert (told["room"], told["seat"]) == (info["rooms"][2], "beijing")
            # the old seat's token no longer opens it; the new one does
            async with BrinkClient(server_url, "thief") as other:
                with pytest.raises(ServerError) as dead:
                    await other.resume(ada_at.room, ada_at.token)  # type: ignore[arg-type]
                assert dead.value.code == "bad_token"
            assert ada.code == info["rooms"][0]  # still the old room on this client...
            now = await ada.resume(told["room"], told["token"])
            assert (now.code, now.seat) == (info["rooms"][2], "beijing")


async def seated(server_url: str, code: str, name: str) -> BrinkClient:
    """A student who joined the class by `name`, following it and sitting in their seat."""
    _, joined = await join(server_url, code, name)
    client = BrinkClient(server_url, name, record=True)
    await client.connect()
    at = await follow(client, code, joined["token"])
    await client.resume(at.room, at.token)  # type: ignore[arg-type]
    return client


def left(client: BrinkClient) -> list[tuple[str, str]]:
    return [(p.seat, p.name) for p in client.presence if p.status == "left"]


async def test_a_student_moved_or_taken_out_leaves_their_old_table_by_name(
    server_url: str, redis_url: str
) -> None:
    """The old table is told who left, as when a player gives a seat up (it was told ``)."""
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, timers=False)
        code = info["code"]
        names = ("Ada Lovelace", "Bo Li", "Ed Ma", "Fay Ho")
        ada, bo, ed, fay = [await seated(server_url, code, name) for name in names]
        try:
            # Ada (room 1, Washington) swaps with Fay (room 3, Beijing)
            body = {"student": "s1", "room": info["rooms"][2], "seat": "beijing"}
            async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                assert moved.status == 200, await moved.text()
            await until(lambda: bool(left(bo)) and bool(left(ed)))
            assert left(bo) == [("washington", "Ada Lovelace")]  # Ada's old table
            assert left(ed) == [("beijing", "Fay Ho")]  # Fay's old table
            # Ada takes her new seat; Ed, across the table, is taken out of the class
            await until(lambda: bool(pushed(ada, "class_followed")))
            told = pushed(ada, "class_followed")[-1]
            await ada.resume(told["room"], told["token"])
            async with teacher.delete(f"/api/classes/{code}/students/s5") as removed:
                assert removed.status == 200, await removed.text()
            await until(lambda: ("washington", "Ed Ma") in left(ada))
        finally:
            for client in (ada, bo, ed, fay):
                await client.close()


async def test_a_move_into_a_seat_a_bot_plays_is_refused(server_url: str, redis_url: str) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, roster_text="Ada\nBo\nCy\n")
        assert len(info["rooms"]) == 2 and info["bot_sides"][info["rooms"][1]] == ["beijing"]
        body = {"student": "s1", "room": info["rooms"][1], "seat": "beijing"}
        async with teacher.post(f"/api/classes/{info['code']}/move", json=body) as refused:
            assert refused.status == 409 and (await refused.json())["error"] == "bot_seat"


async def test_an_open_class_fills_rooms_in_turn_and_start_gives_the_odd_student_a_bot(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, mode="open", roster_text="")
        code = info["code"]
        assert info["rooms"] == []
        for name in ("Ada", "Bo", "Cy"):
            status, _ = await join(server_url, code, name)
            assert status == 200
        status, dup = await join(server_url, code, "ADA")
        assert status == 409 and dup["error"] == "name_taken"
        async with teacher.get(f"/api/classes/{code}") as got:
            info = await got.json()
        assert len(info["rooms"]) == 2
        assert seat_of(info, "Ada") == (info["rooms"][0], "washington")
        assert seat_of(info, "Bo") == (info["rooms"][0], "beijing")
        assert seat_of(info, "Cy") == (info["rooms"][1], "washington")
        async with teacher.post(f"/api/classes/{code}/start") as started:
            info = await started.json()
        assert info["state"] == "started"
        cy_room, _ = seat_of(info, "Cy")
        assert info["bot_sides"][cy_room] == ["beijing"]
        # Only the class's rooms: not the one Cy's room was made again from.
        assert set(info["bot_sides"]) == set(info["rooms"]), info["bot_sides"]
        async with teacher.get(f"/api/rooms/{cy_room}") as room:
            assert (await room.json())["bots"] == {"beijing": "tit_for_tat"}
    # every room's clock runs now, though nobody has sat down yet (the instructor started it)
    redis = Redis.from_url(redis_url, decode_responses=True)
    for code in info["rooms"]:
        paused, deadline = await redis.hmget(f"brink:room:{{{code}}}", ["paused", "deadline"])
        assert paused == "0" and deadline, code
    await redis.aclose()


async def test_the_same_deal_gives_every_room_one_seed(server_url: str, redis_url: str) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, same_deal=True)
    redis = Redis.from_url(redis_url, decode_responses=True)
    seeds = set()
    for code in info["rooms"]:
        first = (await Store(redis).entries_since(code, 0))[0]
        seeds.add(json.loads(first)["command"]["command"]["seed"])
    await redis.aclose()
    assert len(seeds) == 1


async def test_set_ups_are_saved_by_name_and_a_class_can_be_made_from_one(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        await make_class(teacher, team=2, save_as="Econ 101")
        async with teacher.get("/api/setups") as listed:
            saved = await listed.json()
        assert saved["Econ 101"]["team"] == 2
        assert saved["Econ 101"]["roster"][0] == "Ada Lovelace"
        async with teacher.put("/api/setups/Quick", json={"mode": "open", "bots": None}) as put:
            assert put.status == 200
        async with teacher.post("/api/classes", json=saved["Econ 101"]) as again:
            assert again.status == 201
            info = await again.json()
        assert info["team"] == 2 and len(info["rooms"]) == 2  # 6 students, teams of 2
        async with teacher.delete("/api/setups/Quick") as gone:
            assert gone.status == 200
        async with teacher.get("/api/setups") as listed:
            assert list(await listed.json()) == ["Econ 101"]


async def test_bad_set_ups_are_refused_with_a_code(server_url: str, redis_url: str) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"scenario": "nope"}, "unknown_scenario"),
            ({"team": 4}, "bad_setup"),
            ({"team": "2"}, "bad_setup"),  # strict types, as the websocket protocol's
            ({"timers": "yes"}, "bad_setup"),
            ({"seconds": {"betting": "30"}}, "bad_setup"),
            ({"roster_text": "Ada\nada\n", "roster": ["Ada"]}, "duplicate_name"),
            ({"roster_text": ""}, "empty_roster"),
            ({"bots": "nobody"}, "unknown_bot"),
            ({"seconds": {"lunch": 30}}, "unknown_phase"),
        ]
        for body, code in cases:
            async with teacher.post("/api/classes", json={"roster_text": "Ada", **body}) as refused:
                assert refused.status == 400, body
                assert (await refused.json())["error"] == code, body


async def test_a_bad_set_up_says_what_is_wrong_in_plain_words(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"team": "2"}, 'team: should be a whole number, not "2"'),
            ({"timers": "yes"}, 'timers: should be true or false, not "yes"'),
            ({"seconds": {"betting": 1}}, "seconds.betting: at least 5, not 1"),
        ]
        for body, words in cases:
            async with teacher.post("/api/classes", json={"roster_text": "Ada", **body}) as refused:
                assert (await refused.json())["message"] == words, body


async def test_the_owner_opens_a_class_room_all_seeing_without_its_key(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    await add_instructor(redis_url, "mr_wu")
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher)
        cookie = session_cookie(teacher)
    room = info["rooms"][0]
    async with BrinkClient(server_url, "Ms Li", headers={"Cookie": cookie}) as owner:
        joined = await owner.join(room, as_owner=True)
        assert joined.role == "instructor"
    async with await signed_in(server_url, "mr_wu") as other:
        stranger = {"Cookie": session_cookie(other)}
    for headers in (stranger, {}):
        async with BrinkClient(server_url, "x", headers=headers) as client:
            with pytest.raises(ServerError) as refused:
                await client.join(room, as_owner=True)
            assert refused.value.code == "not_owner"
