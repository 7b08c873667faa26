"""The 2025 line's "as it happened" notes are said in the page's language: in Chinese the note
read "2025 年的真實經過：Washington raises 50 more points…" (rules/history/2025.jsonl had English
notes alone). Each note now has its traditional-Chinese words beside the English. In a real
browser against a real server on a real Redis."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect
from web.test_browser import open_page, page_errors

HISTORY = Path(__file__).resolve().parents[2] / "rules" / "history" / "2025.jsonl"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_note_of_the_2025_line_has_chinese_words() -> None:
    notes = [json.loads(line).get("note") for line in HISTORY.read_text().splitlines()]
    said = [note for note in notes if note]
    assert said
    for note in said:
        assert isinstance(note, dict) and set(note) == {"en", "zh"}, note
        assert CJK.search(note["zh"]) and not re.search(r"Washington|Beijing", note["zh"]), note


@pytest.mark.parametrize(("lang", "word"), [("zh", "華盛頓"), ("en", "Washington")])
async def test_the_note_is_in_the_pages_language(
    system_chromium: Browser, web_url: str, lang: str, word: str, tmp_path: Path
) -> None:
    _, page = await open_page(system_chromium)
    await page.goto(web_url)
    await page.evaluate(f"window.brink.setLang('{lang}')")
    summary = await (await page.request.get(f"{web_url}/api/games/H2025")).json()
    (at,) = [n for n, note in summary["notes"].items() if "104%" in str(note)]
    await page.goto(f"{web_url}/?game=H2025&step={at}")
    note = page.locator("#rp-note-text")
    await expect(note).to_contain_text(word)
    text = await note.text_content() or ""
    if lang == "zh":
        assert CJK.search(text) and "Washington" not in text and "Beijing" not in text, text
    else:
        assert not CJK.search(text), text
    await page.screenshot(path=tmp_path / f"note-{lang}.png")
    assert page_errors(page) == []
