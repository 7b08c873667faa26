"""The long fuzz run: protocol fuzzing against a live game, for as many messages as you like.

    python bench/fuzz.py --messages 100000 [--seed 1] [--with-known-bugs]

Starts a real (non-persistent) redis-server and the server in this process (its log captured),
sets a game in progress (full_2025: two seated players, a spectator, a team-role seat, and an
intro room against a bot next to it), and sends frames drawn by hypothesis from the strategies
of tests/fuzz/wire.py — random bytes, non-JSON text, JSON of the wrong shape, huge values, hostile
unicode, deep nesting, and well-formed messages from the wrong seat or at the wrong moment —
judging each answer as tests/fuzz/test_protocol.py does (see wire.py's docstring). A game that
ends is replaced by a new one. Prints the messages sent, the answers by code, the crashes
(records the server logged at ERROR), the connections dropped unexpectedly, the other problems,
and messages per second. Exits 1 if anything went wrong. docs/fuzzing.md has the last result.

`--with-known-bugs` also sends the cases of the bugs the fuzzing found, since fixed (integers
longer than 4300 digits, frames of exactly 1 MiB; their tests are in tests/fuzz/test_protocol.py).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

# Run as `python bench/fuzz.py`, this folder comes first on sys.path, and bench/server.py would
# shadow the `server` package: take it off, and put tests/ on (fuzz.wire, serverkit).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != _HERE)]
sys.path.insert(0, str(_HERE.parent / "tests"))

from fuzz.wire import FRAMES, MIB, ErrorLog, Frame, Fuzzer, Tally  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from serverkit import start_server  # noqa: E402

from server.storage.redis_embedded import EmbeddedRedis  # noqa: E402
from server.web.appkeys import HUB  # noqa: E402


def frames(strategy: st.SearchStrategy[Frame], count: int, batch_seed: int) -> list[Frame]:
    """Return `count` frames drawn by hypothesis (generation only: nothing to shrink)."""
    found: list[Frame] = []

    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @seed(batch_seed)
    @given(strategy)
    def collect(frame: Frame) -> None:
        found.append(frame)

    collect()
    return found


def known_bugs(rng: random.Random) -> Frame:
    """A frame one of the known bugs trips on."""
    if rng.random() < 0.5:
        digits = "9" * rng.randint(4301, 16_000)
        return Frame("known_huge_integer", f'{{"type":"ping","id":{digits}}}', "watcher")
    return Frame("known_exactly_1mib", '{"type":"ping"}' + " " * (MIB - 15), "watcher")


def rss_mib() -> int:
    """Return the process's resident memory now, in MiB (its peak where /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return pages * resource.getpagesize() // MIB


def report(tally: Tally, elapsed: float, extra: dict[str, object]) -> None:
    print(f"messages sent:            {tally.sent}")
    print(f"messages/s:               {tally.sent / elapsed:.0f}  ({elapsed:.0f} s)")
    print(f"crashes (ERROR logged):   {len(tally.crashes)}")
    for text, count in _counted(tally.crashes):
        print(f"    {count:6d}  {text[:200]}")
    print(f"dropped unexpectedly:     {len(tally.dropped)}")
    for text, count in _counted(tally.dropped):
        print(f"    {count:6d}  {text[:200]}")
    print(f"other problems:           {len(tally.problems) - len(tally.dropped)}")
    for text, count in _counted([p for p in tally.problems if p not in tally.dropped]):
        print(f"    {count:6d}  {text[:300]}")
    print("answers:")
    for answer, count in tally.answers.most_common():
        print(f"    {count:6d}  {answer}")
    print("frames by family:")
    for family, count in tally.families.most_common():
        print(f"    {count:6d}  {family}")
    for name, value in extra.items():
        print(f"{name + ':':26}{value}")


def _counted(texts: list[str]) -> list[tuple[str, int]]:
    """Return the ten commonest kinds of text (numbers and long runs of a character folded),
    each with one example and how many there were."""
    counts: dict[str, tuple[str, int]] = {}
    for text in texts:
        kind = re.sub(r"(.)\1{7,}", r"\1…", re.sub(r"\d+", "0", text))
        example, count = counts.get(kind, (text, 0))
        counts[kind] = (example, count + 1)
    return sorted(counts.values(), key=lambda item: -item[1])[:10]


async def run(messages: int, first_seed: int, with_known: bool, batch: int, progress: int) -> int:
    log = ErrorLog()
    rng = random.Random(first_seed)
    with tempfile.TemporaryDirectory() as scratch, log.installed():
        redis = EmbeddedRedis(Path(scratch) / "redis", persistent=False)
        redis_url = await redis.start()
        runner, url = await start_server(
            redis_url, Path(scratch), rate_per_second=10_000, rate_burst=10_000
        )
        fuzzer = Fuzzer(url, redis_url, log)
        try:
            await fuzzer.start()
            started = time.monotonic()
            number = 0
            while fuzzer.tally.sent < messages:
                # The hub tunes the collector for the server (gc.freeze, rare full passes): the
                # fuzzer's own cyclic garbage would pile up between them and blur the RSS.
                gc.collect()
                todo = frames(FRAMES, min(batch, messages - fuzzer.tally.sent), first_seed + number)
                number += 1
                for frame in todo:
                    if with_known and rng.random() < 0.01:
                        frame = known_bugs(rng)
                    await fuzzer.probe(frame)
                    if fuzzer.tally.sent % progress == 0:
                        rate = fuzzer.tally.sent / (time.monotonic() - started)
                        crashes, problems = len(fuzzer.tally.crashes), len(fuzzer.tally.problems)
                        print(
                            f"... {fuzzer.tally.sent} sent, {rate:.0f}/s, {crashes} crashes, "
                            f"{problems} problems, RSS {rss_mib()} MiB, "
                            f"{len(runner.app[HUB].rooms)} rooms held",
                            flush=True,
                        )
            elapsed = time.monotonic() - started
            hub = runner.app[HUB]
            extra: dict[str, object] = {
                "games played": fuzzer.tables,
                "rooms held by the hub": len(hub.rooms),
                "hub._loading locks": len(hub._loading),
                "RSS at the end (MiB)": rss_mib(),
                "peak RSS (MiB)": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            }
        finally:
            await fuzzer.close()
            await runner.cleanup()
            await redis.stop()
    report(fuzzer.tally, elapsed, extra)
    print(json.dumps({"sent": fuzzer.tally.sent, "crashes": len(fuzzer.tally.crashes),
                      "dropped": len(fuzzer.tally.dropped),
                      "problems": len(fuzzer.tally.problems)}))  # fmt: skip
    return 1 if fuzzer.tally.crashes or fuzzer.tally.problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000, help="frames to send")
    parser.add_argument("--seed", type=int, default=1, help="hypothesis seed of the first batch")
    parser.add_argument("--batch", type=int, default=1000, help="frames drawn at a time")
    parser.add_argument("--progress", type=int, default=5000, help="report every N frames")
    parser.add_argument(
        "--with-known-bugs", action="store_true", help="also send what known bugs trip on"
    )
    args = parser.parse_args()
    run_args = (args.messages, args.seed, args.with_known_bugs, args.batch, args.progress)
    return asyncio.run(run(*run_args))


if __name__ == "__main__":
    sys.exit(main())
