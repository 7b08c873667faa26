"""One player seat at the table: what happens is told as it happens, the board and the menu are
drawn when the game waits for you, and typed lines become commands."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import NamedTuple

from pydantic import ValidationError
from rich.console import Console
from rich.text import Text

from client.connection import BrinkClient, ServerError
from client.options import allows_any, passed_options
from client.terminal.board import Board
from client.terminal.menu import MENU_GRACE, Menu, ParamError, with_params
from client.terminal.names import Names
from client.terminal.notices import paused_by, why_paused
from client.terminal.refusals import chat_refusal, refusal
from client.terminal.teller import Teller
from client.terminal.turns import idle_reason, passed_text, role_idle
from client.terminal.words import HELP, HELP_ZH, OTHER
from server.engine.commands import Command
from server.engine.legal import Options
from server.game.narrate import Language
from server.protocol.base import CHAT_MOST, sayable
from server.ruleset.model import Ruleset

MOVE_WORDS = frozenset(
    {"check", "call", "call_bluff", "fold", "pass", "accept", "reject", "withdraw"}
)
"""The moves a word stands for (`help` lists them): any other word is not a command, whoever's
move it is (`foo` was answered "it is not your move" while the other side played)."""


class Typed(NamedTuple):
    """A line the player entered, and when (monotonic: the number it holds was chosen from
    the menus on screen before then)."""

    at: float
    text: str


class Terminal(Teller):
    """Draws the table and turns typed lines into commands for one player seat."""

    def __init__(
        self, client: BrinkClient, rules: Ruleset, console: Console, lang: Language = "en"
    ) -> None:
        assert client.side is not None, "a player seat is needed"
        names = Names(rules, lang)
        super().__init__(client, console, names, Board(client, names, client.side), client.side)
        self.rules = rules
        self.lang: Language = lang
        self.menu = Menu(self.names, self.me)
        self.prompted_at: tuple[int, int] = (-1, -1)
        """The (events, turn) the menu was last drawn for: a chat line does not redraw it."""
        self.idle_told: tuple[int, int] = (-1, -1)
        """The (events, turn) the seat was last told why it may do nothing (a role's banner):
        a move typed meanwhile is answered in one line, not with the banner again."""
        self.typed_at = float("-inf")
        """When the player entered the line before (monotonic): the next was typed after it."""
        self.lines: asyncio.Queue[Typed | None] = asyncio.Queue()
        """The lines typed (None: no more), `run`'s."""

    # ------------------------------------------------------------ what happens

    def after_change(self) -> None:
        view = self.client.view
        if self.client.finished:
            return
        options = self.offered()
        if options is not None and (self.client.my_options is not None or allows_any(options)):
            if self.prompted_at != self.moment():
                self.show(full=False)
            return
        after = ""
        if options is not None:  # passed in the talks, with nothing left to do
            passed = passed_text(self.names, self.seat, view, None)
            after = ("。" if self.lang == "zh" else ". ") + passed
        self.tell_waiting([view.get("to_act") or OTHER[self.me]], after)

    def forget_drawn(self) -> None:
        self.prompted_at = (-1, -1)  # show the menu again: it may be your move

    def again(self) -> str:
        return f"--token={self.client.token}"

    def offered(self) -> Options | None:
        """What the seat may do now: the server's `options` while the game waits for its side,
        else, when its side has passed in the talks (it is sent none), what it may still do;
        None when it has nothing to do but wait (or the room is paused)."""
        options = self.client.my_options
        if options is not None or paused_by(self.client.entries) is not None:
            return options
        return passed_options(self.rules, self.client.view, self.seat)

    def idle(self, options: Options | None) -> None:
        """Answer a number typed while the seat may do nothing: why, in one line when the table
        has just said so at length (a team role's banner, printed once a moment), else as
        `why_waiting` (a side that passed in the talks is told what passing means)."""
        phase = self.client.view.get("phase_kind")
        why = idle_reason(options, phase) if options is not None else None
        told = self.idle_told == self.moment() and self.client.my_options is not None
        if why is not None and told:
            self.refused(why.code, why.message)
            return
        self.console.print(self.why_waiting(options))

    def why_waiting(self, options: Options | None) -> Text:
        """Why a menu item cannot be chosen now (`options`: the seat's, see `offered`)."""
        paused = paused_by(self.client.entries)
        if paused is not None:
            return Text(why_paused(paused, self.names), "yellow")
        if options is None:
            return Text(self.names.w("not_now"), "yellow")
        if self.client.my_options is None:  # passed in the talks
            return Text(passed_text(self.names, self.seat, self.client.view, None), "yellow")
        return role_idle(self.names, self.seat, self.client.view.get("phase_kind"), options)

    @property
    def seat(self) -> str:
        return self.client.seat or self.me

    # ------------------------------------------------------------ the table

    def show(self, full: bool = True) -> None:
        """Draw the table and the menu (the menu only when the game waits for you).

        `full=False` draws the whole table only when the hand or phase changed since it was
        last drawn, else just what is on the table (the talks go back and forth quickly)."""
        self.prompted_at = self.moment()
        self.console.print(self.board.draw(self.narrator.chat, full))
        options = self.offered()
        if options is None:  # not our move (or the game waits for its players): later
            self.prompted_at = (-1, -1)
            return
        view = self.client.view
        self.menu.update(options, view)
        if not allows_any(options):  # a team role may be waited for and allowed nothing
            self.console.print(self.why_waiting(options))
            self.idle_told = self.moment()
            return
        self.console.print(self.menu.panel())
        turn = self.names.w("turn", turn=view.get("turn"), clock=self.clock())
        if self.client.my_options is None:  # passed in the talks: not "your move"
            said = passed_text(self.names, self.seat, view, options)
            self.console.print(Text(f"▷ {said}\n  {turn}", "bold yellow"))
            return
        self.console.print(Text(f"{self.names.words['your_move']} {turn}", "bold green"))

    def moment(self) -> tuple[int, int]:
        view = self.client.view
        return int(view.get("seq", 0)), int(view.get("turn", 0))

    # ------------------------------------------------------------ input

    async def handle(self, line: str, at: float | None = None) -> bool:
        """Carry out one typed line, entered at `at` (monotonic; now if not given); return
        False to leave the table."""
        at = time.monotonic() if at is None else at
        since, self.typed_at = max(self.typed_at, at - MENU_GRACE), at
        words = line.strip().split()
        if not words:
            self.show()
            return True
        head, rest = words[0].lower(), line.strip()[len(words[0]) :].strip()
        if head in ("quit", "q", "exit"):
            return False
        if head in ("help", "?", "h"):
            self.console.print(HELP_ZH if self.lang == "zh" else HELP)
        elif head in ("board", "b", "table"):
            self.show()
        elif head == "log":
            for said in self.narrator.log[-15:]:
                self.console.print(Text(said, "dim"))
        elif head in ("say", "team"):
            if rest:
                await self.send_chat(rest, team=head == "team")
            else:
                self.console.print(Text(self.names.w("say_what"), "yellow"))
        elif head.isdigit():
            await self.choose(int(head), words[1:], since, at)
        else:
            await self.word(head)
        return True

    async def word(self, head: str) -> None:
        kind = {"callbluff": "call_bluff"}.get(head, head)
        if kind not in MOVE_WORDS:  # not a command at all, whoever's move it is
            self.console.print(Text(self.names.w("not_on_menu", word=head), "yellow"))
            return
        options = self.offered()
        if options is None:
            self.console.print(self.why_waiting(options))
            return
        item = self.menu.find(kind)
        if item is None:
            self.console.print(Text(self.names.w("not_on_menu", word=head), "yellow"))
            return
        assert item.command is not None
        if item.refused is not None:
            self.refused(item.refused.code, item.refused.message)
            return
        await self.send(item.command)

    async def choose(self, number: int, extra: list[str], since: float, at: float) -> None:
        """Send menu item `number` (with `extra` parameters), typed from `since` until `at`
        (monotonic), unless the menu may have changed under it meanwhile."""
        options = self.offered()
        if options is None or not allows_any(options):
            self.idle(options)
            return
        items = self.menu.available()
        numbers = [number]
        if extra and all(word.isdigit() for word in extra):  # several cards in one raise
            numbers, extra = [number, *map(int, extra)], []
        if not all(1 <= n <= len(items) for n in numbers):
            self.console.print(Text(self.names.w("choose", n=len(items)), "yellow"))
            return
        if any(self.menu.changed_under_you(n, since, at) for n in numbers):
            self.console.print(Text(self.names.w("stale"), "bold yellow"))
            self.draw_again()
            return
        command = items[number - 1].command
        assert command is not None
        if len(numbers) > 1:
            try:
                command = self.menu.together(numbers)
            except ParamError as error:
                self.console.print(Text(self.names.w(error.key, word=error.word), "yellow"))
                return
        if extra:
            try:
                command = with_params(command, extra)
            except ParamError as error:
                self.console.print(Text(self.names.w(error.key, word=error.word), "yellow"))
                return
        await self.send(command)

    async def send(self, command: Command) -> None:
        self.menu.chosen()
        try:
            await self.client.act(command)
        except ServerError as error:
            self.refused(error.code, error.message)
            self.draw_again()

    def refused(self, code: str, message: str) -> None:
        why = refusal(self.names, code, message, self.me)
        said = self.names.w("refused", why=why, code=code)
        self.console.print(Text(said, "bold red"))

    async def send_chat(self, typed: str, team: bool) -> None:
        line = sayable(typed).strip()  # a pasted escape sequence or direction override: left out
        if not line:
            self.console.print(Text(self.names.w("say_what"), "yellow"))
            return
        if len(line) > CHAT_MOST:  # not cut short: the player says it again, shorter
            said = self.names.w("too_long", most=CHAT_MOST, n=len(line))
            self.console.print(Text(said, "yellow"))
            return
        try:
            await self.client.chat(line, team=team)
        except ServerError as error:
            self.refused(error.code, error.message)
        except ValidationError as error:  # refused here, as the server would: nothing visible
            self.console.print(Text(chat_refusal(self.names, error), "yellow"))

    # ------------------------------------------------------------ the game

    async def run(self, lines: asyncio.Queue[Typed | None]) -> int:
        """Play until the game ends (0) or the player leaves (0, with how to come back)."""
        self.lines = lines
        return await self.follow()

    def draw_first(self) -> None:
        self.show()
        self.after_change()

    async def wait(self) -> int | None:
        """Wait for a change (None) or a typed line, carried out (None; 0 when it leaves)."""
        reading = asyncio.ensure_future(self.lines.get())
        changed = asyncio.ensure_future(self.changed.wait())
        done, _ = await asyncio.wait({reading, changed}, return_when=asyncio.FIRST_COMPLETED)
        changed.cancel()
        if reading not in done:
            reading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reading
            return None
        line = reading.result()
        if line is None or not await self.handle(line.text, line.at):
            self.leave(self.names.w("input_closed" if line is None else "you_left"))
            return 0
        return None
