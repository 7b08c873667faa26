"""The debrief over recorded bot games: rooms dealt the same game and where they parted, the
tariff lines with the 2025 line, deals and bluffs across rooms, time per decision, turning
points."""

from __future__ import annotations

import json
from typing import Any

import pytest
from recordkit import RULES, seeded_game

from server.bots import Bot, make_bot
from server.engine import Seat, apply, initial_state
from server.engine.commands import Command
from server.game.commandlog import read_log
from server.game.match import play_match
from server.live.rooms import event_entries
from server.protocol import Entry, Notice
from server.replay.debrief import debrief
from server.replay.debrief_export import events_csv
from server.replay.debrief_moves import decisions
from server.replay.history import history_record
from server.replay.ledger import ledger
from server.replay.record import header_for, read_record, write_record
from server.replay.verify import Verified, verify
from server.ruleset.loader import load_ruleset
from server.ruleset.schema import SIDES, Side

CLASSROOM = RULES["classroom"]
LINEUP = {
    "AAAA": ("planner_classic", "tit_for_tat"),
    "BBBB": ("planner_classic", "planner_classic"),
    "CCCC": ("hawk", "dove"),
    "DDDD": ("planner_classic", "tit_for_tat"),
}


def game(code: str, bots: tuple[str, str], seed: int = 7) -> Verified:
    text = seeded_game(CLASSROOM, seed, {"washington": bots[0], "beijing": bots[1]}, code)
    return verify(read_record(text, code))


@pytest.fixture(scope="module")
def same_deal() -> list[Verified]:
    return [game(code, bots) for code, bots in LINEUP.items()]


def _moves(verified: Verified) -> list[tuple[str, str]]:
    return [
        (e.command.seat, e.command.command.model_dump_json())
        for e in verified.record.entries
        if e.command is not None and e.command.command.type != "start"
    ]


def test_rooms_dealt_the_same_game_part_where_their_choices_first_differ(
    same_deal: list[Verified],
) -> None:
    found = debrief(same_deal)
    assert found["same_deal"] == [list(LINEUP)]
    moves = {v.record.header.code: _moves(v) for v in same_deal}
    # where the four rooms' choices first differ, worked out here on the commands alone
    k = next(i for i in range(99) if len({json.dumps(m[i]) for m in moves.values()}) > 1)
    first = found["divergences"][0]
    assert first["decision"] == k + 1
    assert first["rooms"] == list(LINEUP)
    tabled = {where["code"]: choice for choice in first["choices"] for where in choice["rooms"]}
    assert set(tabled) == set(LINEUP)
    for code, choice in tabled.items():
        seat, command = moves[code][k]
        assert (choice["seat"], json.dumps(choice["command"], separators=(",", ":"))) == (
            seat,
            command,
        )
    assert len(first["choices"]) == len({moves[c][k] for c in LINEUP})
    # AAAA and DDDD are the same bots on the same deal: wherever both are, they chose alike
    for point in found["divergences"]:
        for choice in point["choices"]:
            codes = {where["code"] for where in choice["rooms"]}
            assert "AAAA" not in point["rooms"] or ("AAAA" in codes) == ("DDDD" in codes)
    # every point is a place where the rooms it names stood in the same position
    made = {v.record.header.code: decisions(v) for v in same_deal}
    for point in found["divergences"]:
        before = [made[code][point["decision"] - 1].before for code in point["rooms"]]
        assert all(state == before[0] for state in before[1:])
        assert point["hand"] == before[0].round >= 1


def test_rooms_dealt_different_games_are_not_compared() -> None:
    found = debrief(
        [game("AAAA", ("planner_classic", "dove"), 1), game("BBBB", ("planner_classic", "dove"), 2)]
    )
    assert found["same_deal"] == []
    assert found["divergences"] == []
    assert all(p["kind"] != "diverged" for r in found["rooms"] for p in r["turning_points"])


def _replayed(commands: list[tuple[Seat, Command]], code: str) -> Verified:
    state = initial_state(CLASSROOM)
    entries: list[str] = []
    for index, (seat, command) in enumerate(commands):
        state, events = apply(CLASSROOM, state, seat, command)
        name = "system" if seat.side == "system" else seat.side
        at = 1_700_000_000_000 + 1000 * index
        made = event_entries(len(entries), name, command, events, at=at)
        entries += [entry.model_dump_json() for entry in made]
    header = header_for(code, CLASSROOM, entries, {}, {})
    return verify(read_record(write_record(header, entries), code))


def test_the_same_moves_in_another_order_are_not_a_divergence() -> None:
    bots: dict[Side, Bot] = {side: make_bot("planner_classic", side) for side in SIDES}
    commands = list(play_match(CLASSROOM, bots, 7).commands)
    # two passes in a row in the talks, by the two sides: swapped in the second room
    i = next(
        i
        for i in range(1, len(commands) - 1)
        if commands[i][1].type == "pass" == commands[i + 1][1].type
        and commands[i][0] != commands[i + 1][0]
    )
    swapped = [*commands[:i], commands[i + 1], commands[i], *commands[i + 2 :]]
    one, two = _replayed(commands, "AAAA"), _replayed(swapped, "BBBB")
    assert _moves(one) != _moves(two)
    found = debrief([one, two])
    assert found["same_deal"] == [["AAAA", "BBBB"]]
    assert found["divergences"] == []
    # a room that has not got as far (still playing) has not parted from the others either
    early = _replayed(swapped[: i + 3], "CCCC")
    assert debrief([one, two, early])["divergences"] == []


