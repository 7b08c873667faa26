"""A server process is killed (-9) mid-game: its players resume on another process with nothing
lost or applied twice; the others see them go away; its quick-match tickets are not matched, and a
player queued there queues again on another process."""

from __future__ import annotations

import asyncio
import contextlib
import signal

from faultkit import Spawn, committed, step
from redis.asyncio import Redis

from client.connection import BrinkClient, ServerError, Status
from server.engine.commands import Check, PassTalks
from server.protocol import Joined, Queued, QuickMatch
from server.storage import keys

STALE = ("not_your_turn", "wrong_phase", "already_passed")
"""Refusals of a move made on a view that was out of date: legitimate, and nothing changes."""


async def _level(*clients: BrinkClient) -> None:
    """Wait until every client has seen the same log position."""
    async with asyncio.timeout(10):
        while len({client.n for client in clients}) > 1:
            await asyncio.sleep(0.05)


async def test_kill_9_mid_game_loses_and_doubles_nothing(redis_url: str, spawn: Spawn) -> None:
    first, second = spawn(redis_url), spawn(redis_url)
    washington = BrinkClient(first.url, "Ada", auto_resume=True, fallbacks=(second.url,))
    beijing = BrinkClient(second.url, "Bo", auto_resume=True)
    async with washington, beijing:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        clients = {"washington": washington, "beijing": beijing}
        for _ in range(2):
            assert await step(clients)
        # Washington's moves are in flight (sent, not yet answered) when its process dies.
        accepted: list[int] = []
        resumed_at = [1 << 30]
        washington.listeners.append(
            lambda notice: (
                resumed_at.__setitem__(0, washington.n)
                if getattr(notice, "kind", None) == "resumed"
                else None
            )
        )

        async def washington_moves() -> None:
            # Until Washington has moved twice on the other process (after resuming there).
            while sum(n > resumed_at[0] for n in accepted) < 2:
                view = washington.view  # stale while Washington is cut off: a move may be refused
                if view["outcome"]:
                    return
                try:
                    if view["to_act"] == "washington":
                        accepted.append((await washington.act(Check())).n)
                    elif view["phase_kind"] == "talks" and "washington" not in view["passed"]:
                        accepted.append((await washington.act(PassTalks())).n)
                    elif view["to_act"] == "beijing":
                        await beijing.act(Check())
                    elif view["phase_kind"] == "talks":
                        await beijing.act(PassTalks())
                except ServerError as error:
                    if error.code not in STALE:
                        raise
                await asyncio.sleep(0.05)

        moving = asyncio.create_task(washington_moves())
        await asyncio.sleep(0.05)
        first.kill()
        await asyncio.wait_for(moving, 30)
        assert washington.url == second.url, "Washington resumed on the other process"
        await _level(washington, beijing)
        for _ in range(4):
            if not await step(clients):
                break
    log = await committed(redis_url, room.code)
    assert [entry.n for entry in log] == list(range(1, len(log) + 1))
    ids = [e.command.cid for e in log if e.command is not None and e.command.cid is not None]
    assert len(ids) == len(set(ids)), "a command was applied twice"
    assert accepted, "Washington moved"
    mine = [e.command.cid for e in log if e.command is not None and e.command.seat == "washington"]
    assert sorted(washington.acknowledged) == sorted(cid for cid in mine if cid), (
        "every acknowledged command is in the log once, and nothing else of Washington's"
    )


async def test_a_dead_process_loses_its_presence_and_its_queue(
    redis_url: str, spawn: Spawn
) -> None:
    doomed, survivor = spawn(redis_url), spawn(redis_url)
    async with (
        BrinkClient(doomed.url, "Ada") as washington,
        BrinkClient(survivor.url, "Bo") as beijing,
        BrinkClient(doomed.url, "Ghost") as ghost,
        BrinkClient(survivor.url, "Newcomer") as newcomer,
    ):
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        assert isinstance(await ghost.request(QuickMatch(scenario="intro", name="G")), Queued)
        await asyncio.sleep(0.2)
        doomed.kill()
        with contextlib.suppress(Exception):
            await washington.close()
        # Beijing is told that Washington has gone, once the dead process's heartbeat stops.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 12
        while not any(p.seat == "washington" and p.status == "away" for p in beijing.presence):
            assert loop.time() < deadline, f"no 'away' for washington: {beijing.presence}"
            await asyncio.sleep(0.1)
        reply = await newcomer.request(QuickMatch(scenario="intro", name="N"))
        assert isinstance(reply, Queued), f"matched with the dead process's ticket: {reply}"
        assert not isinstance(reply, Joined)


