"""Class sessions in a real Redis (server/storage/classes.py): compare-and-set, tokens, seats."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from server.storage import keys
from server.storage.classes import CLASS_TTL, ClassStore, class_key, owner_key
from server.storage.store import Store, token_hash


async def test_a_class_is_made_once_and_listed_under_its_owner(redis: Redis) -> None:
    store = ClassStore(redis)
    assert await store.save("ABCDE", "ada", '{"v":1}', None, 1000)
    assert not await store.save("ABCDE", "bo", '{"v":2}', None, 2000)  # the code is taken
    assert await store.read("ABCDE") == ('{"v":1}', 1)
    assert await store.codes_of("ada") == ["ABCDE"]
    assert await store.codes_of("bo") == []
    assert 0 < await redis.ttl(class_key("ABCDE")) <= CLASS_TTL


async def test_a_change_written_on_a_stale_version_is_refused(redis: Redis) -> None:
    store = ClassStore(redis)
    await store.save("ABCDE", "ada", "one", None)
    assert await store.save("ABCDE", "ada", "two", 1)
    assert not await store.save("ABCDE", "ada", "lost", 1)  # somebody else wrote version 2
    assert await store.read("ABCDE") == ("two", 2)


async def test_concurrent_changes_all_land_by_reading_again(redis: Redis) -> None:
    store = ClassStore(redis)
    await store.save("ABCDE", "ada", "", None)

    async def append(letter: str) -> None:
        while True:
            doc, version = await store.read("ABCDE") or ("", 0)
            if await store.save("ABCDE", "ada", doc + letter, version):
                return

    await asyncio.gather(*(append(c) for c in "abcdefghij"))
    doc, version = await store.read("ABCDE") or ("", 0)
    assert sorted(doc) == list("abcdefghij")
    assert version == 11


async def test_tokens_name_their_student_and_can_be_revoked(redis: Redis) -> None:
    store = ClassStore(redis)
    await store.save("ABCDE", "ada", "x", None, tokens={"h1": "s1", "s:s1": "h1"})
    assert await store.student_of("ABCDE", "h1") == "s1"
    assert await store.student_of("ABCDE", "h2") is None
    await store.revoke("ABCDE", "s1")
    assert await store.student_of("ABCDE", "h1") is None
    assert await store.token_hash_of("ABCDE", "s1") is None


async def test_expired_classes_drop_out_of_the_owners_list(redis: Redis) -> None:
    store = ClassStore(redis)
    await store.save("AAAAA", "ada", "x", None, 1)
    await store.save("BBBBB", "ada", "x", None, 2)
    await redis.delete(class_key("AAAAA"))
    assert await store.codes_of("ada") == ["BBBBB"]
    assert await redis.zrange(owner_key("ada"), 0, -1) == ["BBBBB"]


async def test_setups_are_kept_by_name(redis: Redis) -> None:
    store = ClassStore(redis)
    await store.put_setup("ada", "Monday", '{"team":2}')
    await store.put_setup("ada", "Friday", '{"team":1}')
    assert await store.setups("ada") == {"Monday": '{"team":2}', "Friday": '{"team":1}'}
    assert await store.delete_setup("ada", "Monday")
    assert not await store.delete_setup("ada", "Monday")
    assert await store.setups("bo") == {}
    assert await redis.ttl("{brink}:setups:ada") == -1  # kept for next term


async def test_giving_a_seat_takes_it_from_its_holder(redis: Redis) -> None:
    seats, rooms = ClassStore(redis), Store(redis)
    assert await rooms.create_room("ROOM22", {"scenario": "intro"}, "h", "{}")
    assert await rooms.claim_seat("ROOM22", "washington", "old-token-123", "Stranger")
    assert await seats.give_seat("ROOM22", "washington", token_hash("new-token-456"), "Ada")
    assert await rooms.seat_of("ROOM22", "old-token-123") is None  # its token stops working
    assert await rooms.seat_of("ROOM22", "new-token-456") == "washington"
    assert await rooms.seats("ROOM22") == {"washington": "Ada"}
    assert await seats.seat_hash("ROOM22", "washington") == token_hash("new-token-456")
    # given again to the same holder: nothing changes
    assert not await seats.give_seat("ROOM22", "washington", token_hash("new-token-456"), "Ada")
    assert await rooms.seat_of("ROOM22", "new-token-456") == "washington"


async def test_a_seat_is_freed_from_the_holder_read_only(redis: Redis) -> None:
    """Putting someone out of a class's seat frees it only from the holder read before
    (guests.take_from_guest): a student who took it meanwhile, on another process, keeps it."""
    seats, rooms = ClassStore(redis), Store(redis)
    assert await rooms.create_room("ROOM23", {"scenario": "intro"}, "h", "{}")
    assert await seats.give_seat("ROOM23", "beijing", token_hash("guest-token-1"), "Ivy")
    read = await seats.seat_hash("ROOM23", "beijing")
    assert read == token_hash("guest-token-1")
    assert await seats.give_seat("ROOM23", "beijing", token_hash("student-tok-2"), "Ada")
    assert not await seats.free_seat("ROOM23", "beijing", read)  # Ivy's is gone already
    assert await rooms.seat_of("ROOM23", "student-tok-2") == "beijing"
    assert await seats.free_seat("ROOM23", "beijing", token_hash("student-tok-2"))
    assert await rooms.seats("ROOM23") == {}


async def test_a_freed_seat_is_empty_and_its_token_dead(redis: Redis) -> None:
    seats, rooms = ClassStore(redis), Store(redis)
    assert await rooms.create_room("ROOM22", {"scenario": "intro"}, "h", "{}")
    meta = await redis.hgetall(keys.room("ROOM22"))
    assert await seats.give_seat("ROOM22", "beijing", token_hash("token-abcdef"), "Bo")
    assert await rooms.seats("ROOM22") == {"beijing": "Bo"}
    assert await seats.free_seat("ROOM22", "beijing")
    assert not await seats.free_seat("ROOM22", "beijing")
    assert await rooms.seat_of("ROOM22", "token-abcdef") is None
    assert await rooms.seats("ROOM22") == {}
    assert await redis.hgetall(keys.room("ROOM22")) == meta, "no field of the seat is left"
    await redis.delete(keys.room("ROOM22"))  # a room that is gone: its seat is not given
    assert not await seats.give_seat("ROOM22", "beijing", token_hash("token-abcdef"), "Bo")
    assert await redis.exists(keys.room("ROOM22")) == 0
