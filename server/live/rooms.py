"""A room as one server process holds it: rules, the state at log position `n`, connections.

Every process that serves a room keeps such a copy; Redis holds the truth (store.py). The copy
is brought up to date by the process's own commits and by the other processes' published ones.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import orjson

from server.bots import BOTS, Bot, make_bot
from server.engine import GameState, Viewer, evolve, redact, view, waiting_sides
from server.engine.commands import Command
from server.engine.events import Event
from server.engine.legal import Options, Probe, option_fields
from server.engine.viewjson import options_json, view_json
from server.protocol import ChatLine, Entry, Message, Notice
from server.protocol.entries import logged_entries
from server.replay.verify import engine_seat
from server.replay.visible import viewer_of, visible
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side
from server.storage.store import BrokenLog

BOT_SECONDS = 0.18
"""The longest a server bot thinks over one decision, by the wall clock: the strong planner's work
cap keeps it near 130 ms on this 2-core machine when it is idle; this holds it under 200 ms when
the machine is busy (a decision runs on the event loop, holding up the process's other rooms)."""


def server_bot(name: str, side: Side) -> Bot:
    """Return the bot `name` for `side` as the server runs it (its thinking time bounded)."""
    return make_bot(name, side, time.perf_counter, BOT_SECONDS)


class Listener(Protocol):
    """What a room needs of a connection watching it (connection.py has the real one)."""

    @property
    def audience(self) -> str:
        """The seat held, or the kind of viewer: whom the room's updates are made for."""

    @property
    def behind(self) -> bool:
        """Whether the client fell behind and was asked to resync (updates are not sent)."""

    @property
    def read_presence(self) -> int:
        """The room's `presence_told` when this connection's seating read who is here."""

    def send(self, message: Message | str, droppable: bool = False) -> None:
        """Queue a message for the client."""

    async def going_away(self) -> None:
        """Tell the client the server is shutting down, and close."""

    def unseat(self) -> None:
        """Stop holding a seat given up on another connection (the room no longer sends to it)."""

    def dismiss(self, reason: str) -> None:
        """The seat held was given to someone else: close once what is queued is sent."""


VIEWERS: tuple[Viewer, ...] = ("washington", "beijing", "spectator", "instructor")
WAITING = "waiting_for_players"
"""The reason of the `paused` notice a room with timers starts with while a side played by
people has nobody seated: its clock starts when they are (or when it is started; lifecycle.py)."""


@dataclass(frozen=True, slots=True)
class RoomInfo:
    """What a room was created with (its meta hash in Redis)."""

    code: str
    scenario: str
    language: str
    seconds: dict[str, int]
    bots: dict[Side, str]
    timers: bool
    instructor_hash: str
    forked_from: str = ""
    """For a "what if" room: `CODE:STEP`, the game and log position it continues from."""
    owner: str = ""
    """The instructor account that made the room (docs/classroom.md); "" for anyone else's."""
    in_class: bool = False
    """One of a class's rooms: its seats are given by the class (a student follows the class and
    resumes the seat it gives), not taken by a `join` with the room's code."""
    rematch_of: str = ""
    """A rematch (server/live/rematch.py): the room whose players alone take its seats."""

    def forked(self) -> dict[str, Any] | None:
        """A "what if" room's `{"code", "step"}` (protocol.ForkedFrom); None for another."""
        source, _, at = self.forked_from.partition(":")
        return {"code": source, "step": int(at)} if source else None

    def settings(self) -> dict[str, Any]:
        """What a "what if" of this room's game keeps (server/live/forks.py): the language and
        the turn clock, on or off, with its times."""
        return {"language": self.language, "timers": self.timers, "seconds": self.seconds}

    def to_meta(self) -> dict[str, str]:
        return {
            "class": "1" if self.in_class else "0",
            "scenario": self.scenario,
            "language": self.language,
            "seconds": json.dumps(self.seconds),
            "bots": json.dumps(self.bots),
            "timers": "1" if self.timers else "0",
            "instructor_hash": self.instructor_hash,
            "forked_from": self.forked_from,
            "owner": self.owner,
            "rematch": self.rematch_of,
        }

    @classmethod
    def from_meta(cls, code: str, meta: dict[str, str]) -> RoomInfo:
        return cls(
            code=code,
            scenario=meta["scenario"],
            language=meta.get("language", "en"),
            seconds=json.loads(meta.get("seconds", "{}")),
            bots=json.loads(meta.get("bots", "{}")),
            timers=meta.get("timers", "1") == "1",
            instructor_hash=meta.get("instructor_hash", ""),
            forked_from=meta.get("forked_from", ""),
            owner=meta.get("owner", ""),
            in_class=meta.get("class", "0") == "1",
            rematch_of=meta.get("rematch", ""),
        )


@dataclass(slots=True)
class Room:
    """One room's rules, its state after log position `n`, and this process's connections."""

    info: RoomInfo
    rules: Ruleset
    state: GameState
    n: int
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    connections: set[Listener] = field(default_factory=set)
    bots: dict[Side, Bot] = field(default_factory=dict)
    deadline_ms: int | None = None
    paused: Notice | None = None
    """The notice that paused the room, while it is paused."""
    cids: dict[tuple[str, str], int] = field(default_factory=dict)
    """(seat, client command id) -> the log position it was committed at."""
    broken: str | None = None
    """What is wrong with the room's log in Redis, once found (server/live/damage.py): this
    copy refuses joins and changes from then on."""
    arriving: int = 0
    """Connections being seated (live/handlers.py) that hold this copy but are not yet among
    its connections: the process does not let the copy go while there are any."""
    telling: int = 0
    """Presence changes waiting to reach the connections seated since (Hub._tell)."""
    presence_told: int = 0
    """Presence changes told to this copy's connections so far (a seating notes it as it reads
    who is here: the changes told after that read are news to it, those before are not)."""
    rematches: dict[int, Notice] = field(default_factory=dict)
    """The rematch notices of its log by position (server/live/rematch.py reads them)."""
    given_up: set[str] = field(default_factory=set)
    """Seats a player left in the middle of the game (`seat_left`): a rematch's seats are its
    players' until one is given up; then anyone may take it (handlers._check_seat)."""
    # (state, options by seat, the checks they share) for the state they were worked out on;
    # replaced, never mutated while its state is not the room's.
    _known: tuple[GameState | None, dict[str, tuple[dict[str, Any], str]], Probe | None] = (
        None,
        {},
        None,
    )

    @property
    def code(self) -> str:
        return self.info.code

    @property
    def waiting(self) -> bool:
        """Whether the game waits for its players to sit down before its clock starts."""
        return self.paused is not None and self.paused.reason == WAITING

    @property
    def played(self) -> bool:
        """Whether the game is under way: a side has moved, or a turn timed out (the first turn
        of the first hand is over), or it is over. A room without timers never waits, paused,
        for its players: this says whether its game has begun all the same."""
        state = self.state
        return state.finished or state.round > 1 or state.turn > 1

    def waits_for_players(self) -> bool:
        """Whether a new game here must wait for its players: it has timers and a side played
        by people."""
        return self.info.timers and any(side not in self.info.bots for side in SIDES)

    def view_json(self, viewer: Viewer) -> dict[str, Any]:
        return view(self.rules, self.state, viewer).model_dump(mode="json")

    def joined_json(
        self, fields: dict[str, Any], visible: list[Entry], viewer: Viewer, audience: str
    ) -> str:
        """Return a `joined` message (protocol.Joined) as JSON text: `fields` are its own (id,
        code, seat, role, token, scenario, language, in_class, forked_from, seats, present,
        given); the room's n, deadline, view and options are added as updates carry them (the
        view's and options' JSON made once per state and shared), with `visible`, the entries
        shown."""
        head = orjson.dumps({"type": "joined", **fields, "n": self.n, "deadline": self.deadline_ms})
        entries = ",".join(entry.model_dump_json() for entry in visible)
        return (
            f'{head.decode()[:-1]},"view":{view_json(self.rules, self.state, viewer)},'
            f'"entries":[{entries}],"options":{self.options_json(audience)}}}'
        )

    def options(self, seat: str) -> dict[str, Options] | None:
        """Return what `seat` may do now, as `{seat: Options}`, while the game waits for its
        side; None for spectators and the instructor, while the other side is to act, and while
        the room is paused."""
        found = self._options(seat)
        return None if found is None else {seat: Options(**found[0])}

    def options_json(self, seat: str) -> str:
        """Return `options` for `seat` as the JSON text an update carries."""
        found = self._options(seat)
        return "null" if found is None else found[1]

    def _options(self, seat: str) -> tuple[dict[str, Any], str] | None:
        """Worked out once per state and seat (the update after a commit, then every join or
        resync on that state reuses them), with their JSON text."""
        side = viewer_of(seat)
        if side not in SIDES or side not in waiting_sides(self.state) or self.paused is not None:
            return None
        state, known, probe = self._known
        if state is not self.state or probe is None:
            probe = Probe(self.rules, self.state, probe)  # earlier answers kept where valid
            state, known, probe = self._known = (self.state, {}, probe)
        if seat not in known:  # the seats share the checks that do not depend on the seat
            fields = option_fields(self.rules, state, engine_seat(seat), probe)
            known[seat] = (fields, options_json(seat, fields))
        return known[seat]

    def fold(self, entries: list[Entry]) -> None:
        """Bring the state up to the last of `entries` (which must follow `n` directly: else
        BrokenLog, and the copy is as it was at the entry before the gap)."""
        for entry in entries:
            if entry.n != self.n + 1:
                gap = f"entry {entry.n} comes right after {self.n}"
                raise BrokenLog(self.code, f"its log is not whole: {gap}")
            if entry.event is not None:
                self.state = evolve(self.state, entry.event)
                self._show_bots(entry.event)
            self.n = entry.n
        self.remember(entries)

    def remember(self, entries: list[Entry]) -> None:
        """Note the client command ids of `entries` (a retried command is then recognised)
        and whether the room is paused."""
        forked = self.info.forked()
        inherited = forked["step"] if forked is not None else 0
        for entry in entries:
            if entry.notice is not None:
                # A "what if" is a room of its own: the notices of the game it continues (in
                # the log it was grafted from) neither pause it, nor seat that game's stand-in
                # bots in place of the ones its maker chose, nor give its seats up.
                if entry.n > inherited:
                    self._noticed(entry.notice)
                if entry.notice.kind in ("rematch_offered", "rematch", "rematch_declined"):
                    self.rematches[entry.n] = entry.notice
            said = entry.command or entry.chat
            if said is not None and said.cid is not None:
                self.cids[(said.seat, said.cid)] = entry.n

    def _noticed(self, notice: Notice) -> None:
        """Take in what a notice changes about the room: paused or not, a side's stand-in bot."""
        if notice.kind == "seat_left" and notice.seat:
            self.given_up.add(notice.seat)
        elif notice.kind == "paused":
            self.paused = notice
        elif notice.kind in ("resumed", "ended"):
            self.paused = None
        elif notice.kind in ("bot_in", "bot_out") and notice.seat in SIDES:
            side: Side = notice.seat
            bots = {s: b for s, b in self.info.bots.items() if s != side}
            self.bots.pop(side, None)
            if notice.kind == "bot_in" and notice.name in BOTS:
                bots[side] = notice.name
                self.bots[side] = server_bot(notice.name, side)
            self.info = replace(self.info, bots=bots)

    def advance(self, entries: list[Entry], state: GameState | None) -> None:
        """Take `entries` just committed: `state` (from the engine, already the state after
        them) is adopted as it is rather than evolved again; a chat-only commit passes None."""
        if state is None:
            self.fold(entries)
            return
        for entry in entries:
            if entry.event is not None:
                self._show_bots(entry.event)
        self.state, self.n = state, entries[-1].n
        self.remember(entries)

    def _show_bots(self, event: Event) -> None:
        for side, bot in self.bots.items():
            if bot.observes:
                seen = redact(self.rules, event, side)
                if seen is not None:
                    bot.observe([seen])

    def visible(self, entry: Entry, viewer: Viewer) -> Entry | None:
        """Return `entry` as `viewer` may see it, or None (the rule replays use too)."""
        return visible(self.rules, entry, viewer)

    def updates(
        self, entries: list[Entry], seats: set[str], texts: dict[int, str] | None = None
    ) -> dict[str, str]:
        """Return the serialised `update` for each seat present (`spectator` and `instructor`
        count as seats): entries and view made once per kind of viewer, options per seat. A
        seat that may see none of a chat-only change gets nothing."""
        result: dict[str, str] = {}
        chat_only = all(entry.chat is not None for entry in entries)
        heads: dict[Viewer, str | None] = {}
        for seat in seats:
            viewer = viewer_of(seat)
            if viewer not in heads:
                visible = [e for e in (self.visible(entry, viewer) for entry in entries) if e]
                skip = chat_only and not visible
                heads[viewer] = None if skip else self._update_head(visible, viewer, texts or {})
            head = heads[viewer]
            if head is not None:
                result[seat] = f'{head}"options":{self.options_json(seat)}}}'
        return result

    def _update_head(self, visible: list[Entry], viewer: Viewer, texts: dict[int, str]) -> str:
        """Return an `update` message as JSON text up to its `options`; an entry shown
        unredacted reuses its text from `texts` (keyed by the entry object's id, so a redacted
        copy never matches)."""
        entries = ",".join(texts.get(id(e)) or e.model_dump_json() for e in visible)
        seen = view_json(self.rules, self.state, viewer)
        return (
            f'{{"type":"update","id":null,"entries":[{entries}],'
            f'"n":{self.n},"view":{seen},"deadline":{json_number(self.deadline_ms)},'
        )

    def deadline(self, now_ms: int, state: GameState | None = None) -> int | None:
        """Return when the current turn (of `state`, by default the room's) times out, or None
        if nobody is waited for."""
        state = self.state if state is None else state
        if not self.info.timers or not waiting_sides(state):
            return None
        phase = self.rules.phases[state.phase_index]
        seconds = self.info.seconds.get(phase.id, phase.seconds)
        return now_ms + seconds * 1000

    def bot_to_move(self) -> Side | None:
        """Return a side played by a server bot that the game is waiting for (none while the
        room is paused)."""
        if self.paused is not None:
            return None
        for side in waiting_sides(self.state):
            if side in self.bots:
                return side
        return None


def json_number(value: int | None) -> str:
    """`value` as JSON (what json.dumps says for an int or None, without its encoder's calls)."""
    return "null" if value is None else str(int(value))


def paused_message(notice: Notice) -> str:
    """Return why a move is refused while the room is paused (code `paused`)."""
    if notice.by == "system":
        return "the game is paused until a player comes back to the table"
    return "the instructor has paused the game: wait until they resume it"


def event_entries(
    start: int,
    seat: str,
    command: Command,
    events: list[Event],
    cid: str | None = None,
    at: int | None = None,
    by: str | None = None,
) -> list[Entry]:
    """Return the log entries for an accepted command: the command, then its events (each
    naming `by`, the seat that sent it, when given: `acting_seat`)."""
    return logged_entries(start, seat, command, events, cid, at, by)


def chat_entry(start: int, chat: ChatLine, at: int | None = None) -> Entry:
    return Entry(n=start + 1, chat=chat, at=at)
