"""An instructor gives a `brink play` player's seat to someone else. The terminal said
"⚡ reconnecting…", then the server's English "bad_token: that token holds no seat in this room",
then "your seat stays yours, come back with brink play … --token=…" — false. Now it says, in the
player's language, that the instructor gave the seat to whom, offers to watch instead, and stops.
The notice names the seat as the rest of the terminal does ("Beijing", not "beijing"), and the
other player is told that Cy was replaced, not that Cy is away."""

from __future__ import annotations

import asyncio
import contextlib
import os

from clientkit import brink
from controlkit import control, teacher_headers

from client.connection import BrinkClient
from client.link import SEAT_LOST, SEAT_LOST_DETAIL, Status
from server.live.connection import SEAT_LOST as SERVER_SEAT_LOST


class Playing:
    """`brink play ARGS` running, its stdin a pipe held open, its output read as it comes."""

    def __init__(self, process: asyncio.subprocess.Process, stdin: int) -> None:
        self.process, self.stdin, self.seen = process, stdin, ""

    @classmethod
    async def start(cls, *args: str) -> Playing:
        reading, writing = os.pipe()
        process = await brink("play", *args, stdin=reading, columns=2000)
        os.close(reading)
        return cls(process, writing)

    async def until(self, text: str, seconds: float = 20) -> str:
        assert self.process.stdout is not None
        async with asyncio.timeout(seconds):
            while text not in self.seen:
                line = await self.process.stdout.readline()
                assert line, f"ended before {text!r}:\n{self.seen[-3000:]}"
                self.seen += line.decode()
        return self.seen

    async def end(self, seconds: float = 20) -> tuple[str, int]:
        with contextlib.suppress(OSError):
            os.close(self.stdin)
        out, _ = await asyncio.wait_for(self.process.communicate(), seconds)
        self.seen += out.decode()
        return self.seen, self.process.returncode or 0

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.stdin)
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()


async def test_a_player_whose_seat_is_given_away_is_told_so(
    server_url: str, redis_url: str
) -> None:
    headers = await teacher_headers(server_url, redis_url)
    async with BrinkClient(server_url, "Ms Li", headers=headers) as teacher:
        room = await teacher.create_room("intro", timers=False)
        where = ("--url", server_url, "--room", room.code)
        ada = await Playing.start(*where, "--seat", "washington", "--name", "Ada")
        cy = await Playing.start(*where, "--seat", "beijing", "--name", "Cy", "--lang", "zh")
        try:
            await ada.until("You are Washington")
            await cy.until("你是房間")
            await control(teacher, "reassign", room.code, seat="beijing", name="Dana")
            out, _ = await asyncio.wait_for(cy.process.communicate(), 20)
            told = cy.seen + out.decode()
            assert cy.process.returncode == 1, told[-3000:]
            assert "ms_li 把座位北京交給了 Dana" in told, told[-3000:]
            assert "老師（ms_li）把你的座位交給了 Dana" in told, told[-3000:]
            assert f"--room {room.code} --seat spectator" in told
            assert "bad_token" not in told and "⚡" not in told, told[-3000:]
            assert "座位仍然是你的" not in told and "--token" not in told.split("交給了 Dana")[-1]
            # The other player: the seat named in words, and Cy replaced rather than away.
            await ada.until("• Cy (Beijing): replaced by Dana")
            seen, _ = await ada.end()
            assert "ms_li gives the seat Beijing to Dana" in seen, seen[-3000:]
            assert "Cy (Beijing): away" not in seen, seen[-3000:]
        finally:
            ada.kill()
            cy.kill()


async def test_a_client_does_not_resume_a_seat_given_away(server_url: str, redis_url: str) -> None:
    """The library under `brink play`: a socket closed with SEAT_LOST is not resumed (its token
    holds no seat), and its listeners hear why at once."""
    assert SEAT_LOST == SERVER_SEAT_LOST
    headers = await teacher_headers(server_url, redis_url)
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(server_url, "Cy", auto_resume=True) as cy,
    ):
        room = await teacher.create_room("intro", timers=False)
        await cy.join(room.code, "beijing")
        heard: list[Status] = []
        cy.listeners.append(lambda said: heard.append(said) if isinstance(said, Status) else None)
        await control(teacher, "reassign", room.code, seat="beijing", name="Dana")
        async with asyncio.timeout(10):
            while not heard:
                await asyncio.sleep(0.02)
        assert heard == [Status("failed", SEAT_LOST_DETAIL)] and cy.seat_lost
        await asyncio.sleep(0.5)
        assert heard == [Status("failed", SEAT_LOST_DETAIL)]  # no resume tried meanwhile
