"""`brink play` refuses a number that may have been chosen from a menu the player had not seen
("the menu changed just as you typed"), and only then. It refused one typed less than a second
after the other side changed the menu even when the player had typed a move in between and was
choosing from the menu that answered it; and a number typed twice was carried to that menu.

Whether a number was entered "just as" the menu changed is a matter of when it was entered, which
a loaded machine cannot promise for a line typed into `brink play`: the test of the refusal drives
its `Terminal` in the test's own process, and gives the line the moment it was entered."""

from __future__ import annotations

import asyncio
import io
import re
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from clientkit import Screen, brink, propose_any, until
from rich.console import Console

from client.connection import BrinkClient
from client.rules import fetch_rules
from client.terminal import MENU_GRACE
from client.terminal.menu import Shown
from client.terminal.play import Terminal, Typed
from server.engine.commands import Check

STALE = "the menu changed just as you typed: look again and choose"


@asynccontextmanager
async def at_the_talks(server_url: str) -> AsyncIterator[tuple[Screen, BrinkClient]]:
    """Ada's `brink play` as Washington and Bo (a client) as Beijing in a classroom room,
    both checked in the betting: Ada's menu of the talks is on her screen."""
    async with BrinkClient(server_url, "Bo") as bo:
        room = await bo.create_room("classroom", timers=False)
        await bo.join(room.code, "beijing")
        seat = ("--room", room.code, "--seat", "washington", "--name", "Ada")
        screen = Screen(await brink("play", "--url", server_url, *seat, stdin=subprocess.PIPE))
        await screen.wait("▶ your move")  # the betting, both sides at once
        await screen.type("check")
        await bo.wait_for(lambda v: v["phase_kind"] == "betting")
        await bo.act(Check())
        await bo.wait_for(lambda v: v["phase_kind"] == "talks")
        await screen.wait("Propose Standstill")
        yield screen, bo
        assert await screen.quit() == 0


def numbered(screen: Screen, label: str, since: int) -> str:
    """The number of the menu item `label` in the last menu drawn since line `since`."""
    found = re.findall(rf"│\s+(\d+)\s+{re.escape(label)}", screen.text(since))
    assert found, screen.text(since)
    return str(found[-1])


async def test_a_number_typed_just_after_your_own_move_is_for_the_menu_that_answered_it(
    server_url: str,
) -> None:
    async with at_the_talks(server_url) as (screen, bo):
        mark = len(screen.lines)
        await propose_any(bo)
        await screen.wait("▶ your move", await screen.wait("Accept the deal on the table", mark))
        # Ada passes at once, and at once chooses Accept from the menu that answers her pass
        # (all within a second of Beijing's proposal, which changed her menu).
        mark = len(screen.lines)
        await screen.type("pass")
        still = await screen.wait("▷ You passed", mark)
        await screen.type(numbered(screen, "Accept the deal on the table", mark))
        await screen.wait("Deal struck:", still)
        assert STALE not in screen.text(mark), screen.text(mark)


async def drawn(terminal: Terminal, label: str) -> tuple[str, Shown]:
    """Wait until `terminal` has drawn a menu holding `label`; return its number there and
    that menu."""
    await until(lambda: bool(terminal.menu.shown) and label in terminal.menu.shown[-1].labels)
    shown = terminal.menu.shown[-1]
    return str(shown.labels.index(label) + 1), shown


async def test_a_number_typed_as_the_other_side_changes_the_menu_is_refused(
    server_url: str,
) -> None:
    async with (
        BrinkClient(server_url, "Ada") as ada,
        BrinkClient(server_url, "Bo") as bo,
    ):
        room = await bo.create_room("classroom", timers=False)
        await bo.join(room.code, "beijing")
        await ada.join(room.code, "washington")
        said = io.StringIO()
        terminal = Terminal(ada, await fetch_rules(server_url, "classroom"), Console(file=said))
        lines: asyncio.Queue[Typed | None] = asyncio.Queue()
        playing = asyncio.create_task(terminal.run(lines))
        try:
            await ada.act(Check())  # the betting, both sides at once: then the talks
            await bo.act(Check())
            passing, _ = await drawn(terminal, "Pass (nothing more to say this hand)")
            await propose_any(bo)
            accept, changed = await drawn(terminal, "Accept the deal on the table")
            assert accept == passing  # the number stands for another move now
            mark = len(said.getvalue())
            # Ada enters her number the moment Beijing's proposal changes her menu
            lines.put_nowait(Typed(changed.at, accept))
            await until(lambda: STALE in said.getvalue()[mark:])
            text = said.getvalue()[mark:]
            assert "Deal struck" not in text and "passes" not in text, text
            assert ada.view["proposal"] is not None and not ada.view["passed"]
            refused = said.getvalue().index(STALE, mark)
            await until(lambda: "▶ your move" in said.getvalue()[refused:])  # drawn again
            lines.put_nowait(Typed(time.monotonic(), accept))  # now it holds
            await until(lambda: "Deal struck:" in said.getvalue()[refused:])
        finally:
            lines.put_nowait(None)  # Ada leaves
            await asyncio.wait_for(playing, 15)


async def test_a_number_typed_twice_is_not_carried_to_the_menu_that_answers_it(
    server_url: str,
) -> None:
    async with at_the_talks(server_url) as (screen, bo):
        mark = len(screen.lines)
        await propose_any(bo)
        await screen.wait("▶ your move", await screen.wait("Accept the deal on the table", mark))
        accept = numbered(screen, "Accept the deal on the table", mark)
        await asyncio.sleep(MENU_GRACE)  # Ada reads the menu (a number sooner: the test above)
        await screen.type(accept, accept)  # Enter pressed twice, or typed ahead
        struck = await screen.wait("Deal struck:", mark)
        await screen.wait(STALE, struck)
        # the second would have been the next menu's Pass
        assert numbered(screen, "Pass (nothing more to say this hand)", struck) == accept
        assert "Washington passes" not in screen.text(mark), screen.text(mark)
