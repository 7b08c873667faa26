"""Quick match just after a server process dies (kill -9) with a player queued on it: until its
heartbeat is 5 s old the process looks alive, and a newcomer on another process was matched with
its ticket — seated in a room whose other seat nobody would ever take. Its connections to Redis
closed as it died, so nobody listens for the ticket's match any more: the ticket is passed over
(kept in its place until the process is known dead), and the newcomer waits for the next player.
On one Redis and on a Redis Cluster (whose nodes count their own subscriptions only).

Real `brink serve` processes killed on a real Redis; the heartbeat the dead process left is set
to now, as it was a moment before it died, so the 5 s it would still look alive are never raced.
(tests/faults/test_process_death.py: the dead process's queued player queues again elsewhere.)"""

from __future__ import annotations

import asyncio
import json
import time

from clusterkit import Cluster
from faultkit import ServerProcess, Spawn
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from client.connection import BrinkClient
from server.protocol import Queued, QuickMatch
from server.storage import keys


async def listeners(redis: Redis, channel: str) -> int:
    """Who subscribes to `channel` (on every node of a cluster)."""
    if isinstance(redis, RedisCluster):
        found = await redis.pubsub_numsub(channel, target_nodes="all")
    else:
        found = await redis.pubsub_numsub(channel)
    return sum(int(count) for _, count in found)


async def newcomers_pass_the_dead_ticket(
    redis: Redis, doomed: ServerProcess, survivor: ServerProcess
) -> None:
    queue = keys.queue("intro")
    async with (
        BrinkClient(doomed.url, "Ghost") as ghost,
        BrinkClient(survivor.url, "Lin") as lin,
        BrinkClient(survivor.url, "Tom") as tom,
    ):
        assert isinstance(await ghost.request(QuickMatch(scenario="intro", name="G")), Queued)
        [waiting] = await redis.lrange(queue, 0, -1)
        dead = json.loads(waiting)
        channel = keys.ticket_channel(dead["ticket"])
        assert await listeners(redis, channel) == 1
        doomed.kill()
        async with asyncio.timeout(10):  # Redis has seen its connections close
            while await listeners(redis, channel):
                await asyncio.sleep(0.02)
        # as it beat a moment before it died: the 5 s in which it still looks alive
        await redis.zadd(keys.PROCESSES, {dead["origin"]: int(time.time() * 1000)})

        matching = asyncio.create_task(lin.quick_match("intro", timeout=30))
        async with asyncio.timeout(10):  # Lin is queued, or (as before) matched at once
            while not matching.done() and await redis.llen(queue) < 2:
                await asyncio.sleep(0.02)
        assert not matching.done(), f"matched with the dead process's ticket: {matching}"
        queued = [json.loads(item) for item in await redis.lrange(queue, 0, -1)]
        assert [item["name"] for item in queued] == ["G", "Lin"], "kept in its place, Lin after"
        # the next newcomer is matched with Lin, past the dead ticket
        await redis.zadd(keys.PROCESSES, {dead["origin"]: int(time.time() * 1000)})
        seated = await tom.quick_match("intro", timeout=10)
        mine = await asyncio.wait_for(matching, 10)
        assert mine.code == seated.code and {mine.seat, seated.seat} == {"washington", "beijing"}
        queued = [json.loads(item) for item in await redis.lrange(queue, 0, -1)]
        assert [item["name"] for item in queued] == ["G"]


async def test_a_newcomer_is_not_matched_with_a_ticket_whose_process_just_died(
    redis_url: str, spawn: Spawn
) -> None:
    doomed, survivor = spawn(redis_url), spawn(redis_url)
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        await newcomers_pass_the_dead_ticket(redis, doomed, survivor)
    finally:
        await redis.aclose()


async def test_a_newcomer_is_not_matched_with_a_dead_ticket_on_a_redis_cluster(
    cluster: Cluster, spawn: Spawn
) -> None:
    doomed = spawn(cluster.url, BRINK_REDIS_CLUSTER="true")
    survivor = spawn(cluster.url, BRINK_REDIS_CLUSTER="true")
    redis = RedisCluster.from_url(cluster.url, decode_responses=True)
    try:
        await newcomers_pass_the_dead_ticket(redis, doomed, survivor)  # type: ignore[arg-type]
    finally:
        await redis.aclose()
