"""The terminal client (`brink play` as a process) shows an instructor's controls: a broadcast
stands out, a pause says who paused, and a move while paused is refused with the reason."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from clientkit import ENV, ROOT
from controlkit import control, teacher_headers

from client.connection import BrinkClient


async def test_brink_play_shows_a_broadcast_and_a_pause_and_refuses_a_paused_move(
    server_url: str, redis_url: str
) -> None:
    headers = await teacher_headers(server_url, redis_url)
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(server_url, "Bo") as bo,
    ):
        room = await teacher.create_room("intro")
        await bo.join(room.code, "beijing")
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "server.cli", "play", "--url", server_url),
            *("--room", room.code, "--seat", "washington", "--name", "Ada"),
            cwd=ROOT,
            env=ENV,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdin is not None and process.stdout is not None
        seen: list[str] = []
        stage = 0
        async with asyncio.timeout(30):
            while line := (await process.stdout.readline()).decode():
                seen.append(line)
                if stage == 0 and "▶ your move" in line:
                    stage = 1
                    await control(teacher, "broadcast", room.code, text="Two minutes to decide")
                    await control(teacher, "pause", room.code)
                elif stage == 1 and "paused the game" in line:
                    stage = 2
                    process.stdin.write(b"1\n")  # a move, while paused
                    await process.stdin.drain()
                elif stage == 2 and "has paused the game: wait" in line:
                    stage = 3
                    process.stdin.write(b"quit\n")
                    await process.stdin.drain()
            await process.wait()
    out = "".join(seen)
    assert process.returncode == 0, out[-2000:]
    assert "📣 Message from ms_li: Two minutes to decide" in out
    assert "ms_li paused the game: moves wait until it is resumed" in out
    assert "the instructor (ms_li) has paused the game: wait until they resume it" in out
