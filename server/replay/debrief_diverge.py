"""Where rooms dealt the same game chose differently at the same moment.

Rooms share a deal when their games start from the same command (the same seed, the same
stacked decks) under the same rules: a class played with "the same deal for every room". Such
rooms are in the same position until someone chooses differently. Walking their decisions side by
side, the first decision that is not the same in every room is a divergence: the position it was
made from, and each room's choice. Rooms that chose alike walk on together and may part later,
so one group of rooms gives a tree of divergences.

Two sides acting in either order (both passing in the talks, say) is not a divergence: when the
rooms' next few decisions are the same moves in another order and lead to the same position, the
walk goes on past them.

Only choices made from the same position are set side by side: the same phase and the same state as
far as the chooser could see (a side sees its own view; who has chosen in secret and the turn's
number aside). Where different sides moved first from the same whole position (both may act in
the talks: one room's Beijing proposed, another's Washington), that is where the rooms parted, and
it is told so. Where the rooms' paths cannot be lined up so (one room's betting timed out, another's
instructor injected news), the walk compares nothing past that point and notes where it stopped
(`unaligned`), so that rooms it could not follow are not said to have chosen alike."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from server.engine.state import GameState
from server.engine.views import view
from server.replay.debrief_moves import Decision, shown_command
from server.replay.debrief_paths import TARIFFS
from server.replay.verify import Verified
from server.ruleset.schema import SIDES

REORDER_WINDOW = 4
"""How many decisions in another order still count as the same moves (both sides in the talks)."""


@dataclass(frozen=True, slots=True)
class Played:
    """One room's game, as the divergence walk needs it."""

    code: str
    verified: Verified
    moves: list[Decision]
    revealed: frozenset[str] = frozenset()
    """The cards shown after being played face down (a running game hides the others)."""
    started: bool = True
    """Whether its game started (its clock ran: debrief_moves.py `span`). One that never did
    (its room waits for its players, or waited until the game was ended) is not played: no
    decisions (an instructor's End of it is none), no winner."""

    @property
    def over(self) -> bool:
        return self.verified.record.header.outcome is not None

    @property
    def never_played(self) -> bool:
        """Whether its game ended without ever starting: it never will be played (a room still
        waiting for its players may yet be)."""
        return self.over and not self.started


def deal_of(verified: Verified) -> str | None:
    """Return what identifies a game's deal (its rules and its start command), or None if the
    game has not started."""
    for entry in verified.record.entries:
        if entry.command is not None and entry.command.command.type == "start":
            return f"{verified.record.header.rules_hash}|{entry.command.command.model_dump_json()}"
    return None


def deal_groups(games: list[Played]) -> list[list[Played]]:
    """Return the rooms that share a deal, groups of two or more, in the order first seen (a
    room whose game ended without ever starting is in none: it made no choice to compare)."""
    groups: dict[str, list[Played]] = {}
    for game in games:
        deal = None if game.never_played else deal_of(game.verified)  # it chose nothing
        if deal is not None:
            groups.setdefault(deal, []).append(game)
    return [group for group in groups.values() if len(group) >= 2]


