"""A class's exports over HTTP (a real server and Redis) number its rooms as its dashboard does:
`room_number` 1, 2 after each room's code in both CSVs and in the JSON's rows."""

from __future__ import annotations

import csv
import io

from classkit import add_instructor, signed_in


async def test_a_class_s_exports_say_each_room_s_number(server_url: str, redis_url: str) -> None:
    await add_instructor(redis_url, "ms_li")
    body = {"scenario": "intro", "roster_text": "Ada\nBo\nCy\nDee\n"}
    async with await signed_in(server_url, "ms_li") as li:
        async with li.post("/api/classes", json=body) as made:
            info = await made.json()
        code, rooms = info["code"], info["rooms"]
        numbered = {rooms[0]: "1", rooms[1]: "2"}
        for rows in ("games", "events"):
            async with li.get(f"/api/classes/{code}/export.csv?rows={rows}") as reply:
                text = (await reply.read()).decode("utf-8-sig")
            found = list(csv.DictReader(io.StringIO(text)))
            assert found and list(found[0])[:2] == ["room", "room_number"]
            assert {row["room"]: row["room_number"] for row in found} == numbered, rows
        async with li.get(f"/api/classes/{code}/export.json") as reply:
            document = await reply.json()
        assert [(g["room"], g["room_number"]) for g in document["games"]] == [
            (rooms[0], 1),
            (rooms[1], 2),
        ]
