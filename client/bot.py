"""`brink bot`: seat one of the engine's bots in a room over the websocket and play to the end.

The bot sees what its seat sees (its view and the events in its updates) and decides with the
same policy code as the server's bots (`server/bots`). Which commands it may try, and whether
the engine would take them, come from the `options` the server sends the seat.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp

from client.connection import BrinkClient, Notice, ServerError, Status
from client.errors import BrinkConnectionError, SeatGone
from client.link import PATIENCE
from client.rules import fetch_rules, http_base, mismatch, rules_hash_of, text
from server.bots import BOTS, make_bot
from server.bots.base import Bot, Turn, before_people, decide
from server.engine.commands import (
    AcceptDeal,
    Bluff,
    Call,
    CallBluff,
    Check,
    Command,
    CounterDeal,
    Fold,
    PassTalks,
    PlayCards,
    ProposeDeal,
    RejectDeal,
    TermChoice,
    WithdrawDeal,
)
from server.engine.legal import Options
from server.engine.rng import Rng
from server.engine.views import View
from server.protocol import Error, Joined
from server.protocol.base import plain
from server.ruleset.model import Ruleset

SIDES = ("washington", "beijing")
SIMPLE = ("check", "call", "call_bluff", "fold", "pass", "accept", "reject", "withdraw")
SAID = {
    "slow": "the server is slow to answer; waiting for it…",
    "unavailable": "the server cannot save moves right now; retrying…",
}
"""What `brink bot` says of a slow server (`Status.kind`), once a request (a move sent again
and again: once)."""


def candidates(rules: Ruleset, view: dict[str, Any], side: str, options: Options) -> list[Command]:
    """Return the commands worth trying now, in the order the server's bots are given them."""
    if view.get("phase_kind") == "betting":
        hand = sorted(set(view["sides"][side]["hand"] or []))
        plays: list[Command] = [PlayCards(cards=[card]) for card in hand]
        bluffs: list[Command] = [Bluff(card=card) for card in hand]
        return [*plays, *bluffs, Check(), Call(), CallBluff(), Fold()]
    if view.get("phase_kind") == "talks":
        rounds = options.deal_rounds
        offers = [[TermChoice(term=term)] for term in rules.terms]
        proposal = view.get("proposal")
        found: list[Command] = []
        if proposal is None:
            found += [ProposeDeal(terms=terms, rounds=rounds) for terms in offers]
        else:
            pid = int(proposal["id"])
            found += [AcceptDeal(proposal=pid), RejectDeal(proposal=pid)]
            found += [WithdrawDeal(proposal=pid)]
            found += [CounterDeal(proposal=pid, terms=t, rounds=rounds) for t in offers]
        return [*found, PassTalks()]
    return []


def allowed(options: Options, view: dict[str, Any], side: str) -> Callable[[Command], bool]:
    """Return a test of whether the engine would accept a command, read from `options`."""
    proposal = view.get("proposal")

    def test(command: Command) -> bool:
        match command:
            case PlayCards(cards=[card]):
                return card in options.play and options.play[card] is None
            case Bluff(card=card):
                return card in options.bluff and options.bluff[card] is None
            case AcceptDeal() | RejectDeal() | WithdrawDeal():
                if proposal is None or command.proposal != proposal["id"]:
                    return False
                return options.actions.get(command.type, "no") is None
            case ProposeDeal() | CounterDeal():
                if len(command.terms) != 1 or command.terms[0].params:
                    return False
                if command.rounds != options.deal_rounds:
                    return False
                countering = proposal is not None and proposal["side"] != side
                if countering != isinstance(command, CounterDeal):
                    return False
                term = command.terms[0].term
                return term in options.terms and options.terms[term] is None
            case _:
                return command.type in SIMPLE and options.actions.get(command.type, "no") is None

    return test


def turn_for(rules: Ruleset, side: str, view: dict[str, Any], options: Options, rng: Rng) -> Turn:
    """Return the decision the server would hand one of its bots, built from the seat's view."""
    shown = View.model_validate(view)
    return Turn(
        rules,
        side,  # type: ignore[arg-type]
        lambda: shown,
        candidates(rules, view, side, options),
        allowed(options, view, side),
        rng,
    )


def fallback(options: Options) -> Command | None:
    """Return a command the engine takes now without choosing anything (check, call, pass)."""
    for command in (Check(), Call(), PassTalks(), Fold()):
        if options.actions.get(command.type, "no") is None:
            return command
    return None


