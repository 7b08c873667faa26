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
