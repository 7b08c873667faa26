"""A private `redis-server` child process, for `brink serve` without a Redis URL and for tests.

`EmbeddedRedis` is the asyncio driver: `await start()` returns the URL, `await stop()` shuts it
down. The binary and its command line (`find_redis_server`, `server_command`, `free_port`, ...)
are in redis_binary.py, re-exported here for blocking callers such as the pytest session
fixture. The server always binds 127.0.0.1 with protected mode on (and listens on a Unix socket
in its data directory, only its user's, where one can be made) and logs to a file there.

    try:
        url = await EmbeddedRedis(data_dir).start()
    except EmbeddedRedisError:  # no binary, or the server would not answer PING
        ...
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import fcntl
import logging
import os
import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType

import redis.asyncio
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from server.storage.redis_binary import (
    HOST,
    LOG_NAME,
    NOT_FOUND,
    PID_NAME,
    PORT_NAME,
    SOCKET_NAME,
    EmbeddedRedisError,
    find_redis_server,
    free_port,
    log_size,
    log_tail,
    redis_url,
    redis_version,
    server_command,
    socket_path,
    socket_url,
)

log = logging.getLogger("brink.redis")
__all__ = [
    "ADDRESS_IN_USE",
    "HOST",
    "KILL_TIMEOUT",
    "LOG_NAME",
    "NOT_FOUND",
    "NOT_READY",
    "PID_NAME",
    "POLL_INTERVAL",
    "PORT_NAME",
    "SOCKET_NAME",
    "START_ATTEMPTS",
    "START_TIMEOUT",
    "EmbeddedRedis",
    "EmbeddedRedisError",
    "find_redis_server",
    "free_port",
    "log_size",
    "log_tail",
    "redis_url",
    "redis_version",
    "server_command",
    "should_retry",
    "socket_path",
    "socket_url",
    "startup_failure",
]
LOCK_NAME = "brink.lock"
START_TIMEOUT = 10.0
STOP_TIMEOUT = 30.0
KILL_TIMEOUT = 5.0
START_ATTEMPTS = 3
POLL_INTERVAL = 0.05
ADDRESS_IN_USE = "Address already in use"
SOCKET_REFUSED = "unix socket"
"""In what redis-server logs when it cannot listen on its Unix socket (6.2: "Opening Unix
socket: bind: …", 7: "Failed opening Unix socket: …"), lowercased."""
# Errors a server that is starting (or loading its data) gives to PING.
NOT_READY: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError, OSError)


PR_SET_PDEATHSIG = 1


def startup_failure(why: str, data_dir: Path, offset: int) -> EmbeddedRedisError:
    """Return the error for a server that did not come up, quoting what it logged."""
    tail = log_tail(data_dir, offset) or "(nothing logged)"
    return EmbeddedRedisError(f"redis-server {why}; last log lines:\n{tail}")


def should_retry(error: EmbeddedRedisError, fixed_port: int, attempt: int) -> bool:
    """Return whether a failed start lost the free-port race and may try another port."""
    lost_race = fixed_port == 0 and ADDRESS_IN_USE in str(error)
    return lost_race and attempt + 1 < START_ATTEMPTS


