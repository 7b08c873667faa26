"""Server benchmark: prints numbers, asserts nothing.

    python bench/server.py [--rooms 50] [--seconds 10] [--processes 1] [--workers 1]
                           [--load-processes 0] [--cluster] [--tcp] [--json] [--profile FILE]

Starts a real Redis (`--cluster`: a three-node Redis Cluster) and `--processes` `brink serve`
processes on it (bench/stack.py) — reaching it on its Unix socket, as `brink serve` reaches its
embedded Redis (`--tcp`: on its loopback port, as a Redis on another machine is reached) — each
with `--workers` worker processes on its one port, then plays N rooms at once, each with two bot
clients over real websockets (bench/load.py: they check, call and pass as fast as the server
answers); the clients' sockets go to the processes in turn, as a round-robin proxy would send them,
and a room's two seats are opened one after the other: with several processes every room has its
seats on two processes, and every action reaches the other seat through pub/sub (the worst case for
the processes). With `--workers`, the kernel spreads the sockets over the workers (SO_REUSEPORT).
`--load-processes K` plays the full-load phase from K load processes of their own instead of this
one, so that the clients are not what limits a server with many workers (the scaling curve on a
bigger machine).

Reports accepted actions/s, the latency from sending an action to both seats holding its update
(p50/p99), the CPU per action of the server processes (workers included), of Redis (every node)
and of the clients; the commands Redis ran per action during the full load (INFO commandstats:
the commands inside scripts included) and the top-level commands the servers sent per action
(MONITOR during one game played alone, background timer polls and heartbeats included); memory
per room and per idle connection (measured first, on the fresh server processes); p50/p99 at
about half the server's peak rate (the paced rooms start at random moments of their first
pause); then runs the same message pattern against a bare aiohttp websocket relay (no rules, no
Redis) in a process of its own, so the server's throughput can be read as a ratio.
bench/measure.py takes the CPU, command, round-trip and memory readings.
`--json` prints one JSON line with every figure at the end; `--profile FILE` records the server
processes with py-spy during the full load (collapsed stacks in FILE) and prints a summary.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Run as `python bench/server.py`, this file's folder comes first on sys.path and its name
# would shadow the `server` package: take the folder off before importing it (and put the
# repository's root on, for `bench.stack`).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

import psutil  # type: ignore[import-untyped]  # noqa: E402

from bench import load as loadkit  # noqa: E402
from bench.latency import histogram  # noqa: E402
from bench.load import (  # noqa: E402
    SCENARIO,
    STALL,
    Spread,
    Tally,
    cpu,
    drive,
)
from bench.measure import Meter, Reading, memory, round_trips_per_action  # noqa: E402
from bench.profile import Profiler  # noqa: E402
from bench.stack import Stack, engine, server_python, wait_port  # noqa: E402
from bench.tail import tail  # noqa: E402
from server.storage.redis_embedded import free_port  # noqa: E402

CLIENT = psutil.Process()
"""This process: the bench's clients (unless load processes play the full load)."""


