"""A class's debrief and exports over HTTP (a real server and Redis): the class's rooms in order,
dealt the same game; and every refusal: no credentials, a student's class token or seat token, a
room key, another instructor."""

from __future__ import annotations

import csv
import io

import aiohttp
import pytest
from classkit import add_instructor, http_base, signed_in

from server.web.auth import COOKIE

PATHS = ["debrief", "export.csv", "export.csv?rows=games", "export.json"]


@pytest.mark.parametrize("path", PATHS)
async def test_a_class_debrief_for_its_instructor_only(
    server_url: str, redis_url: str, path: str
) -> None:
    await add_instructor(redis_url, "ms_li")
    await add_instructor(redis_url, "mr_wu")
    body = {"scenario": "intro", "roster_text": "Ada\nBo\nCy\nDee\n", "same_deal": True}
    async with (
        await signed_in(server_url, "ms_li") as li,
        await signed_in(server_url, "mr_wu") as wu,
    ):
        async with li.post("/api/classes", json=body) as made:
            info = await made.json()
        code, rooms = info["code"], info["rooms"]
        async with li.get(f"/api/classes/{code.lower()}/{path}") as reply:
            assert reply.status == 200, await reply.text()
            assert reply.headers["Cache-Control"] == "no-store"
            if path == "debrief":
                found = await reply.json()
                assert found["class"] == code
                assert [room["code"] for room in found["rooms"]] == rooms
                assert found["same_deal"] == [rooms]
            elif path.startswith("export.csv"):
                assert reply.headers["Content-Disposition"].startswith(
                    f'attachment; filename="debrief-{code}-'
                )
                text = (await reply.read()).decode("utf-8-sig")
                assert {row["room"] for row in csv.DictReader(io.StringIO(text))} == set(rooms)
            else:
                document = await reply.json()
                assert (document["class"], document["rooms"]) == (code, rooms)
        async with wu.get(f"/api/classes/{code}/{path}") as reply:
            assert reply.status == 404
            assert (await reply.json())["error"] == "class_not_found"
        async with li.get(f"/api/classes/NOCLASS/{path}") as reply:
            assert reply.status == 404
        async with aiohttp.ClientSession(base_url=http_base(server_url)) as anyone:
            async with anyone.post(f"/api/classes/{code}/join", json={"name": "Ada"}) as joined:
                student = (await joined.json())["token"]
            for headers in [
                {},
                {"Cookie": f"{COOKIE}={student}"},
                {"Authorization": f"Bearer {student}"},
                {"X-Brink-Tokens": student},
            ]:
                async with anyone.get(f"/api/classes/{code}/{path}", headers=headers) as reply:
                    assert reply.status == 401, headers
                    assert (await reply.json())["error"] == "not_instructor"
