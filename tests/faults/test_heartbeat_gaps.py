"""Heartbeats that stop for a while with no process dead: Redis frozen longer than the heartbeat
timeout (every process goes unheard at once), and one process stalled (swept, rightly, while its
rooms' turns came due with nobody else to count). Players who never left are not left in a
paused room, and nobody is shown away for an outage that was Redis's."""

from __future__ import annotations

import asyncio
import signal

import pytest
from clientkit import seated
from faultkit import OwnRedis, Spawn, committed

from client.connection import BrinkClient
from server.protocol import Entry

TIMERS = {"betting": 2, "talks": 2}
"""Short turns: several come due while heartbeats are stopped."""


def _stuck_paused(log: list[Entry]) -> bool:
    """Whether the room's last notice pauses it because nobody was there."""
    notices = [entry.notice for entry in log if entry.notice is not None]
    last = notices[-1] if notices else None
    return last is not None and last.kind == "paused" and last.reason == "nobody_here"


async def _goes_on(redis_url: str, code: str, client: BrinkClient, seconds: float) -> None:
    """Wait until the room's turns time out again (its log grows twice by a timeout) and
    `client` has seen it; fail if the room stays paused."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    start = len(await committed(redis_url, code))
    while True:
        log = await committed(redis_url, code)
        timeouts = [e for e in log[start:] if e.command is not None and e.command.seat == "system"]
        if len(timeouts) >= 2 and client.n >= len(log):
            return
        if loop.time() > deadline:
            paused = " (paused: nobody_here)" if _stuck_paused(log) else ""
            raise AssertionError(f"room {code} did not go on{paused}: {len(log)} entries")
        await asyncio.sleep(0.1)


async def _seated(url: str, redis_url: str) -> tuple[str, BrinkClient, BrinkClient]:
    """An intro room with short turns, its clock started, both players on the process at `url`
    (the caller closes them)."""
    ada, bo = await seated(url, room={"seconds": TIMERS})
    code = str(ada.code)
    while not any(
        e.notice and e.notice.kind == "resumed" for e in await committed(redis_url, code)
    ):
        await asyncio.sleep(0.05)
    return code, ada, bo


@pytest.mark.parametrize("outage", ["restarted", "frozen"])
async def test_redis_away_past_the_heartbeat_timeout_sweeps_no_process(
    own_redis: OwnRedis, spawn: Spawn, outage: str
) -> None:
    """Redis away 7 s, stopped then started again or frozen (every process unheard at once):
    when it answers again no process takes the others for dead, so nobody is shown away and no
    room is paused for want of its players (the turns that came due meanwhile time out)."""
    first, second = spawn(own_redis.url), spawn(own_redis.url)
    rooms = [await _seated(first.url, own_redis.url), await _seated(second.url, own_redis.url)]
    try:
        if outage == "restarted":
            own_redis.stop()
            await asyncio.sleep(7)
            own_redis.start()
        else:
            assert own_redis.process is not None
            own_redis.process.send_signal(signal.SIGSTOP)
            try:
                await asyncio.sleep(7)
            finally:
                own_redis.process.send_signal(signal.SIGCONT)
        for code, ada, _ in rooms:
            await _goes_on(own_redis.url, code, ada, 20)
        for code, ada, bo in rooms:
            away = [p for c in (ada, bo) for p in c.presence if p.status == "away"]
            assert not away, f"a player was shown away: {away}"
            log = await committed(own_redis.url, code)
            paused = [e.n for e in log if e.notice is not None and e.notice.reason == "nobody_here"]
            assert not paused, f"room {code} was paused for want of players who were there"
    finally:
        for _, ada, bo in rooms:
            await ada.close()
            await bo.close()


async def test_a_room_paused_while_its_process_stalled_resumes_when_it_wakes(
    redis_url: str, spawn: Spawn
) -> None:
    """Both players on a process frozen 10 s: it is swept, and the room's next deadline finds
    nobody there, so the other process pauses it. When it wakes and counts its players again,
    the room resumes: it does not wait, paused, to be abandoned."""
    sleepy, _awake = spawn(redis_url), spawn(redis_url)
    code, ada, bo = await _seated(sleepy.url, redis_url)
    try:
        sleepy.process.send_signal(signal.SIGSTOP)
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 60  # a loaded machine starts a process slowly
            while not _stuck_paused(await committed(redis_url, code)):
                assert loop.time() < deadline, [
                    (e.n, e.notice, e.command) for e in (await committed(redis_url, code))[-6:]
                ]
                await asyncio.sleep(0.2)
        finally:
            sleepy.process.send_signal(signal.SIGCONT)
        await _goes_on(redis_url, code, ada, 20)
    finally:
        await ada.close()
        await bo.close()


async def test_a_server_started_after_one_killed_pauses_its_rooms_due_meanwhile(
    redis_url: str, spawn: Spawn
) -> None:
    """The only process killed -9, and started again once it has been silent past the timeout
    (its players not back yet): the new one takes the old one for dead at once, so the turns
    that came due meanwhile pause their rooms rather than being played for absent players."""
    killed = spawn(redis_url)
    code, ada, bo = await _seated(killed.url, redis_url)
    try:
        killed.kill()
        before = len(await committed(redis_url, code))
        await asyncio.sleep(6)
        spawn(redis_url)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60  # the new process starts slowly on a loaded machine
        while len(log := await committed(redis_url, code)) == before:
            assert loop.time() < deadline, "the new process did nothing with the room"
            await asyncio.sleep(0.1)
        first = log[before]
        assert first.notice is not None, f"a turn was played for absent players: {first}"
        assert (first.notice.kind, first.notice.reason) == ("paused", "nobody_here")
    finally:
        await ada.close()
        await bo.close()
