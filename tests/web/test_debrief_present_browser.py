"""A presenter-led replay in real browsers: the instructor presents the 2025 line from a class's
debrief and steps through it; a student's browser following the class opens the same replay and
follows every step and the change of view, until the presentation stops."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp
from classkit import add_instructor, signed_in
from playwright.async_api import Page, expect
from web.test_debrief_browser import sign_in
from web.test_replay import LAPTOP, Open, open_page, page_errors

__all__ = ["open_page"]  # the fixture, shared with test_replay.py

FOLLOW = """async ([code, token]) => {
  const connection = await import("/static/connection.js");
  await connection.whenConnected();
  await connection.send({ type: "follow_class", code, token });
}"""


async def step_shown(page: Page) -> str:
    return await page.inner_text("#rp-pos")


async def test_a_student_follows_the_presenters_steps(
    open_page: Open, web_url: str, redis_url: str, shots: Path
) -> None:
    await add_instructor(redis_url, "ms_li")
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with await signed_in(ws_url, "ms_li") as web:
        body = {"scenario": "intro", "roster_text": "Ada\nBo\n", "same_deal": True}
        async with web.post("/api/classes", json=body) as made:
            code = (await made.json())["code"]
    async with (
        aiohttp.ClientSession(base_url=web_url) as anyone,
        anyone.post(f"/api/classes/{code}/join", json={"name": "Ada"}) as joined,
    ):
        token = (await joined.json())["token"]

    _, student = await open_page(LAPTOP)
    await student.goto(web_url + "/")
    await student.evaluate(FOLLOW, [code, token])

    _, teacher = await open_page(LAPTOP)
    await sign_in(teacher, web_url)
    await teacher.goto(f"{web_url}/?debrief={code}")
    # "Debrief · class CODE", then with the class's title once the debrief is read
    await expect(teacher.locator("#db-title")).to_have_text(
        re.compile(rf"^Debrief · (.+ · )?class {code}$")
    )
    await teacher.click('button.db-present[data-room="H2025"]')
    await expect(teacher.locator("#rp-pos")).to_contain_text("Step 0 of")
    await expect(teacher.locator("#present-what")).to_contain_text(f"Presenting to class {code}")

    await expect(student.locator("#rp-title")).to_contain_text("H2025")
    await expect(student.locator("#present-what")).to_contain_text("Following your teacher")
    for _ in range(3):
        await teacher.keyboard.press("ArrowRight")
    await expect(teacher.locator("#rp-pos")).to_contain_text("Step 3 of")
    await expect(student.locator("#rp-pos")).to_have_text(await step_shown(teacher))
    await teacher.click("#rp-as-beijing")
    await expect(student.locator("#rp-as-beijing")).to_have_attribute("aria-pressed", "true")
    await teacher.keyboard.press("End")
    # Read the teacher's step once it is the last: read at once, it could still be step 3.
    await expect(teacher.locator("#rp-pos")).to_have_text(re.compile(r"Step (\d+) of \1\b"))
    await expect(student.locator("#rp-pos")).to_have_text(await step_shown(teacher))
    assert "game=H2025" in student.url and "as=beijing" in student.url
    await teacher.screenshot(path=shots / "present-teacher.png")
    await student.screenshot(path=shots / "present-student.png")

    await teacher.click("#present-stop")
    await expect(teacher.locator("#present-bar")).to_have_count(0)
    await expect(student.locator("#present-bar")).to_have_count(0)
    await expect(student.locator("#toast")).to_contain_text("The presentation has ended")
    assert page_errors(student) == []
    assert [e for e in page_errors(teacher) if "401" not in e] == []
