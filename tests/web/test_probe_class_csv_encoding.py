"""A class list saved by Excel on Windows is not UTF-8 (Windows-1252 in English, Big5 in
Taiwan): the form read every file as UTF-8, so "Émile Zola" became "�mile Zola" and a Chinese
list came out as rows of "�", with no word of warning; the students could then not join by their
own names."""

from __future__ import annotations

from classkit import add_instructor
from playwright.async_api import Browser, expect
from web.probekit import teacher_page


async def test_a_csv_file_not_in_utf8_is_read_in_its_encoding_and_said(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    page = await teacher_page(system_chromium, web_url, "&new-class=1")
    try:
        western = "Name,Email\nÉmile Zola,e@x\nJosé Núñez,j@x\n".encode("cp1252")
        await page.set_input_files(
            "#cs-csv", {"name": "class.csv", "mimeType": "text/csv", "buffer": western}
        )
        await expect(page.locator("#cs-roster")).to_have_value("Émile Zola\nJosé Núñez")
        await expect(page.locator("#cs-count")).to_contain_text("not saved as UTF-8")
        await expect(page.locator("#cs-count")).to_contain_text("2 students")

        # in Chinese, a Big5 list (Excel in Taiwan)
        await page.click("#lang-zh")
        taiwan = "姓名,學號\n王小明,1\n李華,2\n".encode("big5")
        await page.set_input_files(
            "#cs-csv", {"name": "名單.csv", "mimeType": "text/csv", "buffer": taiwan}
        )
        await expect(page.locator("#cs-roster")).to_have_value("王小明\n李華")
        await expect(page.locator("#cs-count")).to_contain_text("不是 UTF-8")
        # the names checked (typed in): the warning goes
        await page.fill("#cs-roster", "王小明\n李華\n陳大文")
        await expect(page.locator("#cs-count")).to_have_text("3 位學生：2 個房間")

        # a UTF-8 file says nothing of the kind
        await page.click("#lang-en")
        utf8 = "name\nÉmile Zola\n王小明\n".encode()
        await page.set_input_files(
            "#cs-csv", {"name": "class.csv", "mimeType": "text/csv", "buffer": utf8}
        )
        await expect(page.locator("#cs-roster")).to_have_value("Émile Zola\n王小明")
        await expect(page.locator("#cs-count")).to_have_text("2 students: 1 room")
    finally:
        await page.context.close()
