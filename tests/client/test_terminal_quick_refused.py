"""`brink play --quick --scenario zzz` said "waiting for an opponent (quick match)…" and then
the server's refusal of a scenario it does not know: it never waited. Now the waiting is said
once the server has queued the player, so a refusal comes alone; a known scenario still says it
waits."""

from __future__ import annotations

import asyncio
import contextlib

from clientkit import brink


async def test_an_unknown_scenario_is_refused_without_saying_it_waits(server_url: str) -> None:
    process = await brink("play", "--url", server_url, "--quick", "--scenario", "zzz")
    out, err = (text.decode() for text in await asyncio.wait_for(process.communicate(), 30))
    assert process.returncode == 1, (out, err)
    assert "unknown_scenario" in err, err
    assert "waiting for an opponent" not in out + err, out


async def test_a_known_scenario_still_says_it_waits(server_url: str) -> None:
    process = await brink("play", "--url", server_url, "--quick", "--scenario", "intro")
    assert process.stdout is not None
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 30)
        assert "waiting for an opponent (quick match)…" in line.decode()
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
