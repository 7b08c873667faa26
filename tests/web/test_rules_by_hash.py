"""A game played under other rules than the scenario's files (a "what if" of an older game's
record, a room made before the files changed) is shown with its own rules: the server serves
them by the hash its `game_started` names (`GET /api/rules/{scenario}?hash=H`, from the copy
the rooms and records keep in Redis), and the page and the Python client ask for them."""

from __future__ import annotations

import json

import aiohttp
from playwright.async_api import Browser
from replay.test_failing_rules_live import OVERFLOW, _forked, _record, _rules
from web.test_browser import join_room, open_page, page_errors

from client.rules import fetch_rules


async def test_a_fork_under_other_rules_is_shown_with_them(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    rules = _rules()  # intro with two expressions changed: another hash than the files'
    record, step = _record(rules)
    forked = await _forked(web_url, redis_url, record, step, {"beijing": "random"})
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{web_url}/api/rules/intro") as reply:
            assert (await reply.json())["hash"] != rules.hash
        async with http.get(f"{web_url}/api/rules/intro?hash={rules.hash}") as reply:
            assert reply.status == 200
            body = await reply.json()
        for bad in ("zz", "0" * 16):
            async with http.get(f"{web_url}/api/rules/intro?hash={bad}") as reply:
                assert reply.status == 404 and (await reply.json())["error"] == "unknown_rules"
    assert body["hash"] == rules.hash
    card = next(c for c in body["rules"]["cards"] if c["id"] == "us_tariff_34")
    assert OVERFLOW in json.dumps(card["effects"])

    ws_url = web_url.replace("http://", "ws://") + "/ws"
    assert (await fetch_rules(ws_url, "intro", rules_hash=rules.hash)).hash == rules.hash
    assert (await fetch_rules(ws_url, "intro")).hash != rules.hash

    context, page = await open_page(system_chromium)
    try:
        await join_room(page, web_url, forked["code"], "Ada", "washington")
        assert await page.evaluate("window.brink.state.rules.hash") == rules.hash
        assert page_errors(page) == []
    finally:
        await context.close()
