"""Latency at a fixed rate: prints numbers, asserts nothing.

    python bench/latency.py [--rate 300] [--rooms 50] [--seconds 8] [--json]

Starts a real Redis and one `brink serve` (bench/stack.py), warms it up, then plays `--rooms`
rooms paced so that together they send about `--rate` actions a second (bench/load.py's clients),
and prints the latency from sending an action to both seats holding its update (p50/p90/p99/max)
beside the server's own histogram of a command's arrival to its commit (`brink_command_seconds`
from /metrics, read before and after): the part of the latency the server spends, against the
part the clients, the sockets and the machine's scheduling add. Unlike bench/server.py's
"half the peak rate", the rate is the same from one version to the next, so two versions can be
compared (docs/performance.md). It also says where the slowest 1% are (bench/tail.py): a game's
first or last moves, alone or together.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

from bench.load import drive  # noqa: E402
from bench.stack import Stack  # noqa: E402
from bench.tail import tail  # noqa: E402

BUCKET = re.compile(r'brink_command_seconds_bucket\{le="([^"]+)"\} ([0-9.e+]+)')


def histogram(ws_url: str) -> dict[float, float]:
    """Return the command histogram of the server at websocket URL `ws_url`: upper bound (s)
    -> commands at most that long."""
    base = ws_url.replace("ws://", "http://").removesuffix("/ws")
    with urllib.request.urlopen(base + "/metrics") as response:  # the server on loopback
        text = response.read().decode()
    return {
        float("inf") if bound == "+Inf" else float(bound): float(count)
        for bound, count in BUCKET.findall(text)
    }


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))]


async def measure(rate: float, rooms: int, seconds: float, workers: int = 1) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        stack = Stack(Path(folder), processes=1, cluster=False, workers=workers)
        try:
            spread = itertools.cycle(stack.urls)
            await drive(spread, rooms, 3)  # warm up: imports, connections, the first games
            before = histogram(stack.urls[0])
            tally = await drive(spread, rooms, seconds, pace=rooms / rate)
            after = histogram(stack.urls[0])
        finally:
            stack.stop()
    latencies = sorted(tally.latencies)
    commits = after[float("inf")] - before[float("inf")]
    within = {
        f"{bound * 1000:g}": round((after[bound] - before[bound]) / max(1.0, commits) * 100, 1)
        for bound in sorted(after)
        if bound != float("inf")
    }
    return {
        "rate": rate,
        "actions_per_s": round(tally.actions / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 2),
        "p90_ms": round(percentile(latencies, 0.9) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2),
        "server_commits_within_ms_percent": within,
        "tail": tail(tally),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Latency at a fixed rate (prints numbers).")
    parser.add_argument("--rate", type=float, default=300.0, help="actions a second, in all")
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="brink serve --workers (the server's own histogram is then one worker's: "
        "/metrics counts per worker)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    found = asyncio.run(measure(args.rate, args.rooms, args.seconds, args.workers))
    if args.json:
        print(json.dumps(found))
        return
    print(
        f"{found['actions_per_s']:,.0f} actions/s (asked {args.rate:g}):  "
        f"p50 {found['p50_ms']} ms  p90 {found['p90_ms']} ms  p99 {found['p99_ms']} ms  "
        f"max {found['max_ms']} ms (action to both seats' update)"
    )
    print("the server's own time, a command's arrival to its commit:")
    for bound, share in found["server_commits_within_ms_percent"].items():
        print(f"  within {bound:>5} ms: {share:5.1f}%")
    print("the slowest 1% (bench/tail.py):", json.dumps(found["tail"]))


if __name__ == "__main__":
    main()