def divergences(
    games: list[Played], unaligned: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Return every divergence among rooms that share a deal, each group's in the order played.

    Each: `group` (its index), `rooms` (the codes still together), `decision` (how many
    decisions in), `hand`, `phase`, `to_act`, `stake`, `values` (the public variables then) and
    `choices`: each distinct choice with its `seat`, `command` and the rooms (`code`, `n`).
    `unaligned`, if given, gets where rooms still together could no longer be compared: `group`,
    `rooms` and `decision` (the first one not lined up; they chose alike before it)."""
    found: list[dict[str, Any]] = []
    stops: list[dict[str, Any]] = [] if unaligned is None else unaligned
    for number, group in enumerate(deal_groups(games)):
        _walk(group, 0, number, found, stops)
    return found


def _walk(
    rooms: list[Played],
    k: int,
    group: int,
    found: list[dict[str, Any]],
    stops: list[dict[str, Any]],
) -> None:
    while True:
        rooms = [room for room in rooms if k < len(room.moves)]
        if len(rooms) < 2:
            return
        keys = {room.moves[k].key() for room in rooms}
        if len(keys) == 1:
            k += 1
            continue
        skip = _reordered(rooms, k)
        if skip:
            k += skip
            continue
        chosen = _by_seat(rooms, k)
        if chosen is not None:
            # The seat that chose differently, when the other side moved first in some rooms:
            # each part walks on from the same place (its rooms may still differ in order).
            found.append(_point(rooms, k, group, chosen))
            for part in _parts(rooms, chosen):
                _walk(part, k, group, found, stops)
            return
        moves = {room.code: room.moves[k] for room in rooms}
        if not _comparable(rooms, list(moves.values())):
            # not the same position: nothing true to say of the choices, but that they parted
            stops.append({"group": group, "rooms": [r.code for r in rooms], "decision": k + 1})
            return
        found.append(_point(rooms, k, group, moves))
        for part in _parts(rooms, moves):
            _walk(part, k + 1, group, found, stops)
        return


def _parts(rooms: list[Played], moves: dict[str, Decision]) -> list[list[Played]]:
    parts: dict[str, list[Played]] = {}
    for room in rooms:
        parts.setdefault(moves[room.code].key(), []).append(room)
    return list(parts.values())


def _by_seat(rooms: list[Played], k: int) -> dict[str, Decision] | None:
    """When the rooms' next moves are by different seats (both sides may act), return each
    room's first move, within the next few, of a seat that chose differently in some room."""
    seats = sorted({room.moves[k].by for room in rooms})
    if len(seats) < 2:
        return None
    for seat in seats:
        firsts: dict[str, Decision] = {}
        for room in rooms:
            for move in room.moves[k : k + REORDER_WINDOW]:
                if move.by == seat:
                    firsts[room.code] = move
                    break
        if (
            len(firsts) == len(rooms)
            and len({m.key() for m in firsts.values()}) > 1
            and _comparable(rooms, [firsts[room.code] for room in rooms])
        ):
            return firsts
    return None


def _comparable(rooms: list[Played], moves: list[Decision]) -> bool:
    """Whether the moves (one per room) were made from the same position: by one chooser (the
    server's timeout or the instructor's news may stand against it), the same state as that
    chooser could see it; by different sides (each moved first, as either may in the talks), the
    same whole state."""
    sides = {move.by for move in moves if move.by in SIDES}
    if len(sides) > 1 and not _talks(rooms[0], moves[0].before):
        return False  # secret choices (a simultaneous betting): who chose first tells nothing
    # a side sees its view; the server and instructor all, as do sides compared with each other
    by = next(iter(sides)) if len(sides) == 1 else "instructor"
    seen = [_seen(room, move.before, by) for room, move in zip(rooms, moves, strict=True)]
    return all(state == seen[0] for state in seen[1:])


def _talks(room: Played, state: GameState) -> bool:
    """Whether `state` is in talks, where either side may speak first, in the open."""
    return room.verified.record.rules.phases[state.phase_index].kind == "talks"


def _seen(room: Played, state: GameState, by: str) -> Any:
    """The position as `by` could see it: a side's view, else the whole state (the turn's number
    and the event count aside; who has chosen in secret aside for a side)."""
    if by in SIDES:
        seen = view(room.verified.record.rules, state, by)
        sides = {s: v.model_copy(update={"submitted": False}) for s, v in seen.sides.items()}
        return seen.model_copy(update={"seq": 0, "turn": 0, "sides": sides})
    return state.model_copy(update={"seq": 0, "turn": 0})


def _reordered(rooms: list[Played], k: int) -> int:
    """Return w if every room's next w decisions are the same moves in some order and leave the
    rooms in the same position; else 0."""
    for width in range(2, REORDER_WINDOW + 1):
        if any(len(room.moves) < k + width for room in rooms):
            return 0
        bags = {
            frozenset(Counter(m.key() for m in room.moves[k : k + width]).items()) for room in rooms
        }
        if len(bags) != 1:
            continue
        after = [_after(room, k + width - 1) for room in rooms]
        if all(state == after[0] for state in after[1:]):
            return width
    return 0


def _after(room: Played, index: int) -> Any:
    """The position after decision `index` and the events it caused (before the next decision)."""
    following = room.moves[index + 1].n - 1 if index + 1 < len(room.moves) else -1
    state = room.verified.states[following]
    return state.model_copy(update={"seq": 0})


def _point(rooms: list[Played], k: int, group: int, moves: dict[str, Decision]) -> dict[str, Any]:
    state = moves[rooms[0].code].before  # the position the compared moves were made from
    choices: dict[str, dict[str, Any]] = {}
    for room in rooms:
        move = moves[room.code]
        choice = choices.setdefault(
            move.key(),
            {"seat": move.seat, "sides": list(move.sides), "command": None, "rooms": []},
        )
        shown = shown_command(move, room.over, room.revealed)
        if choice["command"] is None or shown.get("card", "") is None:
            choice["command"] = shown  # one running room hides the card for every room
        choice["rooms"].append({"code": room.code, "n": move.n})
    return {
        "group": group,
        "rooms": [room.code for room in rooms],
        "decision": k + 1,
        "hand": state.round,
        "phase": state.phase,
        "to_act": state.to_act,
        "stake": state.betting.stake if state.betting is not None else None,
        "values": {name: state.vars[name] for name in TARIFFS if name in state.vars},
        "choices": sorted(
            choices.values(), key=lambda c: (-len(c["rooms"]), c["rooms"][0]["code"])
        ),
    }