async def test_a_process_that_stalls_is_counted_again_when_it_wakes(
    redis_url: str, spawn: Spawn
) -> None:
    """A process frozen for longer than the heartbeat timeout is swept as dead (its seats shown
    away); when it wakes it counts its players again and the room hears they are here."""
    sleepy, awake = spawn(redis_url), spawn(redis_url)
    async with (
        BrinkClient(sleepy.url, "Ada") as washington,
        BrinkClient(awake.url, "Bo") as beijing,
    ):
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        sleepy.process.send_signal(signal.SIGSTOP)
        try:
            await _heard(beijing, "away", 12)
        finally:
            sleepy.process.send_signal(signal.SIGCONT)
        await _heard(beijing, "here", 8)
        redis = Redis.from_url(redis_url, decode_responses=True)
        present = await redis.hgetall(keys.room(room.code, "presence"))
        await redis.aclose()
        assert any(str(field).startswith("washington|") for field in present), present
        # It holds the room again (the sweep had taken it out of the room's holders): a move
        # made on the other process reaches its player.
        await _level(washington, beijing)
        if not await _moved(beijing):
            assert await _moved(washington), "neither side could move"
            await _level(washington, beijing)
            assert await _moved(beijing), "beijing could not move after washington"
        await _level(washington, beijing)


async def _moved(client: BrinkClient) -> bool:
    """Make whichever of check or pass the engine takes now; False if it takes neither."""
    for command in (Check(), PassTalks()):
        try:
            await client.act(command)
        except ServerError as error:
            refused = error.code
        else:
            return True
        assert refused in STALE, refused
    return False


async def _heard(client: BrinkClient, status: str, seconds: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not any(p.seat == "washington" and p.status == status for p in client.presence):
        assert loop.time() < deadline, f"no {status!r} for washington: {client.presence}"
        await asyncio.sleep(0.1)
    client.presence.clear()


async def test_a_player_queued_on_a_process_that_dies_queues_again_and_is_matched(
    redis_url: str, spawn: Spawn
) -> None:
    """The dead process's ticket is not taken over (it is skipped): the client queues again on
    the other process by itself, and the next player is matched with it."""
    doomed, survivor = spawn(redis_url), spawn(redis_url)
    mei = BrinkClient(doomed.url, "Mei", auto_resume=True, fallbacks=(survivor.url,))
    heard: list[str] = []
    mei.listeners.append(
        lambda notice: heard.append(notice.kind) if isinstance(notice, Status) else None
    )
    async with mei, BrinkClient(survivor.url, "Tom") as tom:
        waiting = asyncio.create_task(mei.quick_match("intro", timeout=60))
        redis = Redis.from_url(redis_url, decode_responses=True)
        try:
            async with asyncio.timeout(10):  # Mei's ticket is in the queue
                while not await redis.llen(keys.queue("intro")):
                    await asyncio.sleep(0.05)
            # (counted, not expected to be 2: another test's process may beat here a while yet)
            alive = await redis.zcard(keys.PROCESSES)
            doomed.kill()
            async with asyncio.timeout(30):  # queued again, and the dead process swept
                while "resumed" not in heard or await redis.zcard(keys.PROCESSES) >= alive:
                    await asyncio.sleep(0.1)
        finally:
            await redis.aclose()
        await _matched_with(tom, waiting)
        assert mei.url == survivor.url


async def test_a_quick_match_whose_process_dies_before_answering_is_queued_again(
    redis_url: str, spawn: Spawn
) -> None:
    """The request reached a process that never answered (stopped, then killed): no ticket, no
    `queued`. The client connects to the other process and queues there, and is matched."""
    doomed, survivor = spawn(redis_url), spawn(redis_url)
    mei = BrinkClient(doomed.url, "Mei", auto_resume=True, fallbacks=(survivor.url,))
    async with mei, BrinkClient(survivor.url, "Tom") as tom:
        doomed.process.send_signal(signal.SIGSTOP)  # the request waits in its socket, unread
        waiting = asyncio.create_task(mei.quick_match("intro", timeout=60))
        await asyncio.sleep(0.5)
        assert not waiting.done()
        doomed.kill()
        redis = Redis.from_url(redis_url, decode_responses=True)
        try:
            async with asyncio.timeout(30):  # queued again, on the survivor
                while not await redis.llen(keys.queue("intro")):
                    assert not waiting.done(), waiting
                    await asyncio.sleep(0.1)
        finally:
            await redis.aclose()
        await _matched_with(tom, waiting)
        assert mei.url == survivor.url


async def _matched_with(tom: BrinkClient, waiting: asyncio.Task[Joined]) -> None:
    """Tom queues too, and is matched with the player whose `quick_match` is `waiting`."""
    joined = await tom.quick_match("intro")
    mine = await asyncio.wait_for(waiting, 10)
    assert mine.code == joined.code and {mine.seat, joined.seat} == {"washington", "beijing"}
