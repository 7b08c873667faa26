"""Random whole games through a real server: nobody receives what their view must not show.

Each game seats two players who pick at random among their legal moves (they cannot know which
moves are legal, so each tries commands built from its own view, in random order, until one is
accepted), a spectator and the instructor. Every text message each client receives is recorded
as it came off the socket. After the game, late joiners (a spectator, and each side resuming
from position 0) receive the whole history again. Then every message is checked against what
the instructor saw: the other side's hand and deck, private variables, face-down cards, drawn
cards, simultaneous actions and, before the end, objective; the seed (it reveals every shuffle);
and the commands behind the events (the instructor's alone).
"""

from __future__ import annotations

import asyncio
import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from client.connection import BrinkClient, ServerError
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
from server.engine.views import Viewer
from server.protocol import (
    Resume,
)
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import SIDES, Side
from server.settings import ROOT

GAMES = 8
"""Games per scenario, played at the same time on one server (about 2 s in all)."""
MOVES = 600


class RecordingClient(BrinkClient):
    """A BrinkClient that keeps every message the server sends it, exactly as received."""

    def __init__(self, url: str, name: str = "player") -> None:
        super().__init__(url, name, record=True)


# ---------------------------------------------------------------- playing


def options(view: dict[str, Any], side: Side, rules: Ruleset, rng: random.Random) -> list[Command]:
    """Return, in random order, every command worth trying for `side` given only its view."""
    found: list[Command] = []
    if view["phase_kind"] == "betting":
        hand: list[str] = view["sides"][side]["hand"]
        found += [PlayCards(cards=[card]) for card in hand]
        found += [Bluff(card=card) for card in hand]
        if len(hand) >= 2:
            found.append(PlayCards(cards=rng.sample(hand, 2)))
        found += [Check(), Call(), CallBluff(), Fold()]
    elif view["phase_kind"] == "talks":
        low, high = rules.scenario.deal_rounds
        rounds = rng.randint(low, high)
        offers = [[TermChoice(term=term)] for term in rules.terms]
        found += [ProposeDeal(terms=terms, rounds=rounds) for terms in offers]
        found.append(PassTalks())
        if view["proposal"] is not None:
            number = view["proposal"]["id"]
            found += [AcceptDeal(proposal=number), RejectDeal(proposal=number)]
            found.append(WithdrawDeal(proposal=number))
            found += [CounterDeal(proposal=number, terms=t, rounds=rounds) for t in offers]
    rng.shuffle(found)
    return found


def movers(view: dict[str, Any]) -> list[Side]:
    """Return the sides the game is waiting for."""
    if view["phase_kind"] == "betting":
        if view["to_act"] is not None:
            return [view["to_act"]]
        return [side for side in SIDES if not view["sides"][side]["submitted"]]
    if view["phase_kind"] == "talks":
        return [side for side in SIDES if side not in view["passed"]]
    return []


async def caught_up(clients: list[RecordingClient], n: int) -> None:
    for client in clients:
        while client.n < n:
            await client.next_update(timeout=5)


@dataclass
class Record:
    """One finished game: its rules, and what each viewer received (several streams each)."""

    code: str
    rules: Ruleset
    instructor: list[str]
    streams: list[tuple[Viewer, str, list[str]]]
    moves: int
    refused: int


