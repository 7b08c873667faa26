"""`brink bot` sending a move the game has just moved past: the other side's proposal reached the
server first, so the bot's own is refused `proposal_pending`. The bot printed "planner: propose
refused (proposal_pending…); playing safe" and made a fallback move on a state it had not
looked at; it now decides again on the state the refusal came with."""

from __future__ import annotations

from typing import Any

from clientkit import seated, to_talks

from client.bot import RemoteBot
from client.rules import fetch_rules
from server.engine.commands import PassTalks, ProposeDeal, TermChoice


async def test_a_bot_refused_because_the_game_moved_on_decides_again_quietly(
    server_url: str,
) -> None:
    washington, beijing = await seated(server_url)
    try:
        await to_talks(washington, beijing)
        said: list[str] = []
        rules = await fetch_rules(server_url, "intro")
        bot = RemoteBot(beijing, rules, "planner", say=said.append)
        options = beijing.my_options
        assert options is not None
        own = beijing.act

        async def after_washingtons(command: Any) -> Any:  # Washington's proposal lands first
            await washington.act(ProposeDeal(terms=[TermChoice(term="standstill")], rounds=1))
            return await own(command)

        beijing.act = after_washingtons  # type: ignore[method-assign]
        await bot._send(ProposeDeal(terms=[TermChoice(term="standstill")], rounds=1), options)
        beijing.act = own  # type: ignore[method-assign]
        assert said == [], said
        assert bot.moves == 0
        # nothing was played for Beijing on the state it had not looked at: still to answer
        view = beijing.view
        assert view["phase_kind"] == "talks" and "beijing" not in view["passed"], view
        await beijing.act(PassTalks())
    finally:
        await washington.close()
        await beijing.close()
