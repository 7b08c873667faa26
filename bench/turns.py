"""The server's event-loop turns by CPU: which work holds the loop long. Prints numbers.

    python bench/turns.py [--rate 1200] [--rooms 50] [--seconds 8] [--top 25] [--json]

Starts a real Redis and one `brink serve` under bench/turnwatch.py (asyncio's own loop, every
callback's thread CPU recorded), warms it up, then plays `--rooms` rooms paced at about `--rate`
actions a second (bench/load.py's clients) and prints: how many turns ran and how their CPU is
spread; the turns of 1 ms or more grouped by what ran (a task's coroutine, where it resumed and
where it stopped); the longest single turns. A stall at half the peak rate is a long turn that
every room behind it waits for; this names them. Thread CPU rather than wall time, so the
numbers hold on a busy machine, though asyncio's loop is not uvloop's (the server's Python work
is the same; the loop's own share is not).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import signal
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]

from bench.load import drive  # noqa: E402
from bench.stack import Stack  # noqa: E402


async def measure(rate: float, rooms: int, seconds: float, rematch: bool) -> dict[str, Any]:
    import bench.load as load

    load.REMATCH = rematch
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "turns.json"
        wrap = (sys.executable, str(_HERE / "turnwatch.py"), str(out))
        stack = Stack(Path(folder), processes=1, cluster=False, wrap=wrap)
        try:
            spread = itertools.cycle(stack.urls)
            await drive(spread, rooms, 3)
            stack.servers[0].send_signal(signal.SIGUSR1)
            await asyncio.sleep(0.2)
            playing = asyncio.ensure_future(drive(spread, rooms, seconds, pace=rooms / rate))
            await asyncio.sleep(seconds / 2)
            stack.servers[0].send_signal(signal.SIGUSR2)  # the census, mid-run
            tally = await playing
        finally:
            stack.stop()
        found = json.loads(out.read_text())
    buckets = {int(k): v for k, v in found["histogram"]}
    turns = sum(buckets.values())
    cpu = sum((k + 0.5) * 100e-6 * v for k, v in buckets.items())
    groups: dict[str, list[float]] = defaultdict(list)
    slow: dict[str, list[float]] = defaultdict(list)
    for spent, took, what in found["long"]:
        if spent >= 0.001:
            groups[what].append(spent)
        if took - spent >= 0.003:  # waited, not worked: a blocking call or the process preempted
            slow[what].append(took - spent)
    named = sorted(groups.items(), key=lambda item: -sum(item[1]))
    by_generation: dict[int, list[float]] = defaultdict(list)
    scanned: dict[int, list[int]] = defaultdict(list)
    for generation, spent, _, objects in found["gc"]:
        by_generation[generation].append(spent)
        scanned[generation].append(objects)
    return {
        "held": found["held"],
        "census": found["census"],
        "rate": rate,
        "collections": {
            str(generation): {
                "count": len(spents),
                "cpu_ms": round(sum(spents) * 1000, 1),
                "max_ms": round(max(spents) * 1000, 2),
                "max_objects": max(scanned[generation]),
                "objects": sum(scanned[generation]),
            }
            for generation, spents in sorted(by_generation.items())
        },
        "actions": tally.actions,
        "turns": turns,
        "turn_cpu_s": round(cpu, 3),
        "turns_over_ms": {
            str(ms): sum(v for k, v in buckets.items() if k >= ms * 10) for ms in (1, 2, 3, 5, 10)
        },
        "groups": [
            {
                "what": what,
                "count": len(spents),
                "cpu_ms": round(sum(spents) * 1000, 1),
                "max_ms": round(max(spents) * 1000, 2),
            }
            for what, spents in named
        ],
        "waited": [
            {"what": what, "count": len(waits), "wait_ms": round(sum(waits) * 1000, 1)}
            for what, waits in sorted(slow.items(), key=lambda item: -sum(item[1]))
        ],
        "longest": [
            {"cpu_ms": round(s * 1000, 2), "wall_ms": round(w * 1000, 2), "what": what}
            for s, w, what in sorted(found["long"], reverse=True)[:10]
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="The server's loop turns by CPU.")
    parser.add_argument("--rate", type=float, default=1200.0, help="actions a second, in all")
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--top", type=int, default=25, help="groups of long turns shown")
    parser.add_argument("--rematch", action="store_true", help="players rematch on their sockets")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    found = asyncio.run(measure(args.rate, args.rooms, args.seconds, args.rematch))
    if args.json:
        print(json.dumps(found))
        return
    print(
        f"{found['actions']} actions, {found['turns']} turns, "
        f"{found['turn_cpu_s']} s of the loop's CPU; turns of at least N ms of CPU: "
        + ", ".join(f"{ms} ms: {n}" for ms, n in found["turns_over_ms"].items())
    )
    print("the collector, by generation:", json.dumps(found["collections"]))
    print("what it tracks mid-run:", json.dumps(found["census"]))
    print("turns of 1 ms or more, by what ran (count, CPU in all, longest):")
    for group in found["groups"][: args.top]:
        count, cpu, longest = group["count"], group["cpu_ms"], group["max_ms"]
        print(f"  {count:5} {cpu:8.1f} ms {longest:6.2f}  {group['what']}")
    print("turns that waited 3 ms or more beyond their CPU, by what ran (count, waited in all):")
    for group in found["waited"][: args.top]:
        print(f"  {group['count']:5} {group['wait_ms']:8.1f} ms  {group['what']}")
    if found["held"]:
        print("frames in the samples of turns of 2 ms or more (TURNWATCH_SAMPLE):")
        for frame, seen in found["held"][: args.top * 2]:
            print(f"  {seen:5}  {frame}")
    print("the longest turns (CPU, wall):")
    for turn in found["longest"]:
        print(f"  {turn['cpu_ms']:6.2f} {turn['wall_ms']:6.2f} ms  {turn['what']}")


if __name__ == "__main__":
    main()