def test_the_tariff_lines_of_every_room_and_of_2025(same_deal: list[Verified]) -> None:
    full = load_ruleset("rules/full_2025.yaml")
    _, text = history_record(full, read_log("rules/history/2025.jsonl"))
    history = verify(read_record(text, "H2025"))
    found = debrief(same_deal, history)
    lines = found["trajectories"]
    assert lines["names"] == ["tariff_on_china", "tariff_on_us"]
    for verified in same_deal:
        line = lines["rooms"][verified.record.header.code]
        final = verified.final.vars
        assert line["points"][-1]["values"] == {
            "tariff_on_china": final["tariff_on_china"],
            "tariff_on_us": final["tariff_on_us"],
        }
        xs = [p["x"] for p in line["points"]]
        assert xs == sorted(xs) and xs[0] >= 0 and xs[-1] <= line["hands"] == verified.final.round
    peaks = {
        name: max(p["values"][name] for p in lines["history"]["points"]) for name in lines["names"]
    }
    assert peaks == {"tariff_on_china": 145, "tariff_on_us": 125}, "Liberation Day's peaks"
    assert lines["history"]["hands"] == history.final.round


def test_deals_and_bluffs_across_rooms_are_each_rooms_ledger(same_deal: list[Verified]) -> None:
    found = debrief(same_deal)
    for verified in same_deal:
        code = verified.record.header.code
        book = ledger(verified.record.entries)
        assert [
            {k: v for k, v in d.items() if k != "room"} for d in found["deals"] if d["room"] == code
        ] == book["deals"]
        assert [t for t in found["threats"] if t["room"] == code] == [
            {"room": code, **t} for t in book["threats"]
        ]
    assert found["totals"]["deals"]["struck"] == len(found["deals"]) > 0
    assert sum(s["threats"] for s in found["totals"]["sides"].values()) == len(found["threats"]) > 0
    assert sum(found["outcomes"].values()) == len(same_deal)


def test_time_per_decision_leaves_out_the_time_the_room_was_paused() -> None:
    verified = game("AAAA", ("planner_classic", "tit_for_tat"))
    plain = decisions(verified)
    first = plain[0]
    started = verified.record.entries[first.n - 2].at
    assert first.took_ms == first.at - started  # type: ignore[operator]
    # pause the room for 2.5 s while the first decision was being thought over
    assert started is not None
    paused = Notice(kind="paused", by="teacher", at=started + 500)
    said = Notice(kind="broadcast", by="teacher", text="Think it over", at=started + 1000)
    resumed = Notice(kind="resumed", by="teacher", at=started + 3000)
    pause = [Entry(n=0, notice=notice, at=notice.at) for notice in (paused, said, resumed)]
    again = _with(verified, first.n - 1, pause)
    moved = decisions(again)
    assert moved[0].took_ms == first.took_ms - 2500  # type: ignore[operator]
    # and out of Beijing's, choosing in secret meanwhile (its clock ran from the same turn:
    # tests/classroom/test_debrief_secret_betting_time.py)
    assert moved[1].took_ms == plain[1].took_ms - 2500  # type: ignore[operator]
    assert [m.took_ms for m in moved[2:]] == [m.took_ms for m in plain[2:]]
    timing = debrief([again])["rooms"][0]["timing"]
    assert timing["washington"]["decisions"] + timing["beijing"]["decisions"] == len(moved)
    assert timing["washington"]["timed"] > 0 and timing["washington"]["median_ms"] > 0


def _with(verified: Verified, before: int, added: list[Entry]) -> Verified:
    """The game with `added` entries put in after its first `before` entries."""
    entries = list(verified.record.entries)
    made = [*entries[:before], *added, *entries[before:]]
    renumbered = [e.model_copy(update={"n": i}).model_dump_json() for i, e in enumerate(made, 1)]
    header = header_for("AAAA", CLASSROOM, renumbered, {}, {})
    return verify(read_record(write_record(header, renumbered), "AAAA"))


def test_a_bot_standing_in_for_a_side_is_left_out_of_its_time() -> None:
    verified = game("AAAA", ("planner_classic", "tit_for_tat"))
    plain = decisions(verified)
    third = next(d for d in plain[2:] if d.sides == ("washington",))
    at = verified.record.entries[third.n - 2].at or 0
    stand_in = Notice(kind="bot_in", by="teacher", seat="washington", name="dove", at=at)
    hand_back = Notice(kind="bot_out", by="system", seat="washington", at=at)
    again = _with(verified, third.n - 1, [Entry(n=0, notice=stand_in, at=at)])
    moves = decisions(again)
    standing = [m.n >= third.n and m.sides == ("washington",) for m in plain]
    assert [m.bot for m in moves] == standing, "a bot plays Washington's moves from then on"
    last = plain[-1]
    again = _with(again, last.n, [Entry(n=0, notice=hand_back, at=at)])
    assert [m.bot for m in decisions(again)] == standing
    back = _with(
        verified,
        third.n,
        [Entry(n=0, notice=stand_in, at=at), Entry(n=0, notice=hand_back, at=at)],
    )
    assert not any(m.bot for m in decisions(back)), "handed back before the next decision"


