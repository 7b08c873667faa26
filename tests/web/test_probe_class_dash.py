"""The class dashboard while a class goes on (a real server, Redis and Chromium).

- Every change pushed (up to ten a second in a busy class, and every student who joins) drew
  every room's card, the students' list and the move dialog again: a click on a card could
  land on a card that was gone, the move dialog a teacher was filling in vanished, and what was
  typed lost its focus. A card now changes where its room changed.
- A bot in a seat was shown by its id ("bot: tit_for_tat").
- There was no way from the dashboard to the class's debrief."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page

from client.connection import BrinkClient


async def test_a_change_in_one_room_leaves_the_rest_of_the_dashboard_as_it_is(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n", timers=False
    )
    code, (first, second) = made["code"], made["rooms"]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    students: list[BrinkClient] = []
    try:
        await expect(page.locator(".cl-room")).to_have_count(2)
        link = await page.query_selector(f"#open-{first}")
        title = await page.query_selector(f"#room-card-{second} h3")
        assert link is not None and title is not None
        # the teacher is choosing where to move Dee, and typing a latecomer's name
        await page.click("#student-s4 button:has-text('Move')")
        await expect(page.locator("#cl-move-form")).to_be_visible()
        await page.fill("#cl-add-names", "Eve")
        await page.focus("#cl-add-names")

        # Cy joins and sits in the second room: the class and that room change
        students.append(await seated(web_url, code, "Cy"))
        await expect(page.locator(f"#room-card-{second} .dot.here")).to_have_count(1)
        await expect(page.locator("#cl-joined")).to_have_text("1 of 4 joined")
        assert await link.evaluate("e => e.isConnected")  # the other room's card: untouched
        assert await title.evaluate("e => e.isConnected")  # this room's title: unchanged
        await expect(page.locator("#cl-move-form")).to_be_visible()
        await expect(page.locator("#cl-add-names")).to_have_value("Eve")
        assert await page.evaluate("document.activeElement.id") == "cl-add-names"

        # the card shows a bot by its name; the dashboard leads to the class's debrief
        await page.click(f"#ctl-{first} summary")
        bots = page.locator(f"#controls-{first} fieldset", has_text="A bot for a player")
        await bots.locator("select").first.select_option("washington")
        await bots.locator("button:has-text('Bot in')").click()
        await expect(page.locator(f"#room-card-{first} .cl-seats")).to_contain_text(
            "bot: Tit for tat"
        )
        await expect(page.locator("#cl-debrief")).to_have_attribute("href", f"/?debrief={code}")
        await page.click("#cl-debrief")
        await expect(page.locator("#debrief h1")).to_contain_text(code)
    finally:
        for student in students:
            await student.close()
        await page.context.close()


async def test_the_class_list_leads_to_each_debrief_and_the_join_page_shows_no_teacher_link(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code = made["code"]
    page = await teacher_page(system_chromium, web_url)
    try:
        await expect(page.locator(f"#cl-debrief-{code}")).to_have_attribute(
            "href", f"/?debrief={code}"
        )
        await expect(page.locator("#db-entry")).to_be_visible()  # the debrief of ad-hoc rooms
        # the join page goes on the projector: nothing there for the teacher only
        await page.goto(f"{web_url}/?instructor=1&project={code}")
        await expect(page.locator("#jp-code")).to_have_text(code)
        await expect(page.locator("#db-entry")).to_be_hidden()
    finally:
        await page.context.close()


async def test_a_room_s_controls_fit_its_card_and_name_the_roles(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    """A room's controls opened in its card: the news event's part (a long card name in its
    list) ran out of the card, and the seats were named by their roles' ids."""
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\nCy\nDee\n", team=2
    )
    room = made["rooms"][0]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        await page.click(f"#ctl-{room} summary")
        await expect(page.locator(f"#controls-{room} fieldset").first).to_be_visible()
        outside = await page.evaluate(
            """code => {
              const card = document.querySelector(`#room-card-${code}`).getBoundingClientRect();
              return [...document.querySelectorAll(`#controls-${code} *`)]
                .filter((e) => e.getBoundingClientRect().right > card.right + 0.5)
                .map((e) => e.tagName + "." + e.className);
            }""",
            room,
        )
        assert outside == []
        seats = page.locator(f"#controls-{room} .ctl-seats select").first
        labels = await seats.evaluate("e => [...e.options].map((o) => o.text)")
        assert "Beijing · Vice Premier" in labels, labels
        assert not any("_" in label for label in labels), labels
    finally:
        await page.context.close()


async def test_an_open_class_s_room_says_which_side_it_waits_for(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    """A room of an open class with its first student: "Not started: waiting for —"."""
    made: dict[str, Any] = await make_class(web_url, redis_url, mode="open")
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    students = [await seated(web_url, made["code"], "Ada")]
    try:
        await expect(page.locator(".cl-room .cl-held")).to_have_text(
            "Not started: waiting for a student to play Beijing"
        )
    finally:
        await students[0].close()
        await page.context.close()
