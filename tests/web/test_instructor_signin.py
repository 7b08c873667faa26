"""An instructor signs in and out on the web page (a real server, Redis and Chromium)."""

from __future__ import annotations

from pathlib import Path

from classkit import PASSWORD, add_instructor
from playwright.async_api import Browser, expect


async def test_an_instructor_signs_in_sees_their_name_after_reload_and_signs_out(
    system_chromium: Browser, web_url: str, redis_url: str, shots: Path
) -> None:
    await add_instructor(redis_url)
    context = await system_chromium.new_context(viewport={"width": 1200, "height": 800})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        await page.goto(web_url + "/")
        await page.click("#instructor-link")
        await page.fill("#in-name", "ms_li")
        await page.fill("#in-password", "wrong password")
        await page.click("#sign-in")
        await expect(page.locator("#signin-error")).to_contain_text("wrong password")
        await page.fill("#in-password", PASSWORD)
        await page.click("#sign-in")
        await expect(page.locator("#signed-in-as")).to_have_text("Signed in as ms_li")
        # The page's scripts never see the session: the cookie is HttpOnly.
        assert "brink_instructor" not in await page.evaluate("document.cookie")
        await page.screenshot(path=str(shots / "instructor-signed-in.png"))
        await page.reload()
        await expect(page.locator("#signed-in-as")).to_have_text("Signed in as ms_li")
        # The websocket the page opens is signed in too (its handshake carries the cookie).
        await page.wait_for_function(
            "window.brink && window.brink.state.ws && window.brink.state.ws.readyState === 1"
        )
        await page.click("#sign-out")
        await expect(page.locator("#in-password")).to_be_visible()
        await page.reload()
        await expect(page.locator("#in-password")).to_be_visible()
        assert errors == []
    finally:
        await context.close()
