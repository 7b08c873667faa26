"""The class dashboard and the new-class form after a review (a real server, Redis and Chromium).

- A room's card is changed in place where its room changed, and kept the click handlers of the
  elements it had: once a seat's student changed but the card kept its shape (a move, a swap),
  its **Move** opened the dialog for the student who sat there before.
- Pasted names were split one way in the new-class roster (one a line) and another in **Add
  students** (also at every comma): "Smith, John" was one student in one form and two in the
  other. One rule now: new lines always separate; commas and semicolons (and 、) only in a
  one-line list.
- The rooms' cards joined side names (and students' names) with ", " under the Chinese interface
  too ("等待華盛頓, 北京"): "、" there."""

from __future__ import annotations

from typing import Any

from classkit import add_instructor
from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page

from client.connection import BrinkClient


async def test_move_on_a_card_names_the_student_who_sits_there_now(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, roster_text="Ada\nBo\nCy\nDee\n", timers=False
    )
    code, (first, second) = made["code"], made["rooms"]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        seat = f"#room-card-{first} .cl-seat.washington"
        await expect(page.locator(f"{seat} .cl-seat-name")).to_have_text("Ada")
        card = await page.query_selector(f"#room-card-{first}")
        button = await page.query_selector(f"{seat} button")
        assert card is not None and button is not None

        # Ada (s1) swaps with Cy, who sat at Washington in the second room
        await page.click("#student-s1 button:has-text('Move')")
        await page.select_option("#cl-move-to", f"{second}|washington")
        await page.click("#cl-move-go")
        await expect(page.locator(f"{seat} .cl-seat-name")).to_have_text("Cy")
        # the card kept its shape: changed in place, its Move button the same element
        assert await card.evaluate("e => e.isConnected")
        assert await button.evaluate("e => e.isConnected")

        await page.click(f"{seat} button")
        await expect(page.locator("#cl-move-form h3")).to_have_text("Move Cy")
        await page.click("#cl-move-cancel")
        await page.click(f"#room-card-{second} .cl-seat.washington button")
        await expect(page.locator("#cl-move-form h3")).to_have_text("Move Ada")
    finally:
        await page.context.close()


# a column of "Last, First" names, and a list typed on one line (ASCII and Chinese separators)
COLUMN = "Smith, John\nLee, Ann\n"
ONE_LINE = "Ada, Bo; 王小明、李華；張偉，Cy"
ONE_LINE_NAMES = ["Ada", "Bo", "王小明", "李華", "張偉", "Cy"]


async def test_both_forms_split_the_same_paste_the_same_way(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    page = await teacher_page(system_chromium, web_url, "&new-class=1")
    try:
        await page.fill("#cs-title", "Period 3")
        await page.fill("#cs-roster", ONE_LINE)
        await expect(page.locator("#cs-count")).to_have_text("6 students: 3 rooms")
        await page.fill("#cs-roster", COLUMN)
        await expect(page.locator("#cs-count")).to_have_text("2 students: 1 room")
        await page.click("#cs-create")
        await expect(page.locator(".cl-room")).to_have_count(1)
        names = page.locator(".cl-table tbody td:first-child")
        await expect(names).to_have_text(["Lee, Ann", "Smith, John"])

        # Add students: the same paste, the same names
        await page.fill("#cl-add-names", COLUMN.replace("Smith", "Wu").replace("Lee", "Chen"))
        await page.click("#cl-add-go")
        await expect(page.locator("#cl-students-h")).to_have_text("Students (4)")
        await page.fill("#cl-add-names", ONE_LINE)
        await page.click("#cl-add-go")
        await expect(page.locator("#cl-students-h")).to_have_text("Students (10)")
        got = await names.all_inner_texts()
        assert sorted(got) == sorted(
            ["Smith, John", "Lee, Ann", "Wu, John", "Chen, Ann", *ONE_LINE_NAMES]
        )
    finally:
        await page.context.close()


async def test_the_cards_list_sides_and_names_with_the_chinese_list_comma(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    """The classroom scenario bets on both sides at once: a started room waits on both; in the other
    room nobody has come; an open class's room left empty waits for a
    student on each side."""
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\nCy\nDee\n", timers=False
    )
    code, (first, second) = made["code"], made["rooms"]
    opened: dict[str, Any] = await make_class(web_url, redis_url, mode="open", title="Open")
    students: list[BrinkClient] = []
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        students += [await seated(web_url, code, "Ada"), await seated(web_url, code, "Bo")]
        playing = page.locator(f"#room-card-{first} .cl-where")
        waiting = page.locator(f"#room-card-{second} .cl-held")
        await expect(playing).to_contain_text("waiting on Washington, Beijing")
        await expect(waiting).to_have_text("Held up: Cy, Dee has not joined")  # never came
        await page.click("#lang-zh")
        await expect(playing).to_contain_text("等待華盛頓、北京")
        await expect(waiting).to_have_text("卡住：Cy、Dee 尚未加入")

        # the open class: Eve's room, once she is moved to a new one, has nobody on either side
        students.append(await seated(web_url, opened["code"], "Eve"))
        await page.goto(f"{web_url}/?instructor=1&class-dash={opened['code']}")
        await expect(page.locator(".cl-room")).to_have_count(1)
        await page.click("#student-s1 button:has-text('移動')")
        await page.select_option("#cl-move-to", label="一個新房間")
        await page.click("#cl-move-go")
        # the room she left, nobody in it and never played, is the class's no more
        # (tests/classroom/test_class_new_room_unplayed.py); hers waits for her (her client
        # does not follow the move: she is placed, not seated) and for a second student — the
        # card may say less on its way there (before it has read who is placed)
        await expect(page.locator(".cl-room")).to_have_count(1)
        await expect(page.locator(".cl-room .cl-held").first).to_have_text(
            "未開始：等待 Eve 和扮演北京的學生"
        )
    finally:
        for student in students:
            await student.close()
        await page.context.close()
