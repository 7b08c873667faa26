"""The server's bots do not take back their own proposal while it is on the table (they pass
instead): a person gets to answer it (server/live/botplay.py). The engine's bots, as the benches
run them, are not changed."""

from __future__ import annotations

from botkit import TakesItBack

from server.engine import SYSTEM, apply, initial_state, waiting_sides
from server.engine.commands import (
    Call,
    Check,
    PassTalks,
    ProposeDeal,
    Seat,
    StartGame,
    WithdrawDeal,
)
from server.engine.legal import legal_commands
from server.engine.state import GameState
from server.live.botplay import bot_command
from server.live.loading import load_scenarios, new_room
from server.live.rooms import RoomInfo
from server.settings import ROOT

RULES = load_scenarios(ROOT / "rules")["intro"]


def talks_with_beijings_offer() -> GameState:
    state, _ = apply(RULES, initial_state(RULES), SYSTEM, StartGame(seed=5))
    while state.talks is None or state.talks.closed:
        side = waiting_sides(state)[0]
        betting = state.betting
        command = Call() if betting is not None and betting.facing else Check()
        state, _ = apply(RULES, state, Seat(side=side), command)
    legal = legal_commands(RULES, state, Seat(side="beijing"))
    offer = next(command for command in legal if isinstance(command, ProposeDeal))
    state, _ = apply(RULES, state, Seat(side="beijing"), offer)
    assert state.talks is not None and state.talks.proposal is not None
    return state


def test_a_server_bot_passes_rather_than_take_back_its_offer() -> None:
    state = talks_with_beijings_offer()
    info = RoomInfo("BOTS01", "intro", "en", {}, {"beijing": "planner"}, False, "")
    room = new_room(info, RULES, state, 30)
    room.bots["beijing"] = TakesItBack()  # type: ignore[assignment]
    assert bot_command(room, "beijing") == PassTalks()
    # The engine would have taken it: the rule is the server's bots', not the game's.
    assert state.talks is not None and state.talks.proposal is not None
    withdrawn, _ = apply(
        RULES, state, Seat(side="beijing"), WithdrawDeal(proposal=state.talks.proposal.id)
    )
    assert withdrawn.talks is not None and withdrawn.talks.proposal is None
