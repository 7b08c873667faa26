"""Fixtures for browser tests: a real server on a free loopback port (real Redis) and Debian's
Chromium driven by Playwright. Playwright never downloads a browser: we hand it the system one."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright, expect
from serverkit import start_server

CHROMIUM = os.environ.get("BRINK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
EXPECT_SECONDS = 15
"""How long an `expect(...)` waits for what it expects (Playwright's own default is 5 s, which
a page on CI's two cores, shared by two test processes and their Chromiums, sometimes needed
more than for a reload or the other side's move). A passing expectation returns as soon as it
holds: only a failure takes longer to say so."""

expect.set_options(timeout=EXPECT_SECONDS * 1000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the browser tests, saying why, where there is no Chromium to drive."""
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (set BRINK_CHROMIUM)")
    for item in items:
        if "tests/web/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture
async def web_url(redis_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """The http:// base URL of a running server whose bots move after 50 ms."""
    runner, ws_url = await start_server(redis_url, tmp_path, bot_delay=0.05)
    yield ws_url.replace("ws://", "http://").removesuffix("/ws")
    await runner.cleanup()


@pytest.fixture
async def system_chromium() -> AsyncIterator[Browser]:
    """Debian's Chromium, headless; closed after the test."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    """Where the tests save screenshots of the key screens (a CI artefact, gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
