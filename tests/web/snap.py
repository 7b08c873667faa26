"""A screenshot of one part of a page that may be redrawn while it is taken.

The live screens (the log, the hand, the class dashboard) redraw on every update, and Playwright
takes an element's screenshot in steps: an element replaced between them is "not attached to the
DOM". The screenshot is a CI artefact, not a check, so it is taken again of the new element.
"""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Error, Locator

TRIES = 5


async def snap(locator: Locator, path: Path | str) -> None:
    """Save `locator`'s screenshot at `path`, again if the element was redrawn meanwhile."""
    for attempt in range(TRIES):
        try:
            await locator.screenshot(path=str(path))
            return
        except Error as error:
            if "not attached" not in str(error) or attempt == TRIES - 1:
                raise
