"""A room whose log in Redis no longer lines up (entries deleted, `n` set back) is refused with
a code of its own, `broken_log`, for joins, resumes and moves — never `internal`, a `conflict`
or an `unavailable` that says to try again — and the server's log says what is wrong; the
connection and the other rooms go on. And a `resume` whose `since` is past the log's end is
refused (`bad_since`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import pytest
from redis.asyncio import Redis
from redis.exceptions import ResponseError
from serverkit import start_server

from client.connection import BrinkClient, ServerError
from server.engine.commands import Call, Check, PassTalks
from server.live import lifecycle
from server.live.hub import Hub
from server.protocol import ChatLine, Entry
from server.storage import keys
from server.storage.store import KEEP, BrokenLog, Commit, Store
from server.web.appkeys import HUB

NOW = 1_800_000_000_000


@pytest.fixture
async def hub(redis_url: str, tmp_path: Path) -> AsyncIterator[tuple[Hub, str]]:
    runner, url = await start_server(redis_url, tmp_path)
    yield runner.app[HUB], url
    await runner.cleanup()


async def seated(url: str) -> tuple[BrinkClient, BrinkClient, str]:
    washington, beijing = BrinkClient(url, "Ada"), BrinkClient(url, "Bo")
    await washington.connect()
    await beijing.connect()
    room = await washington.create_room("intro", timers=False)
    await washington.join(room.code, "washington")
    await beijing.join(room.code, "beijing")
    return washington, beijing, room.code


async def played(url: str) -> tuple[BrinkClient, BrinkClient, str, str]:
    """A room seated and four moves into its game; the clients, its code, Washington's token."""
    washington, beijing, code = await seated(url)
    for _ in range(4):
        await move(washington, beijing)
    assert washington.token is not None
    return washington, beijing, code, washington.token


async def move(washington: BrinkClient, beijing: BrinkClient) -> Any:
    """Make the next legal move of check, call or pass; return the error if every one is
    refused with a code other than the engine's."""
    view = washington.view
    side = view["to_act"] or next(s for s in ("washington", "beijing") if s not in view["passed"])
    player = washington if side == "washington" else beijing
    for command in (Check(), Call(), PassTalks()):
        try:
            accepted = await player.act(command)
        except ServerError as error:
            if error.code in ("broken_log", "conflict", "unavailable", "internal"):
                return error
            continue
        # Washington's view (the next move is decided on it, and its `n` read) has this one
        # first: a moment behind Beijing's, it sent the wrong side's moves, all refused
        await washington.wait_for(lambda _, n=accepted.n: washington.n >= n, timeout=10)
        return accepted
    raise AssertionError("no move was accepted")


async def released(hub: Hub, code: str, *clients: BrinkClient) -> None:
    for client in clients:
        await client.close()
    for _ in range(200):
        if code not in hub.rooms:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{code} was not released")


async def refused(coroutine: Any) -> ServerError:
    with pytest.raises(ServerError) as caught:
        await coroutine
    return caught.value


async def stream(redis: Redis, code: str) -> list[tuple[str, dict[str, str]]]:
    """The room's log as Redis holds it: (id, fields) per commit."""
    return cast(list[tuple[str, dict[str, str]]], await redis.xrange(keys.room(code, "log")))


def said(caplog: pytest.LogCaptureFixture, *parts: str) -> list[str]:
    lines = [record.getMessage() for record in caplog.records]
    return [line for line in lines if all(part in line for part in parts)]


