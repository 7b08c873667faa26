"""`brink play` at a terminal asks "Rematch? [y/N]" at the end of a game and plays the next one
in a new room; a script piping its moves in is not asked (it ends with the game, as before). Back
at a finished game, its rematch is told in words."""

from __future__ import annotations

import asyncio
import os
import re
import termios
from collections.abc import Awaitable, Callable

from clientkit import brink, seated
from rematchkit import both_play_out, hears


def terminal() -> tuple[int, int]:
    """A pseudo-terminal (its two ends) that does not echo what is typed."""
    master, slave = os.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[3] &= ~termios.ECHO
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    return master, slave


Answer = Callable[[str, list[str], int], Awaitable[None]]


async def at_terminal(args: list[str], answer: Answer, seconds: float = 30) -> tuple[str, int]:
    """Run `brink play ARGS` at a pseudo-terminal, calling `answer(line, seen, master)` for each
    line it prints (`seen`: the lines so far; write to `master` to type); return what it
    printed and its exit code."""
    master, slave = terminal()
    seen: list[str] = []
    try:
        process = await brink("play", *args, stdin=slave)
        assert process.stdout is not None
        async with asyncio.timeout(seconds):
            while line := (await process.stdout.readline()).decode():
                seen.append(line)
                await answer(line, seen, master)
            code = await process.wait()
    finally:
        os.close(master)
        os.close(slave)
    return "".join(seen), code


async def test_brink_play_at_a_terminal_asks_for_a_rematch_and_plays_it(server_url: str) -> None:
    async def answer(line: str, seen: list[str], master: int) -> None:
        if "Rematch?" in line:
            os.write(master, b"y\n")
        elif "▶ your move" in line:
            again = any("Rematch: a new game in room" in said for said in seen)
            os.write(master, b"quit\n" if again else b"1\n")

    args = ["--url", server_url, "--bot", "hawk", "--name", "Ada"]
    out, code = await at_terminal(args, answer, 60)
    assert code == 0, out[-2000:]
    rooms = re.findall(r"You are Washington in room ([A-Z2-9]+)", out)
    made = re.search(r"Rematch: a new game in room ([A-Z2-9]+)", out)
    assert made is not None and rooms and made.group(1) != rooms[0], out[-2000:]
    assert "Game over" in out and out.index("Game over") < made.start()
    assert re.search(rf"--room {made.group(1)}\s", out.replace("\n", " ")), "left the new room"


async def test_brink_play_back_at_a_finished_game_tells_its_rematch(server_url: str) -> None:
    ada, bo = await seated(server_url)
    try:
        await both_play_out(ada, bo)
        await bo.rematch()
        await hears(ada, "rematch_offered")
        await ada.rematch()
        made = await hears(bo, "rematch")
        back = ["--room", ada.code or "", f"--token={ada.token}"]
        process = await brink("play", "--url", server_url, *back, "--lang", "zh")
        out, err = await process.communicate()
    finally:
        await ada.close()
        await bo.close()
    told = out.decode()
    assert process.returncode == 0, err.decode()
    assert "Bo 提議再來一局" in told  # not the notice's kind, rematch_offered
    assert f"雙方同意再來一局：新的一局在房間 {made.room}" in told


async def test_brink_play_answering_no_to_an_offer_declines_it(server_url: str) -> None:
    async def answer(line: str, seen: list[str], master: int) -> None:
        if "Accept? [y/N]" in line:
            os.write(master, b"n\n")

    ada, bo = await seated(server_url)
    try:
        await both_play_out(ada, bo)
        await ada.rematch()
        back = ["--room", bo.code or "", f"--token={bo.token}", "--name", "Bo"]
        out, _ = await at_terminal(["--url", server_url, *back], answer)
        assert "Ada offers a rematch. Accept? [y/N]" in out, out[-2000:]
        assert "You decline the rematch." in out
        declined = await hears(ada, "rematch_declined")
        assert (declined.seat, declined.name) == ("beijing", "Bo")
    finally:
        await ada.close()
        await bo.close()


async def test_brink_play_waiting_for_its_offer_is_told_it_was_declined(server_url: str) -> None:
    ada, bo = await seated(server_url)

    async def answer(line: str, seen: list[str], master: int) -> None:
        if "Rematch?" in line:
            os.write(master, b"y\n")
        elif "waiting for the other side" in line:
            await hears(bo, "rematch_offered")
            await bo.decline_rematch()

    try:
        await both_play_out(ada, bo)
        back = ["--room", ada.code or "", f"--token={ada.token}", "--name", "Ada"]
        out, code = await at_terminal(["--url", server_url, *back], answer)
        assert code == 0, out[-2000:]
        assert "Bo declines the rematch." in out, out[-2000:]
    finally:
        await ada.close()
        await bo.close()


async def test_an_offer_made_while_the_terminal_asks_is_asked_again(server_url: str) -> None:
    """ "Rematch?" was worked out once: an offer the other side made while it waited went
    unnoticed (a yes offered again, a no did not decline it). Now the question becomes "Ada
    offers a rematch. Accept?" and a yes accepts it."""
    ada, bo = await seated(server_url)

    async def answer(line: str, seen: list[str], master: int) -> None:
        if "Rematch? The same game again" in line:
            await ada.rematch()  # offered while Bo's terminal waits for an answer
        elif "Ada offers a rematch. Accept? [y/N]" in line:
            os.write(master, b"y\n")
        elif "Rematch: a new game in room" in line:
            os.write(master, b"quit\n")

    try:
        await both_play_out(ada, bo)
        back = ["--room", bo.code or "", f"--token={bo.token}", "--name", "Bo"]
        out, code = await at_terminal(["--url", server_url, *back], answer)
        assert code == 0, out[-2000:]
        assert "Ada offers a rematch. Accept? [y/N]" in out, out[-2000:]
        made = await hears(ada, "rematch")
        assert f"Rematch: a new game in room {made.room}" in out, out[-2000:]
    finally:
        await ada.close()
        await bo.close()
