"""What a player's seat (`Terminal`, client/terminal/play.py) and a spectator (`Watcher`,
client/terminal/watch.py) both do at the table: tell the recent history, then what happens as it
happens (the game's entries, the connection's status, who comes and goes), say whom the game
waits for, draw the table again after a reconnection, follow a game read again from its start,
and say how to come back."""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable

from rich.console import Console
from rich.text import Text

from client.connection import BrinkClient, Notice, Status
from client.link import SEAT_FREED_DETAIL, SEAT_LOST_DETAIL
from client.rules import fetch_rules, mismatch, rules_hash_of
from client.terminal.board import Board
from client.terminal.names import Names
from client.terminal.narration import Narrator, in_order
from client.terminal.notices import paused_by
from server.protocol import Joined, Presence, Update
from server.protocol import Notice as LogNotice
from server.protocol.base import plain
from server.ruleset.model import Ruleset

INTERRUPTED = 130
"""`brink play`'s exit status after Ctrl-C at the table, as a shell gives an interrupted command."""


async def table_rules(client: BrinkClient, console: Console) -> Ruleset:
    """The rules of the game `client` sits at, as its server has them (a warning said if the
    game was begun with other rules)."""
    assert client.scenario is not None
    played = rules_hash_of(client.entries)
    rules = await fetch_rules(client.url, client.scenario, rules_hash=played)
    warning = mismatch(rules, client.entries)
    if warning is not None:
        console.print(Text(warning, "yellow"))
    return rules


def tell_forked(joined: Joined | None, names: Names, console: Console) -> None:
    """Say which game and step a "what if" room continues (`joined`'s `forked_from`), as its
    web table does."""
    fork = joined.forked_from if joined is not None else None
    if fork is not None:
        said = names.w("forked", code=plain(fork.code), n=fork.step)
        console.print(Text(said, "bold"), soft_wrap=True)


