"""Finished games' record files written by a child process (`python -m server.storage.archiver`,
one for each server process, started with the first record to write).

A record written in a thread cost the server ~1 ms of CPU a game under load, mostly in handing
the interpreter lock to and fro (each of the write's system calls gives it up and takes it back
from the busy event loop; docs/performance.md, round six). Written on the event loop it cost a
third of that, but a stalled disk then froze every game of the process. Here the event loop only
writes each record into a pipe (its rules once per child) and goes on; the child writes the file
(archive.py's `write_file`: a temporary file renamed over it) and answers `ok` or the error, in
order. A stalled disk holds up only the records. A child that dies is started again, and what
it had not written is written in a thread; after three deaths in a row, threads it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from server.storage.archive import archive_path, write_file

log = logging.getLogger("brink.archive")
GIVE_UP = 3
NICENESS = 10
"""How much lower the child's scheduling priority is than the server's: where they want the same
core, a record is written a moment later rather than a move's update waiting for it."""
"""Deaths of the child in a row (none written in between) after which threads write the records."""


@dataclass(slots=True)
class _Job:
    path: Path
    text: bytes
    rules: bytes | None
    key: str
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class Archiver:
    """The event loop's side: `write` a record, `close` when the server stops."""

    def __init__(self) -> None:
        self._child: asyncio.subprocess.Process | None = None
        self._starting: asyncio.Task[None] | None = None
        self._reader: asyncio.Task[None] | None = None
        self._waiting: deque[_Job] = deque()  # sent to the running child, not yet answered
        self._sent: set[str] = set()  # the rules (by hash) the running child holds
        self._deaths = 0
        self._closed = False

    async def write(
        self,
        folder: Path,
        code: str,
        text: str | bytes,
        rules: bytes | None = None,
        key: str = "",
    ) -> Path:
        """Write game `code`'s record (`text`, or it in UTF-8) to `folder` (`rules`, under their
        hash `key`, put back in its header); return the file's path. Raises OSError if it
        cannot be written."""
        data = text if isinstance(text, bytes) else text.encode()
        job = _Job(archive_path(folder, code), data, rules, key if rules else "")
        child = self._child
        if child is None or child.stdin is None or self._closed:
            self._start()
            await _in_thread(job)
            await job.done
            return job.path
        # The rules go once to each child under their hash; without a hash, with every record.
        sending = job.rules if not job.key or job.key not in self._sent else None
        path = str(job.path).encode()
        header = f"{len(path)} {len(job.text)} {len(job.key)} {len(sending or b'')}\n"
        self._waiting.append(job)
        try:
            child.stdin.writelines(
                [header.encode(), path, job.text, job.key.encode(), sending or b""]
            )
            if job.key:
                self._sent.add(job.key)
            await child.stdin.drain()
        except (ConnectionError, RuntimeError):  # the child is gone: the reader redoes the rest
            pass
        await job.done
        return job.path

    def _start(self) -> None:
        if self._starting is None and not self._closed and self._deaths < GIVE_UP:
            self._starting = asyncio.create_task(self._spawn())

    async def _spawn(self) -> None:
        try:
            self._child = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "server.storage.archiver",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
        except OSError as error:
            self._deaths += 1
            log.warning("could not start the records' writer (%s): written in threads", error)
        else:
            self._sent, self._waiting = set(), deque()
            self._reader = asyncio.create_task(self._answers(self._child, self._waiting))
        finally:
            self._starting = None

    async def _answers(self, child: asyncio.subprocess.Process, waiting: deque[_Job]) -> None:
        """Settle each record as the child answers, in order; if it dies, redo the rest: its
        own `waiting`, not those sent to a child started while these are redone."""
        assert child.stdout is not None
        while True:
            line = await child.stdout.readline()
            if not line.endswith(b"\n"):  # it stopped (a half answer: its record is redone)
                break
            job = waiting.popleft()
            self._deaths = 0
            answer = line.decode().rstrip("\n")
            if job.done.done():  # its writer was cancelled (the server stopping)
                continue
            if answer == "ok":
                job.done.set_result(None)
            else:
                job.done.set_exception(OSError(answer.removeprefix("error ")))
        self._child = None
        try:
            await asyncio.wait_for(child.wait(), 5)
        except TimeoutError:  # its answers ended, yet it lives on
            with contextlib.suppress(ProcessLookupError):
                child.kill()
            await child.wait()
        if waiting and not self._closed:
            self._deaths += 1
            log.warning(
                "the records' writer stopped (%s) with %d to write: written in threads",
                child.returncode,
                len(waiting),
            )
        elif not self._closed:
            log.warning("the records' writer stopped (%s): another starts", child.returncode)
        while waiting:
            await _in_thread(waiting.popleft())

    async def close(self) -> None:
        """Let the child write what it has, then stop it."""
        self._closed = True
        if self._starting is not None:
            await self._starting
        child = self._child
        if child is None or child.stdin is None:
            return
        child.stdin.close()
        if self._reader is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._reader), 10)
            except TimeoutError:
                log.warning("the records' writer did not finish: stopped")
                with contextlib.suppress(ProcessLookupError):
                    child.kill()
                await self._reader


async def _in_thread(job: _Job) -> None:
    """Write `job` in a thread and settle it (its writer awaits `job.done`)."""
    try:
        await asyncio.to_thread(write_file, job.path, job.text, job.rules)
    except OSError as error:
        if not job.done.done():
            job.done.set_exception(error)
    else:
        if not job.done.done():
            job.done.set_result(None)


def child() -> None:
    """The child: read records from stdin, write each, answer `ok` or `error MESSAGE`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # it stops when the server closes the pipe
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with contextlib.suppress(OSError):  # background work: the games' processes come first
        os.nice(NICENESS)
    source, answers = sys.stdin.buffer, sys.stdout
    rules: dict[str, bytes] = {}
    while header := source.readline():
        sizes = [int(size) for size in header.split()]
        path, text, key, sent = (source.read(size) for size in sizes)
        if sent and key:
            rules[key.decode()] = sent
        try:
            write_file(Path(path.decode()), text, rules.get(key.decode()) if key else sent or None)
            answers.write("ok\n")
        except OSError as error:
            answers.write(f"error {error}\n".replace("\n", " ").rstrip() + "\n")
        answers.flush()


if __name__ == "__main__":
    child()
