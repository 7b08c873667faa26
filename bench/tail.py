"""Where a run's latency tail is: which actions are the slowest 1%, and whether they come alone
or together (bench/latency.py `--tail`). Prints nothing itself; asserts nothing.

- `first_move_share` / `last_move_share`: of the slowest 1%, the share that were a game's first
  move (just after both joins) or its last (the game kept: record, summary, archive), beside
  their share of all actions;
- `windows`: in how many distinct 10 ms windows of sending time the slowest 1% fall, against
  how many they would if they came one by one (a stall of the server or the machine makes many
  slow together: few windows);
- `neighbours_p50_ms`: the median latency of the other actions sent within 5 ms of a slow one
  (close to the run's median: the slow ones were slow alone; close to the tail: together).
"""

from __future__ import annotations

import bisect
from typing import Any

from bench.load import Tally

WINDOW = 0.010
NEAR = 0.005


def tail(tally: Tally, share: float = 0.01) -> dict[str, Any]:
    """The slowest `share` of `tally`'s actions, described (see the module)."""
    rows = sorted(zip(tally.latencies, tally.marks, strict=True), key=lambda row: row[0])
    if len(rows) < 100:
        return {}
    slow = rows[int(len(rows) * (1 - share)) :]
    sent = sorted(mark[0] for _, mark in rows)
    by_time = sorted((mark[0], latency) for latency, mark in rows)
    windows = {int(mark[0] / WINDOW) for _, mark in slow}
    near: list[float] = []
    for _, mark in slow:
        low = bisect.bisect_left(sent, mark[0] - NEAR)
        high = bisect.bisect_right(sent, mark[0] + NEAR)
        near += [latency for when, latency in by_time[low:high] if when != mark[0]]
    near.sort()

    def shares(pick: int) -> tuple[float, float]:
        among = sum(1 for _, mark in slow if _is(mark, pick)) / len(slow)
        overall = sum(1 for _, mark in rows if _is(mark, pick)) / len(rows)
        return round(among, 3), round(overall, 3)

    return {
        "slow_from_ms": round(slow[0][0] * 1000, 2),
        "first_move_share": shares(0),
        "last_move_share": shares(1),
        "windows": len(windows),
        "slow_actions": len(slow),
        "neighbours_p50_ms": round(near[len(near) // 2] * 1000, 2) if near else None,
        "run_p50_ms": round(rows[len(rows) // 2][0] * 1000, 2),
    }


def _is(mark: tuple[float, int, bool], pick: int) -> bool:
    """Whether the action is its game's first move (`pick` 0) or last (1)."""
    return mark[1] == 1 if pick == 0 else mark[2]