class EmbeddedRedis:
    """A redis-server child process owned by this object; `start` returns its URL."""

    def __init__(
        self,
        data_dir: Path,
        *,
        port: int = 0,
        persistent: bool = True,
        binary: str | None = None,
        start_timeout: float = START_TIMEOUT,
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.persistent = persistent
        self.binary = binary
        self.start_timeout = start_timeout
        self._process: asyncio.subprocess.Process | None = None
        self._keeping: asyncio.Task[None] | None = None
        self._bound_port: int | None = None
        self._lock: int | None = None
        self._unix = True
        """Whether it listens on its Unix socket too (not where one cannot be made there)."""

    @property
    def url(self) -> str:
        """Return the URL of the running server — its Unix socket, when it has one (see
        `server_command`), else its port; raise EmbeddedRedisError if it is not running."""
        port_url = self.port_url
        found = socket_path(self.data_dir) if self._unix else None
        return port_url if found is None else socket_url(found)

    @property
    def port_url(self) -> str:
        """Return the URL of the running server's port (for tools such as redis-cli)."""
        if self._bound_port is None:
            raise EmbeddedRedisError("embedded redis-server is not running")
        return redis_url(self._bound_port)

    @property
    def running(self) -> bool:
        """Return whether the child process has been started and has not exited."""
        return self._process is not None and self._process.returncode is None

    async def start(self) -> str:
        """Return the URL once the server answers PING, starting it if it is not running."""
        if self.running:
            return self.url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.persistent:  # two servers on one append-only file would lose data
            self._lock = _lock_data_dir(self.data_dir)
        await _retire_survivor(self.data_dir)
        binary = self.binary or find_redis_server()
        for attempt in range(START_ATTEMPTS + 1):  # one more if the socket is given up
            port = self.port or free_port()
            try:
                await self._launch(binary, port)
            except EmbeddedRedisError as error:
                if self._unix and SOCKET_REFUSED in str(error).lower():
                    # A data folder where no socket can be made (a file or folder in its place,
                    # a file system without them): the port alone, as before sockets.
                    log.warning(
                        "embedded Redis: no Unix socket in %s; its port only", self.data_dir
                    )
                    self._unix = False
                    continue
                if not should_retry(error, self.port, attempt):
                    self._unlock()
                    raise
            else:
                self._bound_port = port
                if self.persistent:  # so a later start can find a survivor (see below)
                    (self.data_dir / PORT_NAME).write_text(str(port))
                return self.url
        raise AssertionError("unreachable: the last attempt re-raises")

    async def stop(self) -> None:
        """Return once the server has exited (saving first when persistent); safe to repeat."""
        process, port = self._process, self._bound_port
        self._process = self._bound_port = None
        if self._keeping is not None:
            self._keeping.cancel()
            self._keeping = None
        try:
            if process is None or process.returncode is not None:
                return
            if port is not None:
                # A failed SHUTDOWN (say, a full disk) falls through to SIGTERM, then SIGKILL.
                with contextlib.suppress(*NOT_READY, RedisError):
                    await self._shutdown(port)
            await _wait_or_kill(process, STOP_TIMEOUT)
        finally:
            self._unlock()

    def keep_running(self) -> None:
        """From now until `stop()`, start the server again, on its port and data, whenever it
        exits by itself (killed, out of memory): the processes on it come back as after any
        Redis restart."""
        if self._keeping is None:
            self._keeping = asyncio.create_task(self._keep())

    async def _keep(self) -> None:
        delay = 1.0
        while (process := self._process) is not None and self._bound_port is not None:
            await process.wait()
            if self._process is not process:  # stop() was called
                return
            log.warning("embedded Redis exited (status %s); starting it again", process.returncode)
            try:
                await self._launch(self.binary or find_redis_server(), self._bound_port)
            except EmbeddedRedisError as error:
                log.error("embedded Redis did not start again (%s); trying in %g s", error, delay)
                self._process = process  # still the dead one: wait() returns at once
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            delay = 1.0
            log.warning("embedded Redis is back at %s", self.url)

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    async def __aenter__(self) -> str:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _launch(self, binary: str, port: int) -> None:
        """Return when a new child on port answers PING; raise (child gone) if it never does."""
        offset = log_size(self.data_dir)
        with (self.data_dir / LOG_NAME).open("ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                *server_command(binary, port, self.data_dir, self.persistent, self._unix),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                preexec_fn=_die_with_parent,
            )
        try:
            await self._await_ping(self._process, port)
        except EmbeddedRedisError as error:
            await _wait_or_kill(self._process, 0.0)
            self._process = None
            raise startup_failure(str(error), self.data_dir, offset) from None

    async def _await_ping(self, process: asyncio.subprocess.Process, port: int) -> None:
        """Return when the server on port answers PING; raise if it exits or times out."""
        deadline = time.monotonic() + self.start_timeout
        client = _async_client(port, timeout=1.0)
        try:
            while time.monotonic() < deadline:
                if process.returncode is not None:
                    raise EmbeddedRedisError(f"exited with status {process.returncode}")
                with contextlib.suppress(*NOT_READY):
                    await client.ping()
                    return
                await asyncio.sleep(POLL_INTERVAL)
        finally:
            await client.aclose()
        raise EmbeddedRedisError(f"did not answer PING within {self.start_timeout:g}s")

    async def _shutdown(self, port: int) -> None:
        """Return after asking the server to exit: SAVE when persistent, NOSAVE otherwise."""
        client = _async_client(port, timeout=STOP_TIMEOUT)
        try:
            await client.shutdown(save=self.persistent, nosave=not self.persistent)
        finally:
            await client.aclose()


def _async_client(port: int, timeout: float) -> redis.asyncio.Redis:
    """Return an asyncio client for one quick command: no retries, short connect timeout."""
    return redis.asyncio.Redis(
        host=HOST,
        port=port,
        socket_connect_timeout=1.0,
        socket_timeout=timeout,
        retry=AsyncRetry(NoBackoff(), 0),
    )


async def _wait_or_kill(process: asyncio.subprocess.Process, grace: float) -> None:
    """Return once the child has exited: wait grace seconds, then SIGTERM, then SIGKILL."""
    if await _exited_within(process, grace):
        return
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    if await _exited_within(process, KILL_TIMEOUT):
        return
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    await process.wait()


async def _exited_within(process: asyncio.subprocess.Process, seconds: float) -> bool:
    """Return whether the child exits within seconds."""
    try:
        await asyncio.wait_for(process.wait(), seconds)
    except TimeoutError:
        return False
    return True


def _die_with_parent() -> None:
    """In the child before exec: ask Linux to SIGTERM it when its parent dies (redis-server then
    shuts down cleanly), so a killed `brink serve` never leaves its Redis behind; and put it in
    a process group of its own (uvloop takes no `process_group`): a Ctrl+C at the terminal
    signals `brink serve`'s group, and a Redis that took it too stopped on its own while the
    server was still stopping, which started it again (`keep_running`) only to stop it again."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _lock_data_dir(data_dir: Path) -> int:
    """Return a descriptor holding an exclusive lock on `data_dir` for this process's lifetime
    (the kernel drops it when the process dies); raise if another server holds it."""
    path = data_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise EmbeddedRedisError(
            f"{data_dir} is in use by another brink serve (pid {holder}): stop it, "
            "or give this one --data-dir DIR or --redis URL"
        ) from None
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
    except OSError as error:  # a full disk: named, so the caller tells the folder, not the port
        os.close(fd)
        raise OSError(error.errno, error.strerror, str(path)) from None
    return fd


async def _retire_survivor(data_dir: Path) -> None:
    """Shut down a redis-server an earlier run left on `data_dir` (it must never have two)."""
    try:
        pid = int((data_dir / PID_NAME).read_text().strip())
        port = int((data_dir / PORT_NAME).read_text().strip())
    except (OSError, ValueError):
        return
    if not _is_redis(pid):
        return
    client = _async_client(port, timeout=STOP_TIMEOUT)
    with contextlib.suppress(*NOT_READY, RedisError):
        await client.shutdown(save=True)
    await client.aclose()
    deadline = time.monotonic() + STOP_TIMEOUT
    while _is_redis(pid) and time.monotonic() < deadline:
        await asyncio.sleep(POLL_INTERVAL)
    if _is_redis(pid):
        os.kill(pid, signal.SIGKILL)


def _is_redis(pid: int) -> bool:
    try:
        return b"redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
