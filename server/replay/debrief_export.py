"""The debrief's exports: CSV with one row per log entry (`events`) or one row per game (`games`),
and one JSON document with the debrief, the games and the events. Pure: text in, text out.

A finished game's entries are exported all-seeing; a running game's as a spectator saw them.
A cell that a spreadsheet would read as a formula (a player's name starting with `=`, say) is
written with a leading apostrophe.

A class's rooms carry their `room_number` (1, 2, … as its dashboard numbers them, from the
`numbers` given); other rooms have none (an empty cell, `null` in the JSON). A class's students
moved out of a room mid-game (`held`) are credited: a game's `earlier_washington` and
`earlier_beijing` (`Ada (hands 1-2, 3 decisions)`), a command's `name` (whoever held its seat
then; a bot's move is the bot's, `bot:planner`). Both columns come last: the columns before
them are as they were."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from server.replay.debrief import debrief, outcome_of, played, viewer_for
from server.replay.debrief_diverge import Played, deal_groups
from server.replay.debrief_holders import (
    Held,
    earlier_people,
    earlier_seats,
    holder_at,
    holder_spans,
    stand_ins,
)
from server.replay.debrief_moves import span, timing
from server.replay.debrief_paths import TARIFFS, hand_at, hand_bounds, peaks, trajectory
from server.replay.ledger import ledger
from server.replay.record import in_seat_order
from server.replay.steps import shown
from server.replay.verify import Verified
from server.ruleset.schema import SIDES

Numbers = dict[str, int]
"""A class's room numbers by room code, as its dashboard shows them ("Room 2")."""

FORMAT = "brinkmanship-debrief"
VERSION = 1
EVENT_COLUMNS = [
    "room", "room_number", "n", "at_ms", "time_utc", "hand", "phase", "entry", "seat", "type",
    "detail", *TARIFFS, "name",
]  # fmt: skip
GAME_COLUMNS = [
    "room", "room_number", "scenario", "over", "outcome", "winner",
    "score_washington", "score_beijing",
    "objective_washington", "objective_washington_met",
    "objective_beijing", "objective_beijing_met",
    "hands", "started_utc", "ended_utc", "duration_s", "waited_s",
    "washington", "beijing", "bots",
    "decisions", "timeouts", "median_s_washington", "median_s_beijing",
    "deals_struck", "deals_kept", "deals_broken", "deals_in_force",
    "threats_washington", "threats_beijing", "bluffs_called", "folds",
    "final_tariff_on_china", "final_tariff_on_us", "peak_tariff_on_china", "peak_tariff_on_us",
    "same_deal_as", "forked_from", "earlier_washington", "earlier_beijing",
]  # fmt: skip


def utc(ms: int | None) -> str:
    """Return a time in ms since the epoch as ISO 8601 UTC (empty for none, and for a time no
    calendar holds: an imported record's entries carry whatever times it was given)."""
    if ms is None:
        return ""
    try:
        moment = datetime.fromtimestamp(ms / 1000, UTC)
    except (OverflowError, ValueError, OSError):
        return ""
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def event_rows(
    games: list[Verified], numbers: Numbers | None = None, held: list[Held] | None = None
) -> list[dict[str, Any]]:
    """Return one row per log entry of every game, in the games' order then log order; a
    command's `name` is whoever held its seat then (a class's student moved out later too)."""
    rows: list[dict[str, Any]] = []
    for room in played(games):
        verified = room.verified
        earlier = holder_spans(room, held or [])
        by_bots = {move.n: move.bot_name for move in room.moves if move.bot}
        bounds = hand_bounds(verified)
        deals: dict[int, int] = {}
        for entry in shown(verified, viewer_for(room), 1, len(verified.record.entries)):
            state = verified.states[entry.n]
            # a command is made in the phase before it; an event is in the phase after it
            before = verified.states[entry.n - 1] if entry.command is not None else state
            row: dict[str, Any] = {
                "room": room.code,
                "room_number": (numbers or {}).get(room.code),
                "n": entry.n,
                "at_ms": entry.at,
                "time_utc": utc(entry.at),
                "hand": hand_at(bounds, entry.n),
                "phase": before.phase,
            }
            row.update(_what(entry))
            if row["entry"] == "command" and entry.n in by_bots:  # not the seat's player's
                row["name"] = f"bot:{by_bots[entry.n] or ''}"
            elif row["entry"] == "command":
                row["name"] = holder_at(room, earlier, row["seat"], entry.n)
            elif row["entry"] == "chat":
                row["name"] = row["detail"]["name"]
            _number_deal(row, deals)
            for name in TARIFFS:
                row[name] = state.vars.get(name)
            rows.append(row)
    return rows


DEAL_EVENTS = ("deal_struck", "deal_broken", "deal_expired")


def _number_deal(row: dict[str, Any], numbers: dict[int, int]) -> None:
    """Give a deal's event its `number` in the order the game struck its deals (1, 2, …): its
    `deal` is the engine's id, the accepted proposal's (a game's first deal may be 3)."""
    if row["entry"] != "event" or row["type"] not in DEAL_EVENTS:
        return
    deal = row["detail"]["deal"]
    if row["type"] == "deal_struck":
        numbers[deal] = len(numbers) + 1
    if deal in numbers:
        row["detail"]["number"] = numbers[deal]


