"""Finished games, written out for replay: `data/games/{code}.jsonl`.

The first line describes the game (room code, scenario, rules hash); then one line per log
entry, all-seeing, exactly as Redis holds it. The rules a game was played with stay in Redis
under their hash, and `Ruleset.from_json` rebuilds them, so an archive replays after the files
in rules/ change.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from server.storage.store import Store


async def archive_game(store: Store, code: str, folder: Path) -> Path:
    """Write the room's whole log to `folder/{code}.jsonl`; return the file's path."""
    meta = await store.meta(code) or {}
    entries = await store.entries_since(code, 0)
    return await write_archive(folder, code, meta.get("scenario"), meta.get("rules_hash"), entries)


async def write_archive(
    folder: Path, code: str, scenario: str | None, rules_hash: str | None, entries: list[str]
) -> Path:
    """Write a game whose log is in hand (`entries`, as stored) to `folder/{code}.jsonl`."""
    header = {"room": code, "scenario": scenario, "rules_hash": rules_hash, "entries": len(entries)}
    lines = [json.dumps(header), *entries]
    path = folder / f"{code}.jsonl"
    await asyncio.to_thread(_write, path, "\n".join(lines) + "\n")
    return path


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
