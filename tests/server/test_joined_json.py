"""The `joined` message is written as text straight from the room (the view's and the options'
JSON as updates carry them): it must say exactly what the protocol's Joined model says, for
every kind of seat, along whole games of every scenario."""

from __future__ import annotations

import json
import random

import pytest

from server.engine import SYSTEM, apply, initial_state, waiting_sides
from server.engine.commands import Seat, StartGame
from server.engine.legal import legal_commands
from server.live.loading import load_scenarios
from server.live.rooms import Room, RoomInfo, event_entries
from server.protocol import Entry, Joined
from server.replay.visible import viewer_of
from server.settings import ROOT

SCENARIOS = load_scenarios(ROOT / "rules")


def audiences(room: Room) -> list[str]:
    """Every seat a connection can hold in `room`: sides, their roles, spectator, instructor."""
    found = ["spectator", "instructor"]
    for side, spec in room.rules.spec.sides.items():
        found += [side, *(f"{side}:{role.id}" for role in spec.roles)]
    return found


def check(room: Room, log: list[Entry]) -> None:
    visible_from = max(0, room.n - 7)
    for audience in audiences(room):
        viewer = viewer_of(audience)
        entries = [e for e in log if e.n > visible_from]
        visible = [e for e in (room.visible(entry, viewer) for entry in entries) if e]
        fields = {
            "id": "j1",
            "code": room.code,
            "seat": audience,
            "role": "player" if viewer in ("washington", "beijing") else viewer,
            "token": "t" if viewer in ("washington", "beijing") else None,
            "scenario": room.info.scenario,
            "language": room.info.language,
            "in_class": room.info.in_class,
            "elsewhere": False,
            "seats": {"washington": "Ada", "beijing": "Cy"},
            "present": {"washington": "here", "beijing": "away"},
            "given": {"beijing": "Cy"},
            "forked_from": None,
        }
        text = room.joined_json(fields, visible, viewer, audience)
        model = Joined(
            **fields,
            n=room.n,
            view=room.view_json(viewer),
            entries=visible,
            deadline=room.deadline_ms,
            options=room.options(audience),
        )
        assert json.loads(text) == json.loads(model.model_dump_json()), (room.n, audience)
        assert Joined.model_validate_json(text) == model


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_joined_as_text_is_the_joined_model(scenario: str) -> None:
    rules = SCENARIOS[scenario]
    room = Room(
        RoomInfo("JOIN23", rules.id, "en", {}, {}, False, ""), rules, initial_state(rules), 0
    )
    log: list[Entry] = []
    chooser = random.Random(scenario)
    start = StartGame(seed=7)
    state, events = apply(rules, room.state, SYSTEM, start)
    entries = event_entries(0, "system", start, events, None, 1)
    room.advance(entries, state)
    log += entries
    check(room, log)
    moves = 0
    while not room.state.finished and moves < 300:
        side = waiting_sides(room.state)[0]
        seat = Seat(side=side)
        command = chooser.choice(legal_commands(rules, room.state, seat))
        state, events = apply(rules, room.state, seat, command)
        entries = event_entries(room.n, side, command, events, "c", 2)
        room.advance(entries, state)
        log += entries
        if moves % 5 == 0 or room.state.finished:
            check(room, log)
        moves += 1
    assert room.state.finished
