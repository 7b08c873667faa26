"""The class dashboard's list of students, as a fresh user met it: a roster numbered "Student 1"
to "Student 12" was listed Student 1, Student 10, Student 11, Student 12, Student 2… — the
names were sorted as text. Numbers in names sort by value now (class_info, which the dashboard
shows in its order)."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, expect
from web.probekit import make_class, teacher_page
from web.snap import snap


async def test_the_dashboard_lists_numbered_students_in_number_order(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    names = [f"Student {i}" for i in (10, 2, 1, 12, 3, 11)] + ["ada", "Bo"]
    made = await make_class(web_url, redis_url, roster_text="\n".join(names), timers=False)
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        rows = page.locator(".cl-students tbody tr td:first-child")
        await expect(rows).to_have_count(len(names))
        await snap(page.locator(".cl-students"), str(shots / "class-students-sorted.png"))
        listed = await rows.all_inner_texts()
        expected = ["ada", "Bo", *(f"Student {i}" for i in (1, 2, 3, 10, 11, 12))]
        assert listed == expected, listed
    finally:
        await page.context.close()