def _what(entry: Any) -> dict[str, Any]:
    if entry.event is not None:
        detail = entry.event.model_dump(mode="json", exclude={"type"})
        side = detail.get("side")
        return {"entry": "event", "seat": side or "", "type": entry.event.type, "detail": detail}
    if entry.command is not None:
        command = entry.command.command
        detail = command.model_dump(mode="json", exclude={"type"})
        return {
            "entry": "command",
            "seat": entry.command.seat,
            "type": command.type,
            "detail": detail,
        }
    if entry.chat is not None:
        detail = {"name": entry.chat.name, "text": entry.chat.text, "team": entry.chat.team}
        return {"entry": "chat", "seat": entry.chat.seat, "type": "chat", "detail": detail}
    notice = entry.notice
    detail = notice.model_dump(mode="json", exclude={"type", "kind"}) if notice else {}
    return {"entry": "notice", "seat": "", "type": notice.kind if notice else "", "detail": detail}


def game_rows(
    games: list[Verified], numbers: Numbers | None = None, held: list[Held] | None = None
) -> list[dict[str, Any]]:
    """Return one row per game: its outcome, scores, players (the last at each seat, and in
    `earlier_SIDE` the class's students moved out of one mid-game), deals, threats and timing.
    A game that never started (debrief.py) is `not_played`: empty winner, scores and objectives
    met, no hands, decisions nor duration."""
    rooms = played(games)
    together = _same_deal(rooms)
    rows = []
    for room in rooms:
        header = room.verified.record.header
        final = room.verified.final
        book = ledger(shown(room.verified, viewer_for(room), 1, len(room.verified.record.entries)))
        line = trajectory(room.verified)
        times = timing(room.moves)
        scored = room.over and room.started  # a game that never started: `not_played`
        scores = final.scores if scored else {}
        best = max(scores.values()) if scores else None
        winners = [side for side, score in scores.items() if score == best]
        deals = [deal["status"] for deal in book["deals"]]
        clock = span(room.verified)
        before = earlier_people(room, earlier_seats(room, held or []), held)
        row: dict[str, Any] = {
            "room": room.code,
            "room_number": (numbers or {}).get(room.code),
            "scenario": header.scenario,
            "over": room.over,
            "outcome": outcome_of(room) or "",
            "winner": winners[0] if len(winners) == 1 else ("draw" if winners else ""),
            "hands": final.round if room.started else 0,
            "started_utc": utc(header.started),
            "ended_utc": utc(header.ended),
            "duration_s": _seconds(clock.played_ms),
            "waited_s": _seconds(clock.waited_ms),
            "bots": _bots(room),
            "decisions": len(room.moves),
            "timeouts": sum(1 for move in room.moves if move.timeout),
            "deals_struck": len(deals),
            "deals_kept": deals.count("kept"),
            "deals_broken": deals.count("broken"),
            "deals_in_force": deals.count("in_force"),
            "bluffs_called": sum(1 for t in book["threats"] if t["status"] == "called"),
            "folds": len(book["folds"]),
            "same_deal_as": " ".join(together.get(room.code, [])),
            "forked_from": (
                f"{header.forked_from.code}@{header.forked_from.step}" if header.forked_from else ""
            ),
        }
        for side in SIDES:
            row[f"score_{side}"] = scores.get(side, "")
            objective = final.hands[side].objective if room.over else None
            row[f"objective_{side}"] = objective or ""
            row[f"objective_{side}_met"] = final.objectives_met.get(side, "") if scored else ""
            seated = in_seat_order(room.verified.record.rules, header.seats).items()
            names = [name for seat, name in seated if seat.split(":")[0] == side]
            row[side] = "; ".join(names)
            median_ms = times[side]["median_ms"]
            row[f"median_s_{side}"] = round(median_ms / 1000, 1) if median_ms is not None else ""
            row[f"threats_{side}"] = sum(1 for t in book["threats"] if t["side"] == side)
            row[f"earlier_{side}"] = "; ".join(before.get(side, []))
        top = peaks(line)
        for name in TARIFFS:
            row[f"final_{name}"] = line["points"][-1]["values"].get(name, "")
            row[f"peak_{name}"] = top.get(name, "")
        rows.append(row)
    return rows


def _bots(room: Played) -> str:
    """Every bot that played a side: those put in for its players during the game, then those
    playing it at the end (`washington=planner_easy beijing=tit_for_tat`), each once a side."""
    pairs = [(side, bot) for side, bots in stand_ins(room).items() for bot in bots]
    pairs += sorted(room.verified.record.header.bots.items())
    return " ".join(f"{side}={bot}" for side, bot in dict.fromkeys(pairs))


def _seconds(ms: int | None) -> int | str:
    return round(ms / 1000) if ms is not None else ""


def _same_deal(rooms: list[Played]) -> dict[str, list[str]]:
    together: dict[str, list[str]] = {}
    for group in deal_groups(rooms):
        codes = [room.code for room in group]
        for code in codes:
            together[code] = [other for other in codes if other != code]
    return together


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Return rows as CSV text (a header line first; CRLF line ends, as spreadsheets expect)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(row.get(key)) for key in columns})
    return out.getvalue()


def events_csv(
    games: list[Verified], numbers: Numbers | None = None, held: list[Held] | None = None
) -> str:
    return to_csv(event_rows(games, numbers, held), EVENT_COLUMNS)


def games_csv(
    games: list[Verified], numbers: Numbers | None = None, held: list[Held] | None = None
) -> str:
    return to_csv(game_rows(games, numbers, held), GAME_COLUMNS)


def export_json(
    games: list[Verified],
    history: Verified | None = None,
    class_code: str | None = None,
    numbers: Numbers | None = None,
    held: list[Held] | None = None,
) -> dict[str, Any]:
    """Return everything in one document: the debrief, one row per game, one row per entry."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "class": class_code,
        "rooms": [game.record.header.code for game in games],
        "debrief": debrief(games, history, held),
        "games": game_rows(games, numbers, held),
        "events": event_rows(games, numbers, held),
    }
