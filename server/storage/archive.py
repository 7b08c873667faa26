"""Finished games, written out for replay: `data/games/{code}.jsonl`, one game record each
(docs/replay.md: a header line with the rules, then every log entry as Redis holds it).

The live layer builds the record's text (server/replay); this only puts it on disk, atomically
(a reader never sees half a file)."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path

from server.storage.games import RULES_LEFT_OUT

log = logging.getLogger("brink.archive")
_LEFT_OUT = RULES_LEFT_OUT.encode()

SLOW = 0.05
"""Seconds: a file that took longer to write (a slow or stalled disk, a network file system)
sends the next ones to a thread, so that the games on this process do not wait for the disk."""


class _Mode:
    threaded = False


async def write_archive(folder: Path, code: str, text: str, rules: bytes | None = None) -> Path:
    """Write a game's record to `folder/{code}.jsonl`; return the file's path. `rules`: the
    JSON of the rules `text` leaves out of its header (`"rules":{}`), put back in the file.

    Written at once, on the event loop: a few hundred microseconds into the page cache, where a
    thread costs the process more than the write (the GIL passed to and fro: ~1 ms of CPU a
    game under load, docs/performance.md). Once a write is SLOW, in a thread from then on."""
    path = folder / f"{code}.jsonl"
    if _Mode.threaded:
        await asyncio.to_thread(_write, path, text, rules)
        return path
    started = time.perf_counter()
    _write(path, text, rules)
    took = time.perf_counter() - started
    if took > SLOW:
        _Mode.threaded = True
        log.warning(
            "writing %s took %.0f ms: game records are written in a thread from now on",
            path,
            took * 1000,
        )
    return path


def read_archive(folder: Path, code: str) -> str | None:
    """Return the record of a finished game kept in `folder`, or None."""
    path = folder / f"{code}.jsonl"
    return path.read_text(encoding="utf-8") if path.is_file() else None


_MADE: set[Path] = set()
"""Folders this process has made (or found) already: not looked for again on every game."""


def _write(path: Path, text: str, rules: bytes | None, again: bool = True) -> None:
    if path.parent not in _MADE:
        path.parent.mkdir(parents=True, exist_ok=True)
        _MADE.add(path.parent)
    temporary = f"{path}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:
        if path.parent not in _MADE or not again:
            raise
        _MADE.discard(path.parent)  # the folder was removed since: made again, once
        _write(path, text, rules, again=False)
        return
    try:
        encoded = text.encode("utf-8")
        if rules is not None:
            at = encoded.find(_LEFT_OUT, 0, encoded.find(b"\n"))
            if at >= 0:
                rest = encoded[at + len(_LEFT_OUT) :]
                encoded = b"".join([encoded[:at], b'"rules":', rules, rest])
        data = memoryview(encoded)
        while data:
            data = data[os.write(descriptor, data) :]
    finally:
        os.close(descriptor)
    os.replace(temporary, path)
