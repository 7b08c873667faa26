"""The fault tests' view of a server's `--workers` (faultkit.ServerProcess.workers) while a
killed worker is not yet reaped: tests/faults/test_worker_silence.py once failed with
psutil.ZombieProcess, reading the command line of the worker it had just seen killed."""

from __future__ import annotations

import subprocess
import time

import psutil  # type: ignore[import-untyped]
from faultkit import ServerProcess


def test_a_child_not_yet_reaped_is_not_counted_as_a_worker() -> None:
    # A shell starts a child, then becomes `sleep`, which never waits for it: once the child
    # exits, a zombie.
    parent = subprocess.Popen(["sh", "-c", "true & exec sleep 60"])
    try:
        deadline = time.monotonic() + 60
        while not any(
            child.status() == psutil.STATUS_ZOMBIE
            for child in psutil.Process(parent.pid).children()
        ):
            assert time.monotonic() < deadline, "the child never became a zombie"
            time.sleep(0.05)
        served = ServerProcess.__new__(ServerProcess)  # only its process is looked at
        served.process = parent
        assert served.workers() == []
    finally:
        parent.kill()
        parent.wait()