def test_bots_are_left_out_of_the_time_people_took() -> None:
    text = seeded_game(CLASSROOM, 3, {"washington": "planner_classic", "beijing": "dove"}, "BOTS")
    lines = text.splitlines()
    head = json.loads(lines[0])
    head["bots"] = {"beijing": "dove"}
    verified = verify(read_record("\n".join([json.dumps(head), *lines[1:]]), "BOTS"))
    timing = debrief([verified])["rooms"][0]["timing"]
    assert timing["beijing"]["bot"] and timing["beijing"]["timed"] == 0
    assert timing["beijing"]["median_ms"] is None and timing["beijing"]["decisions"] > 0
    assert not timing["washington"]["bot"] and timing["washington"]["timed"] > 0


def test_turning_points_are_steps_of_the_room(same_deal: list[Verified]) -> None:
    found = debrief(same_deal)
    for room, verified in zip(found["rooms"], same_deal, strict=True):
        points = room["turning_points"]
        assert 0 < len(points) <= 10
        assert [p["n"] for p in points] == sorted(p["n"] for p in points)
        assert all(1 <= p["n"] <= len(verified.record.entries) for p in points)
        assert points[-1] == {
            "n": len(verified.record.entries),
            "kind": "end",
            "outcome": verified.record.header.outcome,
            "hand": verified.final.round,
        }
        parted = [p for p in points if p["kind"] == "diverged"]
        named = [
            where["n"]
            for point in found["divergences"]
            for choice in point["choices"]
            for where in choice["rooms"]
            if where["code"] == room["code"]
        ]
        assert [p["n"] for p in parted] == sorted(named)
        for point in points:
            if point["kind"] == "deal":
                assert verified.record.entries[point["n"] - 1].event.type == "deal_struck"


def _bluffing_pair(intro: Any) -> tuple[Verified, Verified]:
    """Return two same-deal games (planner_classic vs planner_classic, vs tit_for_tat) that first
    part where the first one plays its first card face down, a card the other game does not
    show there: the first seed where they do."""
    for seed in range(1, 60):
        bots = {"washington": "planner_classic", "beijing": "planner_classic"}
        whole = verify(read_record(seeded_game(intro, seed, bots, "BBBB"), "BBBB"))
        bots["beijing"] = "tit_for_tat"
        other = verify(read_record(seeded_game(intro, seed, bots, "AAAA"), "AAAA"))
        parted = debrief([other, whole])["divergences"]
        first = next(
            (
                e.n
                for e in whole.record.entries
                if e.command is not None and e.command.command.type == "bluff"
            ),
            None,
        )
        if parted and any(
            c["command"]["type"] == "bluff"
            and c["rooms"][0]["code"] == "BBBB"
            and c["rooms"][0]["n"] == first
            and all(
                c["command"]["card"] not in json.dumps(o)
                for o in parted[0]["choices"]
                if o is not c
            )
            for c in parted[0]["choices"]
        ):
            return whole, other
    raise AssertionError("no seed where the games part at a face-down card")


def test_a_running_game_keeps_face_down_cards_hidden() -> None:
    intro = RULES["intro"]
    whole, other = _bluffing_pair(intro)
    bluff = next(
        e
        for e in whole.record.entries
        if e.command is not None and e.command.command.type == "bluff"
    )
    card = bluff.command.command.card  # type: ignore[union-attr]
    # the game as far as it had got when the face-down card was put down (not yet called)
    after = next(e.n for e in whole.record.entries[bluff.n :] if e.command is not None)
    cut = [e.model_dump_json() for e in whole.record.entries[: after - 1]]
    running = verify(read_record(write_record(header_for("BBBB", intro, cut, {}, {}), cut)))
    found = debrief([other, running])
    assert found["rooms"][1]["over"] is False and found["rooms"][1]["outcome"] is None
    assert found["outcomes"] == {other.record.header.outcome: 1, "running": 1}
    assert [t["card"] for t in found["threats"] if t["room"] == "BBBB"] == [None]
    assert card not in json.dumps(found["rooms"][1])
    (parted,) = found["divergences"]
    (theirs,) = [c for c in parted["choices"] if c["rooms"][0]["code"] == "BBBB"]
    assert theirs["command"] == {"type": "bluff", "card": None}
    assert card not in json.dumps(parted)
    assert card not in events_csv([running]) and card in events_csv([whole])
    # once the game is over, the debrief shows the card
    finished = debrief([other, whole])["divergences"][0]
    assert {"type": "bluff", "card": card} in [c["command"] for c in finished["choices"]]
