"""The new-class form after a refusal, and adding latecomers on the dashboard, as a teacher
types and pastes (a real server, Redis and Chromium).

- A roster with a name twice is refused. The form said so only after **Create**, and then its
  Create button stayed disabled for good (the form was drawn again while still "busy"), the
  refusal stayed after the roster was mended, and the name to save the set-up under was lost.
- **Add students** was a one-line field: a column of names pasted from a spreadsheet became one
  student ("Cy Chen Dee Wu"); Chinese commas did not separate names."""

from __future__ import annotations

from classkit import add_instructor
from playwright.async_api import Browser, expect
from web.probekit import teacher_page

ROSTER = "Ada Lovelace\nBo Li\nWang Wei\nwang  WEI\n"


async def test_a_refused_class_can_be_mended_and_made(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    page = await teacher_page(system_chromium, web_url, "&new-class=1")
    try:
        await page.fill("#cs-title", "Period 3")
        await page.fill("#cs-roster", ROSTER)
        # said before Create: the name that is there twice
        await expect(page.locator("#cs-count")).to_contain_text("twice")
        await expect(page.locator("#cs-count")).to_contain_text("wang  WEI")
        await page.fill("#cs-save-as", "Econ 101")
        await page.click("#cs-create")
        await expect(page.locator("#cs-error")).to_contain_text("“wang  WEI” is on the list twice")
        await expect(page.locator("#cs-create")).to_be_enabled()
        await expect(page.locator("#cs-save-as")).to_have_value("Econ 101")
        await expect(page.locator("#cs-roster")).to_have_value(ROSTER.strip())

        # mended: the refusal goes, and Create makes the class
        await page.fill("#cs-roster", ROSTER.replace("wang  WEI", "Wang Wei B"))
        await expect(page.locator("#cs-error")).to_be_hidden()
        await expect(page.locator("#cs-count")).to_have_text("4 students: 2 rooms")
        await page.click("#cs-create")
        await expect(page.locator(".cl-room")).to_have_count(2)
        assert "&class-dash=" in page.url
    finally:
        await page.context.close()


async def test_names_pasted_as_a_column_are_added_one_a_line(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    page = await teacher_page(system_chromium, web_url, "&new-class=1")
    try:
        await page.fill("#cs-roster", "Ada\nBo\n")
        await page.click("#cs-create")
        await expect(page.locator(".cl-room")).to_have_count(1)
        await expect(page.locator("#cl-students-h")).to_have_text("Students (2)")

        # pasted from a spreadsheet's column
        await page.fill("#cl-add-names", "Cy Chen\nDee Wu\n")
        await page.click("#cl-add-go")
        await expect(page.locator("#cl-students-h")).to_have_text("Students (4)")
        await expect(page.locator("#cl-add-names")).to_have_value("")
        # typed in Chinese, with Chinese commas; Enter adds
        await page.fill("#cl-add-names", "王小明，李華、張偉")
        await page.press("#cl-add-names", "Enter")
        await expect(page.locator("#cl-students-h")).to_have_text("Students (7)")
        names = await page.locator(".cl-table tbody td:first-child").all_inner_texts()
        assert sorted(names) == sorted(["Ada", "Bo", "Cy Chen", "Dee Wu", "王小明", "李華", "張偉"])
    finally:
        await page.context.close()
