"""Rooms dealt the same game part where different sides speak first in the talks: a tester's
class had one room's Beijing propose a standstill (never accepted) and another room's Washington
propose it (a deal struck), and the debrief said the rooms "made the same choices all the way
through" — the walk compared only one chooser's moves and, finding two, said nothing. That point
is now a divergence naming each room's speaker; where the walk cannot line rooms up at all
(news in one room), it says where it stopped (`unaligned`) instead of nothing."""

from __future__ import annotations

from recordkit import RULES, commands_record

from server.bots import make_bot
from server.engine import Seat, apply, initial_state
from server.engine.commands import INSTRUCTOR, SYSTEM, Command, InjectNews, Timeout
from server.game.match import play_match
from server.replay.debrief_diverge import Played, divergences
from server.replay.debrief_moves import decisions
from server.replay.record import read_record
from server.replay.verify import verify
from server.ruleset.schema import SIDES

CLASSROOM = RULES["classroom"]


def _replayed(commands: list[tuple[Seat, Command]], code: str) -> Played:
    verified = verify(read_record(commands_record(CLASSROOM, commands, code), code))
    return Played(code, verified, decisions(verified))


def _opening() -> tuple[list[tuple[Seat, Command]], Command]:
    """A game's commands up to its first talks, and the proposal Washington made there."""
    bots = {side: make_bot("planner_classic", side) for side in SIDES}
    commands = list(play_match(CLASSROOM, bots, 1).commands)
    state = initial_state(CLASSROOM)
    for index, (seat, command) in enumerate(commands):
        if CLASSROOM.phases[state.phase_index].kind == "talks" and command.type == "propose":
            return commands[:index], command
        state, _ = apply(CLASSROOM, state, seat, command)
    raise AssertionError("no proposal in the talks")


def test_rooms_whose_talks_different_sides_open_have_parted() -> None:
    before, proposal = _opening()
    one = _replayed([*before, (Seat(side="beijing"), proposal)], "AAAA")
    two = _replayed([*before, (Seat(side="washington"), proposal)], "BBBB")
    unaligned: list[dict[str, object]] = []
    (point,) = divergences([one, two], unaligned)
    assert unaligned == []
    assert (
        point["phase"] == CLASSROOM.phases[one.moves[point["decision"] - 1].before.phase_index].id
    )
    said = {c["rooms"][0]["code"]: (c["seat"], c["command"]["type"]) for c in point["choices"]}
    assert said == {"AAAA": ("beijing", "propose"), "BBBB": ("washington", "propose")}


def test_rooms_it_cannot_line_up_are_not_said_to_have_chosen_alike() -> None:
    """The betting's choices are secret (both sides choose at once): who chose first tells
    nothing, and news in one room puts its next choice in another position."""
    bots = {side: make_bot("planner_classic", side) for side in SIDES}
    start, washington, beijing = list(play_match(CLASSROOM, bots, 7).commands)[:3]
    news = (INSTRUCTOR, InjectNews(text="Markets rally"))
    one = _replayed([start, washington, news, beijing], "AAAA")
    two = _replayed([start, beijing, (SYSTEM, Timeout(turn=2))], "BBBB")
    unaligned: list[dict[str, object]] = []
    assert divergences([one, two], unaligned) == []
    assert unaligned == [{"group": 0, "rooms": ["AAAA", "BBBB"], "decision": 1}]
