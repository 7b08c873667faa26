"""`brink bot` does not take back its own proposal while it is on the table: it passes, as the
server's bots do (server/bots/base.py `before_people`), so the person across the table gets to
answer it. A bot that withdrew whatever it could took its offer back at once."""

from __future__ import annotations

import asyncio

from clientkit import seated

from client.bot import RemoteBot
from client.rules import fetch_rules
from server.bots.base import Turn
from server.engine.commands import Check, Command, ProposeDeal, TermChoice, WithdrawDeal


class TakesItBack:
    """A bot that withdraws any proposal it can."""

    name = "takes_it_back"
    observes = False

    def choose(self, turn: Turn) -> Command:
        for command in turn.options:
            if isinstance(command, WithdrawDeal) and turn.allowed(command):
                return command
        return turn.options[0]


async def test_brink_bot_passes_rather_than_take_back_its_offer(server_url: str) -> None:
    washington, beijing = await seated(server_url)
    try:
        while beijing.view["phase_kind"] != "talks":  # check through the hand's betting
            mover = washington if washington.view["to_act"] == "washington" else beijing
            await mover.act(Check())
            seq = mover.view["seq"]
            await beijing.wait_for(lambda view, seq=seq: view["seq"] >= seq)
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
