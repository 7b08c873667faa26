"""`brink serve --workers 2` with a long TMPDIR (macOS's per-user one comes close; a test
runner's can be longer) stopped with a traceback, 'AF_UNIX path too long': the workers' inboxes
are Unix sockets in a folder made there. The folder now goes to /tmp when the path would be too
long, and the server plays."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from serverkit import ready_port, serve_command


def test_two_workers_start_under_a_long_temporary_folder(tmp_path: Path, redis_url: str) -> None:
    deep = tmp_path / ("a-long-temporary-folder-" * 4) / "T"
    deep.mkdir(parents=True)
    assert len(str(deep)) > 100
    command = serve_command("--workers", "2", "--redis", redis_url, "--data-dir", str(tmp_path))
    server = subprocess.Popen(
        command,
        env={**os.environ, "TMPDIR": str(deep)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        port, said = ready_port(server)
        assert port > 0
        assert "Traceback" not in said, said
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=60)
    assert b"Traceback" not in out, out.decode()
    assert server.returncode == 0, out.decode()
