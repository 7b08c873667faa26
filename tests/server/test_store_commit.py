"""The commit script against the test Redis: one stream entry per commit, read back from any
position; the expiry renewed hourly rather than on every commit; and when the timer index must be
told (it may hold an earlier deadline than the room's, never a later one), a failed index update
included."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from serverkit import start_server

from server.engine.commands import Check
from server.live import lifecycle
from server.storage import keys
from server.storage.classes import ClassStore
from server.storage.keys import FINISHED_TTL, ROOM_TTL
from server.storage.liveness import Liveness
from server.storage.scripts import RENEW_EVERY_MS
from server.storage.store import KEEP, Commit, RoomGone, Store, _lines, token_hash
from server.web.appkeys import HUB

NOW = 1_800_000_000_000
CODE = "ABCD"


def entry(n: int, text: str = "hi") -> str:
    chat = {"type": "chat_line", "seat": "washington", "name": "Ada", "text": text}
    return json.dumps({"n": n, "chat": chat})


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[Store]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro"}, "h", "{}")
    yield store
    await redis.aclose()


async def commit(
    store: Store, expected: int, count: int, deadline: int | None = KEEP, at: int = NOW
) -> tuple[int, bool]:
    texts = [entry(expected + 1 + i) for i in range(count)]
    written = await store.commit_log(Commit(CODE, expected, texts, "{}", 1, deadline, at=at))
    assert written is not None
    return written.n, written.index


async def test_a_commit_is_one_stream_entry_and_reads_back_from_any_position(
    store: Store,
) -> None:
    assert await commit(store, 0, 3) == (3, False)
    assert await commit(store, 3, 1) == (4, False)
    assert await commit(store, 4, 4) == (8, False)
    log = Store.key(CODE, "log")
    stream = await store.redis.xrange(log)
    assert stream is not None
    assert [(item[0], list(item[1] or {})) for item in stream] == [
        ("1-0", ["3"]),
        ("4-0", ["4"]),
        ("5-0", ["8"]),
    ]
    assert await store.position(CODE) == 8
    for since in range(10):
        found = [json.loads(text)["n"] for text in await store.entries_since(CODE, since)]
        assert found == list(range(since + 1, 9)), since


async def test_a_commit_on_any_position_but_the_logs_end_writes_nothing(
    store: Store,
) -> None:
    await commit(store, 0, 3)
    await commit(store, 3, 2)
    before = await store.redis.xrange(Store.key(CODE, "log"))
    meta = await store.redis.hgetall(Store.key(CODE))
    # Behind: another process has committed since (a process's copy is always at the end of
    # a commit, 3 here; the earlier positions and one inside the first commit as well). Ahead:
    # a copy that holds commits Redis lost (a crash between two fsyncs, a failover) must not
    # leave a gap in the log, which no process could load past.
    for expected in (3, 0, 1, 2, 4, 6, 8):
        late = Commit(CODE, expected, [entry(expected + 1)], "{}", 1, NOW + 5000, at=NOW)
        assert await store.commit_log(late) is None, expected
    assert await store.redis.xrange(Store.key(CODE, "log")) == before
    assert await store.redis.hgetall(Store.key(CODE)) == meta
    assert await commit(store, 5, 1) == (6, False)


async def test_a_room_that_is_gone_takes_no_commit(store: Store) -> None:
    await store.redis.delete(Store.key(CODE))
    gone = Commit(CODE, 0, [entry(1)], "{}", 1, None, at=NOW)
    assert await store.commit_log(gone) is None
    assert not await store.redis.exists(Store.key(CODE, "log"))
    assert await store.timing(CODE) is None


async def test_logs_written_by_older_versions_still_read_and_go_on(store: Store) -> None:
    log = Store.key(CODE, "log")
    # Before commits were batched: one stream entry per position (id n-1, field e).
    for n in (1, 2):
        await store.redis.xadd(log, {"e": entry(n)}, id=f"{n}-1")
    # Batched, with id LAST-FIRST and field b.
    await store.redis.xadd(log, {"b": f"{entry(3)}\n{entry(4)}\n{entry(5)}"}, id="5-3")
    await store.redis.hset(Store.key(CODE), "n", 5)
    assert await store.position(CODE) == 5
    assert await store.commit_log(Commit(CODE, 4, [entry(5)], "{}", 1, None, at=NOW)) is None
    assert await commit(store, 5, 2) == (7, False)
    for since in range(8):
        found = [json.loads(t)["n"] for t in await store.entries_since(CODE, since)]
        assert found == list(range(since + 1, 8)), since


async def test_a_move_without_a_deadline_writes_only_the_position(store: Store) -> None:
    await commit(store, 0, 1, None)  # the first commit marks when the keys got their expiry
    meta = await store.redis.hgetall(Store.key(CODE))
    await commit(store, 1, 2, None)
    assert await store.redis.hgetall(Store.key(CODE)) == {**meta, "n": "3"}
    await commit(store, 3, 1, NOW + 9000)  # a deadline, with the turn it belongs to
    timing = await store.timing(CODE)
    assert timing is not None
    assert (timing.n, timing.turn, timing.deadline, timing.paused) == (4, 1, NOW + 9000, False)
    await commit(store, 4, 1, None)
    timing = await store.timing(CODE)
    assert timing is not None and (timing.n, timing.deadline) == (5, None)


async def test_the_expiry_is_renewed_hourly_and_at_the_end_not_on_every_commit(
    store: Store,
) -> None:
    log = Store.key(CODE, "log")
    await commit(store, 0, 2)  # the first commit gives the log its expiry
    assert ROOM_TTL - 5 <= await store.redis.ttl(log) <= ROOM_TTL
    await store.redis.expire(log, 100)
    await commit(store, 2, 1, at=NOW + RENEW_EVERY_MS - 1)
    assert await store.redis.ttl(log) <= 100, "not renewed within the hour"
    await commit(store, 3, 1, at=NOW + RENEW_EVERY_MS)
    assert await store.redis.ttl(log) > ROOM_TTL - 5, "renewed an hour after the last renewal"
    await store.redis.expire(log, 100)
    await store.claim_seat(CODE, "washington", "t" * 24, "Ada")
    await Liveness(store.redis, "p1").presence(CODE, "washington", 1)
    await store.redis.set(Store.key(CODE, "snapshot"), "{}", ex=ROOM_TTL)
    done = Commit(CODE, 4, [entry(5)], "{}", 1, None, finished=True, at=NOW + RENEW_EVERY_MS)
    assert await store.commit_log(done) is not None
    # The end of the game keeps for 7 days what its replay and its tokens need (the meta,
    # which holds the seats, and the log); the snapshot and the presence keep the live room's
    # expiry.
    ttls = {part: await store.redis.ttl(Store.key(CODE, part)) for part in ("", "log")}
    assert all(ttl > FINISHED_TTL - 5 for ttl in ttls.values()), ttls
    assert await store.seats(CODE) == {"washington": "Ada"}
    for part in ("snapshot", "presence"):
        assert ROOM_TTL - 5 <= await store.redis.ttl(Store.key(CODE, part)) <= ROOM_TTL, part


async def test_seats_live_in_the_meta_and_presence_gets_its_expiry_when_it_is_made(
    store: Store,
) -> None:
    meta, presence_key = Store.key(CODE), Store.key(CODE, "presence")
    presence = Liveness(store.redis, "p1")

    async def join(seat: str, token: str, name: str) -> int:
        """Claim the seat and count p1's connection to it (join_seat): its connections."""
        found = await store.join_seat(CODE, seat, token, name, 0, "p1", ("", ""))
        assert found is not None
        return found[2]

    await store.redis.expire(meta, 100)
    assert await join("washington", "t" * 24, "Ada") == 1
    hashed = token_hash("t" * 24)
    fields = ["seat:washington", keys.token_field(hashed), "name:washington"]
    assert keys.token_field(hashed) == f"token:{hashed[:32]}"
    assert await store.redis.hmget(meta, fields) == [hashed, "washington", "Ada"]
    assert await store.redis.ttl(meta) <= 100, "the seats have the meta's expiry: not renewed"
    assert ROOM_TTL - 5 <= await store.redis.ttl(presence_key) <= ROOM_TTL
    old = [Store.key(CODE, part) for part in ("seats", "tokens", "names")]
    assert not await store.redis.exists(*old)
    whole = await store.redis.hgetall(meta)
    assert await store.meta(CODE) == {k: v for k, v in whole.items() if k not in fields}
    await store.redis.expire(presence_key, 100)
    assert await join("beijing", "u" * 24, "Bo") == 1
    assert await store.redis.ttl(presence_key) <= 100, "the second connection renews nothing"
    assert await store.seats(CODE) == {"washington": "Ada", "beijing": "Bo"}
    assert await store.seat_hashes(CODE) == {"washington": hashed, "beijing": token_hash("u" * 24)}
    assert await store.seat_of(CODE, "u" * 24) == "beijing"
    # Every field and value short enough for Redis to keep the hash compact (a listpack, a
    # ziplist before Redis 7; a token's whole hash in a field's name made it a hashtable, and
    # doubled the meta's memory).
    assert await store.redis.object("encoding", meta) in ("listpack", "ziplist")
    # Given up, a seat leaves no field behind; both connections gone, the presence hash is gone,
    # and made again (with its expiry) by the next.
    for seat in ("washington", "beijing"):
        assert await store.free_seat(CODE, seat)
        assert not await store.free_seat(CODE, seat)
        assert await presence.presence(CODE, seat, -1) == 0
    assert await store.redis.hgetall(meta) == await store.meta(CODE)
    assert await store.seat_of(CODE, "u" * 24) is None
    assert not await store.redis.exists(presence_key)
    assert await join("beijing", "u" * 24, "Bo") == 1
    assert ROOM_TTL - 5 <= await store.redis.ttl(presence_key) <= ROOM_TTL
    # A taken seat: nothing written, not even the connection counted.
    assert await store.join_seat(CODE, "beijing", "v" * 24, "Cy", 0, "p1", ("", "")) is None
    assert not await store.claim_seat(CODE, "beijing", "v" * 24, "Cy")
    assert await presence.present(CODE) == {"beijing": 1}
    assert await store.seats(CODE) == {"beijing": "Bo"}


