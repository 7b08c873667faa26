"""Finished games, written out for replay: `data/games/{code}.jsonl`, one game record each
(docs/replay.md: a header line with the rules, then every log entry as Redis holds it).

The live layer builds the record's text (server/replay); this only puts it on disk, atomically
(a reader never sees half a file)."""

from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path

from server.storage.keys import RULES_LEFT_OUT

_LEFT_OUT = RULES_LEFT_OUT.encode()


async def write_archive(folder: Path, code: str, text: str, rules: bytes | None = None) -> Path:
    """Write a game's record to `folder/{code}.jsonl`; return the file's path. `rules`: the
    JSON of the rules `text` leaves out of its header (`"rules":{}`), put back in the file."""
    path = archive_path(folder, code)
    await asyncio.to_thread(write_file, path, text, rules)
    return path


def archive_path(folder: Path, code: str) -> Path:
    """Where the record of game `code` is kept in `folder`: a file of its own there, never
    elsewhere (ValueError for a code that is not a plain name: `../x`, `a/b`)."""
    if not code.isalnum() or not code.isascii():
        raise ValueError(f"not a game's code: {code!r}")
    return folder / f"{code}.jsonl"


def read_archive(folder: Path, code: str) -> str | None:
    """Return the record of a finished game kept in `folder`, or None."""
    path = archive_path(folder, code)
    return path.read_text(encoding="utf-8") if path.is_file() else None


_MADE: set[Path] = set()
"""Folders this process has made (or found) already: not looked for again on every game."""


def write_file(path: Path, text: str | bytes, rules: bytes | None, again: bool = True) -> None:
    """Write `text` (its rules put back) to `path` through a temporary file renamed over it."""
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
        write_file(path, text, rules, again=False)
        return
    try:
        encoded = text.encode("utf-8") if isinstance(text, str) else text
        if rules is not None:
            at = encoded.find(_LEFT_OUT, 0, encoded.find(b"\n"))
            if at >= 0:
                rest = encoded[at + len(_LEFT_OUT) :]
                encoded = b"".join([encoded[:at], b'"rules":', rules, rest])
        data = memoryview(encoded)
        while data:
            data = data[os.write(descriptor, data) :]
    except BaseException:
        os.close(descriptor)
        _discard(temporary)
        raise
    os.close(descriptor)
    try:
        os.replace(temporary, path)
    except OSError:
        _discard(temporary)  # not left beside the record it could not become
        raise


def _discard(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)
