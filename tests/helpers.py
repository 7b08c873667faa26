"""Test helpers: a game driven command by command, on a given ruleset."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from server.engine import (
    SYSTEM,
    Command,
    EngineError,
    GameState,
    Seat,
    View,
    Viewer,
    apply,
    initial_state,
    replay,
    view,
)
from server.engine.commands import StartGame
from server.engine.events import Event
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import Side

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "engine" / "table.yaml"
RULES_DIR = ROOT / "rules"


def table() -> Ruleset:
    return load_ruleset(TABLE)


class Game:
    """A game under test: `act` applies a command, `log` keeps every event."""

    def __init__(
        self, rules: Ruleset, seed: int = 1, decks: dict[Side, list[str]] | None = None
    ) -> None:
        self.rules = rules
        self.state: GameState = initial_state(rules)
        self.log: list[Event] = []
        self.act_as(SYSTEM, StartGame(seed=seed, decks=decks))

    def act(self, side: Side, command: Command, role: str | None = None) -> list[Event]:
        return self.act_as(Seat(side=side, role=role), command)

    def act_as(self, seat: Seat, command: Command) -> list[Event]:
        self.state, events = apply(self.rules, self.state, seat, command)
        self.log.extend(events)
        return events

    def refused(
        self, side: Side | Literal["system"], command: Command, role: str | None = None
    ) -> str:
        """Return the code of the refusal; fail if the command was accepted or changed state."""
        before = self.state
        try:
            apply(self.rules, self.state, Seat(side=side, role=role), command)
        except EngineError as error:
            assert self.state == before
            return error.code
        raise AssertionError(f"{command!r} was accepted")

    def view(self, viewer: Viewer) -> View:
        return view(self.rules, self.state, viewer)

    def replayed(self) -> GameState:
        return replay(initial_state(self.rules), self.log)

    def types(self, events: list[Event]) -> list[str]:
        return [event.type for event in events]

    @property
    def vars(self) -> dict[str, int]:
        return self.state.vars


# Decks for the test table, top card first: hands of four, one draw a hand.
US_DECK = ["us_tariff", "us_threat", "us_onshoring", "us_concession", "us_tariff"]
CN_DECK = ["cn_tariff", "cn_ree", "cn_concession", "cn_tariff", "cn_tariff"]
DECKS: dict[Side, list[str]] = {"washington": US_DECK, "beijing": CN_DECK}


def stacked(seed: int = 1) -> Game:
    return Game(table(), seed=seed, decks=DECKS)