async def test_a_claim_in_a_room_that_is_gone_writes_nothing(store: Store) -> None:
    """Seat fields in a meta hash that is gone would make one with no `n` and no expiry."""
    meta = Store.key(CODE)
    await store.redis.delete(meta)
    with pytest.raises(RoomGone):
        await store.claim_seat(CODE, "washington", "t" * 24, "Ada")
    with pytest.raises(RoomGone):
        await store.join_seat(CODE, "washington", "t" * 24, "Ada", 0, "p1", ("", ""))
    with pytest.raises(RoomGone):
        await store.replace_seat(CODE, "washington", "t" * 24, "Ada")
    assert not await ClassStore(store.redis).give_seat(CODE, "beijing", "h" * 64, "Bo")
    assert not await store.free_seat(CODE, "washington")
    assert not await store.redis.exists(meta, Store.key(CODE, "presence"))


async def test_the_timer_index_is_told_only_when_the_deadline_appears_moves_earlier_or_passed(
    store: Store,
) -> None:
    second = 1000
    assert (await commit(store, 0, 1, NOW + 90 * second))[1], "the first deadline"
    assert not (await commit(store, 1, 1, NOW + 95 * second, NOW + 5 * second))[1], "later"
    assert (await commit(store, 2, 1, NOW + 60 * second, NOW + 6 * second))[1], "earlier"
    assert not (await commit(store, 3, 1, KEEP, NOW + 7 * second))[1], "a chat line"
    # The deadline before (NOW + 60 s) has passed: the index holds it, and it is due.
    assert (await commit(store, 4, 1, NOW + 200 * second, NOW + 61 * second))[1], "passed"
    assert not (await commit(store, 5, 1, None, NOW + 62 * second))[1], "no deadline"
    assert (await commit(store, 6, 1, NOW + 300 * second, NOW + 63 * second))[1], "after none"


