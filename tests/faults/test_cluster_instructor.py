"""`brink instructor --redis-cluster`, as `brink serve --redis-cluster`: any node of a Redis Cluster
is given, and the accounts land where the server on that cluster reads them. Before, it had no
such option (`--redis-cluster` was refused as an unknown argument) and the docs said to find the
node holding slot 592; a plain `--redis` on a node is now one line saying to give it."""

from __future__ import annotations

import asyncio
import subprocess

from classkit import PASSWORD, brink, signed_in
from clusterkit import Cluster
from faultkit import InProcess


def instructor(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`brink instructor ARGS`."""
    return brink("instructor", *args, stdin=stdin)


async def test_brink_instructor_takes_any_node_of_a_cluster_with_redis_cluster(
    cluster: Cluster, in_process: InProcess
) -> None:
    # the first node holds slot 592 ({brink}:instructors): the others would answer MOVED
    second, third = (f"redis://127.0.0.1:{port}/0" for port in cluster.ports[1:])
    added = await asyncio.to_thread(
        instructor, "add", "ms_li", "--password-stdin", "--redis-cluster", "--redis", second,
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = await asyncio.to_thread(instructor, "list", "--redis-cluster", "--redis", third)
    assert listed.returncode == 0 and listed.stdout.split() == ["ms_li"], listed

    # the server on the cluster signs the account in
    _, url = await in_process(cluster.url, redis_cluster=True)
    session = await signed_in(url)
    try:
        async with session.get("/api/instructor/me") as me:
            assert me.status == 200 and (await me.json()) == {"name": "ms_li"}
    finally:
        await session.close()

    # a node given plainly: one line saying what to give (no MOVED, no traceback)
    plain = await asyncio.to_thread(instructor, "list", "--redis", second)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr, plain.stderr
    assert len(plain.stderr.strip().splitlines()) == 1, plain.stderr
    assert "give --redis-cluster" in plain.stderr, plain.stderr

    removed = await asyncio.to_thread(
        instructor, "remove", "ms_li", "--redis-cluster", "--redis", third
    )
    assert removed.returncode == 0, removed.stderr
    listed = await asyncio.to_thread(instructor, "list", "--redis-cluster", "--redis", second)
    assert listed.returncode == 0 and listed.stdout.split() == [], listed


def test_redis_cluster_without_redis_is_one_line_as_for_serve() -> None:
    done = instructor("list", "--redis-cluster")
    assert done.returncode == 2, done
    assert done.stderr.strip() == (
        "brink instructor: --redis-cluster needs --redis URL (a node of the cluster)"
    )
