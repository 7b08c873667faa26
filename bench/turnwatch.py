"""Run `brink serve` with every event-loop turn's CPU time recorded (bench/turns.py runs it).

    python bench/turnwatch.py OUT.json python -m server.cli serve ...

The server runs on asyncio's own loop (BRINK_UVLOOP=0: uvloop's handles are not Python's), with
`asyncio.events.Handle._run` wrapped to read the thread's CPU clock around each callback. A
turn is named by what ran: a task's coroutines (the server's own, outermost first) where it
resumed and where it stopped again, or a plain callback's name. A turn's CPU is its own: the
collector's passes are timed apart. SIGUSR1 forgets what was recorded so far (the warm-up). At
exit the turns of 1 ms of CPU or 3 ms of wall time or more are written to OUT.json with the
whole histogram. Thread CPU, not wall time, so a busy machine's preemption does not count as
the server's own work. Set in the environment:

- TURNWATCH_SAMPLE=1: a thread notes the loop's stack every 0.5 ms of a turn past 2 ms;
- TURNWATCH_CENSUS=1: SIGUSR2 counts what the collector tracks, by generation;
  TURNWATCH_GARBAGE=1 also what a full pass finds unreachable and how it refers to itself;
- TURNWATCH_SCANNED=1: the objects each of the collector's passes looks at;
- TURNWATCH_GC="700,10,10": other thresholds than the server's, to compare;
- TURNWATCH_UVLOOP=1: keep uvloop (for the census alone: no turns are recorded then).
"""

from __future__ import annotations

import asyncio
import atexit
import gc
import json
import os
import runpy
import signal
import sys
import threading
import time
from collections import Counter
from types import CoroutineType, FrameType
from typing import Any

LONG = 0.001  # a turn of this much CPU or more is kept, with its name
SLOW = 0.003  # and one of this much wall time or more (a blocking call, or the process preempted)


def _where(coro: Any) -> str:
    """The chain of coroutines `coro` is awaiting, outermost first (the server's own, by name),
    and the innermost one's file:line."""
    frame: FrameType | None = None
    names: list[str] = []
    seen = 0
    while coro is not None and seen < 40:
        seen += 1
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None) or frame
        if frame is not None and "/server/" in frame.f_code.co_filename:
            names.append(frame.f_code.co_name)
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
        if (
            coro is not None
            and not isinstance(coro, CoroutineType)
            and not hasattr(coro, "cr_frame")
        ):
            break
    if frame is None:
        return "-"
    code = frame.f_code
    return f"{'>'.join(names)} @{os.path.basename(code.co_filename)}:{frame.f_lineno}"


def _task_of(callback: Any) -> asyncio.Task[Any] | None:
    owner = getattr(callback, "__self__", None)
    return owner if isinstance(owner, asyncio.Task) else None


def _sampler(turn: list[Any], main: int) -> None:
    """Every half millisecond: if the loop's turn has run 2 ms, note the main thread's stack."""
    while True:
        time.sleep(0.0005)
        started, samples = turn
        if not started or time.perf_counter() - started < 2 * LONG:
            continue
        frame: FrameType | None = sys._current_frames().get(main)
        stack: list[str] = []
        while frame is not None and len(stack) < 60:
            code = frame.f_code
            stack.append(f"{os.path.basename(code.co_filename)}:{code.co_name}")
            frame = frame.f_back
        samples.append(stack)


