"""Game records written to disk (server/storage/archive.py), by a child process of the server's
(archiver.py): whole, with their rules put back, never half a file, nothing lost when the child
dies (a disk that refuses them: tests/server/test_operations.py)."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from redis.asyncio import Redis

from server.live.records import Unwritten
from server.storage import archive
from server.storage.archiver import NICENESS, Archiver
from server.storage.store import Store

RECORD = '{"code":"ABC123","rules":{},"scenario":"intro"}\n{"n":1}\n{"n":2}\n'
RULES = b'{"id":"intro","cards":[1,2,3]}'


async def test_a_record_is_written_whole_with_its_rules_put_back(tmp_path: Path) -> None:
    path = await archive.write_archive(tmp_path / "games", "ABC123", RECORD, RULES)
    assert path == tmp_path / "games" / "ABC123.jsonl"
    assert not path.with_name(path.name + ".tmp").exists()
    assert path.read_text() == RECORD.replace('"rules":{}', '"rules":' + RULES.decode(), 1)
    assert archive.read_archive(tmp_path / "games", "ABC123") == path.read_text()


async def _started(archiver: Archiver, folder: Path) -> None:
    """Write one record (in a thread, as the child starts), then wait for the child."""
    await archiver.write(folder, "FIRST1", RECORD)
    for _ in range(100):
        if archiver._child is not None:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the records' writer did not start")


async def test_records_are_written_by_a_child_process_whole_and_in_order(tmp_path: Path) -> None:
    archiver = Archiver()
    try:
        await _started(archiver, tmp_path)
        child = archiver._child
        assert child is not None and child.pid != os.getpid()
        codes = [f"GAME{i:02d}" for i in range(12)]
        paths = await asyncio.gather(
            *(archiver.write(tmp_path, code, RECORD, RULES, "rules-hash") for code in codes)
        )
        assert archiver._child is child  # one child wrote them all
        # Background work, at a lower priority than the server's (whose moves come first).
        lower = min(19, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS)
        assert os.getpriority(os.PRIO_PROCESS, child.pid) == lower
        for code, path in zip(codes, paths, strict=True):
            assert path == tmp_path / f"{code}.jsonl"
            assert path.read_text() == RECORD.replace('"rules":{}', '"rules":' + RULES.decode())
        with pytest.raises(OSError, match=r"Not a directory|File exists"):
            await archiver.write(tmp_path / "FIRST1.jsonl", "NOPE00", RECORD)
        assert (await archiver.write(tmp_path, "AFTER0", RECORD)).read_text() == RECORD
        unnamed = await archiver.write(tmp_path, "NOHASH", RECORD, RULES)  # rules without a hash
        assert '"rules":{"id":"intro"' in unnamed.read_text()
    finally:
        await archiver.close()
    assert child.returncode is not None  # it stopped when told, having written everything
    assert (await archiver.write(tmp_path, "CLOSED", RECORD)).read_text() == RECORD


async def test_a_child_that_dies_is_replaced_and_nothing_is_lost(tmp_path: Path) -> None:
    archiver = Archiver()
    try:
        await _started(archiver, tmp_path)
        first = archiver._child
        assert first is not None
        first.kill()  # at once: the writes below may be sent to it before it is seen gone
        paths = await asyncio.gather(
            *(archiver.write(tmp_path, f"LOST{i:02d}", RECORD, RULES, "h") for i in range(5))
        )
        assert all(p.read_text().startswith('{"code":"ABC123","rules":{"id"') for p in paths)
        await archiver.write(tmp_path, "AGAIN0", RECORD)  # starts another child
        for _ in range(100):
            if archiver._child not in (None, first):
                break
            await asyncio.sleep(0.05)
        assert archiver._child not in (None, first)
        later = await archiver.write(tmp_path, "LATER0", RECORD, RULES, "h")  # rules sent again
        assert '"rules":{"id":"intro"' in later.read_text()
    finally:
        await archiver.close()


async def test_records_redone_after_a_death_are_not_taken_from_the_next_child(
    tmp_path: Path,
) -> None:
    """A dead child's records are written again in threads; a child started meanwhile has
    records of its own waiting for its answers, which that redoing must leave to it. (They
    shared one queue: the redoing took the new child's record, whose answer then found
    nothing to settle, and its reader died: nothing more was settled.)"""
    archiver = Archiver()
    try:
        await _started(archiver, tmp_path)
        first = archiver._child
        assert first is not None
        os.mkfifo(tmp_path / "SLOW01.jsonl.tmp")  # its write, in a thread, waits for a reader
        first.kill()
        slow = asyncio.create_task(archiver.write(tmp_path, "SLOW01", RECORD))
        await _until(lambda: archiver._child is None)  # seen dead: SLOW01 redone, held up
        await archiver.write(tmp_path, "NEWA01", RECORD)  # starts the next child
        await _until(lambda: archiver._child not in (None, first))
        second = archiver._child
        assert second is not None
        second.send_signal(signal.SIGSTOP)  # it answers nothing until continued
        waiting = asyncio.create_task(archiver.write(tmp_path, "NEWB01", RECORD))
        await asyncio.sleep(0.1)
        await asyncio.to_thread((tmp_path / "SLOW01.jsonl.tmp").read_text)  # SLOW01 goes on
        await slow
        second.send_signal(signal.SIGCONT)
        assert (await asyncio.wait_for(waiting, 10)).read_text() == RECORD
        later = await asyncio.wait_for(archiver.write(tmp_path, "NEWC01", RECORD), 10)
        assert later.read_text() == RECORD and archiver._child is second
    finally:
        await archiver.close()


async def _until(condition: Callable[[], bool]) -> None:
    for _ in range(200):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("it did not happen")


async def test_a_child_that_dies_idle_is_said_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    archiver = Archiver()
    try:
        await _started(archiver, tmp_path)
        assert archiver._child is not None
        archiver._child.kill()
        for _ in range(100):  # its answers end: seen gone
            if archiver._child is None:
                break
            await asyncio.sleep(0.05)
        assert "the records' writer stopped (-9): another starts" in caplog.text
        assert (await archiver.write(tmp_path, "NEXT00", RECORD)).read_text() == RECORD
    finally:
        await archiver.close()


async def test_a_file_in_the_way_of_one_record_holds_up_no_other(
    tmp_path: Path, redis_url: str
) -> None:
    """Records written again later (records.Unwritten): one whose file cannot be written (a
    folder in its place) stays for the next time, without its temporary file; the others are
    written all the same — in the same pass once the folder was seen to work (`every`: after a
    file written, as the server stops), in the next one on the timer's pass, which stops at
    the first file that fails (the folder is likely still unwritable)."""
    folder = tmp_path / "games"
    folder.mkdir()
    (folder / "BLOCK1.jsonl").mkdir()  # in the way of that one record
    redis = Redis.from_url(redis_url, decode_responses=True)
    archiver = Archiver()
    try:
        store, unwritten = Store(redis), Unwritten()
        for code in ("BLOCK1", "LATER2"):
            await store.games.keep(code, RECORD.replace("ABC123", code), "{}", 1)
            unwritten.add(code, folder)
        await unwritten.write(store, archiver)  # the timer's pass: stops at BLOCK1
        assert list(unwritten.codes) == ["LATER2", "BLOCK1"]
        assert not (folder / "LATER2.jsonl").exists()
        await unwritten.write(store, archiver)  # the next: LATER2 first now
        assert (folder / "LATER2.jsonl").read_text() == RECORD.replace("ABC123", "LATER2")
        assert list(unwritten.codes) == ["BLOCK1"]
        await store.games.keep("LATER3", RECORD.replace("ABC123", "LATER3"), "{}", 1)
        unwritten.add("LATER3", folder)
        await unwritten.write(store, archiver, every=True)  # every one tried
        assert (folder / "LATER3.jsonl").is_file() and list(unwritten.codes) == ["BLOCK1"]
        assert not (folder / "BLOCK1.jsonl.tmp").exists()
        (folder / "BLOCK1.jsonl").rmdir()
        await unwritten.write(store, archiver)
        assert (folder / "BLOCK1.jsonl").is_file() and not unwritten.codes
    finally:
        await archiver.close()
        await redis.aclose()
