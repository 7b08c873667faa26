"""`brink play`: the game in a terminal, drawn with `rich`, played from a numbered menu.

The table is drawn whenever the game waits for you: both sides' public tracks, your hand (names,
costs, texts), your private stockpiles, the opponent's hand as a count, the stake and the deal on
the table, and a menu of what you may do now (from the server's `options`; what you may not do
is listed with the reason). What happens is told as it happens, in plain language.

Input is read line by line from stdin on a thread, so the other side's moves show while you
think; a script can drive it through a pipe (see tests/client/test_play.py):

    3                      choose menu item 3
    3 on_china=20 rounds=2 choose a proposal with other parameters
    check / call / fold / pass / accept / reject / withdraw
    say TEXT / team TEXT   chat to the room / to your own side
    board / log / help / quit
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from client.bot import take_seat
from client.connection import BrinkClient, Notice, ServerError, Status
from client.rules import fetch_rules, mismatch, text
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
from server.engine.legal import Options, Refused
from server.game.narrate import Language, describe
from server.protocol import Entry, Joined, Presence, Update
from server.ruleset.model import Ruleset

SIDE_STYLE = {"washington": "bold blue", "beijing": "bold red"}
OTHER = {"washington": "beijing", "beijing": "washington"}
WORDS = {
    "en": {
        "check": "Check (pass the turn)",
        "call": "Call (showdown: betting ends)",
        "call_bluff": "Call the bluff (turn the face-down card over)",
        "fold": "Fold (concede the hand)",
        "pass": "Pass (nothing more to say this hand)",
        "accept": "Accept the deal on the table",
        "reject": "Reject the deal on the table",
        "withdraw": "Withdraw your proposal",
        "play": "Play",
        "bluff": "Bluff face down with",
        "propose": "Propose",
        "counter": "Counter with",
        "your_move": "▶ your move",
        "waiting": "… waiting for",
        "hand": "Your hand",
        "public": "Public tracks",
        "stock": "Your stockpiles (private)",
        "table": "On the table",
        "chat": "Chat",
        "turn": "(turn {turn}{clock}) — a number, a word, or help",
        "left": ", {seconds} s left",
        "room": "room {code}",
        "hand_of": "hand {round}/{rounds}",
        "you": "you: ",
        "news": "News: ",
        "in_force": "In force: ",
        "nothing": "nothing",
        "objective": "Your secret objective: ",
        "points": "({points} points)",
        "card": "card",
        "cost": "cost",
        "stake": "stake",
        "bluffable": "bluff",
        "does": "what it does",
        "them": "{cards} card(s) in hand, {deck} in the deck, {raises} raise(s) this hand",
        "stake_now": "stake {stake}",
        "facing": " · a raise to answer",
        "face_down": " · face down #{slot} by {side}: {card}",
        "proposal": "proposal #{id} from {side}: {terms}",
        "deal": "deal in force: {terms} (to hand {hand})",
        "lasting": "lasting: {card} ({side}, {until})",
        "forever": "for the rest of the game",
        "more": "{n} more hand(s)",
        "passed": "passed in the talks: {sides}",
        "for_hands": " for {n} hand(s)",
        "hands": ", {n} hand(s)",
        "menu": "What you can do",
        "empty_seat": "empty seat",
        "game_over": "Game over",
        "objective_of": " — objective {name}: {met}",
        "met": "met",
        "not_met": "not met",
        "win": "You win.",
        "lose": "You lose.",
        "tie": "A tie.",
        "not_now": "it is not your move: wait for the other side",
        "choose": "choose 1 to {n}",
        "stale": "the menu changed just as you typed: look again and choose",
        "timed_out": "⏱ time ran out for {sides}",
        "talks_passed": "{side} passes in the talks.",
        "cost_stake": " (cost {cost}, stake +{stake})",
        "on": "on",
        "off": "off",
        "weeks": "{n} wk",
    },
    "zh": {
        "check": "過牌",
        "call": "跟注(攤牌:下注結束)",
        "call_bluff": "要求亮牌",
        "fold": "棄牌",
        "pass": "不再談判",
        "accept": "接受桌上的協議",
        "reject": "拒絕桌上的協議",
        "withdraw": "撤回你的提議",
        "play": "打出",
        "bluff": "蓋牌虛張聲勢:",
        "propose": "提議",
        "counter": "還價:",
        "your_move": "▶ 輪到你",
        "waiting": "… 等待",
        "hand": "你的手牌",
        "public": "公開數據",
        "stock": "你的庫存(不公開)",
        "table": "桌面",
        "chat": "聊天",
        "turn": "(第 {turn} 手{clock})— 輸入編號、指令或 help",
        "left": ",剩 {seconds} 秒",
        "room": "房間 {code}",
        "hand_of": "第 {round}/{rounds} 局",
        "you": "你:",
        "news": "新聞:",
        "in_force": "生效中:",
        "nothing": "無",
        "objective": "你的秘密目標:",
        "points": "({points} 分)",
        "card": "牌",
        "cost": "成本",
        "stake": "賭注",
        "bluffable": "可虛張",
        "does": "效果",
        "them": "手牌 {cards} 張,牌庫 {deck} 張,本局加注 {raises} 次",
        "stake_now": "賭注 {stake}",
        "facing": " · 須回應對方加注",
        "face_down": " · {side}蓋牌 #{slot}:{card}",
        "proposal": "{side}的提議 #{id}:{terms}",
        "deal": "生效協議:{terms}(至第 {hand} 局)",
        "lasting": "持續效果:{card}({side},{until})",
        "forever": "直到遊戲結束",
        "more": "還有 {n} 局",
        "passed": "已結束談判:{sides}",
        "for_hands": ",為期 {n} 局",
        "hands": ",{n} 局",
        "menu": "你可以做的事",
        "empty_seat": "空位",
        "game_over": "遊戲結束",
        "objective_of": " — 目標「{name}」:{met}",
        "met": "達成",
        "not_met": "未達成",
        "win": "你贏了。",
        "lose": "你輸了。",
        "tie": "平手。",
        "not_now": "還沒輪到你:請等對方",
        "choose": "請選 1 到 {n}",
        "stale": "你輸入時選單剛好變了:請再看一次再選",
        "timed_out": "⏱ {sides}超時",
        "talks_passed": "{side}結束談判。",
        "cost_stake": "(成本 {cost},賭注 +{stake})",
        "on": "是",
        "off": "否",
        "weeks": "{n} 週",
    },
}
MENU_GRACE = 1.0
"""Seconds after the menu changed during which a number chosen from the old one is refused."""
HELP = """\
type a number to choose from the menu; a proposal takes parameters: 3 on_china=20 rounds=2
words: check call fold pass accept reject withdraw · say TEXT (chat) · team TEXT (your side only)
       board (draw the table again) · log (recent events) · help · quit"""

_COUNTED = re.compile(r"\b(\d+) (\w+)\(s\)")


def _plural(phrase: str) -> str:
    """Return an English phrase with each "N word(s)" written as "1 word" or "N words"."""
    return _COUNTED.sub(lambda m: f"{m[1]} {m[2]}{'' if m[1] == '1' else 's'}", phrase)


@dataclass
class Item:
    """One line of the menu: a command, or why it cannot be sent now."""

    label: str
    command: Command | None
    refused: Refused | None = None
    term: str | None = None
    style: str = ""


@dataclass
class Lines:
    """Lines of stdin, read on a thread (works for a terminal, a pipe or a file)."""

    queue: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)

    def start(self, stream: Any = None) -> None:
        loop = asyncio.get_running_loop()
        source = stream if stream is not None else sys.stdin

        def read() -> None:
            for line in iter(source.readline, ""):
                loop.call_soon_threadsafe(self.queue.put_nowait, line.rstrip("\n"))
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self.queue.put_nowait, None)

        threading.Thread(target=read, daemon=True, name="brink-stdin").start()


class Terminal:
    """Draws the table and turns typed lines into commands for one player seat."""

    def __init__(
        self, client: BrinkClient, rules: Ruleset, console: Console, lang: Language = "en"
    ) -> None:
        assert client.side is not None, "a player seat is needed"
        self.client = client
        self.rules = rules
        self.console = console
        self.lang: Language = lang
        self.me: str = client.side
        self.words = WORDS[lang]
        self.menu: list[Item] = []
        self.earlier_menu: list[Item] = []
        self.menu_changed = 0.0
        self.sent = False
        """Whether you sent a command since the menu was drawn (then a new menu is expected)."""
        self.log: list[str] = []
        self.chat: list[Text] = []
        self.printed = 0
        self.prompted_at: tuple[int, int] = (-1, -1)
        """The (events, turn) the menu was last drawn for: a chat line does not redraw it."""
        self.waited_turn = -1
        self.drawn_at: tuple[Any, Any] = (None, None)
        self.shown: dict[str, int] = {}
        """The values of the variables when the table was last drawn (to show changes)."""
        self.values: dict[str, int] = {}
        """The variables' values as the events told so far (to narrate changes)."""
        self.changed = asyncio.Event()
        self.gone: str | None = None
        """Why the connection cannot go on (then `run` stops)."""

    # ------------------------------------------------------------ names

    def w(self, key: str, **args: object) -> str:
        """A phrase of the interface in the player's language."""
        return _plural(self.words[key].format(**args))

    def t(self, value: object) -> str:
        return text(value, self.lang)

    def side_name(self, side: str) -> str:
        spec = self.rules.spec.sides.get(side)  # type: ignore[call-overload]
        return self.t(spec.name) if spec is not None else side

    def card_name(self, card: str) -> str:
        spec = self.rules.cards.get(card)
        return self.t(spec.name) if spec is not None else card

    def term_name(self, term: str) -> str:
        spec = self.rules.terms.get(term)
        return self.t(spec.name) if spec is not None else term

    def value(self, name: str, value: int) -> str:
        spec = self.rules.spec.variables.get(name)
        kind = spec.kind if spec is not None else "number"
        if kind == "percent":
            return f"{value}%"
        if kind == "flag":
            return self.w("on" if value else "off")
        if kind == "weeks":
            return self.w("weeks", n=value)
        return str(value)

    def variable(self, name: str) -> str:
        spec = self.rules.spec.variables.get(name)
        return self.t(spec.name) if spec is not None else name

    def change(self, name: str, value: int) -> str:
        before = self.values.get(name)
        self.values[name] = value
        if before is None or before == value:
            return f"{self.variable(name)} {self.value(name, value)}"
        return f"{self.variable(name)} {self.value(name, before)} → {self.value(name, value)}"

    def deal_text(self, terms: list[dict[str, Any]], rounds: int | None = None) -> str:
        parts = []
        for choice in terms:
            params = ", ".join(f"{k} {v}" for k, v in choice.get("params", {}).items())
            name = self.term_name(choice["term"])
            parts.append(f"{name} ({params})" if params else name)
        length = self.w("for_hands", n=rounds) if rounds is not None else ""
        return "; ".join(parts) + length

    # ------------------------------------------------------------ what happens

    def on_notice(self, notice: Notice) -> None:
        if isinstance(notice, Update | Status | Presence | Joined):
            self.changed.set()
        if isinstance(notice, Status):
            style = "yellow" if notice.kind != "failed" else "bold red"
            what = {
                "lost": "connection lost",
                "resumed": "reconnected",
                "failed": "could not reconnect",
                "resync": "catching up",
            }[notice.kind]
            self.console.print(Text(f"⚡ {what}: {notice.detail}", style=style))
            if notice.kind == "failed" or (notice.kind == "lost" and not self.client.auto_resume):
                self.gone = f"the connection is gone ({notice.detail})"
            if notice.kind == "resumed":
                self.prompted_at = (-1, -1)  # show the menu again: it may be your move
                self.after_change()
        elif isinstance(notice, Presence) and notice.seat != self.client.seat:
            self.console.print(Text(f"• {notice.name} ({notice.seat}): {notice.status}", "dim"))
        self.tell_new_entries()
        if isinstance(notice, Update | Joined):
            self.after_change()

    def tell_new_entries(self) -> None:
        entries = self.client.entries[self.printed :]
        self.printed = len(self.client.entries)
        for entry in entries:
            line = self.say(entry)
            if line is not None:
                self.console.print(line)

    def say(self, entry: Entry) -> Text | None:
        if entry.chat is not None:
            chat = entry.chat
            team = " (team)" if chat.team else ""
            speaker = chat.seat.split(":")[0]
            line = Text.assemble(
                (f"💬 {chat.name}{team}: ", SIDE_STYLE.get(speaker, "bold")), chat.text
            )
            self.chat = [*self.chat, line][-6:]
            return line
        event = entry.event
        if event is None:
            return None
        if event.type == "timed_out":
            sides = " and ".join(self.side_name(side) for side in event.sides)
            said: str | None = self.w("timed_out", sides=sides)
        elif event.type == "talks_passed":
            said = self.w("talks_passed", side=self.side_name(event.side))
        elif event.type == "variables_changed":
            said = "  · " + ", ".join(
                self.change(name, value) for name, value in event.values.items()
            )
        elif event.type == "phase_started":
            phase = next((p for p in self.rules.phases if p.id == event.phase), None)
            said = f"[{self.t(phase.name) if phase else event.phase}]"
        else:
            said = describe(self.rules, event, self.lang)
        if said is None:
            return None
        self.log = [*self.log, said][-40:]
        style = "dim" if event.type == "variables_changed" else ""
        side = getattr(event, "side", None)
        if event.type in ("game_ended", "deal_struck", "round_started"):
            style = "bold"
        elif isinstance(side, str) and side in SIDE_STYLE and event.type != "variables_changed":
            style = SIDE_STYLE[side].replace("bold ", "")
        return Text(said, style=style)

    def after_change(self) -> None:
        view = self.client.view
        if self.client.finished:
            return
        options = self.client.my_options
        if options is not None:
            if self.prompted_at != self.moment():
                self.show(full=False)
            return
        turn = int(view.get("turn", 0))
        if turn != self.waited_turn:
            self.waited_turn = turn
            waiting = view.get("to_act") or OTHER[self.me]
            who = self.client.seats.get(waiting) or waiting
            self.console.print(
                Text(f"{self.words['waiting']} {self.side_name(waiting)} ({who})", "dim italic")
            )

    # ------------------------------------------------------------ the table

    def show(self, full: bool = True) -> None:
        """Draw the table and the menu (the menu only when the game waits for you).

        `full=False` draws the whole table only when the hand or phase changed since it was
        last drawn, else just what is on the table (the talks go back and forth quickly)."""
        self.prompted_at = self.moment()
        view = self.client.view
        where = (view.get("round"), view.get("phase"))
        if full or where != self.drawn_at:
            self.drawn_at = where
            self.console.print(self.table())
        else:
            self.console.print(Panel(self.situation(OTHER[self.me]), border_style="dim"))
        options = self.client.my_options
        if options is None:
            return
        menu = self.build_menu(options)
        if not self.sent and [i.label for i in menu] != [i.label for i in self.menu]:
            # the other side changed what you were choosing from
            self.earlier_menu, self.menu_changed = self.menu, time.monotonic()
        self.menu, self.sent = menu, False
        self.console.print(self.menu_panel())
        view = self.client.view
        self.console.print(
            Text(
                f"{self.words['your_move']} "
                + self.w("turn", turn=view.get("turn"), clock=self.clock()),
                "bold green",
            )
        )

    def moment(self) -> tuple[int, int]:
        view = self.client.view
        return int(view.get("seq", 0)), int(view.get("turn", 0))

    def clock(self) -> str:
        deadline = self.client.deadline
        if deadline is None:
            return ""
        return self.w("left", seconds=max(0, round(deadline / 1000 - time.time())))

    def table(self) -> Panel:
        view, me = self.client.view, self.me
        other = OTHER[me]
        scenario = self.rules.scenario
        phase = next((p for p in self.rules.phases if p.id == view.get("phase")), None)
        title = Text.assemble(
            ("Brinkmanship ", "bold"),
            (f"· {self.t(scenario.name)} · {self.w('room', code=self.client.code)} · ", ""),
            (self.w("hand_of", round=view.get("round"), rounds=view.get("rounds")) + " · ", "bold"),
            (self.t(phase.name) if phase else str(view.get("phase")), "bold magenta"),
        )
        you = self.client.seats.get(self.client.seat or me) or self.client.name
        them = self.client.seats.get(other) or self.w("empty_seat")
        players = Text.assemble(
            (self.w("you"), "dim"),
            (f"{self.side_name(me)} ({you})", SIDE_STYLE[me]),
            ("  vs  ", "dim"),
            (f"{self.side_name(other)} ({them})", SIDE_STYLE[other]),
        )
        news = view.get("news")
        news_spec = self.rules.news.get(news) if news else None
        parts: list[Any] = [players]
        if news_spec is not None:
            parts.append(
                Text.assemble((self.w("news"), "bold yellow"), (self.t(news_spec.name), "yellow"))
            )
        parts += [self.tracks(), self.hand_table(), self.situation(other)]
        if self.chat:
            parts.append(Panel(Group(*self.chat[-4:]), title=self.words["chat"], expand=True))
        return Panel(Group(*parts), title=title, border_style=SIDE_STYLE[me].split()[-1])

    def is_flag(self, name: str) -> bool:
        spec = self.rules.spec.variables.get(name)
        return spec is not None and spec.kind == "flag"

    def tracks(self) -> Group:
        """The public numbers in a compact grid (with what changed since you last looked),
        the public flags that are on, then your private stockpiles and your objective."""
        view = self.client.view
        public: dict[str, int] = view.get("public", {})
        numbers = [(name, value) for name, value in public.items() if not self.is_flag(name)]
        grid = Table.grid(expand=True, padding=(0, 1))
        for _ in range(2):
            grid.add_column(ratio=3, style="cyan", overflow="fold")
            grid.add_column(ratio=1, justify="right", no_wrap=True)
        cells: list[Any] = []
        for name, value in numbers:
            cells += [self.variable(name), self.number(name, value)]
        while len(cells) % 4:
            cells.append("")
        for row in range(0, len(cells), 4):
            grid.add_row(*cells[row : row + 4])
        on = [self.variable(name) for name, value in public.items() if self.is_flag(name) and value]
        flags = Text.assemble(
            (self.w("in_force"), "bold"), ("; ".join(on) or self.w("nothing"), "yellow")
        )
        side = view["sides"][self.me]
        mine = Text.assemble((f"{self.words['stock']}: ", "bold green"))
        private = side.get("private") or {}
        mine.append(", ".join(f"{self.variable(k)} {self.value(k, v)}" for k, v in private.items()))
        objective = side.get("objective")
        spec = self.rules.objectives.get(objective) if objective else None
        if spec is not None:
            mine.append("\n" + self.w("objective"), "bold green")
            points = self.w("points", points=spec.points)
            mine.append(f"{self.t(spec.name)} — {self.t(spec.text)} {points}")
        self.shown = {**public, **private}
        title = Text(self.words["public"], style="bold")
        return Group(title, grid, flags, mine)

    def number(self, name: str, value: int) -> Text:
        shown = Text(self.value(name, value), style="bold")
        before = self.shown.get(name)
        if before is not None and before != value:
            shown.append(f" {'▲' if value > before else '▼'}{abs(value - before)}", "yellow")
        return shown

    def hand_table(self) -> Table:
        cards = self.client.view["sides"][self.me].get("hand") or []
        hand = Table(title=self.words["hand"], expand=True, show_lines=False)
        hand.add_column(self.w("card"), style="bold", ratio=2, overflow="fold")
        hand.add_column(self.w("cost"), justify="right")
        hand.add_column(self.w("stake"), justify="right")
        hand.add_column(self.w("bluffable"), justify="center")
        hand.add_column(self.w("does"), ratio=5, overflow="fold")
        for card in cards:
            spec = self.rules.cards.get(card)
            if spec is None:
                hand.add_row(card, "?", "?", "", "")
                continue
            bluff = "✓" if spec.bluff is not None else ""
            hand.add_row(
                self.t(spec.name), str(spec.cost), str(spec.stake), bluff, self.t(spec.text)
            )
        return hand

    def situation(self, other: str) -> Text:
        view = self.client.view
        them = view["sides"][other]
        lines = Text()
        lines.append(f"{self.side_name(other)}: ", SIDE_STYLE[other])
        counts = {"cards": them.get("hand_count"), "deck": them.get("deck_count")}
        lines.append(self.w("them", **counts, raises=them.get("raises")) + "\n")
        lines.append(f"{self.words['table']}: ", "bold")
        lines.append(self.w("stake_now", stake=view.get("stake")))
        if view.get("facing"):
            lines.append(self.w("facing"), "bold yellow")
        for down in view.get("face_down", []):
            card = self.card_name(down["card"]) if down.get("card") else "?"
            side = self.side_name(down["side"])
            lines.append(self.w("face_down", slot=down["slot"], side=side, card=card))
        proposal = view.get("proposal")
        if proposal is not None:
            terms = self.deal_text(proposal["terms"], proposal["rounds"])
            side = self.side_name(proposal["side"])
            said = self.w("proposal", id=proposal["id"], side=side, terms=terms)
            lines.append("\n" + said, "bold yellow")
        for deal in view.get("deals", []):
            terms = self.deal_text(deal["terms"])
            lines.append("\n" + self.w("deal", terms=terms, hand=deal["expires_after"]), "green")
        for lasting in view.get("lasting", []):
            left = lasting.get("remaining")
            until = self.w("forever") if left is None else self.w("more", n=left)
            card, side = self.card_name(lasting["card"]), self.side_name(lasting["side"])
            lines.append("\n" + self.w("lasting", card=card, side=side, until=until), "dim")
        if view.get("passed"):
            passed = ", ".join(self.side_name(side) for side in view["passed"])
            lines.append("\n" + self.w("passed", sides=passed), "dim")
        return lines

    # ------------------------------------------------------------ the menu

    def build_menu(self, options: Options) -> list[Item]:
        view = self.client.view
        proposal = view.get("proposal")
        pid = int(proposal["id"]) if proposal else 0
        w = self.words
        items: list[Item] = []

        def simple(kind: str, command: Command) -> None:
            if kind in options.actions:
                items.append(Item(w[kind], command, options.actions[kind]))

        if view.get("phase_kind") == "betting":
            simple("check", Check())
            simple("call", Call())
            simple("call_bluff", CallBluff())
            for card, refused in options.play.items():
                spec = self.rules.cards.get(card)
                cost = self.w("cost_stake", cost=spec.cost, stake=spec.stake) if spec else ""
                label = f"{w['play']} {self.card_name(card)}{cost}"
                items.append(Item(label, PlayCards(cards=[card]), refused, style="bold"))
            for card, refused in options.bluff.items():
                label = f"{w['bluff']} {self.card_name(card)}"
                items.append(Item(label, Bluff(card=card), refused))
            simple("fold", Fold())
        else:
            countering = proposal is not None and proposal["side"] != self.me
            if proposal is not None:
                simple("accept", AcceptDeal(proposal=pid))
                simple("reject", RejectDeal(proposal=pid))
            simple("pass", PassTalks())
            if proposal is not None and proposal["side"] == self.me:
                simple("withdraw", WithdrawDeal(proposal=pid))
            for term, refused in options.terms.items():
                term_spec = self.rules.terms.get(term)
                params = {k: p.default for k, p in term_spec.params.items()} if term_spec else {}
                shown = ", ".join(f"{k}={v}" for k, v in params.items())
                verb = w["counter"] if countering else w["propose"]
                label = f"{verb} {self.term_name(term)}" + (f" ({shown})" if shown else "")
                label += self.w("hands", n=options.deal_rounds)
                choice = [TermChoice(term=term, params=params)]
                command: Command = (
                    CounterDeal(proposal=pid, terms=choice, rounds=options.deal_rounds)
                    if countering
                    else ProposeDeal(terms=choice, rounds=options.deal_rounds)
                )
                items.append(Item(label, command, refused, term=term))
        return items

    def menu_panel(self) -> Panel:
        lines = Text()
        number = 0
        blocked: list[Item] = []
        for item in self.menu:
            if item.refused is not None:
                blocked.append(item)
                continue
            number += 1
            lines.append(f" {number:>2}  ", "bold cyan")
            lines.append(item.label + "\n", item.style)
        for item in blocked:
            assert item.refused is not None
            if item.refused.code == "not_bluffable":
                continue  # the hand's "bluff" column says which cards can be
            lines.append("  ✗  ", "dim red")
            lines.append(f"{item.label} — {self.humane(item.refused.message)}\n", "dim")
        example = self.example()
        if example:
            lines.append(f"  {example}\n", "dim")
        return Panel(lines, title=self.w("menu"), border_style="cyan")

    def example(self) -> str:
        """How to change a proposal's numbers, with the first proposal of the menu."""
        for number, item in enumerate(self.available(), 1):
            spec = self.rules.terms.get(item.term) if item.term else None
            if spec is not None:
                params = " ".join(f"{k}={p.min}" for k, p in list(spec.params.items())[:2])
                low, high = self.rules.scenario.deal_rounds
                example = " ".join(filter(None, [str(number), params, f"rounds={high}"]))
                return f"other numbers: ‘{example}’ (rounds {low}-{high})"
        return ""

    def humane(self, message: str) -> str:
        """Say a refusal with the names of cards, variables and terms instead of their ids."""

        def name(match: re.Match[str]) -> str:
            word = match.group(0)
            if word in self.rules.cards:
                return f"‘{self.card_name(word)}’"
            if word in self.rules.terms:
                return f"‘{self.term_name(word)}’"
            if word in self.rules.spec.variables:
                return self.variable(word)
            return word

        return re.sub(r"\b[a-z][a-z0-9_]*\b", name, message)

    def available(self) -> list[Item]:
        return [item for item in self.menu if item.refused is None]

    # ------------------------------------------------------------ input

    async def handle(self, line: str) -> bool:
        """Carry out one typed line; return False to leave the table."""
        words = line.strip().split()
        if not words:
            self.show()
            return True
        head, rest = words[0].lower(), line.strip()[len(words[0]) :].strip()
        if head in ("quit", "q", "exit"):
            return False
        if head in ("help", "?", "h"):
            self.console.print(HELP)
        elif head in ("board", "b", "table"):
            self.show()
        elif head == "log":
            for said in self.log[-15:]:
                self.console.print(Text(said, "dim"))
        elif head in ("say", "team"):
            if rest:
                await self.send_chat(rest, team=head == "team")
            else:
                self.console.print(Text("say what? e.g. say Truce?", "yellow"))
        elif head.isdigit():
            await self.choose(int(head), words[1:])
        else:
            await self.word(head)
        return True

    async def word(self, head: str) -> None:
        kinds = {"callbluff": "call_bluff", "call_bluff": "call_bluff"}
        kind = kinds.get(head, head)
        for item in self.menu:
            if item.command is not None and item.command.type == kind and item.term is None:
                if item.refused is not None:
                    self.refused(item.refused.code, item.refused.message)
                    return
                await self.send(item.command)
                return
        self.console.print(
            Text(f"‘{head}’ is not on the menu now (help lists what you can type)", "yellow")
        )

    async def choose(self, number: int, extra: list[str]) -> None:
        if self.client.my_options is None:
            self.console.print(Text(self.w("not_now"), "yellow"))
            return
        items = self.available()
        if not 1 <= number <= len(items):
            self.console.print(Text(self.w("choose", n=len(items)), "yellow"))
            return
        if self.changed_under_you(number):
            self.console.print(Text(self.w("stale"), "bold yellow"))
            self.menu_changed = 0.0  # the menu shown now is the one to choose from
            self.prompted_at = (-1, -1)
            self.after_change()
            return
        command = items[number - 1].command
        assert command is not None
        if extra:
            try:
                command = self.with_params(command, extra)
            except ValueError as error:
                self.console.print(Text(str(error), "yellow"))
                return
        await self.send(command)

    def changed_under_you(self, number: int) -> bool:
        """Whether menu item `number` changed less than a second ago (the other side moved
        as you typed): better to ask again than to accept a deal you never saw."""
        if time.monotonic() - self.menu_changed > MENU_GRACE:
            return False
        before = [item.label for item in self.earlier_menu if item.refused is None]
        now = [item.label for item in self.available()]
        if not before:
            return False  # nothing was on offer before: not a choice from an old menu
        return len(before) < number or before[number - 1] != now[number - 1]

    def with_params(self, command: Command, extra: list[str]) -> Command:
        if not isinstance(command, ProposeDeal | CounterDeal):
            raise ValueError("only a proposal takes parameters")
        params = dict(command.terms[0].params)
        rounds = command.rounds
        for word in extra:
            key, sep, number = word.partition("=")
            if not sep or not number.lstrip("-").isdigit():
                raise ValueError(f"write parameters as name=number, not {word!r}")
            if key == "rounds":
                rounds = int(number)
            else:
                params[key] = int(number)
        terms = [TermChoice(term=command.terms[0].term, params=params)]
        return command.model_copy(update={"terms": terms, "rounds": rounds})

    async def send(self, command: Command) -> None:
        self.sent = True
        try:
            await self.client.act(command)
        except ServerError as error:
            self.refused(error.code, error.message)
            self.prompted_at = (-1, -1)
            self.after_change()

    def refused(self, code: str, message: str) -> None:
        self.console.print(Text(f"✗ refused: {self.humane(message)} ({code})", "bold red"))

    async def send_chat(self, line: str, team: bool) -> None:
        try:
            await self.client.chat(line[:500], team=team)
        except ServerError as error:
            self.refused(error.code, error.message)

    # ------------------------------------------------------------ the game

    async def run(self, lines: asyncio.Queue[str | None]) -> int:
        """Play until the game ends (0) or the player leaves (0, with how to come back)."""
        client = self.client
        history = [said for said in (self.say(entry) for entry in client.entries) if said]
        self.printed = len(client.entries)
        for said in history[-8:]:
            self.console.print(said)
        view = client.view
        self.values = {**view.get("public", {}), **(view["sides"][self.me].get("private") or {})}
        client.listeners.append(self.on_notice)
        self.show()
        self.after_change()
        while not client.finished:
            if self.gone is not None:
                self.leave(self.gone)
                return 1
            self.changed.clear()
            reading = asyncio.ensure_future(lines.get())
            changed = asyncio.ensure_future(self.changed.wait())
            done, _ = await asyncio.wait({reading, changed}, return_when=asyncio.FIRST_COMPLETED)
            changed.cancel()
            if reading not in done:
                reading.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reading
                continue
            line = reading.result()
            if line is None or not await self.handle(line):
                self.leave("input closed" if line is None else "you left")
                return 0
        self.the_end()
        return 0

    def leave(self, why: str) -> None:
        client = self.client
        self.console.print(
            Text(
                f"{why}: your seat stays yours. Come back with "
                f"brink play --url {client.url} --room {client.code} --token {client.token}",
                "yellow",
            )
        )

    def the_end(self) -> None:
        view = self.client.view
        outcome = view.get("outcome")
        spec = self.rules.outcomes.get(outcome) if outcome else None
        body = Text()
        if spec is not None:
            body.append(self.t(spec.name) + "\n", "bold")
            body.append(self.t(spec.text) + "\n\n")
        for side, score in view.get("scores", {}).items():
            met = view.get("objectives_met", {}).get(side)
            objective = view["sides"][side].get("objective")
            named = self.rules.objectives.get(objective) if objective else None
            said = self.w("met" if met else "not_met")
            goal = self.w("objective_of", name=self.t(named.name), met=said) if named else ""
            body.append(f"{self.side_name(side)}: {score}", SIDE_STYLE[side])
            body.append(goal + "\n")
        mine, theirs = (
            view.get("scores", {}).get(self.me),
            view.get("scores", {}).get(OTHER[self.me]),
        )
        if mine is not None and theirs is not None:
            verdict = self.w("win" if mine > theirs else "lose" if mine < theirs else "tie")
            body.append("\n" + verdict, "bold green" if mine >= theirs else "bold red")
        self.console.print(Panel(body, title=self.w("game_over"), border_style="bold"))