async def test_an_index_update_that_failed_is_made_by_the_next_commit(
    redis_url: str, tmp_path: Path
) -> None:
    runner, _ = await start_server(redis_url, tmp_path)
    try:
        hub = runner.app[HUB]
        redis = hub.redis
        room, _ = await hub.create_room("intro", "en", {}, {}, True)  # waits for its players
        await redis.set(keys.TIMERS, "not a sorted set")  # the index update fails: WRONGTYPE
        assert await lifecycle.start_clock(hub, room, "system")  # the first deadline
        assert room.deadline_ms is not None
        await redis.delete(keys.TIMERS)
        # A move whose deadline is later than the one before: no index update is needed —
        # except that the one before never reached the index.
        await hub.submit(room, str(room.state.to_act), Check())
        assert await redis.zscore(keys.TIMERS, room.code) == room.deadline_ms
    finally:
        await runner.cleanup()


async def test_the_commit_that_ends_a_game_returns_its_seats_and_its_log(store: Store) -> None:
    await store.redis.hset(
        Store.key(CODE), mapping={"name:washington": "Ada", "seat:washington": "h1"}
    )
    await commit(store, 0, 3)
    texts = [entry(4), entry(5)]
    ending = Commit(CODE, 3, texts, "{}", 1, None, finished=True, archive=True, at=NOW)
    written = await store.commit_log(ending)
    assert written is not None
    assert (written.n, written.names, written.hashes) == (
        5,
        {"washington": "Ada"},
        {"washington": "h1"},
    )
    assert [json.loads(text)["n"] for text in written.log] == [1, 2, 3, 4, 5]
    later = await store.commit_log(Commit(CODE, 5, [entry(6)], "{}", 1, None, finished=True))
    assert later is not None and later.log == []  # only the commit that ends the game has it


def test_a_finished_games_log_is_its_first_n_entries_whatever_format_wrote_it() -> None:
    # commits as this version writes them (field LAST), as older ones did (field `b`: one
    # commit; field `e`: one entry), and a chat line committed after the game's end
    items = [
        ("1-0", {"3": "\n".join([entry(1), entry(2), entry(3)])}),
        ("5-4", {"b": "\n".join([entry(4), entry(5)])}),
        ("6-1", {"e": entry(6)}),
        ("7-0", {"7": entry(7, "after the end")}),
    ]
    assert [json.loads(text)["n"] for text in _lines(items, 6)] == [1, 2, 3, 4, 5, 6]
    assert _lines([], 6) == [] and _lines(None, 6) == []
