"""`brink play --room CODE --seat spectator`: watch a room from a terminal.

It joins the room as a spectator (a `join` without a seat, docs/protocol.md §5), so it is sent
only what a spectator may see: no hand, private stockpile, objective or face-down card, no
side's secret choice, no team chat. It tells the recent history, draws the table, and then tells
every move of both sides as it happens, drawing the table again when a phase begins; it shows no
menu and reads no input. Ctrl-C stops watching (said once, with how to watch again); the game's
end shows the outcome, the scores and who won. A lost connection joins again by itself
(`auto_resume`: a spectator has no seat to resume)."""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from rich.console import Console
from rich.text import Text

from client.connection import BrinkClient, Notice, Status
from client.rules import fetch_rules, mismatch
from client.terminal.gallery import SIDES, Gallery
from client.terminal.names import Names
from client.terminal.narration import Narrator, in_order
from client.terminal.notices import paused_by
from server.game.narrate import Language
from server.protocol import Joined, Presence, Update
from server.protocol.base import plain
from server.ruleset.model import Ruleset

INTERRUPTED = 130
"""`brink play`'s exit status after Ctrl-C at the table, as a shell gives an interrupted command."""


def still_to_act(view: dict[str, Any]) -> list[str]:
    """The sides the game waits for when both may act (`to_act` null): in the talks those that
    have not passed, in simultaneous betting those that have not chosen."""
    passed = view.get("passed") or []
    sides = view.get("sides", {})
    return [
        side
        for side in SIDES
        if side not in passed and not (sides.get(side) or {}).get("submitted")
    ]


class Watcher:
    """Tells one room to a spectator: the table, and every move as it happens."""

    def __init__(
        self, client: BrinkClient, rules: Ruleset, console: Console, lang: Language = "en"
    ) -> None:
        self.client = client
        self.console = console
        self.names = Names(rules, lang)
        self.board = Gallery(client, self.names)
        self.narrator = Narrator(self.names)
        self.printed = 0
        """How many of the client's entries have been told."""
        self.waited_turn = -1
        """The turn the last `… waiting for` line was said for."""
        self.changed = asyncio.Event()
        self.gone: str | None = None
        """Why the connection cannot go on (then `run` stops)."""
        self.restarts = client.restarts

    def on_notice(self, notice: Notice) -> None:
        if self.client.restarts != self.restarts:  # the game was read again from its start
            self.restarts = self.client.restarts
            self.printed = len(self.client.entries)
            self.narrator.values = dict(self.client.view.get("public", {}))
        if isinstance(notice, Status):
            style = "yellow" if notice.kind != "failed" else "bold red"
            what = self.names.w(f"st_{notice.kind}")
            self.console.print(Text(f"⚡ {what}{self.names.colon}{notice.detail}", style=style))
            if notice.kind == "failed" or (notice.kind == "lost" and not self.client.auto_resume):
                self.gone = self.names.w("gone", detail=notice.detail)
        elif isinstance(notice, Presence):
            status = self.names.words.get(f"p_{notice.status}", notice.status)
            seat = self.names.seat_name(notice.seat)
            self.console.print(
                Text(
                    f"• {plain(notice.name)}{self.names.aside(seat)}{self.names.colon}{status}",
                    "dim",
                )
            )
        self.tell_new_entries()
        if isinstance(notice, Update | Joined):
            self.after_change()
        self.changed.set()

    def tell_new_entries(self) -> None:
        entries = self.client.entries[self.printed :]
        self.printed = len(self.client.entries)
        for entry in in_order(entries):
            line = self.narrator.say(entry)
            if line is not None:
                self.console.print(line)

    def after_change(self) -> None:
        """Draw the table when a phase (or hand) has begun since it was drawn, and say whom
        the game waits for when a turn has begun."""
        client = self.client
        view = client.view
        if client.finished:
            return
        if (view.get("round"), view.get("phase")) != self.board.drawn_at:
            self.console.print(self.board.draw(self.narrator.chat))
        turn = int(view.get("turn", 0))
        waited = [view["to_act"]] if view.get("to_act") else still_to_act(view)
        if turn == self.waited_turn or not waited or paused_by(client.entries) is not None:
            return
        self.waited_turn = turn
        names = self.names
        if len(waited) == 1:
            who = self.board.who(waited[0])
            line = f"{names.words['waiting']} {names.side_name(waited[0])}"
            line += names.aside(who) if who else ""
        else:
            line = names.w("waiting_both")
        if client.deadline is not None:
            left = max(0, round(client.deadline / 1000 - time.time()))
            line += f" · {names.w('left', seconds=left).lstrip(', ，')}"
        self.console.print(Text(line, "dim italic"))

    async def run(self) -> int:
        """Watch until the game ends (0), or the connection is gone for good (1)."""
        client = self.client
        names = self.names
        self.console.print(Text(names.w("watching", code=client.code), "bold"))
        self.narrator.begin(client.entries)  # told as a player saw it live: `5 → 7`
        told = (self.narrator.say(entry) for entry in in_order(client.entries))
        history = [said for said in told if said]
        self.printed = len(client.entries)
        for said in history[-8:]:
            self.console.print(said)
        client.listeners.append(self.on_notice)
        if not client.finished:
            self.console.print(self.board.draw(self.narrator.chat))
            self.after_change()
        while not client.finished:
            if self.gone is not None:
                self.leave(self.gone)
                return 1
            self.changed.clear()
            await self.changed.wait()
        client.listeners.remove(self.on_notice)  # the players leaving after it: not told
        self.console.print(self.board.end())
        return 0

    def leave(self, why: str) -> None:
        """Say why watching stops (`why`, in the watcher's language) and how to watch again."""
        client = self.client
        again = f"brink play --url {client.url} --room {client.code} --seat spectator"
        self.console.print(Text(self.names.w("watch_again", why=why, command=again), "yellow"))


async def run_watch(args: argparse.Namespace, console: Console) -> int:
    """`brink play --room CODE --seat spectator`: join as a spectator and watch to the end;
    return the exit status (INTERRUPTED after Ctrl-C, having said so)."""
    client = BrinkClient(args.url, args.name, auto_resume=True)
    await client.connect()
    try:
        await client.join(args.room)  # no seat: a spectator
        assert client.scenario is not None
        rules = await fetch_rules(args.url, client.scenario)
        warning = mismatch(rules, client.entries)
        if warning is not None:
            console.print(Text(warning, "yellow"))
        watcher = Watcher(client, rules, console, args.lang)
        try:
            return await watcher.run()
        except asyncio.CancelledError:  # Ctrl-C (asyncio.run cancels this, its main task)
            if client.finished:
                raise
            watcher.leave(watcher.names.w("watch_stopped", code=client.code))
            return INTERRUPTED  # said, with how to watch again: `brink` says no more
    finally:
        await client.close()
