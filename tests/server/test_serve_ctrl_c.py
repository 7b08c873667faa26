"""Ctrl+C at the terminal stops `brink serve` and its embedded Redis once: the terminal signals
the whole foreground process group, and a redis-server in that group stopped by itself while the
server was still stopping, so the server started it again (its keep-running watch) and then
stopped it a second time — two Redis starts in the log for one Ctrl+C, and a Redis left running
a few seconds after the server had gone. The server, in a session of its own here, is signalled
as a terminal does: SIGINT to its process group."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from serverkit import ready_port, serve_command

from server.storage.redis_embedded import LOG_NAME


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_stops_the_embedded_redis_once(tmp_path: Path, workers: int) -> None:
    command = serve_command("--workers", str(workers), "--data-dir", str(tmp_path))
    server = subprocess.Popen(
        command,
        start_new_session=True,  # a process group of its own, as a shell's foreground job
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _, ready = ready_port(server)
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl+C at the terminal sends
        rest, _ = server.communicate(timeout=60)
        said = ready + rest
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert server.returncode == 0, said
    log = (tmp_path / "redis" / LOG_NAME).read_text()
    assert log.count("Server initialized") == 1, log  # started once, never again
    assert "Received SIGINT" not in log, log  # stopped by the server (SHUTDOWN), not the ^C
    assert "embedded Redis exited" not in said, said
    assert "ready to exit" in log.splitlines()[-1], log  # and gone when the server is
