"""The debrief compares rooms' choices only where they were made from the same position: a side's
choice in one room's betting is not set against its pass in another room's talks (that room's
betting timed out, news came in between)."""

from __future__ import annotations

from recordkit import RULES, commands_record

from server.bots import make_bot
from server.engine import Seat
from server.engine.commands import INSTRUCTOR, SYSTEM, Command, InjectNews, PassTalks, Timeout
from server.engine.views import view
from server.game.match import play_match
from server.replay.debrief import debrief
from server.replay.debrief_moves import decisions
from server.replay.record import read_record
from server.replay.verify import Verified, verify
from server.ruleset.schema import SIDES

CLASSROOM = RULES["classroom"]


def _replayed(commands: list[tuple[Seat, Command]], code: str) -> Verified:
    return verify(read_record(commands_record(CLASSROOM, commands, code), code))


def test_choices_from_different_positions_are_not_compared() -> None:
    bots = {side: make_bot("planner_classic", side) for side in SIDES}
    commands = list(play_match(CLASSROOM, bots, 7).commands)
    start, washington, beijing = commands[0], commands[1], commands[2]
    assert start[1].type == "start" and washington[0].side == "washington"
    assert beijing[0].side == "beijing"
    news = (INSTRUCTOR, InjectNews(text="Markets rally"))
    # Room 1: Washington chooses in the first betting, news comes in, Beijing chooses.
    one = _replayed([start, washington, news, beijing], "AAAA")
    # Room 2: Beijing chooses, Washington's time runs out, Washington passes in the talks.
    timeout = (SYSTEM, Timeout(turn=2))
    two = _replayed([start, beijing, timeout, (Seat(side="washington"), PassTalks())], "BBBB")
    found = debrief([one, two])
    assert found["same_deal"] == [["AAAA", "BBBB"]]
    made = {v.record.header.code: {d.n: d for d in decisions(v)} for v in (one, two)}
    for point in found["divergences"]:
        moves = [made[r["code"]][r["n"]] for c in point["choices"] for r in c["rooms"]]
        # the same phase, and the same position as far as the choosers could see
        assert len({m.before.phase for m in moves}) == 1, point
        assert point["phase"] == moves[0].before.phase
        assert len({m.by for m in moves if m.by in SIDES}) <= 1, point
        for m in moves:
            seen = [
                view(CLASSROOM, o.before, m.by).model_copy(update={"seq": 0, "turn": 0})
                for o in moves
                if m.by in SIDES
            ]
            assert all(s == seen[0] for s in seen), point


def test_a_timeout_against_a_choice_from_the_same_position_is_still_told() -> None:
    bots = {side: make_bot("planner_classic", side) for side in SIDES}
    commands = list(play_match(CLASSROOM, bots, 7).commands)
    start, washington, beijing = commands[0], commands[1], commands[2]
    one = _replayed([start, washington, beijing], "AAAA")
    two = _replayed([start, washington, (SYSTEM, Timeout(turn=2))], "BBBB")
    (point,) = debrief([one, two])["divergences"]
    assert point["phase"] == "betting" and point["decision"] == 2
    assert sorted(c["command"]["type"] for c in point["choices"]) == ["bluff", "timeout"]
