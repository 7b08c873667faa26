"""A class's title is shown to every student (the join page's heading, the class's link): one
made over HTTP with only spaces was kept as "   " (a blank heading; the form trims it, the API
did not, and an empty one gets the scenario's name), and bidirectional controls (a title shown
reversed) and control characters were kept as sent."""

from __future__ import annotations

import aiohttp
from classkit import add_instructor, http_base, signed_in


async def test_a_title_is_tidied_and_a_blank_one_is_the_scenarios_name(
    server_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    async with await signed_in(server_url) as teacher:
        titles = {}
        for sent in ("   ", "\u202eEconomics\u202c  101\x00", "Period 3"):
            body = {"title": sent, "scenario": "intro", "roster_text": "Ada\nBo\n"}
            async with teacher.post("/api/classes", json=body) as made:
                assert made.status == 201, await made.text()
                answer = await made.json()
                titles[sent] = (answer["code"], answer["title"])
    assert [title for _, title in titles.values()] == [
        "Supply-chain poker: first lesson",
        "Economics 101",
        "Period 3",
    ]
    # as the students see it
    async with aiohttp.ClientSession(base_url=http_base(server_url)) as anyone:
        code = titles["   "][0]
        async with anyone.get(f"/api/classes/{code}/public") as r:
            assert (await r.json())["title"] == "Supply-chain poker: first lesson"
