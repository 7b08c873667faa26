"""`brink instructor add|list|remove`: instructor accounts, on the server's Redis.

With `--redis URL` that Redis (`--redis-cluster`: any node of a Redis Cluster, as `brink serve
--redis-cluster` takes it); otherwise the embedded Redis of `--data-dir` (default `data`): the
running `brink serve`'s if there is one, else started for the command and stopped after it.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisClusterException, RedisError

from server.classroom.accounts import AccountError, add_instructor, check_name, check_new_password
from server.storage import instructors
from server.storage.connect import connect, shown, url_problem
from server.storage.redis_embedded import PORT_NAME, EmbeddedRedis, EmbeddedRedisError, redis_url


def add_arguments(parser: argparse.ArgumentParser, parser_class: type) -> None:
    commands: Any = parser.add_subparsers(
        dest="instructor_command", required=True, parser_class=parser_class
    )
    add = commands.add_parser("add", help="create an account (or set a new password)")
    add.add_argument("name", help="the account name (letters, digits, . _ -)")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    commands.add_parser("list", help="list the accounts")
    remove = commands.add_parser("remove", help="delete an account (its sign-ins end)")
    remove.add_argument("name")
    for sub in commands.choices.values():
        sub.add_argument("--redis", metavar="URL", help="the server's Redis (default: embedded)")
        sub.add_argument(
            "--redis-cluster", action="store_true", help="--redis is a node of a Redis Cluster"
        )
        sub.add_argument("--data-dir", metavar="DIR", default="data", help="embedded Redis data")


def run(args: argparse.Namespace) -> int:
    """Run the command; problems are one line on stderr and exit 1."""
    if args.redis is not None and (problem := url_problem(args.redis)):
        print(f"brink instructor: --redis: {problem}", file=sys.stderr)
        return 1
    if args.redis_cluster and args.redis is None:
        print(f"brink instructor: {CLUSTER_NEEDS_URL}", file=sys.stderr)
        return 2
    try:
        if args.instructor_command == "add":
            check_name(args.name)
            password = _password(args.password_stdin)
            check_new_password(password)
        return asyncio.run(_run(args, password if args.instructor_command == "add" else ""))
    except EOFError:
        print("brink instructor: no password given", file=sys.stderr)
    except (AccountError, EmbeddedRedisError) as error:
        print(f"brink instructor: {error}", file=sys.stderr)
    except (RedisError, RedisClusterException, OSError) as error:
        print(f"brink instructor: cannot reach Redis: {error}", file=sys.stderr)
    return 1


CLUSTER_NEEDS_URL = "--redis-cluster needs --redis URL (a node of the cluster)"


async def _a_cluster_node(redis: Redis) -> bool:
    """Whether the Redis is a node of a Redis Cluster (`INFO cluster`)."""
    found = await redis.info("cluster")
    return str(found.get("cluster_enabled", 0)) == "1"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise AccountError("the two passwords differ")
    return first


async def _run(args: argparse.Namespace, password: str) -> int:
    async with _redis(args.redis, Path(args.data_dir), args.redis_cluster) as redis:
        if args.instructor_command == "add":
            await add_instructor(redis, args.name, password)
            print(f"instructor {args.name} can sign in", file=sys.stderr)
        elif args.instructor_command == "list":
            for name in await instructors.names(redis):
                print(name)
        elif not await instructors.remove(redis, args.name):
            print(f"brink instructor: there is no instructor {args.name}", file=sys.stderr)
            return 1
        else:  # said as `add` says its account (a silent success read as nothing done)
            print(f"instructor {args.name} removed: their sign-ins have ended", file=sys.stderr)
    return 0


@asynccontextmanager
async def _redis(url: str | None, data_dir: Path, cluster: bool = False) -> AsyncIterator[Redis]:
    embedded = None
    if url is None:
        embedded = EmbeddedRedis(data_dir=data_dir / "redis", persistent=True)
        try:
            url = await embedded.start()
        except EmbeddedRedisError as error:
            if "in use by another brink serve" not in str(error):
                raise
            embedded = None  # the running server's: talk to it
            url = redis_url(int((data_dir / "redis" / PORT_NAME).read_text().strip()))
    redis = connect(url, cluster)
    try:
        if not cluster and embedded is None and await _a_cluster_node(redis):
            raise AccountError(  # its keys may live on another node: MOVED, at the first one
                f"the Redis at {shown(url)} is a node of a Redis Cluster: "
                "give --redis-cluster to use the cluster"
            )
        yield redis
    finally:
        await redis.aclose()
        if embedded is not None:
            await embedded.stop()
