"""A rematch at the end of `brink play` (docs/protocol/25-rematch.md): "Rematch? [y/N]" — or,
when the other side has offered one (before the question, or while it waits), "Bo offers a
rematch. Accept? [y/N]", where no declines it (Bo is told) — then the new room's seat is taken
(`join_rematch`) once the other side accepts, and the game is played there ("Bo declines the
rematch." if Bo declines). Asked only of a person at a terminal: a script piping its moves in
ends with the game, as before."""

from __future__ import annotations

import asyncio
import contextlib
import time

from rich.console import Console
from rich.text import Text

from client.connection import BrinkClient, RematchDeclined, ServerError
from client.terminal.names import Names
from client.terminal.play import Typed
from client.terminal.refusals import refusal
from server.protocol import Notice
from server.protocol.base import plain

YES = ("y", "yes", "是", "好")
SAID = {
    "en": {
        "ask": "Rematch? The same game again, in a new room [y/N]",
        "offered": "{name} offers a rematch{swapped}. Accept? [y/N]",
        "swapped": " with the sides swapped",
        "waiting": "Rematch offered: waiting for the other side to accept (q: stop waiting)",
        "made": "Rematch: a new game in room {code}",
        "no": "No rematch.",
        "declined": "You decline the rematch.",
        "they_decline": "{name} declines the rematch.",
    },
    "zh": {
        "ask": "再來一局？在新的房間再玩一次 [y/N]",
        "offered": "{name} 提議{swapped}再來一局。接受嗎？[y/N]",
        "swapped": "交換陣營",
        "waiting": "已提議再來一局：等待對方接受（q：不再等待）",
        "made": "再來一局：新的一局在房間 {code}",
        "no": "不再來一局。",
        "declined": "你拒絕了再來一局。",
        "they_decline": "{name} 拒絕了再來一局。",
    },
}


def _offer(client: BrinkClient) -> Notice | None:
    """The other side's latest rematch offer standing in the room's log (none declined since),
    if any."""
    found = None
    for entry in client.entries:
        notice = entry.notice
        if notice is not None and notice.kind == "rematch_declined":
            found = None
        if notice is None or notice.kind != "rematch_offered":
            continue
        if (notice.seat or "").split(":")[0] != client.side:
            found = notice
    return found


def _question(said: dict[str, str], offer: Notice | None) -> str:
    """ "Rematch? …", or, the other side having offered one, "Bo offers a rematch. Accept?"."""
    if offer is None:
        return said["ask"]
    swapped = said["swapped"] if offer.reason == "swap" else ""
    return said["offered"].format(name=plain(offer.name or "", kept=""), swapped=swapped)


async def _answer(
    client: BrinkClient,
    lines: asyncio.Queue[Typed | None],
    console: Console,
    said: dict[str, str],
) -> tuple[Typed | None, Notice | None]:
    """Ask the question and return the line that answers it (None: stdin closed) and the
    other side's offer it answers, if any. An offer arriving while "Rematch?" waits asks
    again, "Bo offers a rematch. Accept?": a yes then accepts it."""
    offer = _offer(client)
    asked = time.monotonic()  # before the question shows: an answer typed at once counts
    console.print(Text(_question(said, offer), "bold"))
    changed = asyncio.Event()
    client.listeners.append(lambda _: changed.set())
    heard = client.listeners[-1]
    reading: asyncio.Future[Typed | None] | None = None
    try:
        while True:
            reading = asyncio.ensure_future(lines.get())
            while not reading.done():
                waking = asyncio.ensure_future(changed.wait())
                try:
                    await asyncio.wait({reading, waking}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    waking.cancel()
                changed.clear()
                if offer is None:  # the other side may have offered meanwhile: ask again
                    offer = _offer(client)
                    if offer is not None:
                        console.print(Text(_question(said, offer), "bold"))
            line, reading = reading.result(), None
            if line is None or line.at >= asked:  # typed before the question: not its answer
                return line, offer
    finally:
        client.listeners.remove(heard)
        if reading is not None:  # stopped (Ctrl-C) while it read: the next line is not its
            await _unread(lines, reading)


async def _unread(
    lines: asyncio.Queue[Typed | None], reading: asyncio.Future[Typed | None]
) -> None:
    """Stop a read of `lines` whose line is not wanted any more: a line it took already goes
    back to the front of the queue, for whatever reads next."""
    reading.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        line = await reading
        rest = [line]  # taken as it was stopped: first again
        while not lines.empty():
            rest.append(lines.get_nowait())
        for kept in rest:
            lines.put_nowait(kept)


async def play_again(
    client: BrinkClient, lines: asyncio.Queue[Typed | None], console: Console, names: Names
) -> bool:
    """Ask whether to play again; return True once seated in the rematch's new room, False if
    not (the answer no, stdin closed, a refusal said, or stopped waiting with `q`)."""
    said = SAID[names.lang]
    line, offer = await _answer(client, lines, console, said)
    if line is None or line.text.strip().lower() not in YES:
        if line is not None and offer is not None:  # no to an offer: the other side is told
            with contextlib.suppress(ServerError):  # made or declined meanwhile: no all the same
                await client.decline_rematch()
                console.print(said["declined"])
                return False
        console.print(said["no"])
        return False
    try:
        await client.rematch(swap=offer is not None and offer.reason == "swap")
    except ServerError as error:
        why = refusal(names, error.code, error.message)
        console.print(Text(names.w("refused", why=why, code=error.code), "bold red"))
        return False
    if client.rematch_room is None:
        console.print(Text(said["waiting"], "dim italic"))
    moving = asyncio.ensure_future(client.join_rematch(timeout=24 * 3600))
    typed: asyncio.Future[Typed | None] | None = None
    try:
        while not moving.done():
            typed = asyncio.ensure_future(lines.get())
            await asyncio.wait({moving, typed}, return_when=asyncio.FIRST_COMPLETED)
            if not typed.done():
                await _unread(lines, typed)
                typed = None
                continue
            got, typed = typed.result(), None
            if got is None or got.text.strip().lower() in ("q", "quit"):
                console.print(said["no"])
                return False
    finally:  # stopped waiting (`q`, Ctrl-C): neither the read nor the wait goes on
        if typed is not None:
            await _unread(lines, typed)
        if not moving.done():
            moving.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await moving
    try:
        moving.result()
    except RematchDeclined as declined:
        name = plain(declined.notice.name or "", kept="")
        console.print(Text(said["they_decline"].format(name=name), "bold"))
        return False
    except ServerError as error:
        why = refusal(names, error.code, error.message)
        console.print(Text(names.w("refused", why=why, code=error.code), "bold red"))
        return False
    console.print(Text(said["made"].format(code=client.code), "bold green"))
    return True
