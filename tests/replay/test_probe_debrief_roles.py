"""Rooms dealt the same game part only where a side chose differently, not where a different
member of a team made the same move: a class's debrief listed "Washington checks" twice, as two
different choices, because the President had checked in one room and the Treasury in another."""

from __future__ import annotations

from recordkit import RULES

from server.bots import make_bot
from server.engine import Seat, apply, initial_state
from server.game.match import play_match
from server.live.rooms import event_entries
from server.replay.debrief import debrief
from server.replay.record import header_for, read_record, write_record
from server.replay.verify import Verified, verify
from server.ruleset.schema import SIDES

CLASSROOM = RULES["classroom"]


def played(code: str, roles: dict[str, str]) -> Verified:
    """The same deal and the same moves, made from the sides' seats or from team roles."""
    players = {side: make_bot("tit_for_tat", side) for side in SIDES}
    match = play_match(CLASSROOM, players, 5)
    state = initial_state(CLASSROOM)
    entries: list[str] = []
    at = 1_700_000_000_000
    for seat, command in match.commands:
        role = roles.get(seat.side)
        acting = Seat(side=seat.side, role=role) if role else seat
        state, events = apply(CLASSROOM, state, acting, command)
        name = "system" if seat.side == "system" else f"{seat.side}:{role}" if role else seat.side
        at += 4_000
        entries += [
            e.model_dump_json() for e in event_entries(len(entries), name, command, events, at=at)
        ]
    header = header_for(code, CLASSROOM, entries, {"washington": "W", "beijing": "B"}, {})
    return verify(read_record(write_record(header, entries), code))


def test_the_same_move_by_another_member_of_the_team_is_not_a_divergence() -> None:
    plain = played("AAAA", {})
    team = played("BBBB", {"washington": "president", "beijing": "leader"})
    found = debrief([plain, team])
    assert found["same_deal"] == [["AAAA", "BBBB"]]
    assert found["divergences"] == []
