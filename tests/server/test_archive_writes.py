"""Game records written to disk (server/storage/archive.py): whole, with their rules put back,
never half a file (a disk that refuses them: tests/server/test_operations.py)."""

from __future__ import annotations

from pathlib import Path

from server.storage import archive

RECORD = '{"code":"ABC123","rules":{},"scenario":"intro"}\n{"n":1}\n{"n":2}\n'
RULES = b'{"id":"intro","cards":[1,2,3]}'


async def test_a_record_is_written_whole_with_its_rules_put_back(tmp_path: Path) -> None:
    path = await archive.write_archive(tmp_path / "games", "ABC123", RECORD, RULES)
    assert path == tmp_path / "games" / "ABC123.jsonl"
    assert not path.with_name(path.name + ".tmp").exists()
    assert path.read_text() == RECORD.replace('"rules":{}', '"rules":' + RULES.decode(), 1)
    assert archive.read_archive(tmp_path / "games", "ABC123") == path.read_text()