async def test_a_commit_over_deleted_entries_is_broken_log_not_a_redis_error(
    redis_url: str,
) -> None:
    redis = Redis.from_url(redis_url, decode_responses=True)
    store = Store(redis)
    assert await store.create_room("ABCD", {"scenario": "intro"}, "h", "{}")

    def chat(n: int) -> str:
        line = ChatLine(seat="washington", name="Ada", text="hi")
        return Entry(n=n, chat=line).model_dump_json()

    for expected, count in ((0, 3), (3, 2), (5, 1)):
        entries = [chat(expected + 1 + i) for i in range(count)]
        assert await store.commit_log(Commit("ABCD", expected, entries, "{}", 1, None, at=NOW))
    log = keys.room("ABCD", "log")
    await redis.xdel(log, "6-0")  # the last commit, and n set back to before it
    await redis.hset(keys.room("ABCD"), "n", 5)
    before = (await redis.xrange(log), await redis.hgetall(keys.room("ABCD")))
    with pytest.raises(BrokenLog) as broken:
        await store.commit_log(Commit("ABCD", 5, [chat(6)], "{}", 1, None, at=NOW))
    assert "ABCD" in str(broken.value) and "6-0" in str(broken.value), broken.value
    assert "n is 5" in str(broken.value)
    assert (await redis.xrange(log), await redis.hgetall(keys.room("ABCD"))) == before
    # Redis's own refusals of the XADD stay Redis errors (here a log that is not a stream).
    await redis.delete(log)
    await redis.set(log, "not a stream")
    with pytest.raises(ResponseError, match="WRONGTYPE"):
        await store.commit_log(Commit("ABCD", 5, [chat(6)], "{}", 1, None, at=NOW))
    # What is found is noted in the room's meta — not in a room that is gone (no key without
    # an expiry).
    await store.mark_broken("ABCD", "its log is not whole")
    assert await redis.hget(keys.room("ABCD"), "broken") == "its log is not whole"
    await store.mark_broken("GONE", "its log is not whole")
    assert not await redis.exists(keys.room("GONE"))
    await redis.aclose()


@pytest.mark.parametrize("played_on", [True, False])
async def test_deleted_last_entries_refuse_the_room_once_it_is_loaded_again(
    hub: tuple[Hub, str], caplog: pytest.LogCaptureFixture, played_on: bool
) -> None:
    the_hub, url = hub
    caplog.set_level(logging.INFO)
    washington, beijing, code = await seated(url)
    for _ in range(3):
        await move(washington, beijing)
    log = keys.room(code, "log")
    await the_hub.redis.xdel(log, (await stream(the_hub.redis, code))[-1][0])  # n left as it is
    token, n = washington.token, washington.n
    assert token is not None
    if played_on:
        # Accepted: a copy held by a process cannot see the gap without another read on every
        # move (docs/redis/13-known-gaps.md §13). The log now jumps over the deleted entries.
        accepted = await move(washington, beijing)
        assert not isinstance(accepted, ServerError), accepted
        n = washington.n
    await released(the_hub, code, washington, beijing)
    async with BrinkClient(url, "Ada") as again:
        for attempt in (again.resume(code, token, n), again.join(code)):
            error = await refused(attempt)
            assert error.code == "broken_log", (error.code, error.message)
            assert code in error.message and "damaged" in error.message
        # The connection goes on, and so do the other rooms.
        other = await again.create_room("intro", timers=False)
        assert (await again.join(other.code, "washington")).code == other.code
        assert await again.act(Check())
    assert code not in the_hub.rooms
    what = "comes right after" if played_on else f"its n is {n} but its log holds nothing past"
    assert len(said(caplog, code, what)) == 1, [r.getMessage() for r in caplog.records][-5:]
    # Noted in the room's meta: any process refuses it as it loads it, without reading its log.
    assert what in (await the_hub.redis.hget(keys.room(code), "broken") or "")


async def set_back(hub: Hub, code: str, lost: bool = False) -> tuple[int, int]:
    """Delete the room's last two commits and set its n back to the end of the one before;
    with `lost`, also the stream's last id (as a Redis that lost those commits would have it).
    Return that end and how many commits are left."""
    log = keys.room(code, "log")
    commits = await stream(hub.redis, code)
    kept_end = int(next(iter(commits[-3][1])))  # where the third commit from the end ends
    await hub.redis.xdel(log, commits[-1][0], commits[-2][0])
    if lost:
        await hub.redis.execute_command("XSETID", log, commits[-3][0])  # type: ignore[no-untyped-call]
    await hub.redis.hset(keys.room(code), "n", kept_end)
    return kept_end, len(commits) - 2