async def play_game(url: str, scenario: str, rules: Ruleset, seed: int) -> Record:
    """Play one whole game at random and return every message every client received."""
    rng = random.Random(seed)
    washington = RecordingClient(url, "Ada")
    beijing = RecordingClient(url, "Bo")
    spectator = RecordingClient(url, "Watcher")
    instructor = RecordingClient(url, "Teacher")
    players: dict[Side, RecordingClient] = {"washington": washington, "beijing": beijing}
    everyone = [washington, beijing, spectator, instructor]
    late: list[tuple[Viewer, str, RecordingClient]] = []
    moves = refused = 0
    try:
        for client in everyone:
            await client.connect()
        room = await instructor.create_room(scenario, timers=False)
        await instructor.join(room.code, instructor_key=room.instructor_key)
        await spectator.join(room.code)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        await caught_up(everyone, instructor.n)
        while washington.view["outcome"] is None:
            moves += 1
            assert moves < MOVES, f"room {room.code}: the game did not end"
            waiting = movers(washington.view)
            assert waiting, f"room {room.code}: nobody to move in {washington.view}"
            side = rng.choice(waiting)
            player = players[side]
            for command in options(player.view, side, rules, rng):
                try:
                    accepted = await player.act(command)
                except ServerError:
                    refused += 1
                    continue
                break
            else:
                raise AssertionError(f"room {room.code}: {side} had no legal move")
            await caught_up(everyone, accepted.n)
        latecomer = RecordingClient(url, "Latecomer")
        late.append(("spectator", "late spectator", latecomer))
        await latecomer.connect()
        await latecomer.join(room.code)
        for side, player in players.items():
            client = RecordingClient(url, player.name)
            late.append((side, f"{side} resuming from 0", client))
            await client.connect()
            assert player.token is not None
            await client.request(Resume(code=room.code, token=player.token, since=0))
    finally:
        for client in [*everyone, *(client for _, _, client in late)]:
            await client.close()
    for client in [*everyone, *(client for _, _, client in late)]:
        assert client.invalid == [], client.invalid
        assert not client.invalid, client.invalid[:1]
    streams: list[tuple[Viewer, str, list[str]]] = [
        ("washington", "washington", washington.received),
        ("beijing", "beijing", beijing.received),
        ("spectator", "spectator", spectator.received),
    ]
    streams += [(viewer, label, client.received) for viewer, label, client in late]
    return Record(room.code, rules, instructor.received, streams, moves, refused)


# ---------------------------------------------------------------- checking


@dataclass(frozen=True)
class Secrets:
    """What each side hides, and from which log position each of its cards is public."""

    cards: dict[Side, frozenset[str]]
    variables: dict[Side, frozenset[str]]
    objectives: dict[Side, str | None]
    shown: dict[str, int]
    ended: int
    seed: int


def instructor_entries(stream: list[str]) -> dict[int, dict[str, Any]]:
    """Return the log as the instructor received it, by position."""
    entries: dict[int, dict[str, Any]] = {}
    for text in stream:
        message = json.loads(text)
        for entry in message.get("entries") or []:
            entries[entry["n"]] = entry
    assert sorted(entries) == list(range(1, len(entries) + 1)), "the instructor missed entries"
    return entries


def secrets_of(rules: Ruleset, instructor: list[str]) -> Secrets:
    log = instructor_entries(instructor)
    events = [(n, entry["event"]) for n, entry in sorted(log.items()) if entry["event"]]
    shown: dict[str, int] = {}
    objectives: dict[Side, str | None] = {}
    ended = math.inf
    seed = None
    for n, event in events:
        if event["type"] in ("card_played", "card_revealed"):
            shown.setdefault(event["card"], n)
        elif event["type"] == "objectives_dealt":
            objectives = event["objectives"]
        elif event["type"] == "game_ended":
            ended = n
        elif event["type"] == "game_started":
            seed = event["seed"]
    assert set(objectives) == set(SIDES), "the instructor did not see both objectives"
    assert ended < math.inf, "the game did not end"
    assert isinstance(seed, int), "the instructor did not see the seed"
    return Secrets(
        cards={side: frozenset(getattr(rules.scenario.decks, side)) for side in SIDES},
        variables={
            side: frozenset(name for name, scope in rules.scopes.items() if scope == side)
            for side in SIDES
        },
        objectives=objectives,
        shown=shown,
        ended=int(ended),
        seed=seed,
    )


