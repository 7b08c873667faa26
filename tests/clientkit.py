"""Test helpers for the Python client: the status notices it gives, waiting for a condition, and
`brink` run as a process (as a user runs `brink play` or `brink bot`)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from client.connection import BrinkClient, Notice, Status
from client.errors import ServerError
from server.engine.commands import Check, ProposeDeal, TermChoice

ROOT = Path(__file__).resolve().parent.parent
HANG = 60
"""Seconds after which a wait for what a `brink` process prints is given up: only a bound on a
hang (a passing wait returns as soon as the line is printed). 20 s was not always enough for a
process to start, import and connect with two test processes and their browsers on two cores."""
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "110", "NO_COLOR": "1"}


def statuses(client: BrinkClient) -> list[Status]:
    """Return a list that fills with the status notices `client` gives from now on."""
    heard: list[Status] = []

    def listen(notice: Notice) -> None:
        if isinstance(notice, Status):
            heard.append(notice)

    client.listeners.append(listen)
    return heard


async def until(condition: Callable[[], object], timeout: float = 15) -> None:
    """Return once `condition()` is true; raise TimeoutError after `timeout` seconds (a
    bound on a wait that would never end: it times nothing)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def brink(
    *args: str, stdin: int | None = None, columns: int = 110
) -> asyncio.subprocess.Process:
    """Start `brink ARGS…` (the command line, from this tree) with its output piped, `columns`
    wide (a line longer than that is wrapped)."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "server.cli",
        *args,
        cwd=ROOT,
        env={**ENV, "COLUMNS": str(columns)},
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


NO_TIMERS: Mapping[str, Any] = MappingProxyType({"timers": False})


async def seated(
    url: str,
    ada: Mapping[str, Any] | None = None,
    room: Mapping[str, Any] = NO_TIMERS,
    **options: Any,
) -> tuple[BrinkClient, BrinkClient]:
    """Ada seated as Washington and Bo as Beijing in a new intro room made with `room` (by
    default without timers); both clients made with `options`, Ada's with `ada` too. The test
    closes them."""
    washington = BrinkClient(url, "Ada", **{**options, **(ada or {})})
    beijing = BrinkClient(url, "Bo", **options)
    await washington.connect()
    await beijing.connect()
    made = await washington.create_room("intro", **room)
    await washington.join(made.code, "washington")
    await beijing.join(made.code, "beijing")
    return washington, beijing


async def to_talks(washington: BrinkClient, beijing: BrinkClient) -> None:
    """Check through the hand's betting until both clients see the talks."""
    while beijing.view["phase_kind"] != "talks":
        mover = washington if washington.view["to_act"] == "washington" else beijing
        await mover.act(Check())
        seq = mover.view["seq"]
        await beijing.wait_for(lambda view, seq=seq: view["seq"] >= seq)


class Screen:
    """What a `brink play` process printed, read line by line as it comes; and what to type."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None and process.stdin is not None
        self.process = process
        self.lines: list[str] = []
        self.reading = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while line := (await self.process.stdout.readline()).decode():
            self.lines.append(line)

    async def wait(self, text: str, since: int = 0, timeout: float = HANG) -> int:
        """Return the index of the first line from `since` on that holds `text`."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    found = [i for i, line in enumerate(self.lines) if i >= since and text in line]
                    if found:
                        return found[0]
                    assert not self.reading.done(), f"brink play ended:\n{self.text()}"
                    await asyncio.sleep(0.02)
        except TimeoutError:
            raise AssertionError(f"never printed {text!r}:\n{self.text(since)}") from None

    async def type(self, *lines: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(f"{line}\n" for line in lines).encode())
        await self.process.stdin.drain()

    def text(self, since: int = 0) -> str:
        return "".join(self.lines[since:])

    async def quit(self) -> int:
        """Type `quit`; return the exit status."""
        await self.type("quit")
        async with asyncio.timeout(HANG):
            await self.reading
            return await self.process.wait()


async def propose_any(client: BrinkClient) -> None:
    """Propose, for one hand, the first of a few terms that is on offer now (each has its
    condition)."""
    for term in ("magnets_for_chips", "standstill", "tariff_truce"):
        try:
            await client.act(ProposeDeal(terms=[TermChoice(term=term)], rounds=1))
            return
        except ServerError as error:
            if error.code != "term_not_available":
                raise
    raise AssertionError("none of the terms was on offer")


def into_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `brink ARGS` with its standard output a pipe nobody reads any more (`| head` once
    it has what it wanted)."""
    read, write = os.pipe()
    os.close(read)
    try:
        command = [sys.executable, "-m", "server.cli", *args]
        return subprocess.run(
            command, stdout=write, stderr=subprocess.PIPE, text=True, timeout=120, check=False
        )
    finally:
        os.close(write)


def ended_quietly(done: subprocess.CompletedProcess[str]) -> None:
    """Assert a command into a closed pipe ended as `| head` expects: exit 0, nothing said."""
    assert "Traceback" not in done.stderr and "Broken pipe" not in done.stderr, done.stderr
    assert done.stderr == "" and done.returncode == 0, (done.returncode, done.stderr)
