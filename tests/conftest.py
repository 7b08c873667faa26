"""Suite-wide fixtures: one real redis-server per test session, flushed before each test.

The server is started with blocking calls (`subprocess.Popen`, a sync client) so its lifetime
is independent of the per-test event loops pytest-asyncio creates.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from server.storage.redis_embedded import (
    HOST,
    KILL_TIMEOUT,
    LOG_NAME,
    NOT_READY,
    POLL_INTERVAL,
    START_ATTEMPTS,
    START_TIMEOUT,
    EmbeddedRedisError,
    find_redis_server,
    free_port,
    log_size,
    server_command,
    should_retry,
    startup_failure,
)
from server.storage.redis_embedded import redis_url as url_for_port


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield the URL of a non-persistent redis-server that lives for the whole session."""
    data_dir = tmp_path_factory.mktemp("redis")
    process, port = launch(find_redis_server(), data_dir)
    try:
        yield url_for_port(port)
    finally:
        stop(process, port)


@pytest.fixture(name="redis_url")
def flushed_redis_url(redis_server: str) -> str:
    """Return the session server's URL after emptying every database on it.

    A sync fixture, so sync and async tests alike can take it, whatever their event loop.
    """
    with redis.Redis.from_url(redis_server) as client:
        client.flushall()
    return redis_server


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
    """Return when the server on port answers PING; raise if it exits or times out."""
    deadline = time.monotonic() + START_TIMEOUT
    with client_for(port) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise EmbeddedRedisError(f"exited with status {process.returncode}")
            with contextlib.suppress(*NOT_READY):
                client.ping()
                return
            time.sleep(POLL_INTERVAL)
    raise EmbeddedRedisError(f"did not answer PING within {START_TIMEOUT:g}s")


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