def _start_baseline(update_bytes: int, game: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    echo = str(Path(__file__).with_name("echo_server.py"))
    process = subprocess.Popen(
        [sys.executable, echo, str(port), str(update_bytes), str(game)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_port(port, process)
    return process, port


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _report(name: str, tally: Tally, seconds: float, out: dict[str, Any], key: str) -> float:
    rate = tally.actions / seconds
    p50, p99 = _percentile(tally.latencies, 0.5), _percentile(tally.latencies, 0.99)
    print(
        f"  {name:<28} {rate:>8,.0f} actions/s"
        f"   p50 {p50 * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms"
        f"   ({tally.actions:,} actions, {tally.games} games)"
    )
    if tally.stalled:
        print(f"  !! {tally.stalled} game(s) given up: an update did not arrive within {STALL:g} s")
    out[key] = {
        "actions_per_s": round(rate, 1),
        "p50_ms": round(p50 * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
        "actions": tally.actions,
        "games": tally.games,
        "stalled": tally.stalled,
        "tail": tail(tally),  # where the slowest 1% are (bench/tail.py)
    }
    return rate


def _report_own(before: dict[float, float], after: dict[float, float], out: dict[str, Any]) -> None:
    """The server's own part of the latency: the share of commands whose arrival to commit
    (`brink_command_seconds`) took at most 5 and 10 ms."""
    commits = max(1.0, after[float("inf")] - before[float("inf")])
    within = {bound: (after[bound] - before[bound]) / commits * 100 for bound in (0.005, 0.01)}
    print(
        f"  the server's own part (a command's arrival to its commit): within 5 ms"
        f" {within[0.005]:.1f}%, within 10 ms {within[0.01]:.1f}% of commands"
    )
    out["own_within_5ms_percent"] = round(within[0.005], 1)
    out["own_within_10ms_percent"] = round(within[0.01], 1)


def _report_cpu(
    tally: Tally, elapsed: float, used: float, client: float, name: str, redis: float = 0.0
) -> dict[str, float]:
    actions = max(1, tally.actions)
    redis_part = f"; Redis {redis / actions * 1e6:.0f} µs ({redis / elapsed:.2f} cores)"
    print(
        f"  {name} CPU per action {used / actions * 1e6:8.0f} µs ({used / elapsed:.2f} cores,"
        f" room creation and joins included){redis_part if redis else ''}; the clients"
        f" {client / actions * 1e6:.0f} µs ({client / elapsed:.2f} cores)"
    )
    return {
        "cpu_us": round(used / actions * 1e6, 1),
        "cores": round(used / elapsed, 3),
        "redis_cpu_us": round(redis / actions * 1e6, 1),
        "client_cpu_us": round(client / actions * 1e6, 1),
    }


def _raise_file_limit(wanted: int) -> None:
    """Let this process (and the servers it starts) hold `wanted` sockets, if the hard limit
    allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        top = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (top, hard))


async def _full_load(
    args: argparse.Namespace, stack: Stack, spread: Spread, meter: Meter
) -> tuple[Tally, float, Reading, Reading]:
    """Play the full load (here, or from `--load-processes` processes); return the tally, the
    clients' CPU seconds, and the meter's readings at its start and end."""
    if not args.load_processes:
        mine, first = cpu(CLIENT), meter.read()
        tally = await drive(spread, args.rooms, args.seconds)
        return tally, cpu(CLIENT) - mine, first, meter.read()
    share = [args.rooms // args.load_processes] * args.load_processes
    for index in range(args.rooms % args.load_processes):
        share[index] += 1
    start = time.time() + 3.0  # after every load process has started and warmed up
    loads = [
        subprocess.Popen(
            [
                *(sys.executable, str(_HERE / "load.py"), "--rooms", str(rooms)),
                *("--protocol", str(loadkit.PROTOCOL)),
                *(("--rematch",) if loadkit.REMATCH else ()),
                *("--seconds", str(args.seconds), "--start", str(start), *stack.urls),
            ],
            stdout=subprocess.PIPE,
        )
        for rooms in share
    ]
    await asyncio.sleep(max(0.0, start - time.time()))
    first = meter.read()
    await asyncio.sleep(args.seconds)
    last = meter.read()
    tally, used = Tally(), 0.0
    for load in loads:
        out, _ = await asyncio.to_thread(load.communicate)
        found = json.loads(out)
        tally.add(Tally(**found["tally"]))
        used += found["cpu"]
    return tally, used, first, last


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rooms": args.rooms,
        "seconds": args.seconds,
        "processes": args.processes,
        "workers": args.workers,
        "load_processes": args.load_processes,
        "idle": args.idle,
        "cluster": args.cluster,
        "unix": args.unix,
        "protocol": loadkit.PROTOCOL,
        "rematch": loadkit.REMATCH,
        "cores": os.cpu_count(),
        "engine": engine(),
        "server_python": server_python(),
        "load_before": os.getloadavg()[0],
    }
    _raise_file_limit(args.idle + 4 * args.rooms + 1000)
    with tempfile.TemporaryDirectory() as folder:
        stack = Stack(Path(folder), args.processes, args.cluster, args.workers, unix=args.unix)
        spread: Spread = itertools.cycle(stack.urls)
        try:
            print(
                f"{stack.describe()}, {args.rooms} rooms x 2 clients,"
                f" {SCENARIO}, {os.cpu_count()} cores"
            )
            await drive(spread, 4, 1.0)  # warm up: imports, scripts loaded, workers started
            servers = stack.server_processes()
            # Memory first, on processes that have not yet grown under load: afterwards the
            # allocator hands new connections memory freed by the load and the RSS does not move.
            per_connection, per_room = await memory(stack.urls[0], servers, args.idle)
            meter = Meter(servers, stack.redis_processes(), stack.node_urls)
            profiler = Profiler(args.profile, servers, args.seconds) if args.profile else None
            tally, client, first, last = await _full_load(args, stack, spread, meter)
            elapsed = last.at - first.at
            used, system = last.servers - first.servers, last.system - first.system
            redis = last.redis - first.redis
            # (each reading is a little late or early: a quiet machine can read a hair below 0)
            other = max(0.0, last.machine - first.machine - used - redis - client)
            commands_before, commands = first.commands, last.commands
            peak = _report("server, full load", tally, elapsed, out, "full")
            out["full"].update(_report_cpu(tally, elapsed, used, client, "server", redis))
            print(f"  of the server's CPU, in the kernel (system time): {system / used:.0%}")
            out["full"]["system_share"] = round(system / max(used, 1e-9), 3)
            writer = (last.writer - first.writer) / max(1, tally.actions)
            print(f"  of it, the finished games' record writer: {writer * 1e6:.0f} µs an action")
            out["full"]["writer_cpu_us"] = round(writer * 1e6, 1)
            print(f"  anything else on the machine meanwhile: {other / elapsed:.2f} cores")
            out["other_cores"] = round(other / elapsed, 2)
            ran = {
                name: calls - commands_before.get(name, 0)
                for name, calls in commands.items()
                if calls > commands_before.get(name, 0) and name not in ("info", "monitor")
            }
            per = sum(ran.values()) / max(1, tally.actions)
            shown = {name: round(calls / max(1, tally.actions), 2) for name, calls in ran.items()}
            shown = dict(sorted(shown.items(), key=lambda item: -item[1]))
            print(f"  Redis commands per action   {per:8.2f} (inside scripts included)   {shown}")
            out["redis_commands_per_action"] = round(per, 2)
            out["redis_commands"] = shown
            # The meter's own few reads are in it (a handful against thousands of actions).
            reads = (last.reads - first.reads) / max(1, tally.actions)
            print(f"  Redis read events per action {reads:6.2f} (batched commits share one)")
            out["redis_reads_per_action"] = round(reads, 2)
            if stack.spans:
                print(
                    f"  rooms with their seats on two processes: {tally.spanning} of {tally.rooms}"
                )
            if profiler is not None:
                out["profile"] = profiler.finish()
            own = args.processes == 1 and args.workers == 1  # /metrics: one worker's
            before = histogram(stack.urls[0]) if own else {}
            half = await drive(
                spread, args.rooms, args.seconds / 2, pace=args.rooms / max(1.0, peak / 2)
            )
            _report("server, ~half the peak rate", half, args.seconds / 2, out, "half")
            if own:
                _report_own(before, histogram(stack.urls[0]), out["half"])
            per_action, calls = await round_trips_per_action(spread, stack.node_urls)
            print(f"  Redis round trips per action {per_action:7.2f}   {calls}")
            print(
                f"  memory per idle connection  {per_connection / 1024:8.1f} KiB"
                f" ({args.idle:,} open)"
            )
            print(f"  memory per room             {per_room / 1024:8.1f} KiB")
            out["round_trips_per_action"] = round(per_action, 2)
            out["round_trips"] = calls
            out["kib_per_connection"] = round(per_connection / 1024, 1)
            out["kib_per_room"] = round(per_room / 1024, 1)
        finally:
            stack.stop()
    if args.relay:
        await _relay(args, tally, peak, out)
    out["load_after"] = os.getloadavg()[0]
    return out


async def _relay(args: argparse.Namespace, tally: Tally, peak: float, out: dict[str, Any]) -> None:
    update_bytes = tally.update_bytes // max(1, tally.updates)
    game = round(tally.actions / max(1, tally.games))
    baseline, port = _start_baseline(update_bytes, game)
    try:
        print(
            "bare aiohttp websocket relay (same messages, no rules, no Redis;"
            f" updates padded to the server's {update_bytes:,} bytes, {game} actions a game)"
        )
        relay_url = itertools.repeat(f"ws://127.0.0.1:{port}/ws")
        await drive(relay_url, 4, 1.0)
        relay, mine = psutil.Process(baseline.pid), cpu(CLIENT)
        before, started = cpu(relay), time.monotonic()
        tally = await drive(relay_url, args.rooms, args.seconds)
        elapsed = time.monotonic() - started
        used, client = cpu(relay) - before, cpu(CLIENT) - mine
        bare = _report("baseline, full load", tally, elapsed, out, "relay")
        out["relay"].update(_report_cpu(tally, elapsed, used, client, "relay"))
        # The same pace as the server's half-load run: the latency floor of this machine, its
        # clients and a websocket hop, for the server's p99 there.
        half = await drive(relay_url, args.rooms, args.seconds / 2, pace=args.rooms / (peak / 2))
        _report("baseline, the server's half rate", half, args.seconds / 2, out, "relay_half")
    finally:
        baseline.terminate()
        baseline.wait(10)
    print(f"server / baseline (one process): {peak / bare:.2f}")
    out["relay_ratio"] = round(peak / bare, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description="Server benchmark (prints numbers).")
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--processes", type=int, default=1, help="brink serve processes")
    parser.add_argument("--workers", type=int, default=1, help="brink serve --workers N")
    parser.add_argument(
        "--load-processes", type=int, default=0, help="play the full load from K processes"
    )
    parser.add_argument("--cluster", action="store_true", help="a three-node Redis Cluster")
    parser.add_argument(
        "--idle", type=int, default=200, help="idle connections for the memory figure"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line at the end")
    parser.add_argument(
        "--protocol", type=int, default=2, choices=(1, 2), help="the clients' protocol version"
    )
    parser.add_argument("--profile", metavar="FILE", help="py-spy the servers under full load")
    parser.add_argument(
        "--rematch",
        action="store_true",
        help="players rematch on their sockets after each game (relay too) instead of new ones",
    )
    parser.add_argument(
        "--tcp",
        dest="unix",
        action="store_false",
        help="the servers reach Redis on its port, as on another machine (by default on its "
        "Unix socket, as brink serve reaches its embedded Redis)",
    )
    parser.add_argument(
        "--no-relay", dest="relay", action="store_false", help="skip the bare relay's run"
    )
    args = parser.parse_args()
    loadkit.PROTOCOL, loadkit.REMATCH = args.protocol, args.rematch
    out = asyncio.run(main_async(args))
    if args.json:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
