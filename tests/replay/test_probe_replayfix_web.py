"""The web client puts a game's code into its links and requests encoded (encodeURIComponent): a
record kept before imports checked `forked_from.code` may still say it continues `../../api/…`,
and its replay's link to that game must ask `/api/games/<that code>`, not the route the dots
lead to. In a real browser against a real server on a real Redis."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from playwright.async_api import expect
from recordkit import RULES, bot_game
from redis.asyncio import Redis
from web.conftest import system_chromium, web_url
from web.test_replay import LAPTOP, Open, open_page, remember

from server.live.loading import now_ms
from server.protocol.tokens import new_token
from server.replay.record import read_record, summary_of
from server.storage.games import Games
from server.storage.store import token_hash

__all__ = ["open_page", "system_chromium", "web_url"]  # the browser tests' fixtures, reused

CODE = "FRKW22"
ASTRAY = "../../api/rules"


async def _kept_before(redis: Redis, code: str, forked_from: str) -> str:
    """Keep a finished game as an import did before it checked the fork's code; its key."""
    header, rest = bot_game(RULES["intro"], 3)[0].split("\n", 1)
    fork = {"code": forked_from, "step": 3}
    record = json.dumps({**json.loads(header), "code": code, "forked_from": fork}) + "\n" + rest
    key = new_token(18)
    summary = summary_of(read_record(record).header, {}, token_hash(key))
    await Games(redis).keep(code, record, json.dumps(summary), now_ms())
    return key


async def test_the_link_to_the_game_a_fork_continues_is_encoded(
    open_page: Open, web_url: str, redis: Redis
) -> None:
    key = await _kept_before(redis, CODE, ASTRAY)
    _, page = await open_page(LAPTOP)
    await remember(page, web_url, [{"code": CODE, "key": key}])
    await page.goto(f"{web_url}/?game={CODE}&as=all")
    link = page.locator("#rp-forked-from")
    await expect(link).to_have_attribute("href", "/?game=..%2F..%2Fapi%2Frules&step=3")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlsplit(request.url).path))
    await link.click()
    await expect(page.locator("#rp-error")).to_contain_text("No such game")
    assert "/api/games/..%2F..%2FAPI%2FRULES" in asked, asked  # the code, as the code
    assert not [path for path in asked if path.lower().startswith("/api/rules")], asked