async def seat_for(client: BrinkClient, args: argparse.Namespace, console: Console) -> None:
    """Sit down as `brink play`'s arguments ask: a room, a new room, a bot or a quick match."""
    lang = args.lang
    if args.room and args.token:
        await client.resume(args.room, args.token)
    elif args.room:
        await take_seat(client, args.room, args.seat)
    elif args.create:
        created = await client.create_room(args.create, language=lang, timers=not args.no_timers)
        await client.join(created.code, args.seat or "washington")
        console.print(
            Text.assemble(
                ("Room ", ""),
                (created.code, "bold reverse"),
                (" created. The other player joins with: ", ""),
                (f"brink play --url {client.url} --room {created.code}", "bold"),
                (f"  (instructor key: {created.instructor_key})", "dim"),
            )
        )
    elif args.bot:
        side = (args.seat or "washington").split(":")[0]
        await client.play_bot(scenario=args.scenario, side=side, bot=args.bot, language=lang)
    else:
        console.print("waiting for an opponent (quick match)…")
        await client.quick_match(args.scenario, timeout=24 * 3600, language=lang)
    if client.side is None:
        raise ValueError("brink play needs a player seat (use --seat)")
    console.print(
        Text(
            f"You are {client.seat} in room {client.code}. Seat token {client.token} "
            f"(brink play --room {client.code} --token … resumes it).",
            "dim",
        )
    )


async def run_play(
    args: argparse.Namespace, stream: Any = None, console: Console | None = None
) -> int:
    """`brink play`: connect, sit down, and play from stdin (or `stream`) until the end."""
    console = console or Console(highlight=False)
    client = BrinkClient(args.url, args.name, auto_resume=True)
    await client.connect()
    try:
        await seat_for(client, args, console)
        assert client.scenario is not None
        rules = await fetch_rules(args.url, client.scenario)
        warning = mismatch(rules, client.entries)
        if warning is not None:
            console.print(Text(warning, "yellow"))
        lines = Lines()
        lines.start(stream)
        terminal = Terminal(client, rules, console, args.lang)
        try:
            return await terminal.run(lines.queue)
        except asyncio.CancelledError:  # Ctrl-C
            if not client.finished:
                terminal.leave("interrupted")
            raise
    finally:
        await client.close()
