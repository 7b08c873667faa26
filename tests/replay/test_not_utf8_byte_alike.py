"""A file that is not UTF-8 text: `brink rules check` counted the first bad byte from 0 ("byte
0" for a file starting with 0xFF) and `brink replay --verify` from 1 ("byte 1"). Both count from
1, as the line and column they place it at are counted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _brink(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "server.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(("data", "byte"), [(b"\xffabc: 1\n", 1), (b"ab: 1\nc\xff: 2\n", 8)])
def test_rules_check_and_replay_verify_count_the_bad_byte_alike(
    tmp_path: Path, data: bytes, byte: int
) -> None:
    rules, record = tmp_path / "bad.yaml", tmp_path / "bad.jsonl"
    rules.write_bytes(data)
    record.write_bytes(data)
    checked = _brink("rules", "check", str(rules))
    verified = _brink("replay", "--verify", str(record))
    assert checked.returncode == 1 and verified.returncode == 1
    assert f"not UTF-8 text (byte {byte})" in checked.stdout + checked.stderr
    assert f"not UTF-8 text (byte {byte})" in verified.stdout + verified.stderr
