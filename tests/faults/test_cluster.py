"""The server on a three-node Redis Cluster: rooms shard across the nodes, and play, pub/sub
between processes, timers and quick match work as on one Redis."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from clusterkit import Cluster
from faultkit import InProcess, across, step
from redis.asyncio.cluster import RedisCluster

from client.connection import BrinkClient
from server.storage import keys
from server.web.appkeys import HUB


async def test_a_game_across_two_processes_on_a_redis_cluster(
    cluster: Cluster, in_process: InProcess
) -> None:
    _, first = await in_process(cluster.url, redis_cluster=True)
    _, second = await in_process(cluster.url, redis_cluster=True)
    codes = []
    async with BrinkClient(first, "Ada") as washington, BrinkClient(second, "Bo") as beijing:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        clients = {"washington": washington, "beijing": beijing}
        while await step(clients):
            pass
        assert beijing.view["outcome"] == washington.view["outcome"] is not None
        codes.append(room.code)
        for _ in range(11):  # more rooms, to see them shard
            codes.append((await washington.create_room("intro", timers=False)).code)
    nodes = cluster.keys_by_node()
    holding = [node for node in nodes if any(code in key for key in node for code in codes)]
    assert len(holding) >= 2, f"12 rooms all on one node: {nodes}"
    for code in codes:  # each room's keys on one node (the hash tag)
        assert sum(any(f"{{{code}}}" in key for key in node) for node in nodes) == 1


async def test_timers_and_quick_match_on_a_redis_cluster(
    cluster: Cluster, in_process: InProcess
) -> None:
    _, first = await in_process(cluster.url, redis_cluster=True)
    _, second = await in_process(cluster.url, redis_cluster=True)
    async with BrinkClient(first, "Ada") as waiting, BrinkClient(second, "Bo") as arriving:
        queued = asyncio.create_task(waiting.quick_match("intro", timeout=10))
        await asyncio.sleep(0.3)
        seated = await arriving.quick_match("intro", timeout=10)
        await queued
        assert waiting.code == seated.code and {waiting.seat, arriving.seat} == {
            "washington",
            "beijing",
        }
    async with BrinkClient(first, "Ada") as washington, BrinkClient(second, "Bo") as beijing:
        room = await washington.create_room("intro", seconds={"betting": 2, "talks": 2})
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        turn = beijing.view["turn"]
        # Nobody moves: the turn times out (both players are here, so it is not paused).
        await beijing.wait_for(lambda view: view["turn"] > turn, timeout=10)
        timed_out = [e for e in beijing.entries if e.event and e.event.type == "timed_out"]
        assert len(timed_out) == 1


def test_redis_cluster_without_a_url_is_a_one_line_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", "--redis-cluster"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "brink serve: --redis-cluster needs --redis URL (a node of the cluster)"
    ]


async def test_a_room_let_go_and_taken_back_on_a_redis_cluster(
    cluster: Cluster, in_process: InProcess
) -> None:
    """The scripts of a join (JOIN_SEAT: the seat, the presence, the other holders told) and of
    the last connection going (PRESENCE, letting the room go) on a cluster: the process leaves
    the room's holders, and a player coming back to it there hears the other process again."""
    first_runner, first = await in_process(cluster.url, redis_cluster=True)
    _, second = await in_process(cluster.url, redis_cluster=True)
    hub = first_runner.app[HUB]
    async with BrinkClient(second, "Bo") as beijing, BrinkClient(first, "Ada") as again:
        code, ada, joined = await across(beijing, first)
        async with asyncio.timeout(5):
            while not any(
                p.status == "joined" and p.seat == "washington" for p in beijing.presence
            ):
                await asyncio.sleep(0.02)
        await ada.close()
        async with asyncio.timeout(5):
            while not any(p.status == "away" and p.seat == "washington" for p in beijing.presence):
                await asyncio.sleep(0.02)
            while code in hub.rooms:
                await asyncio.sleep(0.02)
        holders = await hub.redis.hget(keys.room(code), "holders")
        assert hub.origin not in (holders or "").split()
        await again.resume(code, joined.token or "")
        await beijing.chat("welcome back")
        update = await again.next_update(timeout=5)
        assert any(e.chat is not None and e.chat.text == "welcome back" for e in update.entries)


async def test_rooms_an_older_version_wrote_are_carried_across_on_every_node(
    cluster: Cluster, in_process: InProcess
) -> None:
    """The start-up's carry-over (server/storage/layout.py) scans every primary of a cluster."""
    redis = RedisCluster.from_url(cluster.url, decode_responses=True)
    codes = [letter * 6 for letter in "ABCDEFGHJKMN"]
    old = ("seats", "tokens", "names")
    try:
        for code in codes:  # seats as the older version kept them: three hashes of their own
            await redis.hset(keys.room(code), mapping={"n": "0", "scenario": "intro"})
            await redis.expire(keys.room(code), 3600)
            await redis.hset(keys.room(code, "seats"), "washington", f"hash-{code}")
            await redis.hset(keys.room(code, "tokens"), f"hash-{code}", "washington")
            await redis.hset(keys.room(code, "names"), "washington", f"Ada {code}")
        holding = [node for node in cluster.keys_by_node() if any(":names" in k for k in node)]
        assert len(holding) >= 2, "the old rooms all on one node"
        await in_process(cluster.url, redis_cluster=True)
        left = [key for node in cluster.keys_by_node() for key in node if key.endswith(old)]
        assert not left, left
        for code in codes:
            fields = ["seat:washington", f"token:hash-{code}", "name:washington"]
            found = await redis.hmget(keys.room(code), fields)
            assert found == [f"hash-{code}", "washington", f"Ada {code}"], code
    finally:
        await redis.aclose()
