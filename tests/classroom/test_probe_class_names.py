"""Names as a teacher's list and a student's keyboard spell them differently: a list exported on a
Mac (accents decomposed), a name pasted from a web page (a zero-width space), a student typing
with a Chinese keyboard's full-width letters, a file's stray control bytes, and a name disguised
by a bidirectional control. A student must find their own name; nobody may join as an invisible
or disguised one. Real server, real Redis, over HTTP."""

from __future__ import annotations

import unicodedata
from typing import Any

import aiohttp
from classkit import add_instructor, http_base, signed_in

from server.classroom.summary import natural


async def _class(server_url: str, **setup: Any) -> dict[str, Any]:
    body = {"title": "Period 3", "scenario": "intro", "shuffle": False, **setup}
    async with await signed_in(server_url) as teacher, teacher.post("/api/classes", json=body) as r:
        assert r.status == 201, await r.text()
        made: dict[str, Any] = await r.json()
        return made


async def _join(server_url: str, code: str, name: str) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as anyone,
        anyone.post(f"{http_base(server_url)}/api/classes/{code}/join", json={"name": name}) as r,
    ):
        body: dict[str, Any] = await r.json()
        return r.status, body


async def test_a_student_finds_their_name_however_the_list_encoded_it(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    roster = [unicodedata.normalize("NFD", "Émile Zola"), "Ada\u200b Lovelace", "Bo Chen"]
    made = await _class(server_url, roster=roster)
    assert "Émile Zola" in [s["name"] for s in made["students"]]  # shown composed
    # typed on a phone (composed), without the invisible space, with full-width letters
    for typed in ("Émile Zola", "ada lovelace", "Ｂｏ Ｃｈｅｎ"):
        status, body = await _join(server_url, made["code"], typed)
        assert status == 200, (typed, body)


async def test_one_name_spelt_two_ways_is_twice_on_the_roster(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        body = {
            "title": "P",
            "scenario": "intro",
            "roster": ["Zoë", unicodedata.normalize("NFD", "Zoë")],
        }
        async with teacher.post("/api/classes", json=body) as r:
            assert r.status == 400 and (await r.json())["error"] == "duplicate_name"
        # a CSV's stray bytes and a line of nothing visible are no students
        async with teacher.post(
            "/api/class-roster", json={"csv": "name\nAda\x00\n\u200b\nBo\u202e\n"}
        ) as r:
            assert (await r.json())["names"] == ["Ada", "Bo"]


async def test_control_and_bidirectional_characters_never_reach_a_seat(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    listed = await _class(server_url, roster=["Bo\x00", "\u202eAda"])
    assert [s["name"] for s in listed["students"]] == ["Ada", "Bo"]
    status, body = await _join(server_url, listed["code"], "Bo")
    assert status == 200, body
    async with await signed_in(server_url) as teacher:
        body = {"title": "P", "scenario": "intro", "roster": ["\u200b", "Ada"]}
        async with teacher.post("/api/classes", json=body) as r:
            assert r.status == 400, await r.text()
    opened = await _class(server_url, mode="open")
    status, body = await _join(server_url, opened["code"], "\u202eevil\u0007")
    assert status == 200 and body["name"] == "evil", body
    status, body = await _join(server_url, opened["code"], "\u200b\u200d")
    assert status == 400 and body["error"] == "bad_name", body


def test_accented_names_sort_with_their_letter() -> None:
    names = ["Fay Wray", "Émile Zola", "Dana", "Zoë", "Zoe A"]
    assert sorted(names, key=natural) == ["Dana", "Émile Zola", "Fay Wray", "Zoë", "Zoe A"]
