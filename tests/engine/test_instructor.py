"""The instructor's commands: news injected into a game (from the scenario's deck, or custom text
with effects the rules define) and ending a game now. Deterministic, and replayed by
server/replay/verify.py like any command."""

from __future__ import annotations

import json

import pytest
from helpers import RULES_DIR, Game, table

from server.engine import EngineError, Seat, apply, redact
from server.engine import events as ev
from server.engine.commands import (
    INSTRUCTOR,
    Check,
    Command,
    EndGame,
    InjectNews,
    PassTalks,
    StartGame,
)
from server.protocol import Entry, LoggedCommand, Notice
from server.replay.record import RecordError, header_for, read_record, write_record
from server.replay.verify import engine_seat, verify
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.schema import RuleFile


@pytest.fixture(scope="module")
def classroom() -> Ruleset:
    return load_ruleset(RULES_DIR / "classroom.yaml")


def refusal(game: Game, seat: Seat, command: InjectNews | EndGame) -> str:
    before = game.state
    with pytest.raises(EngineError) as caught:
        apply(game.rules, game.state, seat, command)
    assert game.state == before
    return caught.value.code


def test_a_news_card_of_the_deck_is_applied_and_then_never_drawn(classroom: Ruleset) -> None:
    game = Game(classroom, seed=3)
    news = game.state.news_deck[-1]  # the last of the shuffled deck: not drawn yet
    before = dict(game.vars)
    events = game.act_as(INSTRUCTOR, InjectNews(news=news))
    assert events[0] == ev.NewsInjected(news=news)
    expected = game.rules.news[news].effects
    changed = [e for e in events if isinstance(e, ev.VariablesChanged)]
    assert changed and all(e.cause == f"news:{news}" for e in changed)
    assert game.vars != before or not expected
    assert news not in game.state.news_deck
    assert game.state.news != news  # the hand's news card stays the one drawn
    assert game.state.turn == game.replayed().turn and game.state == game.replayed()


def test_custom_news_applies_the_chosen_effects_in_order(classroom: Ruleset) -> None:
    game = Game(classroom, seed=3)
    us, cn = game.vars["us_pressure"], game.vars["cn_pressure"]
    command = InjectNews(
        text="Breaking: both capitals face protests",
        effects=["pressure_on_washington", "pressure_on_beijing"],
    )
    events = game.act_as(INSTRUCTOR, command)
    assert events[0] == ev.NewsInjected(
        text="Breaking: both capitals face protests",
        effects=["pressure_on_washington", "pressure_on_beijing"],
    )
    assert [e.cause for e in events[1:] if isinstance(e, ev.VariablesChanged)] == [
        "instructor:pressure_on_washington",
        "instructor:pressure_on_beijing",
    ]
    assert (game.vars["us_pressure"], game.vars["cn_pressure"]) == (us + 5, cn + 5)
    # The same command on the same state gives the same events: nothing random.
    again = Game(classroom, seed=3)
    assert again.act_as(INSTRUCTOR, command) == events


def test_custom_news_without_effects_is_only_told(classroom: Ruleset) -> None:
    game = Game(classroom, seed=3)
    events = game.act_as(INSTRUCTOR, InjectNews(text="Remember the 2010 embargo"))
    assert events == [ev.NewsInjected(text="Remember the 2010 embargo")]


def test_injected_news_is_public_but_a_private_change_stays_with_its_side(
    classroom: Ruleset,
) -> None:
    game = Game(classroom, seed=3)
    events = game.act_as(INSTRUCTOR, InjectNews(text="A windfall", effects=["capital_for_beijing"]))
    told, changed = events
    assert redact(classroom, told, "washington") == told
    assert redact(classroom, told, "spectator") == told
    assert redact(classroom, changed, "beijing") == changed
    assert redact(classroom, changed, "washington") is None


def test_instructor_news_changes_no_turn_and_the_players_play_on(classroom: Ruleset) -> None:
    game = Game(classroom, seed=3)
    turn, waiting = game.state.turn, game.state.to_act
    game.act_as(INSTRUCTOR, InjectNews(text="Markets up", effects=["markets_rally"]))
    assert (game.state.turn, game.state.to_act) == (turn, waiting)
    game.act("washington", Check())  # simultaneous betting: a secret choice, as before


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (InjectNews(), "bad_news"),
        (InjectNews(news="liberation_day", text="both"), "bad_news"),
        (InjectNews(news="liberation_day", effects=["markets_rally"]), "bad_news"),
        (InjectNews(news="no_such_news"), "unknown_news"),
        (InjectNews(news="geneva_talks"), "unknown_news"),  # in the rules, not in this deck
        (InjectNews(text="x", effects=["no_such_effect"]), "unknown_effect"),
        (InjectNews(text="x", effects=["markets_rally", "markets_rally"]), "duplicate_effect"),
    ],
)
def test_a_bad_injection_is_refused_and_changes_nothing(
    classroom: Ruleset, command: InjectNews, code: str
) -> None:
    assert refusal(Game(classroom, seed=3), INSTRUCTOR, command) == code


