"""A room with stacked decks for browser tests of what happens with cards and deals."""

from __future__ import annotations

from server.engine import SYSTEM, apply
from server.engine.commands import StartGame
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import event_entries
from server.ruleset.schema import Side

US_DECK = (
    "us_tariff_34 us_tariff_50 us_eda_ban us_h20_controls us_tariff_threat_100 us_truce_extension"
)
CN_DECK = "cn_resume_licences cn_ree_seven cn_slow_walk_licences cn_heavy_ree_controls cn_tariff_34"
DECKS: dict[Side, list[str]] = {
    "washington": US_DECK.split(),
    "beijing": [*CN_DECK.split(), "cn_tariff_50"],
}
"""Intro decks, top card first: Washington holds two tariffs in its first hand."""


async def stacked_room(hub: Hub, decks: dict[Side, list[str]], scenario: str = "intro") -> str:
    """A room without timers whose decks are stacked (top card first); its code."""
    rules = hub.scenarios[scenario]
    room, _ = await hub.open_room(rules, "en", {}, {}, False)
    start = StartGame(seed=1, decks=decks)
    state, events = apply(rules, room.state, SYSTEM, start)
    await hub.graft(room, event_entries(0, "system", start, events, None, now_ms()), state)
    return room.code


US_FIVE = "us_tariff_34 us_h20_controls us_dollar_pressure us_alliances us_eda_ban"
CN_FIVE = "cn_halt_boeing cn_ree_seven cn_resume_licences cn_superhard_controls cn_tariff_34"
TOP: dict[Side, list[str]] = {"washington": US_FIVE.split(), "beijing": CN_FIVE.split()}
"""Classroom hands, stacked on top of the decks: Washington's first hand holds two cards that
cost 3 each (its 4 capital buys one of them, not both) and three that cost 1."""


def classroom_decks(hub: Hub) -> dict[Side, list[str]]:
    """The classroom decks with the hands of `TOP` dealt first."""
    decks = hub.scenarios["classroom"].scenario.decks
    return {
        side: [*TOP[side], *(c for c in getattr(decks, side) if c not in TOP[side])] for side in TOP
    }
