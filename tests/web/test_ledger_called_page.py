"""The replay page's words-and-deeds ledger for a bluff that was called, step by step, as the
side that called it: "called" from the step of the call, the card and whether it was backed
only from the step it was shown (the next one: the call comes first, then the card). The ledger
said "shown" for every called bluff (it looked the threat up by the calling side). In a real
browser against a real server on a real Redis; the game played with the Python client."""

from __future__ import annotations

import aiohttp
from playwright.async_api import expect
from replay.test_ledger_called_bluff import _called_bluff
from web.test_replay import LAPTOP, Open, open_page, page_errors, remember

from client.rules import http_base
from server.engine.events import CardRevealed

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


async def test_beijing_sees_the_call_then_the_card(open_page: Open, web_url: str) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    code, key, tokens = await _called_bluff(ws_url)
    url = f"{http_base(ws_url)}/api/games/{code}/step?n=9999&as=all"
    headers = {"Authorization": f"Bearer {key}"}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as reply:
        entries = (await reply.json())["entries"]
    called = next(e["n"] for e in entries if (e["event"] or {}).get("type") == "bluff_called")
    revealed = next(e for e in entries if (e["event"] or {}).get("type") == "card_revealed")
    assert revealed["n"] == called + 1
    card = CardRevealed.model_validate(revealed["event"])
    _, page = await open_page(LAPTOP)
    await remember(page, web_url, [{"code": code, "seat": "beijing", "token": tokens["beijing"]}])
    await page.goto(f"{web_url}/?game={code}&as=beijing&step={called - 1}")
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {called - 1} of")
    threat = page.locator("#rp-ledger .lg-row.threat")
    await expect(threat).to_contain_text("Washington · Hand 1: a hidden card — not settled yet")
    await page.keyboard.press("ArrowRight")
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {called} of")
    await expect(threat).to_contain_text("Washington · Hand 1: a hidden card — called")
    await page.keyboard.press("ArrowRight")
    await expect(page.locator("#rp-pos")).to_contain_text(f"Step {called + 1} of")
    backed = "backed" if card.backed else "a bluff"
    await expect(threat).to_contain_text(f"— called · {backed}")
    await expect(threat.locator(".lg-card")).not_to_have_class("lg-card hidden")
    assert page_errors(page) == []
