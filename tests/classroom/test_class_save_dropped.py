"""The class's SAVE (server/storage/classes.py) writes a change that drops rooms as never played
only if each room's log is still at the position it was judged at (its meta's `n`): a move
committed there meanwhile refuses the write, and the change is decided again. On one Redis the
check is in the script; a Redis Cluster (the room's meta in another slot than the class's keys,
which one script cannot touch) reads the positions just before it (real Redis, and a real
three-node cluster)."""

from __future__ import annotations

from pathlib import Path

from clusterkit import Cluster
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from server.storage import keys
from server.storage.classes import ClassStore

ROOM = "QX7KPD"


async def dropping(redis: Redis) -> None:
    """A class written, then a change dropping ROOM judged at position 3: refused once the room
    has moved on to 4, written while it is at 3."""
    store = ClassStore(redis)
    assert await store.save("K7QX2", "ms_li", '{"v": 1}', None, 1, rooms=[ROOM])
    await redis.hset(keys.room(ROOM), "n", 4)  # a move committed after the judgement at 3
    assert not await store.save("K7QX2", "ms_li", '{"v": 2}', 1, dropped={ROOM: 3})
    assert await store.read("K7QX2") == ('{"v": 1}', 1)  # nothing written
    assert await store.save("K7QX2", "ms_li", '{"v": 2}', 1, dropped={ROOM: 4})
    assert await store.read("K7QX2") == ('{"v": 2}', 2)
    assert await store.class_of(ROOM) == "K7QX2"  # kept until the class's keys expire
    await redis.delete(keys.room(ROOM))  # the room gone: not judged where it was
    assert not await store.save("K7QX2", "ms_li", '{"v": 3}', 2, dropped={ROOM: 4})


async def test_a_class_drops_a_room_only_at_the_log_position_it_was_judged_at(
    redis: Redis,
) -> None:
    await dropping(redis)


async def test_on_a_cluster_the_rooms_positions_are_read_before_the_class_is_written(
    tmp_path: Path,
) -> None:
    cluster = Cluster(tmp_path)
    client = RedisCluster.from_url(cluster.url, decode_responses=True)
    try:
        await dropping(client)  # type: ignore[arg-type]
    finally:
        await client.aclose()
        cluster.close()
