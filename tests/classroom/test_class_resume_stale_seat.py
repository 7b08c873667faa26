"""A class's Resume of a room the server paused for a seat (`no_seat`) that is taken again, its
resume lost (the process that seated the player died in between): the room stayed paused,
refused as `waits_for_seat`, though its side was seated. Now the class's Resume resumes it (and
says why); a room whose side still has nobody stays paused until someone sits. The same for a
room paused because nobody was at the table (`nobody_there`) whose players are back."""

from __future__ import annotations

from pathlib import Path

from classroom.test_class_seat_left import last, playing
from controlkit import until
from redis.asyncio import Redis
from serverkit import start_server

from server.live.loading import now_ms
from server.protocol import Notice
from server.storage.store import Store
from server.web.appkeys import HUB


async def test_a_class_resume_resumes_a_room_whose_awaited_seat_is_taken_and_no_other(
    server_url: str, redis_url: str
) -> None:
    async with playing(server_url, redis_url) as lesson:
        one, two = lesson.watchers
        first, second = lesson.rooms
        for student in ("s2", "s4"):  # Bo (Room 1's Beijing) and Di (Room 2's) taken out
            async with lesson.teacher.delete(f"/api/classes/{lesson.code}/students/{student}") as r:
                assert r.status == 200, await r.text()
        await until(one, lambda: last(one) == ("paused", "no_seat", "system"))
        await until(two, lambda: last(two) == ("paused", "no_seat", "system"))

        # Room 1's Beijing seat taken, the resume that would follow lost
        redis = Redis.from_url(redis_url, decode_responses=True)
        try:
            assert await Store(redis).claim_seat(first, "beijing", "t" * 32, "Eve")
        finally:
            await redis.aclose()

        resumed = await lesson.control(server_url, "resume")
        assert resumed == {first: (None, True), second: ("waits_for_seat", False)}
        await until(one, lambda: last(one) == ("resumed", "seat_taken", "system"))
        assert last(two) == ("paused", "no_seat", "system")


async def test_a_class_resume_resumes_a_room_paused_for_nobody_with_a_player_back(
    server_url: str, redis_url: str, tmp_path: Path
) -> None:
    """The same for the server's pause of a room nobody was at (`nobody_here`) whose players
    are connected again, its resume lost: it goes on."""
    async with playing(server_url, redis_url) as lesson:
        one, two = lesson.watchers
        first, second = lesson.rooms
        # Room 1 paused for nobody at the table by another process, which died before its
        # pause's own check that nobody came back meanwhile ran
        other, _ = await start_server(redis_url, tmp_path)
        try:
            hub = other.app[HUB]
            room = await hub.room(first)
            assert room is not None
            notice = Notice(kind="paused", by="system", reason="nobody_here", left_ms=20_000)
            assert await hub.note(room, notice, now_ms() + 60_000) is not None
        finally:
            await other.cleanup()
        await until(one, lambda: last(one) == ("paused", "nobody_here", "system"))

        resumed = await lesson.control(server_url, "resume")
        assert resumed == {first: (None, True), second: ("not_paused", False)}
        await until(one, lambda: last(one) == ("resumed", "player_back", "system"))
        assert two.deadline is not None
