"""The instructor's commands: a news event injected into the game, and ending the game now.

Only the seat `instructor` sends them (the server stamps it on an instructor's control, after
checking who the instructor is); they go through the same commit as moves, so a replay applies
them again and gets the same events.
"""

from __future__ import annotations

from server.engine import events as ev
from server.engine.commands import EndGame, InjectNews, Seat
from server.engine.errors import IllegalCommand, MalformedCommand
from server.engine.flow import end_game
from server.engine.progress import finished, started
from server.engine.step import Step

CALLED = "called"
"""The outcome of a game the instructor ended (`abandoned` under rules without it)."""
ABANDONED = "abandoned"


def _instructor_and_game_on(step: Step, seat: Seat, what: str) -> None:
    if seat.side != "instructor":
        raise IllegalCommand("not_instructor", f"only the instructor may {what}")
    if not started(step.state) or finished(step.state):
        raise IllegalCommand("game_over", "there is no game going on")


def inject_news(step: Step, seat: Seat, command: InjectNews) -> None:
    """Apply a news card of the scenario's deck, or custom text with instructor effects."""
    _instructor_and_game_on(step, seat, "inject news")
    rules = step.rules
    if (command.news is None) == (command.text is None) or (command.news and command.effects):
        raise MalformedCommand(
            "bad_news", "inject either a news card of the scenario, or custom text with effects"
        )
    if command.news is not None:
        deck = {*rules.scenario.news_deck, *rules.scenario.scripted_news.values()}
        if command.news not in deck or command.news not in rules.news:
            raise MalformedCommand("unknown_news", f"no news {command.news!r} in this scenario")
        step.emit(ev.NewsInjected(news=command.news))
        step.apply(rules.news[command.news].effects, cause=f"news:{command.news}")
        return
    for index, effect in enumerate(command.effects):
        if effect not in rules.instructor_news:
            known = ", ".join(sorted(rules.instructor_news)) or "none"
            raise MalformedCommand(
                "unknown_effect", f"no instructor news effect {effect!r} (known: {known})"
            )
        if effect in command.effects[:index]:
            raise IllegalCommand("duplicate_effect", f"{effect!r} is chosen twice")
    step.emit(ev.NewsInjected(text=command.text, effects=list(command.effects)))
    for effect in command.effects:
        step.apply(rules.instructor_news[effect].effects, cause=f"instructor:{effect}")


def end_now(step: Step, seat: Seat, command: EndGame) -> None:
    """End the game as `called` (or `abandoned`), scored as it stands."""
    _instructor_and_game_on(step, seat, "end the game")
    for outcome in (CALLED, ABANDONED):
        if outcome in step.rules.outcomes:
            end_game(step, outcome)
            return
    raise IllegalCommand(
        "no_such_outcome", f"these rules have neither {CALLED!r} nor {ABANDONED!r}"
    )
