"""The board, drawn with `rich`: both sides' public tracks, your hand (names, costs, texts), your
private stockpiles and objective, the opponent's hand as a count, the stake and the deals on the
table; and at the end the scores."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from client.connection import BrinkClient
from client.terminal.names import Names
from client.terminal.words import OTHER, SIDE_STYLE
from server.protocol.base import plain


class Board:
    """Draws the table as one player seat sees it."""

    def __init__(self, client: BrinkClient, names: Names, me: str) -> None:
        self.client = client
        self.names = names
        self.me = me
        self.drawn_at: tuple[Any, Any] = (None, None)
        """The (hand, phase) the whole table was last drawn for."""
        self.shown: dict[str, int] = {}
        """The values of the variables when the table was last drawn (to show changes)."""

    def draw(self, chat: list[Text], full: bool = True) -> Panel:
        """The whole table; with `full=False` only what is on it, unless the hand or phase
        changed since the table was last drawn (the talks go back and forth quickly)."""
        view = self.client.view
        where = (view.get("round"), view.get("phase"))
        if full or where != self.drawn_at:
            self.drawn_at = where
            return self.table(chat)
        return Panel(self.situation(OTHER[self.me]), border_style="dim")

    def table(self, chat: list[Text]) -> Panel:
        names = self.names
        me, other = self.me, OTHER[self.me]
        you = self.who(me) or plain(self.client.name)
        them = self.who(other) or names.w("empty_seat")
        players = Text.assemble(
            (names.w("you"), "dim"),
            (f"{names.side_name(me)}{names.aside(you)}", SIDE_STYLE[me]),
            ("  vs  ", "dim"),
            (f"{names.side_name(other)}{names.aside(them)}", SIDE_STYLE[other]),
        )
        parts: list[Any] = [players, *self.news_line()]
        parts += [self.tracks(), self.hand_table(), self.situation(other)]
        if chat:
            parts.append(Panel(Group(*chat[-4:]), title=names.words["chat"], expand=True))
        return Panel(Group(*parts), title=self.title(), border_style=SIDE_STYLE[me].split()[-1])

    def title(self) -> Text:
        """The table's title: the scenario, the room, the hand and the phase."""
        names = self.names
        view = self.client.view
        phase = next((p for p in names.rules.phases if p.id == view.get("phase")), None)
        return Text.assemble(
            (f"{names.w('title')} ", "bold"),
            (f"· {names.t(names.rules.scenario.name)} · ", ""),
            (f"{names.w('room', code=self.client.code)} · ", ""),
            (
                names.w("hand_of", round=view.get("round"), rounds=view.get("rounds")) + " · ",
                "bold",
            ),
            (names.t(phase.name) if phase else str(view.get("phase")), "bold magenta"),
        )

    def news_line(self) -> list[Text]:
        """The news of the hand, if there is one (a list of one line, or none)."""
        names = self.names
        news = self.client.view.get("news")
        spec = names.rules.news.get(news) if news else None
        if spec is None:
            return []
        return [Text.assemble((names.w("news"), "bold yellow"), (names.t(spec.name), "yellow"))]

    def who(self, side: str) -> str:
        """Who holds a side's seats, its roles by name: "Bo", "Leader Di, Vice Premier Bo"
        (國家領導人 Di、副總理 Bo); "" when nobody does."""
        names = self.names
        spec = names.rules.spec.sides.get(side)  # type: ignore[call-overload]
        roles = [(f"{side}:{role.id}", names.t(role.name)) for role in spec.roles] if spec else []
        said = []
        for seat, role in [(side, ""), *roles]:
            player = self.client.seats.get(seat)
            if player:
                said.append(f"{role} {names.player(player)}" if role else names.player(player))
        return names.series(said)

    def tracks(self) -> Group:
        """The public numbers in a compact grid (with what changed since you last looked),
        the public flags that are on, then your private stockpiles and your objective."""
        names = self.names
        public = self.public_tracks()
        side = self.client.view["sides"][self.me]
        mine = Text.assemble((f"{names.words['stock']}{names.colon}", "bold green"))
        internal = names.rules.internal  # the rules' bookkeeping: not shown
        private = {k: v for k, v in (side.get("private") or {}).items() if k not in internal}
        mine.append(
            names.comma.join(f"{names.variable(k)} {names.value(k, v)}" for k, v in private.items())
        )
        objective = side.get("objective")
        spec = names.rules.objectives.get(objective) if objective else None
        if spec is not None:
            mine.append("\n" + names.w("objective"), "bold green")
            points = names.w("points", points=spec.points)
            mine.append(f"{names.t(spec.name)} — {names.t(spec.text)} {points}")
        self.shown = {**self.shown, **private}
        return Group(*public, mine)

    def public_tracks(self) -> list[Any]:
        """The title, the public numbers in a grid (with what changed since last drawn) and
        the public flags that are on; what everyone at the table, spectators too, sees."""
        names = self.names
        internal = names.rules.internal  # the rules' bookkeeping: not shown
        everything: dict[str, int] = self.client.view.get("public", {})
        public = {k: v for k, v in everything.items() if k not in internal}
        numbers = [(name, value) for name, value in public.items() if not names.is_flag(name)]
        grid = Table.grid(expand=True, padding=(0, 1))
        for _ in range(2):
            grid.add_column(ratio=3, style="cyan", overflow="fold")
            grid.add_column(ratio=1, justify="right", no_wrap=True)
        cells: list[Any] = []
        for name, value in numbers:
            cells += [names.variable(name), self.number(name, value)]
        while len(cells) % 4:
            cells.append("")
        for row in range(0, len(cells), 4):
            grid.add_row(*cells[row : row + 4])
        on = [
            names.variable(name) for name, value in public.items() if names.is_flag(name) and value
        ]
        flags = Text.assemble(
            (names.w("in_force"), "bold"), (names.series(on, "; ") or names.w("nothing"), "yellow")
        )
        self.shown = dict(public)
        return [Text(names.words["public"], style="bold"), grid, flags]

    def number(self, name: str, value: int) -> Text:
        shown = Text(self.names.value(name, value), style="bold")
        before = self.shown.get(name)
        if before is not None and before != value:
            shown.append(f" {'▲' if value > before else '▼'}{abs(value - before)}", "yellow")
        return shown

    def hand_table(self) -> Table:
        names = self.names
        cards = self.client.view["sides"][self.me].get("hand") or []
        hand = Table(title=names.words["hand"], expand=True, show_lines=False)
        hand.add_column(names.w("card"), style="bold", ratio=2, overflow="fold")
        hand.add_column(names.w("cost"), justify="right")
        hand.add_column(names.w("stake"), justify="right")
        hand.add_column(names.w("bluffable"), justify="center")
        hand.add_column(names.w("does"), ratio=5, overflow="fold")
        for card in cards:
            spec = names.rules.cards.get(card)
            if spec is None:
                hand.add_row(card, "?", "?", "", "")
                continue
            bluff = "✓" if spec.bluff is not None else ""
            title = names.card_title(card)  # as the log names it
            hand.add_row(title, str(spec.cost), str(spec.stake), bluff, names.t(spec.text))
        return hand

    def situation(self, other: str) -> Text:
        """The other side's hand as counts, then what is on the table."""
        return Text.assemble(self.side_line(other), "\n", self.on_table())

    def side_line(self, side: str) -> Text:
        """A side's hand as others see it: how many cards in hand and deck, its raises."""
        names = self.names
        them = self.client.view["sides"][side]
        line = Text()
        line.append(f"{names.side_name(side)}{names.colon}", SIDE_STYLE[side])
        counts = {"cards": them.get("hand_count"), "deck": them.get("deck_count")}
        line.append(names.w("them", **counts, raises=them.get("raises")))
        return line

    def on_table(self) -> Text:
        """The stake, a raise to answer, the face-down cards, the proposal, the deals in force,
        the lasting effects and who passed in the talks."""
        names = self.names
        view = self.client.view
        lines = Text()
        lines.append(f"{names.words['table']}{names.colon}", "bold")
        lines.append(names.w("stake_now", stake=view.get("stake")))
        if view.get("facing"):
            lines.append(names.w("facing"), "bold yellow")
        for down in view.get("face_down", []):
            card = names.card_name(down["card"]) if down.get("card") else "?"
            side = names.side_name(down["side"])
            lines.append(names.w("face_down", slot=down["slot"], side=side, card=card))
        proposal = view.get("proposal")
        if proposal is not None:
            terms = names.deal_text(proposal["terms"], proposal["rounds"])
            side = names.side_name(proposal["side"])
            said = names.w("proposal", side=side, terms=terms)
            lines.append("\n" + said, "bold yellow")
        for deal in view.get("deals", []):
            terms, hand = names.deal_text(deal["terms"]), deal["expires_after"]
            to_the_end = hand > int(view.get("rounds") or hand)  # "to hand 7" of 6
            said = names.w("deal_end" if to_the_end else "deal", terms=terms, hand=hand)
            lines.append("\n" + said, "green")
        for lasting in view.get("lasting", []):
            left = lasting.get("remaining")
            until = names.w("forever") if left is None else names.w("more", n=left)
            card, side = names.card_name(lasting["card"]), names.side_name(lasting["side"])
            lines.append("\n" + names.w("lasting", card=card, side=side, until=until), "dim")
        if view.get("passed"):
            passed = names.series(names.side_name(side) for side in view["passed"])
            lines.append("\n" + names.w("passed", sides=passed), "dim")
        return lines

    def end(self) -> Panel:
        """The end of the game: the outcome, each side's score and objective, who won."""
        names = self.names
        view = self.client.view
        outcome = view.get("outcome")
        spec = names.rules.outcomes.get(outcome) if outcome else None
        body = Text()
        if spec is not None:
            body.append(names.t(spec.name) + "\n", "bold")
            body.append(names.t(spec.text) + "\n\n")
        for side, score in view.get("scores", {}).items():
            met = view.get("objectives_met", {}).get(side)
            objective = view["sides"][side].get("objective")
            named = names.rules.objectives.get(objective) if objective else None
            said = names.w("met" if met else "not_met")
            goal = names.w("objective_of", name=names.t(named.name), met=said) if named else ""
            body.append(f"{names.side_name(side)}{names.colon}{score}", SIDE_STYLE[side])
            body.append(goal + "\n")
        verdict = self.verdict(view.get("scores", {}))
        if verdict is not None:
            body.append("\n" + verdict[0], verdict[1])
        return Panel(body, title=names.w("game_over"), border_style="bold")

    def verdict(self, scores: dict[str, int]) -> tuple[str, str] | None:
        """Who won, said to you, and its style; None without both scores."""
        mine, theirs = scores.get(self.me), scores.get(OTHER[self.me])
        if mine is None or theirs is None:
            return None
        said = self.names.w("win" if mine > theirs else "lose" if mine < theirs else "tie")
        return said, "bold green" if mine >= theirs else "bold red"
