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
from typing import Any

from rich.console import Console
from rich.text import Text

from client.connection import BrinkClient
from client.link import PATIENCE
from client.terminal.gallery import SIDES, Gallery
from client.terminal.names import Names
from client.terminal.teller import Teller, table_rules, tell_forked
from server.game.narrate import Language
from server.ruleset.model import Ruleset


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


class Watcher(Teller):
    """Tells one room to a spectator: the table, and every move as it happens."""

    AGAIN = "watch_again"
    STOPPED = "watch_stopped"

    def __init__(
        self, client: BrinkClient, rules: Ruleset, console: Console, lang: Language = "en"
    ) -> None:
        names = Names(rules, lang)
        super().__init__(client, console, names, Gallery(client, names), me="")

    def after_change(self) -> None:
        """Draw the table when a phase (or hand) has begun since it was drawn, and say whom
        the game waits for when a turn has begun."""
        view = self.client.view
        if self.client.finished:
            return
        if (view.get("round"), view.get("phase")) != self.board.drawn_at:
            self.console.print(self.board.draw(self.narrator.chat))
        clock = self.clock().lstrip(", ，")
        waited = [view["to_act"]] if view.get("to_act") else still_to_act(view)
        self.tell_waiting(waited, f" · {clock}" if clock else "")

    def forget_drawn(self) -> None:
        self.board.drawn_at = (None, None)

    def again(self) -> str:
        return "--seat spectator"

    async def run(self) -> int:
        """Watch until the game ends (0), or the connection is gone for good (1)."""
        self.console.print(Text(self.names.w("watching", code=self.client.code), "bold"))
        return await self.follow()

    def draw_first(self) -> None:
        self.draw_again()

    async def wait(self) -> None:
        await self.changed.wait()


async def run_watch(args: argparse.Namespace, console: Console) -> int:
    """`brink play --room CODE --seat spectator`: join as a spectator and watch to the end;
    return the exit status (INTERRUPTED after Ctrl-C, having said so)."""
    client = BrinkClient(args.url, args.name, auto_resume=True, room=args.room)
    client.patience = PATIENCE  # a server slow to answer: said, and waited for
    await client.connect()
    try:
        joined = await client.join(args.room)  # no seat: a spectator
        watcher = Watcher(client, await table_rules(client, console), console, args.lang)
        tell_forked(joined, watcher.names, console)
        return await watcher.stoppable(watcher.run())
    finally:
        await client.close()
