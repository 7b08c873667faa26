"""The server's own path to Redis (server/storage/connect.py, batch.with_reads): commands and
pipelines straight to a pooled connection, bounded in number, a failed connection opened again,
errors kept to their own command; a script and reads in one exchange."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from redis.exceptions import DataError, ResponseError

from server.storage.batch import with_reads
from server.storage.connect import LeanPool, connect

COUNT = "return redis.call('INCR', KEYS[1])"


@pytest.fixture
async def client(redis_url: str) -> AsyncIterator[Redis]:
    redis = connect(redis_url)
    yield redis
    await redis.aclose()


async def test_calls_past_the_pool_size_wait_for_a_connection(redis_url: str) -> None:
    pool = LeanPool.from_url(redis_url, decode_responses=True, max_connections=2)
    redis = connect(redis_url)
    redis.connection_pool = pool
    watcher = Redis.from_url(redis_url, decode_responses=True)

    # Five blocking pops on two connections: two wait in Redis, three for a connection.
    async def pop(i: int) -> Any:
        return await redis.blpop([f"q{i}"], timeout=5)

    pops = [asyncio.create_task(pop(i)) for i in range(5)]

    async def popping() -> int:
        return sum(1 for c in await watcher.client_list() if c.get("cmd") == "blpop")

    async with asyncio.timeout(10):
        while await popping() < 2:
            await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)
    assert await popping() == 2  # and no more: the other three wait for a connection
    for i in range(5):
        await watcher.rpush(f"q{i}", "x")
    assert sorted(await asyncio.gather(*pops)) == [(f"q{i}", "x") for i in range(5)]
    assert len(pool._in_use_connections) == 0 and len(pool._available_connections) == 2
    await redis.aclose()
    await watcher.aclose()


async def test_a_pool_reset_with_connections_in_use_frees_every_slot(redis_url: str) -> None:
    pool = LeanPool.from_url(redis_url, decode_responses=True, max_connections=2)
    taken = [await pool.get_connection(), await pool.get_connection()]
    pool.reset()
    for connection in taken:
        await pool.release(connection)  # not the pool's any more: nothing to give back
        await connection.disconnect()
    redis = connect(redis_url)
    redis.connection_pool = pool
    async with asyncio.timeout(5):
        assert await asyncio.gather(*(redis.ping() for _ in range(4))) == [True] * 4
    await redis.aclose()


async def test_a_connection_killed_under_the_pool_is_opened_again(client: Redis) -> None:
    await client.set("k", "1")
    await client.client_kill_filter(skipme=False, _type="normal")
    await asyncio.sleep(0.1)
    assert await client.get("k") == "1"


async def test_commands_are_packed_as_redis_py_packs_them(client: Redis) -> None:
    command: Any = client.execute_command
    text = "ünïcode, 'quotes' and \r\n"
    assert await client.set("k", text) is True
    assert await client.get("k") == text
    assert await command("SET", "n", 2**70) is True
    assert await client.get("n") == str(2**70)
    assert await client.incrbyfloat("f", 1.5) == 1.5
    assert await command("OBJECT ENCODING", "k") in ("embstr", "raw")  # split as redis-py does
    assert await command("SET", "b", bytearray(b"ab")) is True  # left to redis-py's packer
    assert await client.get("b") == "ab"
    with pytest.raises(DataError):
        await command("SET", "k", None)


async def test_a_command_error_leaves_the_connection_usable(client: Redis) -> None:
    await client.set("text", "x")
    with pytest.raises(ResponseError, match="WRONGTYPE"):
        await client.hget("text", "field")
    assert await client.get("text") == "x"


async def test_a_pipeline_gives_each_command_its_own_answer_or_error(client: Redis) -> None:
    await client.set("text", "x")
    pipe = client.pipeline(transaction=False)
    pipe.incr("n")
    pipe.hget("text", "field")
    pipe.hset("h", mapping={"a": "1", "b": "2"})
    pipe.hgetall("h")
    results = await pipe.execute(raise_on_error=False)
    assert results[0] == 1 and isinstance(results[1], ResponseError)
    assert results[2:] == [2, {"a": "1", "b": "2"}]
    pipe = client.pipeline(transaction=False)
    pipe.incr("n")
    pipe.hget("text", "field")
    with pytest.raises(ResponseError, match="Command # 2"):
        await pipe.execute()
    assert await client.get("n") == "2"


async def test_a_script_and_reads_in_one_exchange_even_after_redis_lost_the_script(
    client: Redis,
) -> None:
    script = client.register_script(COUNT)
    await client.hset("names", "washington", "Ann")
    found = await with_reads(client, script, ["n"], [], ("HGETALL", "names"), ("GET", "n"))
    assert found == [1, {"washington": "Ann"}, "1"]
    await client.script_flush()
    found = await with_reads(client, script, ["n"], [], ("GET", "n"))
    assert found == [2, "2"]
    await client.set("text", "x")
    with pytest.raises(ResponseError, match="WRONGTYPE"):
        await with_reads(client, script, ["n"], [], ("HGET", "text", "field"))
