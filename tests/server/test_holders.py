"""A commit reaches only the other processes holding the room (server/storage/holders.py): a
room held by one process publishes nothing, and no process gets its own commits back."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from redis.asyncio import Redis
from serverkit import start_server

from server.engine.commands import Check
from server.live.loading import stored_room
from server.live.relay import Relay
from server.storage.holders import Holders, process_channel
from server.storage.liveness import Liveness
from server.storage.store import Commit, Store
from server.web.appkeys import HUB

CODE = "HOLD01"


MARK = "-- marker --"


async def heard(redis: Redis, origins: list[str], action: Any) -> dict[str, list[str]]:
    """Run `action` and return what each origin's channel received meanwhile: read until a
    marker published after it has come back on every channel (Redis delivers a channel's
    messages in the order it ran the PUBLISHes), the subscriptions confirmed before it runs."""
    pubsub = redis.pubsub()
    await pubsub.subscribe(*(process_channel(o) for o in origins))
    confirmed = 0
    while confirmed < len(origins):
        message = await pubsub.get_message(timeout=10.0)
        assert message is not None, "a subscription was not confirmed"
        confirmed += message["type"] == "subscribe"
    await action()
    for origin in origins:
        await redis.publish(process_channel(origin), MARK)
    found: dict[str, list[str]] = {o: [] for o in origins}
    waiting = set(origins)
    while waiting:
        message = await pubsub.get_message(True, timeout=10.0)
        assert message is not None, f"no marker came back on {sorted(waiting)}"
        origin = message["channel"].rpartition(":")[2]
        if message["data"] == MARK:
            waiting.discard(origin)
        else:
            found[origin].append(message["data"])
    await pubsub.aclose()
    return found


def commit(expected: int, origin: str) -> Commit:
    line = json.dumps({"n": expected + 1, "chat": {"type": "chat_line", "seat": "x", "text": "hi"}})
    return Commit(
        CODE,
        expected,
        [line],
        '{"deadline":null,"entries":[',
        1,
        None,
        publish_head=True,
        at=1,
        origin=origin,
    )


async def test_commits_reach_the_other_holders_only(redis: Redis) -> None:
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro", "holders": "aaa"}, "h", "{}")
    alone = await heard(redis, ["aaa", "bbb"], lambda: store.commit_log(commit(0, "aaa")))
    assert alone == {"aaa": [], "bbb": []}

    await Holders(redis, "bbb").hold(Store.key(CODE), CODE)
    assert await redis.hget(Store.key(CODE), "holders") == "aaa bbb"
    both = await heard(redis, ["aaa", "bbb"], lambda: store.commit_log(commit(1, "aaa")))
    assert both["aaa"] == []
    [message] = both["bbb"]
    code, _, text = message.partition(" ")
    assert code == CODE and json.loads(text)["entries"][0]["n"] == 2
    back = await heard(redis, ["aaa", "bbb"], lambda: store.commit_log(commit(2, "bbb")))
    assert len(back["aaa"]) == 1 and back["bbb"] == []

    await Holders(redis, "bbb").let_go(Store.key(CODE))
    await Holders(redis, "bbb").let_go(Store.key(CODE))  # twice: no harm
    assert await redis.hget(Store.key(CODE), "holders") == "aaa"
    told = await heard(
        redis, ["aaa", "bbb"], lambda: Holders(redis, "ccc").tell(Store.key(CODE), CODE, "{}")
    )
    assert told == {"aaa": [f"{CODE} {{}}"], "bbb": []}


async def test_a_seats_presence_tells_the_other_holders_when_it_comes_and_goes(
    redis: Redis,
) -> None:
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro", "holders": "aaa bbb"}, "h", "{}")
    here, there = Liveness(redis, "aaa"), Liveness(redis, "bbb")
    tell = ("first-or-last", "other")

    async def count(live: Liveness, change: int, found: list[int]) -> None:
        found.append(await live.presence(CODE, "washington", change, tell))

    found: list[int] = []
    first = await heard(redis, ["aaa", "bbb"], lambda: count(here, 1, found))
    assert first == {"aaa": [], "bbb": [f"{CODE} first-or-last"]}
    second = await heard(redis, ["aaa", "bbb"], lambda: count(there, 1, found))
    assert second == {"aaa": [f"{CODE} other"], "bbb": []}
    one_gone = await heard(redis, ["aaa", "bbb"], lambda: count(here, -1, found))
    assert one_gone == {"aaa": [], "bbb": [f"{CODE} other"]}
    last_gone = await heard(redis, ["aaa", "bbb"], lambda: count(there, -1, found))
    assert last_gone == {"aaa": [f"{CODE} first-or-last"], "bbb": []}
    assert found == [1, 2, 1, 0]
    # Counted, and listed among the process's rooms in the same exchange, the first time.
    assert await redis.smembers("{brink}:process:aaa:rooms") == {CODE}


async def test_a_seat_claimed_counts_its_connection_and_tells_the_other_holders(
    redis: Redis,
) -> None:
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro", "holders": "aaa bbb"}, "h", "{}")
    live = Liveness(redis, "aaa")
    found: list[object] = []

    async def join(seat: str, token: str) -> None:
        listing = live.listing(CODE)
        tell = ("first", "other")
        found.append(await store.join_seat(CODE, seat, token, "Ada", 0, "aaa", tell, *listing))
        live.listed(CODE)

    told = await heard(redis, ["aaa", "bbb"], lambda: join("washington", "t" * 24))
    assert told == {"aaa": [], "bbb": [f"{CODE} first"]}
    assert found == [([], {"washington": "Ada"}, 1, {"washington": 1}, set())]
    assert await redis.smembers("{brink}:process:aaa:rooms") == {CODE}
    assert live.listing(CODE) == ()  # listed once per room, not per seat
    # A second connection of the same seat elsewhere (resume) tells `other`; a taken seat tells
    # nothing and counts nothing.
    assert await Liveness(redis, "bbb").presence(CODE, "washington", 1) == 2
    taken = await heard(redis, ["aaa", "bbb"], lambda: join("washington", "u" * 24))
    assert taken == {"aaa": [], "bbb": []}
    assert found[-1] is None
    assert await live.present(CODE) == {"washington": 2}


async def test_a_process_whose_last_connection_goes_lets_the_room_go_in_the_same_script(
    redis: Redis,
) -> None:
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro", "holders": "aaa bbb"}, "h", "{}")
    live = Liveness(redis, "bbb")
    assert await live.presence(CODE, "beijing", 1) == 1
    tell = ("gone", "")
    left = await heard(
        redis, ["aaa", "bbb"], lambda: live.presence(CODE, "beijing", -1, tell, True)
    )
    assert left == {"aaa": [f"{CODE} gone"], "bbb": []}
    assert await redis.hget(Store.key(CODE), "holders") == "aaa"
    # Without telling anybody, and the last holder: the field goes, the room stays.
    await Liveness(redis, "aaa").presence(CODE, "washington", 1)
    assert await Liveness(redis, "aaa").presence(CODE, "washington", -1, None, True) == 0
    assert await redis.hget(Store.key(CODE), "holders") is None
    assert await redis.hget(Store.key(CODE), "scenario") == "intro"


async def test_a_dead_process_is_no_longer_a_holder_of_its_rooms(redis: Redis) -> None:
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro", "holders": "aaa bbb"}, "h", "{}")
    await Liveness(redis, "bbb").presence(CODE, "beijing", 1)
    left = await Liveness(redis, "aaa").forget("bbb")
    assert left == {CODE: ["beijing"]}
    assert await redis.hget(Store.key(CODE), "holders") == "aaa"
    alone = await heard(redis, ["aaa", "bbb"], lambda: store.commit_log(commit(0, "aaa")))
    assert alone == {"aaa": [], "bbb": []}


async def test_a_dead_process_that_held_a_room_without_a_connection_is_taken_out(
    redis: Redis,
) -> None:
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro", "holders": "aaa"}, "h", "{}")
    await Holders(redis, "bbb").hold(Store.key(CODE), CODE)  # loaded, say, for its timer loop
    assert await redis.hget(Store.key(CODE), "holders") == "aaa bbb"
    assert await Liveness(redis, "aaa").forget("bbb") == {}
    assert await redis.hget(Store.key(CODE), "holders") == "aaa"


async def test_a_gone_room_gets_no_holders(redis: Redis) -> None:
    await Holders(redis, "aaa").hold(Store.key("GONE00"), "GONE00")
    assert not await redis.exists(Store.key("GONE00"))


async def test_a_process_holds_its_rooms_again_after_reconnecting(
    redis_url: str, tmp_path: Path
) -> None:
    """A Redis restored from an older copy may have lost a room's holders: catching up after
    the pub/sub connection came back holds every room again."""
    runner, _ = await start_server(redis_url, tmp_path)
    try:
        hub = runner.app[HUB]
        room, _ = await hub.create_room("intro", "en", {}, {}, False)
        meta = Store.key(room.code)
        assert await hub.redis.hget(meta, "holders") == hub.origin
        await hub.redis.hdel(meta, "holders")
        await hub._reconnected()
        await until(lambda: hub.redis.hget(meta, "holders"), hub.origin)
    finally:
        await runner.cleanup()


async def test_a_process_that_stops_cleanly_lets_its_rooms_go(
    redis_url: str, tmp_path: Path
) -> None:
    first, _ = await start_server(redis_url, tmp_path / "a")
    second, _ = await start_server(redis_url, tmp_path / "b")
    try:
        a, b = first.app[HUB], second.app[HUB]
        room, _ = await a.create_room("intro", "en", {}, {}, False)
        meta = Store.key(room.code)
        assert await b.room(room.code) is not None  # loaded, so held, by the second too
        assert await a.redis.hget(meta, "holders") == f"{a.origin} {b.origin}"
        await second.cleanup()
        assert await a.redis.hget(meta, "holders") == a.origin
    finally:
        await first.cleanup()
        await second.cleanup()


async def test_a_room_let_go_and_loaded_again_is_held(redis_url: str, tmp_path: Path) -> None:
    """Letting a room go runs in the background: if the room is loaded again meanwhile, the
    late let-go must not leave the process out of the holders."""
    runner, _ = await start_server(redis_url, tmp_path)
    try:
        hub = runner.app[HUB]
        room, _ = await hub.create_room("intro", "en", {}, {}, False)
        meta = Store.key(room.code)
        hub.release(room)  # spawns the let-go; the room is loaded again before it runs
        again = await hub.room(room.code)
        assert again is not None and again is not room
        await until(lambda: hub.redis.hget(meta, "holders"), hub.origin)
    finally:
        await runner.cleanup()


async def test_a_commit_made_while_another_process_loads_the_room_reaches_it(
    redis_url: str, tmp_path: Path
) -> None:
    """A commit published to a process while it is loading the room (after it read the log,
    before the room is in hand) is not lost: the room is caught up once loaded."""
    first, _ = await start_server(redis_url, tmp_path / "a")
    second, _ = await start_server(redis_url, tmp_path / "b")
    try:
        a, b = first.app[HUB], second.app[HUB]
        room, _ = await a.create_room("intro", "en", {}, {}, False)
        lock = asyncio.Lock()
        await lock.acquire()  # b is loading the room: its load holds this lock
        b._loading[room.code] = (lock, 1)
        await Holders(b.redis, b.origin).hold(Store.key(room.code), room.code)
        loaded = await stored_room(b.store, b.scenarios, room.code)
        assert loaded is not None
        await b.absorb(loaded, await b.entries_since(loaded, 0))  # the log as read now
        read = loaded.n
        # a commits now: b hears it while its copy is not yet in hand.
        await a.submit(room, str(room.state.to_act), Check())
        await asyncio.sleep(0.3)
        assert loaded.n == read < room.n
        b.rooms[room.code] = loaded  # the load ends
        del b._loading[room.code]
        lock.release()

        async def position() -> int:
            return loaded.n

        await until(position, room.n)
    finally:
        await first.cleanup()
        await second.cleanup()


async def until(read: Any, expected: Any, seconds: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (found := await read()) != expected:
        assert loop.time() < deadline, f"{found!r}, not {expected!r}"
        await asyncio.sleep(0.05)


async def test_a_commit_of_several_entries_reaches_another_process_whole(redis: Redis) -> None:
    """The commit script publishes the entries one a line (as the log's stream entry holds
    them); the other process's relay reads them back as the JSON array, each entry whole, with
    its text's own characters (commas, brackets, an escaped line break) untouched."""
    store = Store(redis)
    assert await store.create_room(CODE, {"scenario": "intro", "holders": "aaa"}, "h", "{}")
    got: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()

    async def on_room(code: str, payload: dict[str, Any]) -> None:
        await got.put((code, payload))

    async def nothing(*_: Any) -> None:
        return None

    relay = Relay(redis, "bbb", on_room, nothing, nothing)
    listening = asyncio.create_task(relay.listen())
    try:
        await relay.subscribe(CODE)
        while (await redis.pubsub_numsub(process_channel("bbb")))[0][1] == 0:
            await asyncio.sleep(0.01)  # its listening subscribed
        texts = ["hi, [there]", "two\nlines", '{"not": "json"}']
        lines = [
            json.dumps({"n": n, "chat": {"type": "chat_line", "seat": "x", "text": text}})
            for n, text in enumerate(texts, start=1)
        ]
        head = '{"deadline":1234,"entries":['
        three = Commit(CODE, 0, lines, head, 1, None, publish_head=True, at=1, origin="aaa")
        assert await store.commit_log(three) is not None
        code, payload = await asyncio.wait_for(got.get(), 10)
    finally:
        listening.cancel()
        await relay.close()
    assert code == CODE and payload["deadline"] == 1234
    assert payload["entries"] == [json.loads(line) for line in lines]
    assert [e["chat"]["text"] for e in payload["entries"]] == texts
    assert await redis.hget(Store.key(CODE), "n") == "3"
