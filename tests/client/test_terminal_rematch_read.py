"""`brink play`'s rematch question reads stdin's lines as the game did: stopped (Ctrl-C cancels
it), it leaves no read of a line behind. Its pending read was left running: it took the next line
typed (lost to whatever read next) and its task outlived the question, as did the wait for the
rematch's seat."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Awaitable, Callable

from clientkit import seated, until
from rematchkit import both_play_out
from rich.console import Console

from client.connection import BrinkClient
from client.terminal.again import play_again
from client.terminal.names import Names
from client.terminal.play import Typed
from client.terminal.teller import table_rules

Lines = asyncio.Queue[Typed | None]


def left_behind(before: set[asyncio.Task[object]]) -> list[str]:
    """The tasks started since `before` still running (the test's own aside)."""
    now = asyncio.current_task()
    return [repr(task.get_coro()) for task in asyncio.all_tasks() - before if task is not now]


async def stopped_at(
    said: str, client: BrinkClient, typing: Callable[[Lines], Awaitable[None]] | None = None
) -> tuple[Lines, list[str]]:
    """Ask `client` for a rematch, stop it (as Ctrl-C does) once it says `said` (having typed
    `typing` first); return the lines' queue and the tasks it left running."""
    output = io.StringIO()
    console = Console(file=output, width=200)
    names = Names(await table_rules(client, console), "en")
    lines: Lines = asyncio.Queue()
    before = asyncio.all_tasks()
    asking = asyncio.ensure_future(play_again(client, lines, console, names))
    if typing is not None:
        await typing(lines)
    await until(lambda: said in output.getvalue())
    asking.cancel()
    await asyncio.gather(asking, return_exceptions=True)
    assert asking.cancelled()
    return lines, left_behind(before)


async def test_stopped_at_the_question_it_reads_no_more(server_url: str) -> None:
    ada, bo = await seated(server_url)
    try:
        await both_play_out(ada, bo)
        lines, running = await stopped_at("Rematch?", ada)
        assert running == []
        typed = Typed(time.monotonic(), "next")
        lines.put_nowait(typed)
        for _ in range(5):  # a read left behind would take it here
            await asyncio.sleep(0)
        assert not lines.empty() and lines.get_nowait() == typed
    finally:
        await ada.close()
        await bo.close()


async def test_stopped_waiting_for_the_other_side_it_reads_no_more(server_url: str) -> None:
    ada, bo = await seated(server_url)

    async def yes(lines: Lines) -> None:
        await until(lambda: bool(ada.listeners))  # the question is out
        lines.put_nowait(Typed(time.monotonic(), "y"))

    try:
        await both_play_out(ada, bo)
        lines, running = await stopped_at("waiting for the other side", ada, yes)
        assert running == []
        assert lines.empty()
    finally:
        await ada.close()
        await bo.close()
