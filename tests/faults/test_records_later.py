"""A game that ends while its record file cannot be written (a full disk; here a file where the
records' folder should be) ends for its players and is kept in Redis; its file is written once
the folder works again — within a while, and as the server stops — not only after another game
ends (the last games of a class had no other game after them: their files were never written,
and their records expired from Redis after 7 days)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from faultkit import InProcess, step

from client.connection import BrinkClient
from server.live import timers
from server.replay.record import read_record
from server.replay.verify import verify


async def _ended_unwritten(url: str, caplog: pytest.LogCaptureFixture) -> str:
    """Play an intro game to its end; return its code once its file was found unwritable."""
    async with BrinkClient(url, "Ada") as ada, BrinkClient(url, "Bo") as bo:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        while await step({"washington": ada, "beijing": bo}):
            pass
        assert ada.view["outcome"], "the game ended for its players"
    async with asyncio.timeout(10):
        while f"could not write the record of {room.code}" not in caplog.text:
            await asyncio.sleep(0.05)
    return room.code


@pytest.fixture
def blocked(tmp_path: Path) -> Path:
    """Where the server's records go (its data folder's `games`), a file in the way."""
    folder = tmp_path / "games"
    folder.write_text("a file where the folder of records should be")
    return folder


def _whole(path: Path) -> bool:
    return path.is_file() and verify(read_record(path.read_text(), str(path))).final.finished


async def test_a_record_not_written_is_written_once_the_folder_works_again(
    redis_url: str,
    blocked: Path,
    in_process: InProcess,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(timers, "UNWRITTEN_EVERY_MS", 200, raising=False)
    _, url = await in_process(redis_url)
    with caplog.at_level(logging.INFO, logger="brink.records"):
        code = await _ended_unwritten(url, caplog)
        blocked.unlink()  # room again: no other game ends after it
        path = blocked / f"{code}.jsonl"
        async with asyncio.timeout(20):
            while not path.exists():
                await asyncio.sleep(0.1)
    assert _whole(path)
    assert f"wrote the record of {code}, which could not be written before" in caplog.text


async def test_a_record_not_written_is_written_as_the_server_stops(
    redis_url: str, blocked: Path, in_process: InProcess, caplog: pytest.LogCaptureFixture
) -> None:
    runner, url = await in_process(redis_url)
    with caplog.at_level(logging.INFO, logger="brink.records"):
        code = await _ended_unwritten(url, caplog)
        blocked.unlink()
        await runner.cleanup()
    assert _whole(blocked / f"{code}.jsonl")


async def test_a_folder_that_stays_unwritable_is_said_once_and_not_read_for_nothing(
    redis_url: str,
    blocked: Path,
    in_process: InProcess,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every 30 s each record not written was read from Redis again (up to a thousand, of a few
    hundred KB each) and a warning logged for each: while the disk stays full, a pass now stops
    at the first file that still fails, and says so once."""
    monkeypatch.setattr(timers, "UNWRITTEN_EVERY_MS", 100, raising=False)
    _, url = await in_process(redis_url)
    with caplog.at_level(logging.INFO, logger="brink.records"):
        codes = [await _ended_unwritten(url, caplog) for _ in range(3)]
        await asyncio.sleep(1.5)  # a dozen passes or more, the folder still unwritable
        again = [line for line in caplog.messages if "could not write the record of" in line]
        assert sum("again:" in line for line in again) == 1, again
        blocked.unlink()  # room again: every file is written, oldest first
        async with asyncio.timeout(20):
            while not all((blocked / f"{code}.jsonl").exists() for code in codes):
                await asyncio.sleep(0.1)
    assert all(_whole(blocked / f"{code}.jsonl") for code in codes)