@pytest.mark.parametrize("seat", [Seat(side="washington"), Seat(side="system")])
def test_only_the_instructor_injects_news_or_ends_the_game(classroom: Ruleset, seat: Seat) -> None:
    game = Game(classroom, seed=3)
    assert refusal(game, seat, InjectNews(text="x")) == "not_instructor"
    assert refusal(game, seat, EndGame()) == "not_instructor"


def test_the_instructor_cannot_play_for_a_side(classroom: Ruleset) -> None:
    game = Game(classroom, seed=3)
    with pytest.raises(EngineError) as caught:
        apply(classroom, game.state, INSTRUCTOR, Check())
    assert caught.value.code == "not_a_player"


def test_ending_the_game_scores_it_as_it_stands_as_called(classroom: Ruleset) -> None:
    game = Game(classroom, seed=3)
    events = game.act_as(INSTRUCTOR, EndGame())
    ended = events[-1]
    assert isinstance(ended, ev.GameEnded) and ended.outcome == "called"
    assert game.state.finished and game.state.outcome == "called"
    assert refusal(game, INSTRUCTOR, EndGame()) == "game_over"
    assert refusal(game, INSTRUCTOR, InjectNews(text="x")) == "game_over"


def test_rules_without_called_end_as_abandoned_or_refuse() -> None:
    rules = table()
    assert refusal(Game(rules), INSTRUCTOR, EndGame()) == "no_such_outcome"
    spec = rules.spec.model_dump()
    text = {"en": "A", "zh": "A"}
    spec["outcomes"].append({"id": "abandoned", "name": text, "text": text})
    abandoning = Ruleset(RuleFile.model_validate(spec))
    game = Game(abandoning)
    assert game.act_as(INSTRUCTOR, EndGame())[-1].outcome == "abandoned"  # type: ignore[union-attr]


def _record(rules: Ruleset, commands: list[tuple[str, Command | Notice]]) -> str:
    """Return a game record of `commands` (seat and command, or a notice) after the start."""
    game = Game(rules, seed=3)
    entries = [Entry(n=1, command=LoggedCommand(seat="system", command=StartGame(seed=3)))]
    entries += [Entry(n=2 + i, event=event) for i, event in enumerate(game.log)]
    for seat, item in commands:
        if isinstance(item, Notice):
            entries.append(Entry(n=len(entries) + 1, notice=item))
            continue
        events = game.act_as(engine_seat(seat), item)
        entries.append(Entry(n=len(entries) + 1, command=LoggedCommand(seat=seat, command=item)))
        entries += [Entry(n=len(entries) + 1 + i, event=event) for i, event in enumerate(events)]
    texts = [entry.model_dump_json() for entry in entries]
    return write_record(header_for("ABCD23", rules, texts, {}, {}), texts)


def test_a_record_with_controls_replays_to_the_same_events(classroom: Ruleset) -> None:
    news = Game(classroom, seed=3).state.news_deck[-1]
    notice = Notice(kind="news", by="prof", at=5)
    text = _record(
        classroom,
        [
            ("instructor", notice),
            ("instructor", InjectNews(news=news)),
            ("washington", Check()),
            ("instructor", Notice(kind="broadcast", by="prof", text="Two minutes", at=6)),
            ("beijing", Check()),
            ("instructor", InjectNews(text="Protests", effects=["pressure_on_beijing"])),
            ("washington", PassTalks()),
            ("instructor", EndGame()),
        ],
    )
    verified = verify(read_record(text))
    assert verified.final.outcome == "called"
    assert verified.record.header.outcome == "called"
    # Change what the instructor injected: the replay no longer matches the log.
    lines = text.splitlines()
    tampered = [
        line.replace('"pressure_on_beijing"]', '"pressure_on_washington"]')
        if '"inject_news"' in line
        else line
        for line in lines
    ]
    assert tampered != lines
    with pytest.raises(RecordError, match="the record was changed"):
        verify(read_record("\n".join(tampered)))
    assert json.loads(lines[0])["outcome"] == "called"
