"""`brink serve` with a Redis it cannot use: a URL that is no Redis URL, or a Redis that does not
answer as it starts, is one line saying so (the URL's password hidden), never a traceback."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from serverkit import serve_command


def _serve(tmp_path: Path, redis: str, workers: int = 1) -> subprocess.CompletedProcess[str]:
    command = serve_command(*(["--workers", str(workers)] if workers else []))  # 0: the default
    command += ["--redis", redis, "--data-dir", str(tmp_path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("workers", [1, 2, 0])
def test_a_server_that_cannot_reach_redis_stops_saying_so_in_one_line(
    tmp_path: Path, workers: int
) -> None:
    with socket.socket() as held:  # bound, never listening: refused, and no one else's
        held.bind(("127.0.0.1", 0))
        nobody = f"redis://127.0.0.1:{held.getsockname()[1]}/0"
        done = _serve(tmp_path, nobody, workers)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    said = f"cannot reach Redis at {nobody} (Error 111 connecting to 127.0.0.1:"
    # one line whatever the workers (0: the default, one per core): not each worker's log line
    # and then "worker 0 did not start"
    assert len(lines) == 1 and lines[0].startswith(f"brink serve: {said}"), lines


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("localhost:6379", "brink serve: --redis localhost:6379: Redis URL must specify one of"),
        ("redis://h:port/0", "brink serve: --redis redis://h:port/0: Port could not be cast"),
        ("http://u:secret@h:6379", "brink serve: --redis http://u:***@h:6379: Redis URL must"),
    ],
)
def test_a_redis_url_that_is_none_is_one_line(tmp_path: Path, url: str, said: str) -> None:
    done = _serve(tmp_path, url)
    assert done.returncode == 2
    assert done.stderr.startswith(said) and len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.rstrip().endswith("(for example redis://127.0.0.1:6379/0)")
    assert "secret" not in done.stderr
