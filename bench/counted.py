"""The server's instructions per action, counted by valgrind's callgrind: a figure that does not
move with whatever else the machine runs, for comparing two versions of the code. (On a shared
virtual machine bench/server.py's CPU per action drifts by 10% and more from one sitting to the
next; this count of the same work, by up to ~2%.) It counts the server process's own
instructions: not the kernel's work for it (sockets, files: ~10% of its CPU time) nor its
records' writer child (whose work is mostly the kernel's).

    python bench/counted.py [--rooms 5] [--games 40] [--json] [--keep FOLDER]

Starts a Redis and one `brink serve` under `valgrind --tool=callgrind` (~75 s to start), plays
a warm-up game in each room, zeroes the counters (`callgrind_control -z`), plays `--games` games
in `--rooms` rooms at once as bench/server.py's clients do (room creation, joins and the games
kept included), dumps the counters and prints the server process's instructions per action
(`--keep FOLDER` keeps the counts: `callgrind_annotate --inclusive=yes` on them names the
compiled engine's functions, which py-spy cannot see into). Callgrind runs the code ~50 times
slower, so the server batches its work differently than at full speed: the figure is for A/B
comparisons of the same bench (two runs of the same code differ by up to ~2%), not a CPU time.
Needs valgrind (Debian's package).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
# Run as a script, bench/ comes first on the path, where bench/server.py would hide the server;
# the checkout the script is in comes first instead (not the one the venv was installed from).
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]
from bench.load import Spread, Tally, play, seated  # noqa: E402
from bench.stack import Stack  # noqa: E402

FAR = float("inf")


async def games(spread: Spread, rooms: int, count: int) -> Tally:
    """Play `count` games to their end, `rooms` at a time."""
    tally = Tally()
    left = itertools.count()

    async def room() -> None:
        while next(left) < count:
            w, b, views = await seated(spread, tally)
            await play(w, b, views, tally, FAR, 0.0)
            tally.games += 1
            await w.close()
            await b.close()

    await asyncio.gather(*(room() for _ in range(rooms)))
    return tally


def control(*args: str) -> None:
    """Run callgrind_control with `args` (naming the process: without a PID it acts on every
    callgrind run on the machine, another bench's too)."""
    subprocess.run(["callgrind_control", *args], check=True, capture_output=True)


def counted(folder: Path) -> int:
    """The instructions in the dump `callgrind_control -d` wrote."""
    found = 0
    for dump in folder.glob("callgrind.*.1"):
        total = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(), re.MULTILINE)
        if total is None:
            raise RuntimeError(f"no total in {dump}")
        found += int(total.group(1))
    if not found:
        raise RuntimeError("callgrind wrote no counts")
    return found


async def measure(rooms: int, count: int, keep: Path | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        out = folder / "counts"
        out.mkdir()
        wrap = (
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}/callgrind.%p",
        )
        stack = Stack(folder, 1, False, 1, wrap)
        try:
            spread = itertools.cycle(stack.urls)
            await games(spread, rooms, rooms)  # warm up: imports, scripts, the writer started
            pids = [str(server.pid) for server in stack.servers]  # under callgrind
            control("-z", *pids)
            tally = await games(spread, rooms, count)
            control("-d", *pids)
            found = counted(out)
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                for dump in out.glob("callgrind.*.1"):
                    shutil.copy(dump, keep / dump.name)
        finally:
            stack.stop()
    return {
        "rooms": rooms,
        "games": tally.games,
        "actions": tally.actions,
        "per_action": round(found / max(1, tally.actions)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, default=5)
    parser.add_argument("--games", type=int, default=40)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="FOLDER",
        help="keep the counts there, for callgrind_annotate --inclusive=yes",
    )
    args = parser.parse_args()
    if args.rooms < 1 or args.games < 1:
        parser.error("--rooms and --games must be at least 1")
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        parser.error("needs valgrind (Debian's package valgrind)")
    found = asyncio.run(measure(args.rooms, args.games, args.keep))
    if args.json:
        print(json.dumps(found))
        return
    print(
        f"{found['games']} games, {found['actions']:,} actions: the server's instructions per"
        f" action {found['per_action']:,}"
    )


if __name__ == "__main__":
    main()
