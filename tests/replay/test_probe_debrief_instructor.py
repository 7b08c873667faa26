"""The instructor's own commands (news brought in, the game ended) are not a side's decision to
time: the debrief's "thought over longest" listed "UTVA5F side_instructor, hand 2: 199 s" — the
time between the teacher's news and the teacher ending the game — above every student."""

from __future__ import annotations

from recordkit import RULES

from server.bots import make_bot
from server.engine import apply, initial_state
from server.engine.commands import INSTRUCTOR, EndGame, InjectNews
from server.game.match import play_match
from server.live.rooms import event_entries
from server.replay.debrief import debrief
from server.replay.debrief_moves import decisions
from server.replay.record import header_for, read_record, write_record
from server.replay.verify import verify
from server.ruleset.schema import SIDES

CLASSROOM = RULES["classroom"]


def test_the_instructor_s_commands_are_not_timed_as_decisions() -> None:
    players = {side: make_bot("tit_for_tat", side) for side in SIDES}
    commands = play_match(CLASSROOM, players, 11).commands[:8]
    news = InjectNews(text="Talks resume", effects=[])
    # the teacher's news after the fourth command, the end of the game 200 s after it
    steps = [*commands[:4], (INSTRUCTOR, news), *commands[4:], (INSTRUCTOR, EndGame())]
    state = initial_state(CLASSROOM)
    entries: list[str] = []
    at = 1_700_000_000_000
    for seat, command in steps:
        at += 200_000 if command.type == "end_game" else 3_000
        state, events = apply(CLASSROOM, state, seat, command)
        name = "system" if seat.side == "system" else seat.side
        made = event_entries(len(entries), name, command, events, at=at)
        entries += [entry.model_dump_json() for entry in made]
    assert state.finished
    header = header_for("TEACH", CLASSROOM, entries, {"washington": "W", "beijing": "B"}, {})
    verified = verify(read_record(write_record(header, entries), "TEACH"))

    teacher = [d for d in decisions(verified) if d.seat == "instructor"]
    assert [d.command.type for d in teacher] == ["inject_news", "end_game"]
    assert [d.took_ms for d in teacher] == [None, None]
    found = debrief([verified])
    slowest = found["timing"]["slowest"]
    assert slowest and all(s["side"] in SIDES for s in slowest), slowest
    room = found["rooms"][0]
    slow = [p for p in room["turning_points"] if p["kind"] == "slow"]
    assert all(p.get("side") in SIDES for p in slow), slow