@pytest.mark.parametrize("held", [True, False])
async def test_entries_deleted_and_n_set_back_refuse_moves_and_joins(
    hub: tuple[Hub, str], caplog: pytest.LogCaptureFixture, held: bool
) -> None:
    the_hub, url = hub
    washington, beijing, code, token = await played(url)
    if held:
        kept_end, left = await set_back(the_hub, code)
        # Held here at the old end, ahead of Redis's n (it was `conflict`, for ever).
        error = await move(washington, beijing)
        assert isinstance(error, ServerError) and error.code == "broken_log", error
        assert said(caplog, code, f"its n is {kept_end}, behind", "entries deleted")
        assert (await refused(washington.chat("still there?"))).code == "broken_log"
        async with BrinkClient(url) as spectator:
            assert (await refused(spectator.join(code))).code == "broken_log"
        await released(the_hub, code, washington, beijing)
    else:
        # Loaded again at the lowered n: it loads (the log and n agree), and its first commit
        # finds the stream's last id past n (it was `unavailable`, for ever).
        await released(the_hub, code, washington, beijing)
        kept_end, left = await set_back(the_hub, code)
        async with BrinkClient(url, "Ada") as again:
            joined = await again.resume(code, token, 0)
            assert joined.n == kept_end
            assert (await refused(again.chat("hello?"))).code == "broken_log"
            assert said(caplog, code, "stream id", f"n is {kept_end}")
            async with BrinkClient(url, "Eve") as watcher:
                assert (await refused(watcher.join(code))).code == "broken_log"
        await released(the_hub, code)
    # Noted in the meta: loaded again, by this process or any, it is refused at once.
    assert "entries deleted and n set back" in (
        await the_hub.redis.hget(keys.room(code), "broken") or ""
    )
    async with BrinkClient(url, "Ada") as again:
        assert (await refused(again.resume(code, token, 0))).code == "broken_log"
    assert await the_hub.redis.hget(keys.room(code), "n") == str(kept_end)
    assert len(await stream(the_hub.redis, code)) == left, "nothing written"
    async with BrinkClient(url) as health:
        other = await health.create_room("intro", timers=False)
        assert (await health.join(other.code)).code == other.code


async def test_commits_redis_lost_refuse_only_the_copy_ahead_of_them(
    hub: tuple[Hub, str], caplog: pytest.LogCaptureFixture
) -> None:
    the_hub, url = hub
    washington, beijing, code, token = await played(url)
    kept_end, _ = await set_back(the_hub, code, lost=True)
    error = await move(washington, beijing)
    assert isinstance(error, ServerError) and error.code == "broken_log", error
    assert said(caplog, code, f"its n is {kept_end}, behind", "commits Redis lost")
    await released(the_hub, code, washington, beijing)
    # Redis is whole as it stands (its log and n agree): a copy loaded afresh plays on.
    assert await the_hub.redis.hget(keys.room(code), "broken") is None
    async with BrinkClient(url, "Ada") as again:
        assert (await again.resume(code, token, 0)).n == kept_end
        assert (await again.chat("we go on from here")).n == kept_end + 1


