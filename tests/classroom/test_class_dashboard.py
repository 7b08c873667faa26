"""The class dashboard pushed over the websocket, across server processes, and every class
endpoint refusing anyone but the class's instructor."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from classkit import add_instructor, http_base, session_cookie, signed_in
from serverkit import Start

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check
from server.protocol import ClassFollowed, ClassView, FollowClass, UnwatchClass, WatchClass

ROSTER = "Ada\nBo\nCy\nDee\nEd\nFay\n"


async def make_class(session: aiohttp.ClientSession, **setup: Any) -> dict[str, Any]:
    body = {"scenario": "intro", "roster_text": ROSTER, "shuffle": False, **setup}
    async with session.post("/api/classes", json=body) as made:
        assert made.status == 201, await made.text()
        found: dict[str, Any] = await made.json()
        return found


def pushed(client: BrinkClient, kind: str) -> list[dict[str, Any]]:
    found = [json.loads(text) for text in client.received]
    return [m for m in found if m.get("type") == kind and m.get("id") is None]


def room_news(client: BrinkClient, code: str) -> list[dict[str, Any]]:
    return [
        room for m in pushed(client, "class_rooms") for room in m["rooms"] if room["code"] == code
    ]


async def until(predicate: Any, timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


async def seated(url: str, class_code: str, name: str) -> BrinkClient:
    """A student who joined the class, follows it and sits in their seat (closed by the caller)."""
    async with (
        aiohttp.ClientSession(base_url=http_base(url)) as anyone,
        anyone.post(f"/api/classes/{class_code}/join", json={"name": name}) as joined,
    ):
        token = (await joined.json())["token"]
    client = BrinkClient(url, name, record=True)
    await client.connect()
    where = await client.request(FollowClass(code=class_code, token=token))
    assert isinstance(where, ClassFollowed) and where.room and where.token
    await client.resume(where.room, where.token)
    return client


async def test_the_dashboard_shows_every_room_then_what_changes(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher, timers=False)
        cookie = session_cookie(teacher)
    code, rooms = info["code"], info["rooms"]
    async with BrinkClient(server_url, "Ms Li", headers={"Cookie": cookie}, record=True) as board:
        view = await board.request(WatchClass(code=code))
        assert isinstance(view, ClassView)
        assert [room["code"] for room in view.rooms] == rooms
        first = view.rooms[0]
        assert first["hand"] == 1 and first["rounds"] == 3
        assert {s["seat"]: s["name"] for s in first["seats"]} == {
            "washington": "Ada",
            "beijing": "Bo",
        }
        assert not any(s["here"] for s in first["seats"])
        assert first["tariffs"] == {
            "tariff_on_china": 0,
            "tariff_on_us": 0,
            "fentanyl_tariff": 0,
        } or ("tariff_on_china" in first["tariffs"])
        ada = await seated(server_url, code, "Ada")
        bo = await seated(server_url, code, "Bo")
        try:
            # the students' arrival reaches the dashboard: the class (joined) and the seats (here)
            await until(
                lambda: any(all(s["here"] for s in r["seats"]) for r in room_news(board, rooms[0]))
            )
            assert any(
                s["name"] == "Ada" and s["joined"]
                for m in pushed(board, "class_info")
                for s in m["info"]["students"]
            )
            # a move in room 1 reaches it too: whose turn, and since when
            before = room_news(board, rooms[0])[-1]["n"]
            mover = ada if ada.my_options is not None else bo
            await mover.act(Check())
            await until(lambda: room_news(board, rooms[0])[-1]["n"] > before)
            latest = room_news(board, rooms[0])[-1]
            assert latest["since"] is not None
            # nothing about the other rooms was sent: they did not change
            assert all(
                room["code"] == rooms[0]
                for m in pushed(board, "class_rooms")
                for room in m["rooms"]
            )
            # a student who drops is shown away, and the room held up by them when it waits on them
            waiting_on = latest["waiting_on"]
            leaving = ada if "washington" in waiting_on else bo
            await leaving.close()
            await until(
                lambda: (room_news(board, rooms[0])[-1]["held_up"] or {}).get("reason") == "away"
            )
            assert room_news(board, rooms[0])[-1]["held_up"]["seats"] == [leaving.seat]
        finally:
            await ada.close()
            await bo.close()
        await board.request(UnwatchClass(code=code))
        seen = len(board.received)
        await teacher_moves(server_url, cookie, code, rooms)
        await asyncio.sleep(0.3)
        assert not [m for m in board.received[seen:] if "class_" in m]


async def teacher_moves(url: str, cookie: str, code: str, rooms: list[str]) -> None:
    async with aiohttp.ClientSession(base_url=http_base(url), headers={"Cookie": cookie}) as t:
        body = {"student": "s1", "room": rooms[1], "seat": "washington"}
        async with t.post(f"/api/classes/{code}/move", json=body) as moved:
            assert moved.status == 200, await moved.text()


async def test_a_dashboard_on_one_process_sees_another_process_s_rooms_and_moves(
    servers: Start, redis_url: str
) -> None:
    one, two = await servers(), await servers()
    await add_instructor(redis_url)
    async with await signed_in(one) as teacher:
        info = await make_class(teacher, timers=False)
        cookie = session_cookie(teacher)
        code, rooms = info["code"], info["rooms"]
        async with BrinkClient(two, "Ms Li", headers={"Cookie": cookie}, record=True) as board:
            await board.request(WatchClass(code=code))
            cy, dee = await seated(one, code, "Cy"), await seated(one, code, "Dee")
            try:
                before = room_news(board, rooms[1])[-1]["n"] if room_news(board, rooms[1]) else 0
                mover = cy if cy.my_options is not None else dee
                await mover.act(Check())
                await until(
                    lambda: (
                        bool(room_news(board, rooms[1]))
                        and room_news(board, rooms[1])[-1]["n"] > before
                    )
                )
                # the instructor on process one moves Cy; Cy's browser on process one is told,
                # the dashboard on process two sees the class change
                body = {"student": "s3", "room": rooms[2], "seat": "washington"}
                async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
                    assert moved.status == 200
                await until(
                    lambda: any(
                        s["name"] == "Cy" and s["room"] == rooms[2]
                        for m in pushed(board, "class_info")
                        for s in m["info"]["students"]
                    )
                )
                await until(lambda: bool(pushed(cy, "class_followed")))
                assert pushed(cy, "class_followed")[-1]["room"] == rooms[2]
            finally:
                await cy.close()
                await dee.close()


async def test_only_the_class_s_instructor_may_watch_it(server_url: str, redis_url: str) -> None:
    await add_instructor(redis_url)
    await add_instructor(redis_url, "mr_wu")
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher)
    async with await signed_in(server_url, "mr_wu") as other:
        stranger = session_cookie(other)
    code = info["code"]
    student = await seated(server_url, code, "Ada")
    try:
        with pytest.raises(ServerError) as refused:
            await student.request(WatchClass(code=code))
        assert refused.value.code == "not_instructor"
    finally:
        await student.close()
    async with BrinkClient(server_url, "Mr Wu", headers={"Cookie": stranger}) as wu:
        with pytest.raises(ServerError) as refused:
            await wu.request(WatchClass(code=code))
        assert refused.value.code == "class_not_found"


async def test_every_class_endpoint_refuses_a_student_a_room_key_and_no_credentials(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    await add_instructor(redis_url, "mr_wu")
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher)
    code, room = info["code"], info["rooms"][0]
    base = http_base(server_url)
    async with (
        aiohttp.ClientSession(base_url=base) as anyone,
        anyone.post(f"/api/classes/{code}/join", json={"name": "Ada"}) as joined,
    ):
        class_token = (await joined.json())["token"]
    async with BrinkClient(server_url, "Ada") as ada:
        where = await ada.request(FollowClass(code=code, token=class_token))
        assert isinstance(where, ClassFollowed)
        seat_token = where.token
    async with BrinkClient(server_url, "Bo") as bo:
        other_room = await bo.create_room("intro", timers=False)
    endpoints = [
        ("GET", "/api/classes", None),
        ("POST", "/api/classes", {"roster_text": "Ada"}),
        ("GET", f"/api/classes/{code}", None),
        ("POST", f"/api/classes/{code}/start", None),
        ("POST", f"/api/classes/{code}/move", {"student": "s1", "room": room, "seat": "beijing"}),
        ("POST", f"/api/classes/{code}/students", {"names": ["Zed"]}),
        ("POST", f"/api/classes/{code}/students/s1/let-in", None),
        ("DELETE", f"/api/classes/{code}/students/s1", None),
        ("GET", f"/api/classes/{code}/qr.svg", None),
        ("GET", "/api/class-estimate?scenario=intro", None),
        ("GET", "/api/setups", None),
        ("PUT", "/api/setups/x", {"mode": "open"}),
        ("DELETE", "/api/setups/x", None),
    ]
    credentials = [
        {},
        {"Authorization": f"Bearer {class_token}"},
        {"Authorization": f"Bearer {seat_token}"},
        {"X-Brink-Tokens": f"{seat_token}"},
        {"Authorization": f"Bearer {other_room.instructor_key}"},
        {"Cookie": f"brink_instructor={class_token}"},
        {"Cookie": f"brink_instructor={other_room.instructor_key}"},
    ]
    async with aiohttp.ClientSession(base_url=base) as anyone:
        for method, path, body in endpoints:
            for headers in credentials:
                async with anyone.request(method, path, json=body, headers=headers) as answer:
                    assert answer.status == 401, (method, path, headers)
                    assert (await answer.json())["error"] == "not_instructor"
    # another instructor is told there is no such class
    async with await signed_in(server_url, "mr_wu") as other:
        for method, path, body in endpoints:
            if f"/{code}" not in path:
                continue
            async with other.request(method, path, json=body) as answer:
                assert answer.status == 404, (method, path)
                assert (await answer.json())["error"] == "class_not_found"
    # and nothing changed
    async with await signed_in(server_url) as teacher, teacher.get(f"/api/classes/{code}") as got:
        after = await got.json()
    assert after["state"] == "open" and len(after["students"]) == 6


async def test_the_join_link_s_qr_code_is_an_svg_for_the_address_chosen(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        info = await make_class(teacher)
        code = info["code"]
        async with teacher.get(f"/api/classes/{code}/qr.svg?base=http://10.1.2.3:8080") as qr:
            assert qr.status == 200 and qr.content_type == "image/svg+xml"
            svg = await qr.text()
        assert svg.startswith("<svg") and f"http://10.1.2.3:8080/?class={code}" in svg
        async with teacher.get(f"/api/classes/{code}/qr.svg?base=javascript:alert(1)") as bad:
            assert bad.status == 400 and (await bad.json())["error"] == "bad_base"
        async with teacher.get("/api/class-estimate?scenario=classroom&betting=30") as est:
            quick = await est.json()
        async with teacher.get("/api/class-estimate?scenario=classroom&betting=300") as est:
            slow = await est.json()
        assert 0 < quick["minutes"] < slow["minutes"] and quick["period"] == 45
