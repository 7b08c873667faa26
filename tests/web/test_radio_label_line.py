"""A radio button stays on the line of its words. Under "Create a room → Play as", the "Do not
sit: I am the teacher (see everything)" radio sat alone on a line at 1280 px, its label wrapped
to the next one (in English and in Chinese): each label's words were a flex item of their own,
put on the next line as a whole when they did not fit beside the radio."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser
from web.test_browser import open_page

# where the radio is, and where its label's first word starts
BOXES = """(sel) => {
  const label = document.querySelector(sel);
  const radio = label.querySelector('input').getBoundingClientRect();
  const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
  let text = walker.nextNode();
  while (text && !text.textContent.trim()) text = walker.nextNode();
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, 1);
  const word = range.getBoundingClientRect();
  const box = (r) => [r.left, r.top, r.right, r.bottom];
  return { radio: box(radio), word: box(word) };
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_teachers_radio_sits_beside_its_words(
    system_chromium: Browser, web_url: str, shots: Path, lang: str
) -> None:
    context, page = await open_page(system_chromium, {"width": 1280, "height": 900})
    try:
        await page.add_init_script(f"localStorage.setItem('brink.lang', '{lang}')")
        await page.goto(web_url)
        await page.wait_for_selector("#create-seat-instructor")
        await page.locator("#create-form").screenshot(path=shots / f"play-as-{lang}.png")
        for seat in ("instructor", "washington", "beijing"):
            boxes = await page.evaluate(BOXES, f"#create-form label.pick.{seat}")
            radio, word = boxes["radio"], boxes["word"]
            # the first word is to the right of the radio, on the radio's line
            assert word[0] >= radio[2], (seat, boxes)
            assert word[1] < radio[3] and word[3] > radio[1], (seat, boxes)
    finally:
        await context.close()
