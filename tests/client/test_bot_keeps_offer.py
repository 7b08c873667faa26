"""`brink bot` does not take back its own proposal while it is on the table: it passes, as the
server's bots do (server/bots/base.py `before_people`), so the person across the table gets to
answer it. A bot that withdrew whatever it could took its offer back at once."""

from __future__ import annotations

import asyncio

from botkit import TakesItBack
from clientkit import seated, to_talks

from client.bot import RemoteBot
from client.rules import fetch_rules
from server.engine.commands import ProposeDeal, TermChoice


async def test_brink_bot_passes_rather_than_take_back_its_offer(server_url: str) -> None:
    washington, beijing = await seated(server_url)
    try:
        await to_talks(washington, beijing)
        await beijing.act(ProposeDeal(terms=[TermChoice(term="standstill")], rounds=1))
        offer = beijing.view["proposal"]
        assert offer is not None and offer["side"] == "beijing", beijing.view
        rules = await fetch_rules(server_url, "intro")
        bot = RemoteBot(beijing, rules, "planner", say=lambda line: None)
        bot.bot = TakesItBack()  # type: ignore[assignment]
        playing = asyncio.create_task(bot.play())
        try:
            await beijing.wait_for(lambda view: "beijing" in view["passed"])
        finally:
            playing.cancel()
        assert beijing.view["proposal"] == offer, beijing.view
    finally:
        await washington.close()
        await beijing.close()
