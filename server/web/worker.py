"""One worker of `brink serve --workers N` (started by workers.py): the ordinary server app on
the listening sockets it inherits (their descriptors are its arguments), with the settings the
parent writes as one JSON line on its standard input. It prints `ready` once it serves, and
shuts down cleanly when told (SIGTERM) or when its standard input closes (the parent is gone).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import threading
from pathlib import Path

from aiohttp import web

from server.settings import Settings
from server.web.app import create_app
from server.web.serve import configure_logging, use_uvloop
from server.web.sockettable import SocketTable


def _ready(_: str) -> None:
    print("ready", flush=True)
    # Nobody reads the pipe after this line: anything printed later goes to the log instead.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())


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
    web.run_app(
        create_app(settings, table),
        sock=sockets,
        print=_ready,
        shutdown_timeout=5,
        access_log=None,
    )


if __name__ == "__main__":
    main()
