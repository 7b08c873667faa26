"""The web client under the server's Content-Security-Policy, in a real browser (docs/security.md).

The page is opened as http://localhost:PORT/, as `brink serve` tells people to: the browser's
websocket then carries `Origin: http://localhost:PORT`, which the server accepts. A game against
a bot is played to the end screen (its SVG charts and the bars set `style` attributes) while the
page records every policy violation the browser reports; there must be none. Then the policy is
shown to bite: an inline script does not run, and another page cannot frame the client.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from serverkit import start_server

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI} at ${where}`);
});
"""
MOVES = ("#act-call", "#act-check", "#act-pass")


@pytest.fixture
async def localhost_url(redis_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """http://localhost:PORT of a running server whose bots move after 50 ms."""
    runner, ws_url = await start_server(redis_url, tmp_path, bot_delay=0.05)
    yield ws_url.replace("ws://127.0.0.1:", "http://localhost:").removesuffix("/ws")
    await runner.cleanup()


OpenPage = Callable[[], Awaitable[tuple[Page, list[str]]]]


@pytest.fixture
async def open_page(system_chromium: Browser, localhost_url: str) -> AsyncIterator[OpenPage]:
    """Open pages that record policy violations (window.cspViolations) and console errors;
    they are closed before the server stops (a page's open socket would hold up its stop)."""
    contexts: list[BrowserContext] = []

    async def open_one() -> tuple[Page, list[str]]:
        context = await system_chromium.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        await context.add_init_script(RECORD_VIOLATIONS)
        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        return page, errors

    yield open_one
    for context in contexts:
        await context.close()


async def violations(page: Page) -> list[str]:
    found: list[str] = await page.evaluate("window.cspViolations")
    return found


async def play_out(page: Page) -> None:
    """Check, call and pass until the game ends."""
    for _ in range(300):
        if await page.locator("#outcome-name").count():
            return
        for move in MOVES:
            if await page.locator(f"{move}:enabled").count():
                before: int = await page.evaluate("window.brink.state.n")
                try:
                    await page.click(f"{move}:enabled", timeout=1_000)
                    await page.wait_for_function(
                        "n => window.brink.state.n > n", arg=before, timeout=5_000
                    )
                except PlaywrightTimeoutError:
                    pass  # the move went away (the bot moved, the talks closed): look again
                break
        else:
            await page.wait_for_selector(
                ", ".join(f"{move}:enabled" for move in MOVES) + ", #outcome-name",
                timeout=15_000,
            )
    raise AssertionError("the game did not end")


async def test_a_game_against_a_bot_runs_under_the_policy_from_localhost(
    open_page: OpenPage, localhost_url: str
) -> None:
    page, errors = await open_page()
    response = await page.goto(localhost_url)
    assert response is not None
    headers = await response.all_headers()
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    await page.fill("#bot-name", "Mei")
    await page.select_option("#bot-scenario", "intro")
    await page.select_option("#bot-kind", "dove")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    widths: list[str] = await page.evaluate(
        "[...document.querySelectorAll('.bar span')].map((bar) => bar.style.width)"
    )
    assert widths and all(width.endswith("%") for width in widths), widths
    await play_out(page)
    await expect(page.locator("#outcome-name")).not_to_be_empty()
    assert await page.locator(".chart svg polyline").count() >= 2
    assert await violations(page) == []
    assert errors == []


async def test_the_policy_stops_inline_script_and_framing(
    open_page: OpenPage, localhost_url: str
) -> None:
    page, _ = await open_page()
    await page.goto(localhost_url)
    await page.wait_for_selector("#landing:not([hidden])")
    await page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
        }"""
    )
    await page.wait_for_function("window.cspViolations.length > 0")
    assert await page.evaluate("window.injected === undefined")
    assert any(found.startswith("script-src") for found in await violations(page))

    framing, _ = await open_page()
    async with framing.expect_console_message(
        lambda message: "frame-ancestors" in message.text
    ) as refused:
        await framing.set_content(f'<iframe src="{localhost_url}/"></iframe>')
    assert "blocked" in (await refused.value).text
    framed = framing.frames[1]
    assert await framed.locator("#landing").count() == 0, "the client loaded inside a frame"