class Teller(ABC):
    """Tells one room as it goes on, to a seat at its table or to a spectator."""

    AGAIN = "leave"
    """The phrase (words.py) saying why it stops and how to come back, with `{command}`."""
    STOPPED = "interrupted"
    """The phrase saying it was stopped with Ctrl-C (given the room's `{code}`)."""

    def __init__(
        self, client: BrinkClient, console: Console, names: Names, board: Board, me: str
    ) -> None:
        self.client = client
        self.console = console
        self.names = names
        self.board = board
        self.me = me
        """The side whose private values are known ("" for a spectator)."""
        self.narrator = Narrator(names)
        self.narrator.seated = lambda: (client.seats, client.seat)
        self.printed = 0
        """How many of the client's entries have been told."""
        self.waited_turn = -1
        """The turn the last `… waiting for` line was said for."""
        self.changed = asyncio.Event()
        self.gone: str | None = None
        """Why the connection cannot go on (then `run` stops)."""
        self.restarts = client.restarts
        self.away: set[str] = set()
        """The seats last told away (only their `here` is a return worth telling)."""
        self.replaced: dict[str, LogNotice] = {}
        """The seats an instructor gave to someone else (their `reassigned` notice), until
        the connection of who held them is told gone: replaced, not away."""
        self.seat_lost = False
        """An instructor gave this seat to someone else: it stops, without its token."""
        self.seat_freed = False
        """This seat was given up elsewhere (a class's student moved or removed by the
        instructor): it stops as for `seat_lost`, saying so."""
        self.given: LogNotice | None = None
        """The `reassigned` notice that gave this seat away, if it was seen."""

    # ------------------------------------------------------------ to each its own

    @abstractmethod
    def after_change(self) -> None:
        """Draw what is to be drawn now the view has changed, and say whom the game waits for."""

    @abstractmethod
    def forget_drawn(self) -> None:
        """Forget what was drawn last: the next `after_change` draws the table again."""

    @abstractmethod
    def again(self) -> str:
        """The arguments of `brink play`, after the room, that come back to this room."""

    @abstractmethod
    def draw_first(self) -> None:
        """Draw the table as the game is when telling it begins."""

    @abstractmethod
    async def wait(self) -> int | None:
        """Wait for what comes next: a change (None), or the reader leaving (the exit status,
        having said how to come back)."""

    # ------------------------------------------------------------ from start to end

    async def follow(self) -> int:
        """Tell the game from its recent history until it ends (its end shown: 0), the
        connection is gone for good (1), or the reader leaves (`wait`'s status)."""
        client = self.client
        self.tell_history()  # told as it was live: `5 → 7`, not `7`
        client.listeners.append(self.on_notice)
        if not client.finished:
            self.draw_first()
        while not client.finished:
            if self.gone is not None:
                self.leave(self.gone)
                return 1
            self.changed.clear()
            left = await self.wait()
            if left is not None:
                return left
        client.listeners.remove(self.on_notice)  # who leaves after the end: not told
        self.console.print(self.board.end())
        if client.token:  # a player: the game's replay, from this seat (client/replaying.py)
            command = f"brink replay {client.code} --url {client.url} --token {client.token}"
            said = Text(self.names.w("replay_it", command=command), "dim")
            self.console.print(said, soft_wrap=True)  # its command is copied whole
        return 0

    async def stoppable(self, telling: Awaitable[int]) -> int:
        """Return `telling`'s exit status; on Ctrl-C (asyncio.run cancels its main task) say it
        stopped, with how to come back, and return INTERRUPTED (`brink` says no more)."""
        try:
            return await telling
        except asyncio.CancelledError:
            if self.client.finished:
                raise
            self.leave(self.names.w(self.STOPPED, code=self.client.code))
            return INTERRUPTED

    # ------------------------------------------------------------ what happens

    def on_notice(self, notice: Notice) -> None:
        if self.client.restarts != self.restarts:  # the game was read again from its start
            self.restarts = self.client.restarts
            self.read_again()
        if isinstance(notice, Status):
            self.tell_status(notice)
        elif isinstance(notice, Presence) and notice.seat != self.client.seat:
            self.tell_presence(notice)
        self.tell_new_entries()
        if isinstance(notice, Status) and notice.kind == "resumed":
            self.draw_again()  # it may be your move, and the table changed meanwhile
        elif isinstance(notice, Update | Joined) and not self.seat_lost:
            self.after_change()
        if isinstance(notice, Update | Status | Presence | Joined):
            self.changed.set()

    def tell_status(self, notice: Status) -> None:
        """Say what became of the connection; note it is gone when it cannot go on."""
        if notice.detail == SEAT_FREED_DETAIL:  # moved or removed from a class: not a network
            self.seat_freed = True  # problem either
            self.lose_seat(self.given)
            return
        if self.seat_lost or notice.detail == SEAT_LOST_DETAIL:  # not a network problem
            self.lose_seat(self.given)
            return
        if notice.kind in ("slow", "unavailable"):  # said once a move; it goes on being sent
            self.console.print(Text(f"⚡ {self.names.w(f'st_{notice.kind}')}", style="yellow"))
            return
        style = "yellow" if notice.kind != "failed" else "bold red"
        what = self.names.w(f"st_{notice.kind}")
        if notice.kind in ("resumed", "resync"):  # a player's words, not the library's detail
            said = "st_reread" if notice.reread else f"st_{notice.kind}_said"
            what += self.names.colon + self.names.w(said)
            self.console.print(Text(f"⚡ {what}", style=style))
        else:
            self.console.print(Text(f"⚡ {what}{self.names.colon}{notice.detail}", style=style))
        if notice.kind == "failed" or (notice.kind == "lost" and not self.client.auto_resume):
            self.gone = self.names.w("gone", detail=notice.detail)

    def tell_presence(self, notice: Presence) -> None:
        """Say who came, went or came back, in which seat. A seat's connection that is `here`
        is told only as a return from away: another connection to a seat nobody saw go (a
        second tab, a socket moved to the room's worker) says nothing new; one that `joined`
        after it was told away came back."""
        said: str = notice.status
        if said == "here" and notice.seat not in self.away:
            return
        given = self.replaced.get(notice.seat)
        if said == "away" and given is not None and given.previous == notice.name:
            del self.replaced[notice.seat]  # its holder's connection closed: replaced, not away
            said = self.names.w("p_replaced", name=plain(given.name or ""))
            self.tell_seat(notice, said)
            return
        if said == "joined" and notice.seat in self.away:
            said = "here"  # back with the whole log (`brink play --token`): not new to the game
        if said == "away":
            self.away.add(notice.seat)
        else:
            self.away.discard(notice.seat)
        self.tell_seat(notice, self.names.words.get(f"p_{said}", said))

    def tell_seat(self, notice: Presence, status: str) -> None:
        """Say what became of who holds a seat ("• Cy (Beijing): away")."""
        names = self.names
        seat = names.seat_name(notice.seat)
        said = f"• {plain(notice.name)}{names.aside(seat)}{names.colon}{status}"
        self.console.print(Text(said, "dim"))

    def lose_seat(self, given: LogNotice | None) -> None:
        """An instructor gave this seat to someone else (`given`: the notice, if seen): it
        stops at once (`follow` says so), its token good for nothing now."""
        self.seat_lost = True
        self.given = self.given or given
        self.gone = self.gone or "seat_lost"

    def tell_history(self) -> None:
        """Tell the recent history (its last lines, as they were told live) and know the
        values now."""
        for said in self.narrator.replay(self.client.entries)[-8:]:
            self.console.print(said)
        self.printed = len(self.client.entries)
        self.know_values()

    def tell_new_entries(self) -> None:
        entries = self.client.entries[self.printed :]
        self.printed = len(self.client.entries)
        for entry in in_order(entries):
            line = self.narrator.say(entry)
            if line is not None:
                self.console.print(line)
            notice = entry.notice
            if notice is not None and notice.kind == "reassigned" and notice.seat:
                self.replaced[notice.seat] = notice
                if self.me and notice.seat == self.client.seat:  # this player's own seat
                    self.lose_seat(notice)

    def read_again(self) -> None:
        """The game was read again from its start (the server's log went back before what was
        told): follow it from there, untold (the deals in force, the chat and the values as the
        log has them now), and tell what comes after."""
        self.narrator.replay(self.client.entries)
        self.printed = len(self.client.entries)
        self.know_values()

    def know_values(self) -> None:
        """Take the variables' values from the view (the narrator tells changes from them)."""
        view = self.client.view
        side = (view.get("sides") or {}).get(self.me) or {}
        self.narrator.values.now = {**view.get("public", {}), **(side.get("private") or {})}

    def draw_again(self) -> None:
        """Draw the table again now (and the menu, where there is one)."""
        self.forget_drawn()
        self.after_change()

    def tell_waiting(self, sides: list[str], after: str = "") -> None:
        """Say whom the game waits for (`sides`: one, or both), once a turn and not while the
        room is paused; `after` ends the line."""
        client, names = self.client, self.names
        turn = int(client.view.get("turn", 0))
        if turn == self.waited_turn or not sides or paused_by(client.entries) is not None:
            return
        self.waited_turn = turn
        if len(sides) == 1:
            who = self.board.who(sides[0])
            line = f"{names.words['waiting']} {names.side_name(sides[0])}"
            line += names.aside(who) if who else ""
        else:
            line = names.w("waiting_both")
        self.console.print(Text(line + after, "dim italic"))

    def clock(self) -> str:
        """The time left to move (", 12 s left"), or "" when there is no clock."""
        deadline = self.client.deadline
        if deadline is None:
            return ""
        return self.names.w("left", seconds=max(0, round(deadline / 1000 - time.time())))

    def leave(self, why: str) -> None:
        """Say why it stops (`why`, in the reader's language) and how to come back — or, the
        seat given to someone else, that it was and how to watch the game instead."""
        client = self.client
        if self.seat_lost:
            watch = f"brink play --url {client.url} --room {client.code} --seat spectator"
            given = self.given
            if self.seat_freed and given is None:
                told = self.names.w("seat_freed", command=watch)
            elif given is not None:
                by, name = plain(given.by), plain(given.name or "")
                told = self.names.w("seat_given", who=by, name=name, command=watch)
            else:
                told = self.names.w("seat_given_anon", command=watch)
            self.console.print(Text(told, "bold yellow"), soft_wrap=True)
            return
        command = f"brink play --url {client.url} --room {client.code} {self.again()}"
        said = Text(self.names.w(self.AGAIN, why=why, command=command), "yellow")
        self.console.print(said, soft_wrap=True)  # its command is copied whole