async def test_a_broken_room_due_to_time_out_does_not_stop_the_others_timing_out(
    hub: tuple[Hub, str], caplog: pytest.LogCaptureFixture
) -> None:
    the_hub, _ = hub
    phases = [phase.id for phase in the_hub.scenarios["intro"].phases]
    broken, _ = await the_hub.create_room("intro", "en", dict.fromkeys(phases, 1), {}, True)
    assert await lifecycle.start_clock(the_hub, broken, "system")
    log = keys.room(broken.code, "log")
    await the_hub.redis.xdel(log, (await stream(the_hub.redis, broken.code))[-1][0])
    await the_hub.say(broken, ChatLine(seat="washington", name="Ada", text="over the gap"))
    the_hub.release(broken)
    assert broken.code not in the_hub.rooms
    for _ in range(200):  # its deadline passes; the timer loop finds the room broken
        if await the_hub.redis.zscore(keys.TIMERS, broken.code) is None:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the broken room stayed in the timer index")
    assert said(caplog, broken.code, "comes right after")
    fine, _ = await the_hub.create_room("intro", "en", dict.fromkeys(phases, 1), {}, True)
    assert await lifecycle.start_clock(the_hub, fine, "system")
    at = fine.n
    for _ in range(200):
        if fine.n > at:
            break
        await asyncio.sleep(0.05)
    assert fine.n > at, "the timer loop did nothing for the other room"


async def test_resume_since_past_the_logs_end_is_refused_and_at_the_end_is_not(
    hub: tuple[Hub, str],
) -> None:
    the_hub, url = hub
    washington, beijing, code = await seated(url)
    await move(washington, beijing)
    token, n = washington.token, washington.n
    assert token is not None
    async with BrinkClient(url, "Ada") as again:
        for since in (n + 1, 10**30):
            error = await refused(again.resume(code, token, since))
            assert error.code == "bad_since" and f"ends at {n}" in error.message, error.message
        # This process's copy is behind (a commit it was not told of): `since` is compared
        # with the log as the resume reads it, not with the copy.
        room = the_hub.rooms[code]
        line = ChatLine(seat="beijing", name="Bo", text="quietly")
        entry = Entry(n=n + 1, chat=line).model_dump_json()
        head = '{"deadline":null,"entries":['
        unheard = Commit(code, n, [entry], head, 0, KEEP, publish_head=True, origin=the_hub.origin)
        assert await the_hub.store.commit_log(unheard)
        assert room.n == n
        joined = await again.resume(code, token, n + 1)
        assert joined.n == n + 1 and joined.entries == []
    async with BrinkClient(url, "Ada") as third:
        joined = await third.resume(code, token, n + 1)  # equal to the end: nothing missed
        assert joined.n == n + 1 and joined.entries == []
    await washington.close()
    await beijing.close()


async def test_a_join_that_finds_the_log_broken_leaves_the_seat_free(
    hub: tuple[Hub, str],
) -> None:
    the_hub, url = hub
    async with BrinkClient(url, "Ada") as washington:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        code, n = room.code, washington.n
        # Two commits this process is not told of, the first then deleted: the log now jumps
        # from n to n + 2, found as the join that claims Beijing's seat reads it.
        head = '{"deadline":null,"entries":['
        for at in (n, n + 1):
            line = ChatLine(seat="washington", name="Ada", text=f"unheard {at}")
            entry = Entry(n=at + 1, chat=line).model_dump_json()
            unheard = Commit(
                code, at, [entry], head, 0, KEEP, publish_head=True, origin=the_hub.origin
            )
            assert await the_hub.store.commit_log(unheard)
        await the_hub.redis.xdel(keys.room(code, "log"), (await stream(the_hub.redis, code))[-2][0])
        assert the_hub.rooms[code].n == n
        async with BrinkClient(url, "Bo") as beijing:
            assert (await refused(beijing.join(code, "beijing"))).code == "broken_log"
        assert set(await the_hub.store.seats(code)) == {"washington"}, "the seat was freed"
        assert set(await the_hub.store.seat_hashes(code)) == {"washington"}
        fields = await the_hub.redis.hkeys(keys.room(code))
        assert len([field for field in fields if str(field).startswith("token:")]) == 1
        # Counted present as it claimed the seat (JOIN_SEAT), and no longer.
        assert await the_hub.live.present(code) == {"washington": 1}
