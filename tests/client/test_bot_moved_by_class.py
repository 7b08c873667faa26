"""A class's student playing from a terminal (`brink bot --token …`, `brink play --room …
--token …`, the seat token the class gave) is moved by the instructor to another room. The bot
printed nothing and never exited, even after its old room's game ended, while its new room sat
"Paused: nobody there". The server had told its socket that the seat was given up (its own `left`
presence) and put it out of the room. Now the client hears it (`seat_freed`, a `failed` status),
and both terminal clients say in one line what happened and where to look for the new seat (a
seat token cannot follow the class: the class page does), and stop (exit status 1)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aiohttp
from classkit import add_instructor, http_base, signed_in
from clientkit import brink
from controlkit import control, teacher_headers

from client.connection import BrinkClient
from client.link import SEAT_FREED_DETAIL, Status
from server.protocol import ClassFollowed, FollowClass


async def a_class(url: str, redis_url: str) -> tuple[aiohttp.ClientSession, str, list[str]]:
    """A signed-in instructor's session, the class's code and its rooms (Ada and Bo in the
    first, Cy and Di in the second)."""
    await add_instructor(redis_url)
    setup = {"title": "P4", "scenario": "intro", "roster_text": "Ada\nBo\nCy\nDi\n"}
    teacher = await signed_in(url)
    async with teacher.post("/api/classes", json={**setup, "shuffle": False}) as made:
        assert made.status == 201, await made.text()
        info = await made.json()
    return teacher, info["code"], info["rooms"]


async def seat_of(url: str, code: str, name: str) -> ClassFollowed:
    """Join the class as `name`; where the class seats them, with the seat's token."""
    async with (
        aiohttp.ClientSession(base_url=http_base(url)) as anyone,
        anyone.post(f"/api/classes/{code}/join", json={"name": name}) as joined,
    ):
        token = (await joined.json())["token"]
    async with BrinkClient(url, name) as client:
        where = await client.request(FollowClass(code=code, token=token))
    assert isinstance(where, ClassFollowed) and where.room and where.seat and where.token
    return where


async def move(teacher: aiohttp.ClientSession, code: str, body: dict[str, Any]) -> None:
    async with teacher.post(f"/api/classes/{code}/move", json=body) as moved:
        assert moved.status == 200, await moved.text()


async def output(process: asyncio.subprocess.Process, until: str) -> str:
    """Read the process's standard output until `until` shows."""
    assert process.stdout is not None
    seen = ""
    async with asyncio.timeout(30):
        while until not in seen:
            line = await process.stdout.readline()
            assert line, f"ended before {until!r}:\n{seen}"
            seen += line.decode()
    return seen


async def ended(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    """Wait for the process to end by itself (its stdin, if a pipe, left open: it does not stop
    for want of input); its exit status and the rest of its output."""
    assert process.stdout is not None and process.stderr is not None
    async with asyncio.timeout(30):
        out, err = await asyncio.gather(process.stdout.read(), process.stderr.read())
        status = await process.wait()
    return status, out.decode(), err.decode()


async def test_a_students_bot_moved_to_another_room_says_so_and_stops(
    server_url: str, redis_url: str
) -> None:
    teacher, code, rooms = await a_class(server_url, redis_url)
    try:
        ada = await seat_of(server_url, code, "Ada")
        assert ada.room == rooms[0] and ada.token is not None
        args = ("--url", server_url, "--room", ada.room, "--strategy", "random")
        bot = await brink("bot", *args, "--token", ada.token)
        try:
            await output(bot, f"random plays {ada.seat} in room {ada.room}")
            await move(teacher, code, {"student": "s1", "room": rooms[1], "seat": "washington"})
            status, out, err = await ended(bot)
        finally:
            with contextlib.suppress(ProcessLookupError):
                bot.kill()
        assert status == 1, (out, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert f"the seat {ada.seat} in room {ada.room} was given up elsewhere" in err, err
        assert "the instructor moved its student to another seat or room" in err, err
        assert "Join a class" in err and "--token TOKEN" in err, err
    finally:
        await teacher.close()


async def test_a_students_terminal_moved_to_another_room_says_so_and_stops(
    server_url: str, redis_url: str
) -> None:
    teacher, code, _ = await a_class(server_url, redis_url)
    try:
        ada = await seat_of(server_url, code, "Ada")
        assert ada.room is not None and ada.token is not None
        where = ("--url", server_url, "--room", ada.room, "--token", ada.token, "--name", "Ada")
        play = await brink("play", *where, stdin=asyncio.subprocess.PIPE)
        try:
            await output(play, "You are Washington")
            await move(teacher, code, {"student": "s1", "room": "new", "seat": "washington"})
            status, out, err = await ended(play)
        finally:
            with contextlib.suppress(ProcessLookupError):
                play.kill()
        assert status == 1, (out, err)
        assert "Your seat was given up: the instructor moved you" in out, out[-2000:]
        assert f"--room {ada.room} --seat spectator" in out, out[-2000:]
        assert "your seat stays yours" not in out and "⚡" not in out, out[-2000:]
        assert "Traceback" not in err, err
    finally:
        await teacher.close()


async def test_the_library_hears_its_seat_freed(server_url: str, redis_url: str) -> None:
    """Under the terminal clients: the client whose seat the class freed is told at once (a
    `failed` status; `next_update` raises), and does not try to resume it."""
    teacher, code, rooms = await a_class(server_url, redis_url)
    try:
        ada = await seat_of(server_url, code, "Ada")
        assert ada.room is not None and ada.token is not None
        async with BrinkClient(server_url, "Ada", auto_resume=True) as client:
            await client.resume(ada.room, ada.token)
            heard: list[Status] = []
            client.listeners.append(lambda m: heard.append(m) if isinstance(m, Status) else None)
            await move(teacher, code, {"student": "s1", "room": rooms[1], "seat": "beijing"})
            async with asyncio.timeout(15):
                while not heard:
                    await asyncio.sleep(0.02)
            assert heard == [Status("failed", SEAT_FREED_DETAIL)] and client.seat_freed
            assert client.gone == SEAT_FREED_DETAIL
    finally:
        await teacher.close()


async def test_a_bot_whose_seat_the_instructor_gives_away_says_so_and_stops(
    server_url: str, redis_url: str
) -> None:
    """Controls → Seats gives the bot's seat to Dana: the server closes its socket (SEAT_LOST);
    the bot said nothing and went on waiting (or died retrying a move after 60 s)."""
    headers = await teacher_headers(server_url, redis_url)
    async with BrinkClient(server_url, "Ms Li", headers=headers) as teacher:
        room = await teacher.create_room("intro", timers=False)
        args = ("--url", server_url, "--room", room.code, "--strategy", "random")
        bot = await brink("bot", *args, "--seat", "beijing")
        try:
            await output(bot, f"random plays beijing in room {room.code}")
            await control(teacher, "reassign", room.code, seat="beijing", name="Dana")
            status, out, err = await ended(bot)
        finally:
            with contextlib.suppress(ProcessLookupError):
                bot.kill()
    assert status == 1, (out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    said = f"the instructor (ms_li) gave the seat beijing in room {room.code} to Dana"
    assert said in err and f"--room {room.code} --seat spectator" in err, err
