"""The class dashboard on a teacher's phone (390 px wide): the students' table ran off the
screen, cutting **Remove** in half for every student who had joined."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page


async def test_the_students_table_fits_a_phone(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, roster_text="Ada Lovelace\nBo\nCy\nDee\n", timers=False
    )
    code = made["code"]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    students = [await seated(web_url, code, name) for name in ("Ada Lovelace", "Dee")]
    try:
        await page.set_viewport_size({"width": 390, "height": 844})
        await expect(page.locator("button:has-text('Let in again')")).to_have_count(2)
        sizes = await page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert sizes[0] <= sizes[1], sizes
        remove = await page.locator("#student-s1 button:has-text('Remove')").bounding_box()
        assert remove is not None and remove["x"] + remove["width"] <= 390
    finally:
        for student in students:
            await student.close()
        await page.context.close()
