"""`brink play --room CODE` into a class's room: the server gives its seats through the class only
(`class_seat`), which `brink play` cannot join. It said "the server refused: class_seat: this
room's seats are given by its class: join the class with its code", which `brink play` cannot do;
now it says what it can: watch the room (`--seat spectator`, the command given), or join the
class in a browser. In Chinese under --lang zh. The command it gives watches the room."""

from __future__ import annotations

import asyncio
import subprocess

import pytest
from classkit import add_instructor, http_base, signed_in
from clientkit import Screen, brink


async def class_room(server_url: str, redis_url: str) -> str:
    """A class's first room (a class list of four, the classroom scenario); its code."""
    await add_instructor(redis_url)
    setup = {"scenario": "classroom", "roster_text": "A1\nA2\nB1\nB2\n", "team": 2}
    async with (
        await signed_in(server_url) as teacher,
        teacher.post("/api/classes", json={**setup, "shuffle": False}) as made,
    ):
        assert made.status == 201, await made.text()
        return str((await made.json())["rooms"][0])


@pytest.mark.parametrize(
    ("seat", "lang", "says"),
    [
        ((), "en", ("brink play cannot join a class", "Watch the room", "join the class")),
        (("--seat", "washington"), "en", ("belongs to a class", "Join a class")),
        ((), "zh", ("屬於一堂課", "brink play 無法加入課堂", "旁觀這個房間", "「加入課堂」")),
    ],
)
async def test_a_class_room_says_what_brink_play_can_do_instead(
    server_url: str, redis_url: str, seat: tuple[str, ...], lang: str, says: tuple[str, ...]
) -> None:
    room = await class_room(server_url, redis_url)
    args = ("play", "--url", server_url, "--room", room.lower(), *seat, "--lang", lang)
    process = await brink(*args, "--name", "Mallory")
    out, err = (text.decode() for text in await asyncio.wait_for(process.communicate(), 30))
    assert process.returncode == 1, (out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "class_seat" in err and "join the class with its code" not in err, err
    watch = f"brink play --url {server_url} --room {room} --seat spectator"
    assert watch in err and http_base(server_url) in err, err
    assert all(said in err for said in says), err
    assert lang == "en" or "the server refused" not in err, err

    # what it says to do works: the room is watched
    argv = watch.split()[1:]
    watching = Screen(await brink(*argv, "--lang", lang, stdin=subprocess.PIPE))
    try:
        await watching.wait("watching: " if lang == "en" else "旁觀：")
    finally:
        watching.process.kill()
        await watching.process.wait()