def main() -> None:
    out = sys.argv[1]
    command = sys.argv[2:]
    index = command.index("-m")
    module = command[index + 1]
    sys.argv = [module, *command[index + 2 :]]
    if not os.environ.get("TURNWATCH_UVLOOP"):  # the census alone works on uvloop
        os.environ["BRINK_UVLOOP"] = "0"
    histogram: Counter[int] = Counter()  # turns by CPU, in 100 µs buckets
    long: list[tuple[float, float, str]] = []
    plain = asyncio.events.Handle._run
    clock = time.thread_time
    wall = time.perf_counter

    # generation, CPU seconds, objects freed, objects scanned (TURNWATCH_SCANNED: counting
    # them walks the generations, which the CPU figure then includes)
    collections: list[tuple[int, float, int, int]] = []
    collecting: list[float] = []
    scanned = [0]
    in_collector = [0.0]  # the collector's CPU so far: a turn's own excludes it
    counting = bool(os.environ.get("TURNWATCH_SCANNED"))

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            generation = info["generation"]
            if counting:
                scanned[0] = sum(len(gc.get_objects(g)) for g in range(generation + 1))
            collecting[:] = [clock()]
        elif collecting:
            spent = clock() - collecting[0]
            in_collector[0] += spent
            collections.append((info["generation"], spent, info["collected"], scanned[0]))

    gc.callbacks.append(collected)

    turn: list[Any] = [0.0, []]  # the running turn's wall start (0: none) and its samples
    held: Counter[str] = Counter()  # frames seen in long turns' samples, each once a sample
    if os.environ.get("TURNWATCH_SAMPLE"):
        sys.setswitchinterval(0.0005)  # so the sampler gets the GIL inside a long turn
        threading.Thread(target=_sampler, args=(turn, threading.get_ident()), daemon=True).start()

    def run(handle: asyncio.events.Handle) -> None:
        callback = handle._callback  # type: ignore[attr-defined]
        task = _task_of(callback)
        start = _where(task.get_coro()) if task is not None else ""
        began, began_wall, collecting_before = clock(), wall(), in_collector[0]
        turn[:] = [began_wall, []]
        try:
            plain(handle)
        finally:
            spent = clock() - began - (in_collector[0] - collecting_before)
            took = wall() - began_wall
            samples = turn[1]
            turn[:] = [0.0, []]
            if spent >= 2 * LONG:
                for stack in samples:
                    held.update(set(stack))
            histogram[int(spent * 10_000)] += 1
            if spent >= LONG or took >= SLOW:
                if task is not None:
                    coro = task.get_coro()
                    name = getattr(coro, "__qualname__", repr(coro))
                    end = _where(coro) if not task.done() else "done"
                    what = f"task {name}: {start} -> {end}"
                else:
                    what = f"call {getattr(callback, '__qualname__', repr(callback))}"
                    protocol = getattr(getattr(callback, "__self__", None), "_protocol", None)
                    if protocol is not None:  # a socket's read: whose
                        what += f" ({type(protocol).__qualname__})"
                long.append((spent, took, what))

    asyncio.events.Handle._run = run  # type: ignore[method-assign,assignment]
    if os.environ.get("TURNWATCH_GC"):  # other thresholds than the server's, to compare
        wanted = tuple(int(part) for part in os.environ["TURNWATCH_GC"].split(","))
        gc.set_threshold(*wanted)
        gc.set_threshold = lambda *_: None

    def reset(*_: object) -> None:  # SIGUSR1: the warm-up is over
        histogram.clear()
        long.clear()
        collections.clear()
        held.clear()

    signal.signal(signal.SIGUSR1, reset)
    census: dict[str, Any] = {}

    def count(*_: object) -> None:  # SIGUSR2: what the collector tracks now, by generation
        if not (os.environ.get("TURNWATCH_CENSUS") or os.environ.get("TURNWATCH_GARBAGE")):
            return  # (it walks every object: its turn would be the longest)
        for generation in (0, 1, 2):
            found = gc.get_objects(generation)
            kinds = Counter(type(item).__qualname__ for item in found)
            census[str(generation)] = [len(found), kinds.most_common(12)]
        census["frozen"] = gc.get_freeze_count()
        if os.environ.get("TURNWATCH_GARBAGE"):  # what a full collection finds unreachable
            gc.set_debug(gc.DEBUG_SAVEALL)
            gc.collect()
            gc.set_debug(0)
            kinds = Counter(type(item).__qualname__ for item in gc.garbage)
            census["garbage"] = [len(gc.garbage), kinds.most_common(40)]
            ids = {id(item) for item in gc.garbage}
            edges: Counter[str] = Counter()
            for item in gc.garbage:
                for other in gc.get_referents(item):
                    if id(other) in ids:
                        edges[f"{type(item).__qualname__} -> {type(other).__qualname__}"] += 1
            census["edges"] = edges.most_common(80)
            for item in gc.garbage:
                if type(item).__qualname__ in ("partial", "method"):
                    census.setdefault("callables", []).append(repr(item)[:160])
                    if len(census["callables"]) > 12:
                        break
            gc.garbage.clear()

    signal.signal(signal.SIGUSR2, count)

    def dump() -> None:
        with open(out, "w") as file:
            json.dump(
                {
                    "histogram": sorted(histogram.items()),
                    "long": long,
                    "gc": collections,
                    "census": census,
                    "held": held.most_common(60),
                },
                file,
            )

    atexit.register(dump)
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
