"""A list of names is read one way, by the server (`roster_text`, POST /api/class-roster) as by
the web page's forms (client/web/names.js): a new line always separates two names; commas,
semicolons and 、 only in a list typed on one line (docs/classroom.md, *Names in a list*)."""

from __future__ import annotations

from typing import Any

from classkit import add_instructor, signed_in
from playwright.async_api import Browser

LISTS = {
    "Ada, Bo；王小明、李華": ["Ada", "Bo", "王小明", "李華"],
    "Ada;Bo，Cy": ["Ada", "Bo", "Cy"],
    "Smith, John\nLi, Bo\n": ["Smith, John", "Li, Bo"],
    "Smith, John\n": ["Smith, John"],
    "Ada\r\nBo\rCy\n\n  Dee  \n": ["Ada", "Bo", "Cy", "Dee"],
    "Ada": ["Ada"],
    " , ;": [],
}


async def test_the_server_reads_a_list_of_names_as_the_page_does(
    web_url: str, redis_url: str, system_chromium: Browser
) -> None:
    await add_instructor(redis_url)
    read: dict[str, list[str]] = {}
    async with await signed_in(web_url.replace("http://", "ws://") + "/ws") as teacher:
        for text in LISTS:
            async with teacher.post("/api/class-roster", json={"text": text}) as reply:
                assert reply.status == 200, await reply.text()
                read[text] = (await reply.json())["names"]
        body = {"scenario": "intro", "roster_text": "Ada, Bo；王小明、李華", "shuffle": False}
        async with teacher.post("/api/classes", json=body) as made:
            assert made.status == 201, await made.text()
            made_class: dict[str, Any] = await made.json()
        code = made_class["code"]
        # a latecomer's name as the page sends it (already split): one student, comma and all
        async with teacher.post(f"/api/classes/{code}/students", json={"names": ["Ma, Ed"]}) as r:
            assert r.status == 200, await r.text()
            added: dict[str, Any] = await r.json()
    assert read == LISTS
    assert sorted(s["name"] for s in made_class["students"]) == sorted(
        LISTS["Ada, Bo；王小明、李華"]
    )
    assert sorted(s["name"] for s in added["students"]) == sorted(
        [*LISTS["Ada, Bo；王小明、李華"], "Ma, Ed"]
    )

    context = await system_chromium.new_context()
    try:
        page = await context.new_page()
        await page.goto(web_url)
        split = await page.evaluate(
            "async (texts) => { const { splitNames } = await import('/static/names.js');"
            " return texts.map((text) => splitNames(text)); }",
            list(LISTS),
        )
    finally:
        await context.close()
    assert dict(zip(LISTS, split, strict=True)) == read
