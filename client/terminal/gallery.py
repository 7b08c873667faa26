"""The table as a spectator sees it (`brink play --seat spectator`): both sides' public tracks,
each side's hand as a count, the stake and what is on the table, and at the end the scores and
who won. No hand, private stockpile, objective or face-down card: the server sends a spectator
none of them (its view's `hand`, `private` and `objective` are null until the game is over)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from client.connection import BrinkClient
from client.terminal.board import Board
from client.terminal.names import Names
from client.terminal.words import SIDE_STYLE

SIDES = ("washington", "beijing")


class Gallery(Board):
    """Draws the table for a spectator: the same parts as a player's, but no side's own."""

    def __init__(self, client: BrinkClient, names: Names) -> None:
        super().__init__(client, names, me="")  # no side of its own

    def draw(self, chat: list[Text], full: bool = True) -> Panel:
        view = self.client.view
        self.drawn_at = (view.get("round"), view.get("phase"))
        return self.table(chat)

    def table(self, chat: list[Text]) -> Panel:
        names = self.names
        players = Text(names.w("watching_you"), "dim")
        for i, side in enumerate(SIDES):
            who = self.who(side) or names.w("empty_seat")
            players.append("  vs  " if i else "", "dim")
            players.append(f"{names.side_name(side)}{names.aside(who)}", SIDE_STYLE[side])
        hands = Text("\n").join(self.side_line(side) for side in SIDES)
        parts: list[Any] = [players, *self.news_line(), Group(*self.public_tracks()), hands]
        parts.append(self.on_table())
        if chat:
            parts.append(Panel(Group(*chat[-4:]), title=names.words["chat"], expand=True))
        return Panel(Group(*parts), title=self.title(), border_style="white")

    def verdict(self, scores: dict[str, int]) -> tuple[str, str] | None:
        """Who won, by name ("Beijing wins."), or a tie; None without both scores."""
        if not all(side in scores for side in SIDES):
            return None
        first, second = (scores[side] for side in SIDES)
        if first == second:
            return self.names.w("tie"), "bold"
        winner = SIDES[0] if first > second else SIDES[1]
        return self.names.w("side_wins", side=self.names.side_name(winner)), SIDE_STYLE[winner]
