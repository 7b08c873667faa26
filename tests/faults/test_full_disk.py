"""`brink serve` started on a full disk: told as the data folder's problem, in one line. It was
told as "cannot listen on 127.0.0.1:8080: No space left on device" (the port was fine): the
embedded Redis's lock file could not be written, and an error naming no file was taken for the
address's."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from serverkit import serve_command

from server.settings import Settings
from server.storage.redis_embedded import LOCK_NAME
from server.web.serve import _os_problem


def _serve(data_dir: Path, workers: str) -> subprocess.CompletedProcess[str]:
    command = serve_command()
    command += ["--workers", workers, "--data-dir", str(data_dir)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a small file system of its own, filled up (root only: a tmpfs mounted)."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (not root)")
    try:
        filled = subprocess.run(
            ["dd", "if=/dev/zero", f"of={folder / 'filler'}", "bs=64k"], capture_output=True
        )
        assert filled.returncode != 0, "the file system did not fill up"
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_full_disk_at_start_is_told_as_the_data_dir_not_the_port(
    full_disk: Path, workers: str
) -> None:
    done = _serve(full_disk, workers)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    lock = full_disk / "redis" / LOCK_NAME
    assert lines[0] == (
        f"brink serve: --data-dir {full_disk}: cannot use {lock}: No space left on device"
    )


def test_a_lock_file_that_cannot_be_written_is_told_as_the_data_dir(tmp_path: Path) -> None:
    """Anywhere (no root needed): the lock file a link to /dev/full, which takes no writing."""
    (tmp_path / "redis").mkdir()
    lock = tmp_path / "redis" / LOCK_NAME
    lock.symlink_to("/dev/full")
    done = _serve(tmp_path, "1")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"brink serve: --data-dir {tmp_path}: cannot use {lock}: ")


def test_a_system_error_naming_no_file_nor_address_is_not_blamed_on_the_port() -> None:
    settings = Settings(port=8080)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert _os_problem(settings, full) == "cannot start: No space left on device"
    taken = OSError(errno.EADDRINUSE, os.strerror(errno.EADDRINUSE))
    assert _os_problem(settings, taken) == (
        "cannot listen on 127.0.0.1:8080: Address already in use (choose another with --port)"
    )
