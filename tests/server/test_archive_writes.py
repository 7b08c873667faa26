"""Game records written to disk (server/storage/archive.py): at once on the event loop while the
disk is quick, in a thread once a write has been slow; whole either way, never half a file."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.storage import archive

RECORD = '{"code":"ABC123","rules":{},"scenario":"intro"}\n{"n":1}\n{"n":2}\n'
RULES = b'{"id":"intro","cards":[1,2,3]}'


@pytest.fixture(autouse=True)
def quick_disk() -> Iterator[None]:
    archive._Mode.threaded = False
    yield
    archive._Mode.threaded = False


def _written(path: Path) -> str:
    assert not path.with_name(path.name + ".tmp").exists()
    return path.read_text()


async def test_a_record_is_written_whole_with_its_rules_put_back(tmp_path: Path) -> None:
    path = await archive.write_archive(tmp_path / "games", "ABC123", RECORD, RULES)
    assert path == tmp_path / "games" / "ABC123.jsonl"
    assert _written(path) == RECORD.replace('"rules":{}', '"rules":' + RULES.decode(), 1)
    assert archive.read_archive(tmp_path / "games", "ABC123") == _written(path)
    assert not archive._Mode.threaded  # a quick disk: written on the loop


async def test_after_a_slow_write_records_are_written_in_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(archive, "SLOW", 0.0)  # every write counts as slow
    with caplog.at_level(logging.WARNING, logger="brink.archive"):
        first = await archive.write_archive(tmp_path, "FIRST1", RECORD)
    assert archive._Mode.threaded
    assert "written in a thread from now on" in caplog.text
    second = await archive.write_archive(tmp_path, "SECND2", RECORD, RULES)
    assert _written(first) == RECORD
    assert '"rules":{"id":"intro"' in _written(second)