def words(value: Any) -> Iterator[str]:
    """Yield every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from words(item)
    elif isinstance(value, list):
        for item in value:
            yield from words(item)


def leaks(viewer: Viewer, stream: list[str], secrets: Secrets) -> list[str]:
    """Return every piece of hidden information in `stream` that `viewer` must not receive."""
    hidden: list[Side] = [side for side in SIDES if side != viewer]
    found: list[str] = []
    position = 0
    for index, text in enumerate(stream):
        message = json.loads(text)
        if isinstance(message.get("n"), int):
            position = max(position, message["n"])
        where = f"message {index} ({message['type']}, n={position})"
        if str(secrets.seed) in text:
            found.append(f"{where}: the seed {secrets.seed}, which reveals every shuffle")
        said = set(words(message))
        for side in hidden:
            unshown = {c for c in secrets.cards[side] if secrets.shown.get(c, math.inf) > position}
            found += [f"{where}: {side}'s unshown card {c}" for c in sorted(said & unshown)]
            private = said & secrets.variables[side]
            found += [f"{where}: {side}'s private variable {name}" for name in sorted(private)]
            objective = secrets.objectives[side]
            if position < secrets.ended and objective in said:
                found.append(f"{where}: {side}'s objective {objective} before the end")
            if isinstance(message.get("view"), dict):
                found += [f"{where}: {problem}" for problem in view_leaks(message["view"], side)]
        for entry in message.get("entries") or []:
            problems = entry_leaks(entry, viewer, hidden)
            found += [f"{where}, entry {entry['n']}: {problem}" for problem in problems]
    return found


def view_leaks(view: dict[str, Any], side: Side) -> list[str]:
    seen = view["sides"][side]
    found = []
    if seen["hand"] is not None:
        found.append(f"{side}'s hand {seen['hand']} in the view")
    if not isinstance(seen["hand_count"], int):
        found.append(f"no hand_count for {side}")
    if seen["private"] is not None:
        found.append(f"{side}'s private variables {seen['private']} in the view")
    if seen["objective"] is not None and view["outcome"] is None:
        found.append(f"{side}'s objective {seen['objective']} in the view before the end")
    for down in view["face_down"]:
        if down["side"] == side and down["card"] is not None:
            found.append(f"{side}'s face-down card {down['card']} in the view")
    return found


def entry_leaks(entry: dict[str, Any], viewer: Viewer, hidden: list[Side]) -> list[str]:
    found = []
    if entry.get("command") is not None:
        found.append(f"the command {entry['command']}")
    event = entry.get("event")
    if event is None:
        return found
    kind = event["type"]
    if kind == "decks_shuffled":
        found.append("the shuffled decks")
    elif kind == "game_started" and event["seed"] is not None:
        found.append(f"the seed {event['seed']}")
    elif kind == "objectives_dealt" and set(event["objectives"]) - {viewer}:
        found.append(f"objectives dealt {event['objectives']}")
    elif event.get("side") in hidden:
        side = event["side"]
        if kind == "cards_drawn" and event["cards"]:
            found.append(f"{side} drew {event['cards']}")
        elif kind == "card_played_face_down" and event["card"] is not None:
            found.append(f"{side}'s face-down card {event['card']}")
        elif kind == "action_submitted" and event["action"] is not None:
            found.append(f"{side}'s secret action {event['action']}")
    return found


@pytest.mark.parametrize("scenario", ["intro", "classroom"])
async def test_no_player_or_spectator_ever_receives_hidden_information(
    server_url: str, scenario: str
) -> None:
    rules = load_ruleset(ROOT / "rules" / f"{scenario}.yaml")
    async with asyncio.timeout(60), asyncio.TaskGroup() as games:
        playing = [
            games.create_task(play_game(server_url, scenario, rules, seed)) for seed in range(GAMES)
        ]
    records = [game.result() for game in playing]
    for record in records:
        secrets = secrets_of(record.rules, record.instructor)
        for viewer, label, stream in record.streams:
            assert stream, f"room {record.code}: the {label} received nothing"
            found = leaks(viewer, stream, secrets)
            if found:
                shown = "\n".join(found[:20])
                pytest.fail(
                    f"room {record.code}: the {label} received {len(found)} secrets:\n{shown}"
                )
        caught = " ".join(leaks("washington", record.instructor, secrets))
        expected = ["unshown card", "private variable", "objective", "the command", "drew", "seed"]
        if any(phase.mode == "simultaneous" for phase in rules.phases):
            expected.append("secret action")
        for kind in expected:
            assert kind in caught, f"the leak check would miss {kind!r} (room {record.code})"