async def take_seat(client: BrinkClient, code: str, seat: str | None) -> Joined:
    """Join `seat`; when `seat` is None, the own seat of a side nobody plays (no seat of it
    held, no bot), else of the side the fewest seats play (`sides_to_try`). ServerError if
    neither side's own seat is free."""
    if seat is not None:
        return await client.join(code, seat)
    seats = await room_seats(client.url, code)
    order = sides_to_try(seats) if seats is not None else list(SIDES)
    for side in [*order, *(side for side in SIDES if side not in order)]:  # in case it changed
        try:
            return await client.join(code, side)
        except ServerError as error:
            if error.code != "seat_taken":
                raise
    if await room_over(client.url, code):  # nobody sits down in a game that has ended
        replay = f"{http_base(client.url)}/?game={code}"
        said = f"the game in room {code} is over (its replay, {replay}, opens only in a browser"
        said += " that held a seat in it, with the room's instructor key, or once it is public)"
        raise ServerError(Error(code="game_over", message=said))
    taken = "both sides are taken (or played by server bots); a team role may be free: --seat"
    raise ServerError(Error(code="seat_taken", message=f"{taken} SIDE:ROLE"))


def sides_to_try(seats: Mapping[str, str | None]) -> list[str]:
    """The sides whose own seat is free in `seats` (seat -> who holds it, `None` free; a bot's
    side `bot:NAME`), best first: by how many of the side's seats, its roles', are held (a side
    nobody plays first), Washington first of two alike."""
    held = Counter(seat.split(":")[0] for seat, name in seats.items() if name is not None)
    return sorted((side for side in SIDES if seats.get(side) is None), key=held.__getitem__)


async def room_over(url: str, code: str, timeout: float = 5) -> bool:
    """Whether the game in room `code` has ended (`GET /api/rooms/CODE`: `finished`); False if
    that cannot be read."""
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.get(f"{http_base(url)}/api/rooms/{code}") as response,
        ):
            return response.status == 200 and (await response.json()).get("finished") is True
    except (aiohttp.ClientError, TimeoutError, ValueError, AttributeError):
        return False


async def room_seats(url: str, code: str, timeout: float = 5) -> dict[str, str | None] | None:
    """Who sits where in room `code` on the server at `url` (`GET /api/rooms/CODE`: the taken
    seats, and `bot:NAME` for a side a server bot plays); None if it cannot be read."""
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.get(f"{http_base(url)}/api/rooms/{code}") as response,
        ):
            if response.status != 200:
                return None
            info = await response.json()
        seats: dict[str, str | None] = {
            str(seat): str(name) for seat, name in info["seats"].items()
        }
        seats |= {str(side): f"bot:{bot}" for side, bot in info.get("bots", {}).items()}
    except (aiohttp.ClientError, TimeoutError, KeyError, ValueError, AttributeError, TypeError):
        return None
    return seats


class RemoteBot:
    """Plays one seat with one of the engine's bots until the game ends."""

    def __init__(
        self,
        client: BrinkClient,
        rules: Ruleset,
        strategy: str,
        say: Callable[[str], None] = print,
        seed: int | None = None,
        delay: float = 0.0,
    ) -> None:
        if client.side is None:
            raise ValueError("the client must hold a player seat")
        self.client = client
        self.rules = rules
        self.side = client.side
        self.bot: Bot = make_bot(strategy, self.side)  # type: ignore[arg-type]
        self.strategy = strategy
        self.say = say
        self.seed = secrets.randbits(62) if seed is None else seed
        self.moves = 0
        self.delay = delay
        """Seconds to wait before each move (a person across the table likes a moment)."""
        self._seen = 0
        self._restarts = client.restarts
        self._changed = asyncio.Event()
        client.listeners.append(self._on_notice)

    def _on_notice(self, notice: Notice) -> None:
        self._changed.set()

    def _check_seat(self) -> None:
        """Raise SeatGone if the seat is not this bot's any more, BrinkConnectionError if the
        connection is lost for good: either way it cannot play on (it waited for ever)."""
        client = self.client
        if client.seat_lost or client.seat_freed:
            raise SeatGone(seat_gone(client, self.strategy))
        if client.gone is not None:
            raise BrinkConnectionError(client.url, client.gone)

    def _observe(self) -> None:
        if self.client.restarts != self._restarts:  # the log went back: what it saw never was
            self._restarts = self.client.restarts
            self.bot, self._seen = make_bot(self.strategy, self.side), 0  # type: ignore[arg-type]
        entries = self.client.entries
        events = [entry.event for entry in entries[self._seen :] if entry.event is not None]
        self._seen = len(entries)
        if self.bot.observes and events:
            self.bot.observe(events)

    async def play(self) -> dict[str, Any]:
        """Play until the game is over; return the final view."""
        client = self.client
        acted_at: tuple[int, int] | None = None
        while not client.finished:
            self._check_seat()
            self._changed.clear()
            self._observe()
            options = client.my_options
            if options is None or self._moment() == acted_at:
                await self._changed.wait()
                continue
            if self.delay > 0:
                seen = self._moment()
                await asyncio.sleep(self.delay)
                if self._moment() != seen:
                    continue  # the game moved while we "thought": look again
                options = client.my_options
                if options is None:
                    continue
            acted_at = self._moment()
            rng = Rng(self.seed + client.n * 7919)
            turn = turn_for(self.rules, self.side, client.view, options, rng)
            try:
                # a bot whose own reckoning fails (rules an older game was played with may
                # divide by zero) plays safe (server/bots/base.py `decide`)
                command = before_people(decide(self.bot, turn), turn)
            except IndexError:  # `decide` found nothing legal to play safe with
                command = fallback(options) or Fold()
            await self._send(command, options)
        self._observe()
        return client.view

    def _moment(self) -> tuple[int, int]:
        """The game's position (events so far, turn): a chat line does not change it."""
        view = self.client.view
        return int(view.get("seq", 0)), int(view.get("turn", 0))

    async def _send(self, command: Command, options: Options) -> None:
        sent_at = self._moment()
        try:
            await self.client.act(command)
            self.moves += 1
            return
        except ServerError as error:
            if error.code == "unavailable":  # sent again and again for PATIENCE seconds
                raise
            if error.code in ("not_your_turn", "wrong_phase", "game_over", "already_passed"):
                return  # the game moved on under us: look again at the next update
            if self._moment() != sent_at:  # e.g. proposal_pending: the other side's came first
                return  # refused for a state already gone: decide again on the one now
            self.say(f"{self.strategy}: {command.type} refused ({error}); playing safe")
        safe = fallback(options)
        if safe is not None:
            try:
                await self.client.act(safe)
                self.moves += 1
            except ServerError:
                pass


