"""A pause over a pause (the teacher pauses a room the server had paused: no resume between, the
second carrying what was left at the first) is one pause, from the first: the dashboard's "thinking
for" counted only from the second, and showed a turn minutes older than it was (review finding)."""

from __future__ import annotations

import json

from server.classroom.dashboard import _paused_since

BEGAN = 1_000_000


def notice(n: int, kind: str, at: int, **more: object) -> str:
    return json.dumps({"n": n, "notice": {"kind": kind, "at": at, **more}})


def test_a_pause_over_a_pause_counts_from_the_first() -> None:
    later = [
        notice(5, "paused", BEGAN + 10_000, by="system", reason="nobody_there", left_ms=80_000),
        notice(6, "paused", BEGAN + 130_000, by="ms_li", reason="", left_ms=80_000),
        notice(7, "resumed", BEGAN + 140_000, by="ms_li", reason=""),
    ]
    since, still = _paused_since(BEGAN, later)
    assert since == BEGAN + 130_000  # the turn went on 130 s later than it began
    assert still is None


def test_a_pause_still_on_is_the_first_of_its_run() -> None:
    later = [
        notice(5, "paused", BEGAN + 10_000, by="system", reason="nobody_there", left_ms=80_000),
        notice(6, "paused", BEGAN + 130_000, by="ms_li", reason="", left_ms=80_000),
    ]
    since, still = _paused_since(BEGAN, later)
    assert since == BEGAN
    assert still is not None and still["at"] == BEGAN + 10_000
