"""Starting and stopping real redis-server processes for tests (blocking calls, so a server's
lifetime does not depend on the per-test event loops)."""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from server.storage.redis_embedded import (
    ADDRESS_IN_USE,
    HOST,
    KILL_TIMEOUT,
    LOG_NAME,
    NOT_READY,
    POLL_INTERVAL,
    START_ATTEMPTS,
    START_TIMEOUT,
    EmbeddedRedisError,
    free_port,
    log_size,
    server_command,
    should_retry,
    startup_failure,
)


def launch(binary: str, data_dir: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Return a child answering PING and its port, retrying ports lost to a race."""
    for attempt in range(START_ATTEMPTS):
        port = free_port()
        offset = log_size(data_dir)
        with (data_dir / LOG_NAME).open("ab") as log:
            command = server_command(binary, port, data_dir, persistent=False)
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        try:
            await_ping(process, port)
        except EmbeddedRedisError as error:
            kill(process)
            failure = startup_failure(str(error), data_dir, offset)
            if not should_retry(failure, 0, attempt):
                raise failure from None
        else:
            return process, port
    raise AssertionError("unreachable: the last attempt re-raises")


def await_ping(process: subprocess.Popen[bytes], port: int) -> None:
    """Return when the server on port answers PING — that server, not another test process's
    that took the port first (this one then exits: address in use); raise if it exits or times
    out."""
    deadline = time.monotonic() + START_TIMEOUT
    with client_for(port) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise EmbeddedRedisError(f"exited with status {process.returncode}")
            with contextlib.suppress(*NOT_READY):
                client.ping()  # loaded (a loading server answers LOADING)
                if client.info("server")["process_id"] == process.pid:
                    return
            time.sleep(POLL_INTERVAL)
    raise EmbeddedRedisError(f"did not answer PING within {START_TIMEOUT:g}s")


def start_redis(argv: list[str], port: int) -> subprocess.Popen[bytes]:
    """Start a redis-server with `argv` (listening on `port`); return it once it answers."""
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        await_ping(process, port)
    except BaseException:
        kill(process)
        raise
    return process


def redis_on_free_port(
    argv_for: Callable[[int], list[str]], log: Path, pick: Callable[[], int] = free_port
) -> tuple[subprocess.Popen[bytes], int]:
    """Start a redis-server with `argv_for(port)` (logging to `log`) on a port from `pick`; if
    another test process took that port before it listened, on another. Return it and its
    port once it answers."""
    for attempt in range(START_ATTEMPTS):
        port = pick()
        offset = log.stat().st_size if log.exists() else 0
        try:
            return start_redis(argv_for(port), port), port
        except EmbeddedRedisError as error:
            said = log.read_bytes()[offset:].decode(errors="replace") if log.exists() else ""
            if ADDRESS_IN_USE not in said or attempt + 1 == START_ATTEMPTS:
                raise AssertionError(f"redis-server on {port}: {error}\n{said}") from None
    raise AssertionError("unreachable: the last attempt raises")


def stop(process: subprocess.Popen[bytes], port: int) -> None:
    """Return once the child has exited: SHUTDOWN NOSAVE, then signals if it lingers."""
    with contextlib.suppress(*NOT_READY, RedisError), client_for(port) as client:
        client.shutdown(nosave=True)
    try:
        process.wait(KILL_TIMEOUT)
    except subprocess.TimeoutExpired:
        kill(process)


def kill(process: subprocess.Popen[bytes]) -> None:
    """Return once the child has exited: SIGTERM, then SIGKILL."""
    process.terminate()
    try:
        process.wait(KILL_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def client_for(port: int) -> redis.Redis:
    """Return a blocking loopback client that fails fast instead of retrying."""
    return redis.Redis(
        host=HOST,
        port=port,
        socket_connect_timeout=1.0,
        socket_timeout=5.0,
        retry=Retry(NoBackoff(), 0),
    )
