"""The decisions of a game, for the debrief: every command a side made (and every turn the server
timed out for it), the position it was made from, and how long the side took over it.

How long: from when the side could act (the last turn given to it, or to both sides, or its own last
move, whichever came later) to when its command was committed, less any time the room was paused in
between. The turn a simultaneous betting starts again when one side has chosen in secret is no new
turn for the other (it learnt nothing): its clock runs on. Bots' decisions (a bot seated from the
start, or standing in for a side between an instructor's `bot_in` and `bot_out`) are marked, so a
class's figures can leave them out. The instructor's own commands (injected news, ending the game)
are decisions of the seat `instructor`: rooms that took different ones are no longer in the same
position. They are not timed (nobody was thinking them over at the table)."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any

from server.engine import events as ev
from server.engine.commands import Command
from server.engine.state import GameState
from server.replay.verify import Verified
from server.ruleset.schema import SIDES

SECRET_COMMANDS = frozenset({"bluff"})
"""Commands that name a card the other side could not see (shown only once the game is over)."""
WAITING = "waiting_for_players"
"""The reason of the `paused` notice a room waiting for its players opens with (live/rooms.py)."""


@dataclass(frozen=True, slots=True)
class Span:
    """When a room's own log began (`made`), when its game started (`started`: None while it
    still waits for its players) and its last entry (`last`), in ms since the epoch."""

    made: int | None
    started: int | None
    last: int | None

    @property
    def waited_ms(self) -> int | None:
        """How long the room waited for its players (so far, if it still waits)."""
        until = self.last if self.started is None else self.started
        return until - self.made if until is not None and self.made is not None else None

    @property
    def played_ms(self) -> int | None:
        """How long its game has run: from its start to its last entry (None: not started)."""
        return self.last - self.started if self.last and self.started else None


def span(verified: Verified) -> Span:
    """Return the room's span. Its own log begins with its first entry (a "what if"'s, with the
    first after the entries of the game it continues). A room that waited for its players (the
    `paused` notice `waiting_for_players`) started with the `resumed` notice that ended the
    wait — every side seated, or an instructor starting it; any other started with its log."""
    record = verified.record
    fork = record.header.forked_from
    own = record.entries[fork.step :] if fork is not None else record.entries
    made = own[0].at if own else None
    started = made
    for entry in own:
        notice = entry.notice
        if notice is not None and notice.kind == "paused" and notice.reason == WAITING:
            started = None
        elif notice is not None and notice.kind == "resumed" and started is None:
            started = entry.at
            break
    last = next((e.at for e in reversed(record.entries) if e.at), None)
    return Span(made, started, last)


@dataclass(frozen=True, slots=True)
class Decision:
    """One choice made in a game: by a seat (or the server's timeout, for `sides`)."""

    index: int
    """Its place among the game's decisions, from 0."""
    n: int
    """The log position of the command."""
    seat: str
    sides: tuple[str, ...]
    command: Command
    before: GameState
    at: int | None
    took_ms: int | None
    bot: bool
    bot_name: str | None = None
    """The bot that made it (`planner`), if a bot did."""

    @property
    def timeout(self) -> bool:
        return self.command.type == "timeout"

    @property
    def by(self) -> str:
        """Who chose: the side (any member of its team), `system` or `instructor`."""
        return self.seat.split(":", 1)[0]

    def key(self) -> str:
        """What was chosen, as comparable text (the command without the client's id), by the
        side: the same move made by another member of the team is the same choice."""
        return f"{self.by}|{self.command.model_dump_json()}"


def decisions(verified: Verified) -> list[Decision]:
    """Return the decisions of a game in log order (the start of the game is not one)."""
    record = verified.record
    entries = record.entries
    could_act: dict[str, int] = {}
    paused: list[tuple[int, int | None]] = []
    bots = bots_from_start(verified)  # then as the instructor puts bots in and takes them out
    secret = False  # the entry before was a side's secret choice in a simultaneous betting
    found: list[Decision] = []
    sides: tuple[str, ...]
    for index, entry in enumerate(entries):
        at = entry.at
        notice = entry.notice
        if notice is not None and at is not None:
            if notice.kind == "paused":
                paused.append((at, None))
            elif notice.kind == "resumed" and paused and paused[-1][1] is None:
                paused[-1] = (paused[-1][0], at)
        if notice is not None and notice.kind in ("bot_in", "bot_out") and notice.seat:
            side = notice.seat.split(":", 1)[0]  # an instructor's bot stands in for a side
            if notice.kind == "bot_in":
                bots[side] = notice.name or ""
            else:
                bots.pop(side, None)
        if isinstance(entry.event, ev.TurnStarted) and at is not None and not secret:
            for turn in (entry.event.side,) if entry.event.side else SIDES:
                could_act[turn] = at
        # A turn begun by a side's secret choice is no new turn for the other: it learnt
        # nothing, and its clock runs on (the chooser's was set by its command).
        if entry.event is not None:
            secret = isinstance(entry.event, ev.ActionSubmitted)
        logged = entry.command
        if logged is None or logged.command.type in ("start", "abandon"):
            continue
        if logged.command.type == "timeout":
            sides = _timed_out(entries[index + 1 :])
        else:
            sides = (logged.seat.split(":", 1)[0],)
        took = None  # only a side's decisions are timed (not the instructor's controls)
        if at is not None and sides and sides[0] in SIDES and sides[0] in could_act:
            since = could_act[sides[0]]
            took = max(0, at - since - _paused_between(paused, since, at))
        for side in sides:
            if at is not None:
                could_act[side] = at
        found.append(
            Decision(
                index=len(found),
                n=entry.n,
                seat=logged.seat,
                sides=sides,
                command=logged.command,
                before=verified.states[entry.n - 1],
                at=at,
                took_ms=took,
                bot=bool(sides) and all(side in bots for side in sides),
                bot_name=bots.get(sides[0]) if sides else None,
            )
        )
    return found


def bots_from_start(verified: Verified) -> dict[str, str]:
    """Return the sides a bot played from the game's start, with the bot. The header lists the
    bots at its end, an instructor's `bot_in` among them: a side whose first such notice is a
    `bot_in` was its players' until then; one whose first is a `bot_out` was a bot's (handed
    back later; the header no longer names it)."""
    first: dict[str, str] = {}
    for entry in verified.record.entries:
        notice = entry.notice
        if notice is not None and notice.kind in ("bot_in", "bot_out") and notice.seat:
            first.setdefault(notice.seat.split(":", 1)[0], notice.kind)
    bots = verified.record.header.bots
    found = {side: bot for side, bot in bots.items() if first.get(side) != "bot_in"}
    return found | {side: bots.get(side, "") for side, kind in first.items() if kind == "bot_out"}


def _timed_out(after: list[Any]) -> tuple[str, ...]:
    for entry in after:
        if isinstance(entry.event, ev.TimedOut):
            return tuple(entry.event.sides)
        if entry.command is not None:
            break
    return ()


def _paused_between(paused: list[tuple[int, int | None]], start: int, end: int) -> int:
    total = 0
    for began, ended in paused:
        stop = end if ended is None else min(ended, end)
        total += max(0, stop - max(began, start))
    return total


def shown_command(decision: Decision, over: bool, revealed: frozenset[str]) -> dict[str, Any]:
    """Return the command as the debrief shows it: while the game runs, a card played face down
    stays hidden until it is revealed (the debrief may be on a projector before every room has
    finished)."""
    shown: dict[str, Any] = decision.command.model_dump(mode="json")
    if not over and decision.command.type in SECRET_COMMANDS and shown["card"] not in revealed:
        shown["card"] = None
    return shown


def revealed_cards(verified: Verified) -> frozenset[str]:
    """Return the cards of a game that were shown after being played face down."""
    return frozenset(
        entry.event.card
        for entry in verified.record.entries
        if isinstance(entry.event, ev.CardRevealed)
    )


def timing(moves: list[Decision]) -> dict[str, dict[str, Any]]:
    """Return, per side, how many decisions it made, how long they took (median, mean and
    longest, in ms; people only, not bots) and how many turns ran out."""
    found: dict[str, dict[str, Any]] = {}
    for side in SIDES:
        own = [d for d in moves if side in d.sides]
        took = [d.took_ms for d in own if d.took_ms is not None and not d.bot and not d.timeout]
        found[side] = {
            "decisions": len(own),
            "timeouts": sum(1 for d in own if d.timeout),
            "bot": bool(own) and all(d.bot for d in own),
            "timed": len(took),
            "median_ms": int(median(took)) if took else None,
            "mean_ms": int(sum(took) / len(took)) if took else None,
            "max_ms": max(took) if took else None,
        }
    return found


def slowest(moves: list[Decision], count: int = 3) -> list[Decision]:
    """Return the decisions people took longest over (not bots, not timeouts), longest first."""
    timed = [d for d in moves if d.took_ms is not None and not d.bot and not d.timeout]
    return sorted(timed, key=lambda d: (-(d.took_ms or 0), d.n))[:count]
