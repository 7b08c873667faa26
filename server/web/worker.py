"""One worker of `brink serve --workers N` (started by workers.py): the ordinary server app on
the listening sockets it inherits (their descriptors are its arguments), with the settings the
parent writes as one JSON line on its standard input. It prints `ready` once it serves, and
shuts down cleanly when told (SIGTERM) or when its standard input closes (the parent is gone).
Its connections are first looked at by server/web/steer.py, which hands those that name a room
made on another worker to that worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
import threading
from pathlib import Path

from aiohttp import web

from server.live.loading import RulesRefused
from server.live.metrics import SHARED
from server.settings import Settings
from server.storage.connect import RedisUnreachable
from server.web.app import create_app
from server.web.appkeys import SETTINGS
from server.web.connections import watched
from server.web.serve import app_runner, configure_logging, run_until_stopped, use_uvloop
from server.web.sockettable import SocketTable
from server.web.steer import SteeredSite, Steering

BEAT = 1.0
"""Seconds between two signs of life sent to the parent (workers.py kills a worker silent for
`worker_silence` seconds)."""


def _ready() -> int:
    """Tell the parent this worker serves; return the pipe the signs of life go to."""
    print("ready", flush=True)
    beats = os.dup(sys.stdout.fileno())
    os.set_blocking(beats, False)  # a parent that stops reading holds up nothing here
    # Only the signs of life go to the pipe now: anything printed goes to the log instead.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return beats


async def _beat(beats: int) -> None:
    """A byte every BEAT seconds, from the event loop: a stopped or stuck loop sends none."""
    while True:
        with contextlib.suppress(BlockingIOError, BrokenPipeError):
            os.write(beats, b".")
        await asyncio.sleep(BEAT)


def _orphaned() -> None:
    """Block until the parent closes our standard input (it stopped, or was killed), then stop."""
    while os.read(0, 4096):  # unbuffered: a daemon thread must hold no lock at exit
        pass
    os.kill(os.getpid(), signal.SIGTERM)


def main() -> None:
    config = json.loads(sys.stdin.readline())
    settings = Settings.model_validate(config["settings"])
    configure_logging(settings, f"worker {config['index']}")
    sockets = [socket.socket(fileno=int(fd)) for fd in sys.argv[1:]]
    threading.Thread(target=_orphaned, daemon=True).start()
    use_uvloop(settings)
    table = SocketTable(Path(config["sockets"]), config["index"], config["workers"])
    steering = Steering(
        Path(os.environ[SHARED]), config["index"], config["workers"], settings.keepalive_timeout
    )
    try:
        run_until_stopped(_serve(create_app(settings, table), sockets, steering))
    except RedisUnreachable as error:  # told to the parent, which says it once for all workers
        print(f"unreachable {error}", flush=True)
        sys.exit(1)
    except RulesRefused as refused:  # the same: every worker reads the same rules folder
        print(f"refused {refused.line}", flush=True)
        sys.exit(1)


async def _serve(app: web.Application, sockets: list[socket.socket], steering: Steering) -> None:
    """What `web.run_app` does with the sockets, with their connections steered (steer.py):
    serve until SIGTERM or SIGINT (GracefulExit), then clean up."""
    runner = app_runner(app, steering.patience)  # the keep-alive timeout (75 s)
    await runner.setup()
    steering.cap = watched(runner.server, app[SETTINGS])
    try:
        for sock in sockets:
            await SteeredSite(runner, sock, steering).start()
        assert runner.server is not None
        steering.listen(runner.server)
        await _beat(_ready())
    finally:
        steering.close()
        await runner.cleanup()


if __name__ == "__main__":
    main()
