"""The web page's log (client/web/narrate.js) tells a raise by a card of stake 0 as the stake
staying where it was, as the terminal does (tests/test_narrate_stake.py)."""

from __future__ import annotations

from playwright.async_api import Browser
from test_narrate_stake import EVENTS

WEB = """async (events) => {
  const { loadRules } = await import('/static/rules.js');
  const { makeNarrator } = await import('/static/narrate.js');
  const rules = await loadRules('full_2025');
  return ['en', 'zh'].map((lang) => {
    const say = makeNarrator(rules, lang, 'washington');
    return events.map((e) => say(e, {})).slice(1).map((line) => line[0]);
  });
}"""


async def test_the_web_log_tells_a_raise_that_leaves_the_stake_so(
    system_chromium: Browser, web_url: str
) -> None:
    page = await system_chromium.new_page()
    try:
        await page.goto(web_url)
        events = [event.model_dump(mode="json") for event in EVENTS]
        en, zh = await page.evaluate(WEB, events)
        assert en == ["The stake stays at 4.", "The stake rises to 6.", "The stake stays at 6."]
        assert zh == ["賭注仍為 4。", "賭注升至 6。", "賭注仍為 6。"]
    finally:
        await page.close()
