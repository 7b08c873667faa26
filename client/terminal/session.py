"""The session of `brink play`: connect, sit down (a room, a new room, a bot or a quick match),
read stdin on a thread, play until the end, and on Ctrl-C say how to come back; or, with
`--seat spectator`, watch (client/terminal/watch.py)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.text import Text

from client.bot import take_seat
from client.connection import BrinkClient, Listener, Notice, ServerError, Status
from client.link import PATIENCE
from client.rules import http_base
from client.terminal.again import play_again
from client.terminal.names import Names
from client.terminal.play import Terminal, Typed
from client.terminal.teller import INTERRUPTED, table_rules, tell_forked
from client.terminal.watch import run_watch
from client.terminal.words import OTHER, WORDS
from server.protocol import Joined

__all__ = ["INTERRUPTED", "Lines", "run_play", "seat_for"]


@dataclass
class Lines:
    """Lines of stdin, read on a thread (works for a terminal, a pipe or a file), each with
    when it was entered."""

    queue: asyncio.Queue[Typed | None] = field(default_factory=asyncio.Queue)

    def start(self, stream: Any = None) -> None:
        loop = asyncio.get_running_loop()
        source = stream if stream is not None else sys.stdin

        def read() -> None:
            for line in iter(source.readline, ""):
                typed = Typed(time.monotonic(), line.rstrip("\n"))
                loop.call_soon_threadsafe(self.queue.put_nowait, typed)
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self.queue.put_nowait, None)

        threading.Thread(target=read, daemon=True, name="brink-stdin").start()


async def seat_for(
    client: BrinkClient, args: argparse.Namespace, console: Console
) -> Joined | None:
    """Sit down as `brink play`'s arguments ask: a room, a new room, a bot or a quick match;
    return the `joined` of a room asked for (`--room`: it may be a "what if"), else None."""
    lang = args.lang
    words = WORDS[lang]
    joined: Joined | None = None
    if args.room and args.token:
        joined = await client.resume(args.room, args.token)
    elif args.room:
        try:
            joined = await take_seat(client, args.room, args.seat)
        except ServerError as error:
            if error.code not in ("class_seat", "game_over"):
                raise
            room, web = args.room.upper(), http_base(client.url)
            said = words["class_seat" if error.code == "class_seat" else "room_over"].format(
                url=client.url, code=room, web=web, replay=f"{web}/?game={room}"
            )
            raise ValueError(said) from None  # what it can do instead, in one line
    elif args.create:
        created = await client.create_room(args.create, language=lang, timers=not args.no_timers)
        await client.join(created.code, args.seat or "washington")
        before, _, after = words["created"].partition("{code}")
        other = OTHER[(args.seat or "washington").split(":")[0]]  # not a seat of your side
        console.print(
            Text.assemble(
                before,
                (created.code, "bold reverse"),
                after,
                (f"brink play --url {client.url} --room {created.code} --seat {other}", "bold"),
                (words["instructor_key"].format(key=created.instructor_key), "dim"),
            ),
            soft_wrap=True,  # a command to copy: the terminal folds it, not a line break
        )
        # a friend with only a browser needs the invite link the web page would show
        link = f"{http_base(client.url)}/?room={created.code}"
        console.print(words["created_web"].format(link=link), soft_wrap=True)
    elif args.bot and args.no_timers:  # play_bot has no timers: the same room, made so
        side = (args.seat or "washington").split(":")[0]
        made = await client.create_room(
            args.scenario, language=lang, timers=False, bots={OTHER[side]: args.bot}
        )
        await client.join(made.code, side)
    elif args.bot:
        side = (args.seat or "washington").split(":")[0]
        await client.play_bot(scenario=args.scenario, side=side, bot=args.bot, language=lang)
    else:
        # Said once the server has queued it: an unknown scenario is refused first, alone.
        await client.quick_match(
            args.scenario,
            timeout=24 * 3600,
            language=lang,
            on_queued=lambda: console.print(words["quick"]),
        )
    if client.side is None:
        raise ValueError("brink play needs a player seat (use --seat)")
    return joined


def slow_teller(console: Console, words: dict[str, str]) -> Listener:
    """A listener that says a server slow to answer while `brink play` sits down (a request
    waited for past its 10 s), in one line."""

    def tell(notice: Notice) -> None:
        if isinstance(notice, Status) and notice.kind in ("slow", "unavailable"):
            console.print(Text(f"⚡ {words[f'st_{notice.kind}']}", "yellow"))

    return tell


def tell_seated(client: BrinkClient, names: Names, console: Console) -> None:
    """Say which seat of which room this is, in the player's language, and the command that
    takes it back (with the server's URL: the token is good on that server only)."""
    assert client.seat is not None
    again = f"brink play --url {client.url} --room {client.code} --token …"
    said = names.words["seated"].format(
        seat=names.seat_name(client.seat), code=client.code, token=client.token, command=again
    )
    console.print(Text(said, "dim"), soft_wrap=True)  # its command is copied whole


async def run_play(
    args: argparse.Namespace, stream: Any = None, console: Console | None = None
) -> int:
    """`brink play`: connect, sit down, and play from stdin (or `stream`) until the end; return
    the exit status (INTERRUPTED after Ctrl-C at the table, having said how to come back).
    `--seat spectator` watches instead (client/terminal/watch.py)."""
    console = console or Console(highlight=False)
    if args.seat == "spectator":
        return await run_watch(args, console)
    client = BrinkClient(args.url, args.name, auto_resume=True, room=args.room)
    client.patience = PATIENCE  # a server slow to save a move: said, waited for, sent again
    await client.connect()
    try:
        slow = slow_teller(console, WORDS[args.lang])  # the table tells it once seated
        client.listeners.append(slow)
        joined = await seat_for(client, args, console)
        client.listeners.remove(slow)
        rules = await table_rules(client, console)
        terminal = Terminal(client, rules, console, args.lang)
        tell_seated(client, terminal.names, console)
        tell_forked(joined, terminal.names, console)
        lines = Lines()
        lines.start(stream)
        status = await terminal.stoppable(terminal.run(lines.queue))
        # At the end of the game: "Rematch? [y/N]", and the next game in a new room if so.
        asked = (stream if stream is not None else sys.stdin).isatty()
        while asked and status == 0 and client.finished:
            if not await play_again(client, lines.queue, console, terminal.names):
                break
            rules = await table_rules(client, console)
            terminal = Terminal(client, rules, console, args.lang)
            status = await terminal.stoppable(terminal.run(lines.queue))
        return status
    finally:
        await client.close()
