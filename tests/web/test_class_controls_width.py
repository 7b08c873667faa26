"""A room's Controls on the class dashboard are usable at the widths teachers use (a real server,
Redis and Chromium). Opened inside a room card of the grid (~300 px on a 1440 px screen with most
of the page empty), they were a column as tall as a page, the message box was cut off ("Message to
every play") and the card beside it stretched to the same height. Open, a room's card now takes a
whole row, its Controls beside the room in columns; on a phone, under it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect
from web.probekit import make_class, teacher_page

# how much of its placeholder the message box shows, and whether the page runs off the screen
FITS = """(id) => {
  const input = document.getElementById(id);
  const style = getComputedStyle(input);
  const pen = document.createElement("canvas").getContext("2d");
  pen.font = style.font;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {
    text: pen.measureText(input.placeholder).width,
    room,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""


async def _height(page: Page, selector: str) -> float:
    box = await page.locator(selector).bounding_box()
    assert box is not None
    return float(box["height"])


@pytest.mark.parametrize("width", [1440, 1024, 390])
async def test_a_room_s_open_controls_show_the_whole_message_box_beside_an_unstretched_card(
    system_chromium: Browser, web_url: str, redis_url: str, width: int
) -> None:
    made: dict[str, Any] = await make_class(
        web_url, redis_url, scenario="classroom", roster_text="Ada\nBo\nCy\nDee\n"
    )
    first, second = made["rooms"]
    page = await teacher_page(system_chromium, web_url, f"&class-dash={made['code']}")
    try:
        await page.set_viewport_size({"width": width, "height": 900})
        await expect(page.locator("article.cl-room")).to_have_count(2)
        other = await _height(page, f"#room-card-{second}")

        await page.click(f"#ctl-{first} summary")
        panel = page.locator(f"#controls-{first} .controls")
        await expect(panel.locator(".ctl-bots")).to_be_visible()
        message = await panel.locator("input[id$='-message']").get_attribute("id")
        assert message is not None
        fits = await page.evaluate(FITS, message)
        assert fits["text"] <= fits["room"], fits  # "Message to every player", not "…every play"
        assert fits["overflow"] <= 0, fits  # nothing runs off the side of the screen
        assert await _height(page, f"#room-card-{second}") == other  # the neighbour as it was

        # every part of the Controls inside the room's card
        card = await page.locator(f"#room-card-{first}").bounding_box()
        assert card is not None
        for part in await panel.locator("fieldset, .ctl-row").all():
            box = await part.bounding_box()
            assert box is not None
            assert box["x"] >= card["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
    finally:
        await page.context.close()