def seat_gone(client: BrinkClient, strategy: str) -> str:
    """Say, in a line, why the seat `client` played is not its own any more, and what now."""
    url, code, seat = client.url, client.code, client.seat
    watch = f"brink play --url {url} --room {code} --seat spectator"
    if client.seat_lost:  # the instructor gave the seat to someone (its `reassigned` notice)
        given = [
            entry.notice
            for entry in client.entries
            if entry.notice is not None
            and entry.notice.kind == "reassigned"
            and entry.notice.seat == seat
        ]
        who = f" ({plain(given[-1].by)})" if given else ""
        to = plain(given[-1].name or "") if given else ""
        return (
            f"the instructor{who} gave the seat {seat} in room {code} to {to or 'another player'}:"
            f" this game goes on without {strategy}, so it stops. Watch it with {watch}"
        )
    again = f"brink bot --url {url} --room CODE --strategy {strategy} --token TOKEN"
    return (
        f"the seat {seat} in room {code} was given up elsewhere (the instructor moved its"
        " student to another seat or room, or took them out of the class; or another connection"
        f" of the seat left it): its token holds no seat now, so {strategy} stops. Where a"
        " class's student sits now, the class's page in a browser says (Join a class); then"
        f" {again} plays that seat"
    )


def outcome_line(rules: Ruleset, view: dict[str, Any], lang: str = "en") -> str:
    """Return the game's result in one line: the named outcome, the scores, the objectives."""
    outcome = view.get("outcome")
    spec = rules.outcomes.get(outcome) if outcome else None
    name = text(spec.name, lang) if spec is not None else str(outcome)
    scores = ", ".join(f"{side} {score}" for side, score in view.get("scores", {}).items())
    met = [side for side, ok in view.get("objectives_met", {}).items() if ok]
    objectives = f"; objectives met: {', '.join(met)}" if met else "; no objective met"
    return f"outcome: {name} ({outcome}) — {scores}{objectives}"


async def run_bot(
    url: str,
    code: str,
    strategy: str,
    seat: str | None = None,
    name: str | None = None,
    say: Callable[[str], None] = print,
    delay: float = 0.0,
    token: str | None = None,
) -> dict[str, Any]:
    """Seat bot `strategy` in room `code` on the server at `url` (or take back the seat of
    `token`: a bot whose process died) and play to the end."""
    if strategy not in BOTS:
        raise ValueError(f"unknown strategy {strategy!r} (strategies: {', '.join(BOTS)})")
    # not "bot:NAME": in `seats` that marks the server's own bots
    client = BrinkClient(url, name or f"{strategy} (bot)", auto_resume=True, room=code.upper())
    client.patience = PATIENCE  # a server slow to save a move: said, waited for, sent again

    def tell_slow(notice: Notice) -> None:
        if isinstance(notice, Status) and notice.kind in SAID:
            say(f"{strategy}: {SAID[notice.kind]}")

    client.listeners.append(tell_slow)
    await client.connect()
    try:
        if token is not None:
            joined = await client.resume(code.upper(), token)
        else:
            joined = await take_seat(client, code.upper(), seat)
        played = rules_hash_of(client.entries)
        rules = await fetch_rules(url, joined.scenario, rules_hash=played)
        warning = mismatch(rules, client.entries)
        if warning is not None:
            say(warning)
        say(f"{strategy} plays {joined.seat} in room {joined.code} ({joined.scenario})")
        again = f"brink bot --url {url} --room {joined.code} --strategy {strategy}"
        say(f"if this stops, {again} --token={client.token} takes the seat back")
        bot = RemoteBot(client, rules, strategy, say, delay=delay)
        view = await bot.play()
        say(f"game over after {bot.moves} moves by {strategy}")
        say(outcome_line(rules, view))
        return view
    finally:
        await client.close()
