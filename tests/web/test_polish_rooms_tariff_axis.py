"""The end screen's tariff chart has a percent axis: a game whose tariffs stayed at 0% read "0"
to "1" up its side (the scale of nothing); it reads 0% to 10%. A real server, Redis and
Chromium; the instructor ends the game before any tariff moves."""

from __future__ import annotations

from classkit import add_instructor, session_cookie, signed_in
from controlkit import control
from playwright.async_api import Browser, expect

from client.connection import BrinkClient

# the values' axis: not the hands' labels along the bottom, nor the word "Hand" there
VALUES_AXIS = "text.axis:not(.hand-label):not(.hand-title)"


async def test_tariffs_that_stayed_at_zero_are_charted_on_a_percent_axis(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url)
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    session = await signed_in(ws_url)
    cookie = session_cookie(session)
    await session.close()
    context = await system_chromium.new_context()
    ada = await context.new_page()
    try:
        async with (
            BrinkClient(ws_url, "Ms Li", headers={"Cookie": cookie}) as maker,
            BrinkClient(ws_url, "Bo") as bo,
        ):
            code = (await maker.create_room("intro")).code
            await ada.goto(f"{web_url}/?room={code}")
            await ada.fill("#join-name", "Ada")
            await ada.check("#join-seat-washington")
            await ada.click("#join-btn")
            await bo.join(code, "beijing")
            await expect(ada.locator("#turn-text")).to_contain_text("Your turn")
            await control(maker, "end", code)
            await expect(ada.locator("#outcome-name")).to_have_text("Ended by the instructor")
        chart = ada.locator(".charts figure.chart").first
        await expect(chart.locator("figcaption")).to_have_text("Tariffs")
        axis = chart.locator(VALUES_AXIS)
        await expect(axis).to_have_text(["0%", "5%", "10%"])
        # the other charts are no percentages
        pressure = ada.locator(".charts figure.chart").nth(2).locator(VALUES_AXIS)
        assert "%" not in "".join(await pressure.all_text_contents())
        # and so does the replay viewer's, at the game's last step
        await ada.goto(f"{web_url}/?game={code}")
        replayed = ada.locator(".rp-chart-list figure.chart").first
        await expect(replayed.locator("figcaption")).to_have_text("Tariffs")
        await expect(replayed.locator(VALUES_AXIS)).to_have_text(["0%", "5%", "10%"])
    finally:
        await context.close()
