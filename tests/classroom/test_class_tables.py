"""How placing students sees a class's rooms (server/classroom/classes.py `tables_of`): a room
whose game is being played counts as under way even while the class is still `open` — its
rooms start by themselves as both sides sit down, and nobody need press Start all rooms (which
says there is nothing to start). Counted by the class's state alone, a latecomer was placed on
the side a student had left in a game in play, coming in cold halfway through."""

from __future__ import annotations

from recordkit import RULES

from server.classroom.assign import place
from server.classroom.classes import tables_of
from server.classroom.model import ClassSession, Student
from server.engine import SYSTEM, apply, initial_state
from server.engine.commands import Check, StartGame
from server.live.rooms import Room, RoomInfo
from server.replay.verify import engine_seat
from server.ruleset.schema import Side

RULES_INTRO = RULES["intro"]
SEATS: dict[Side, list[str]] = {"washington": ["washington"], "beijing": ["beijing"]}


def _room(code: str, moves: int) -> Room:
    state, _ = apply(RULES_INTRO, initial_state(RULES_INTRO), SYSTEM, StartGame(seed=3))
    for _ in range(moves):
        side = state.betting.to_act if state.betting and state.betting.to_act else "washington"
        state, _ = apply(RULES_INTRO, state, engine_seat(side), Check())
    info = RoomInfo(code, "intro", "en", {}, {}, False, "")
    return Room(info, RULES_INTRO, state, 0)


def _class(students: dict[str, Student]) -> ClassSession:
    return ClassSession(
        code="ABCDE",
        owner="ms_li",
        title="Period 3",
        scenario="intro",
        language="en",
        mode="open",
        team=1,
        timers=False,
        seconds={},
        bots=None,
        same_deal=False,
        rooms=["ROOMA2"],
        students=students,
        created_at=0,
    )


def test_a_played_room_of_an_open_class_is_under_way_and_its_empty_side_kept() -> None:
    # Ada and Bo sat down and played; Bo then left: Beijing is empty in a game in play
    session = _class({"s1": Student(id="s1", name="Ada", room="ROOMA2", seat="washington")})
    played = tables_of(session, {"ROOMA2": _room("ROOMA2", 1)}, SEATS)
    assert played[0].started
    assert place(played) is None, "a newcomer gets a room of their own, not Bo's side"
    # the same room before any move: a newcomer may take the free side
    fresh = tables_of(session, {"ROOMA2": _room("ROOMA2", 0)}, SEATS)
    assert not fresh[0].started
    assert place(fresh) == (0, "beijing")
