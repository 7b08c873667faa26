"""py-spy on the bench's server processes: record them under load, then say where the time went.

    python bench/profile.py FILE     (summarise collapsed stacks recorded before)

`Profiler(file, processes, seconds)` starts one `py-spy record --format raw --nonblocking` per
server process (`--nonblocking`: the process is not paused for each sample, so the profile
costs it little); `finish()` waits for them and summarises every process's stacks together:
the share of busy samples (py-spy leaves idle ones out) spent in each function and below it
(inclusive), and in each function itself (own time).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
TOP = 25
WAITING = (
    "_SelectorSocketTransport.write ",
    "socket.send",
    "StreamWriter.writelines (asyncio",
    "WebSocketWriter._write_websocket_frame ",
    "_worker (concurrent/futures/thread.py:81)",
)
"""Leaf frames left out: a process that writes to a socket wakes the reader (Redis, a client),
and on a busy machine the kernel often runs the reader at once, leaving the writer runnable but
not running inside its write; py-spy counts such a sample as busy (system time measured 8% of
the server's CPU while these leaves held a quarter of the samples). With uvloop the write is C
code under the Python frame that called it (redis-py's `writelines`, aiohttp's frame writer).
An idle thread-pool worker waiting for work (line 81) is not busy either."""
PARTS = {
    "the commit (Keeper._commit)": "Keeper._commit ",
    "  the Redis call (commit script)": "Store.commit_log ",
    "  the timer index (INDEX script)": "Liveness.schedule ",
    "  sending updates (fan_out)": "fan_out ",
    "    the seats' options": "Room._options ",
    "    the view and update JSON": "Room._update_head ",
    "  building the commit (prepare)": "prepare ",
    "  keeping a finished game": "keep_finished ",
    "the engine deciding (apply)": "apply (server/engine",
    "room creation": "handlers.py:create_room",
    "joins": "handlers.py:join",
    "parsing incoming frames": "ws.py:_parse",
    "writing frames to sockets (Connection._write)": "Connection._write ",
    "reading frames (aiohttp)": "WebSocketResponse.receive ",
    "pub/sub from other processes": "Hub._from_elsewhere ",
    "timers and heartbeats": "run_timers ",
    "pydantic model construction (BaseModel.__init__)": "BaseModel.__init__ ",
    "model_dump_json": "model_dump_json ",
}


class Profiler:
    """py-spy recording the servers for `seconds` (started at once)."""

    def __init__(self, file: str, processes: list[psutil.Process], seconds: float) -> None:
        spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        self.files = [Path(f"{file}.{process.pid}") for process in processes]
        self.file = Path(file)
        self.spies = [
            subprocess.Popen(
                [
                    *(spy, "record", "--format", "raw", "--nonblocking", "--rate", "200"),
                    *("--duration", str(max(1, int(seconds))), "--pid", str(process.pid)),
                    *("--output", str(out)),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for process, out in zip(processes, self.files, strict=True)
        ]

    def finish(self) -> dict[str, Any]:
        for spy in self.spies:
            spy.wait(60)
        with self.file.open("w") as joined:
            for part in self.files:
                if part.exists():
                    joined.write(part.read_text())
                    part.unlink()
        found = summarise(self.file)
        show(found)
        return found


def _name(frame: str) -> str:
    match = FRAME.match(frame)
    if match is None:
        return frame
    where = match["file"]
    for marker in ("site-packages/", "/wt-perf/", "/lib/python3.11/"):
        if marker in where:
            where = where.split(marker, 1)[1]
    return f"{match['function']} ({where})"


def summarise(file: Path) -> dict[str, Any]:
    """Return the samples, and the top functions by inclusive and by own share (in %)."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    parts: Counter[str] = Counter()
    total = left_out = 0
    for line in file.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        frames = [_name(frame) for frame in stack.split(";") if not frame.startswith("process ")]
        frames = [frame for frame in frames if not frame.startswith("thread ")]
        if not frames:
            continue
        if stack.rsplit(";", 1)[-1].startswith(WAITING):
            left_out += samples
            continue
        total += samples
        for frame in set(frames):
            inclusive[frame] += samples
        own[frames[-1]] += samples
        raw = ";".join(_part_name(frame) for frame in stack.split(";"))
        for part, marker in PARTS.items():
            if marker in raw:
                parts[part] += samples

    def top(counter: Counter[str]) -> list[tuple[str, float]]:
        return [(name, round(100 * n / max(1, total), 1)) for name, n in counter.most_common(TOP)]

    return {
        "samples": total,
        "left_out": left_out,
        "parts": {part: round(100 * parts[part] / max(1, total), 1) for part in PARTS},
        "inclusive": top(inclusive),
        "own": top(own),
    }


def _part_name(frame: str) -> str:
    """`function ` with its file's name in front (`handlers.py:join ...`), for PARTS."""
    match = FRAME.match(frame)
    if match is None:
        return frame
    return f"{Path(match['file']).name}:{match['function']} ({match['file']})"


def show(found: dict[str, Any]) -> None:
    print(
        f"  profile: {found['samples']:,} busy samples ({found['left_out']:,} more left out:"
        " in a socket write, or idle threads)"
    )
    print("  parts (inclusive):")
    for part, share in found["parts"].items():
        print(f"    {share:5.1f}%  {part}")
    for title in ("inclusive", "own"):
        print(f"  {title}:")
        for name, share in found[title]:
            print(f"    {share:5.1f}%  {name}")


if __name__ == "__main__":
    show(summarise(Path(sys.argv[1])))
