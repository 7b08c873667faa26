"""`brink play` (a process, against a real server) when the seat may not simply choose from a
menu: a team role whose side is waited for but who may do nothing (the Commerce in the talks)
was shown "▶ your move" over a menu in which everything was refused; a side that has passed in
the talks was told only whom it waits for, and its numbers were refused, though the engine lets
it still answer (or propose, or withdraw)."""

from __future__ import annotations

import re
import subprocess

from clientkit import Screen, brink, propose_any, to_talks

from client.connection import BrinkClient
from server.engine.commands import Check, PassTalks


async def test_a_role_that_may_not_negotiate_is_told_so_and_offered_no_menu(
    server_url: str,
) -> None:
    async with BrinkClient(server_url, "Ada") as president, BrinkClient(server_url, "Bo") as bo:
        room = await president.create_room("classroom", timers=False)
        await president.join(room.code, "washington:president")
        await bo.join(room.code, "beijing")
        seat = ("--room", room.code, "--seat", "washington:commerce", "--name", "Cy")
        screen = Screen(await brink("play", "--url", server_url, *seat, stdin=subprocess.PIPE))
        await screen.wait("▶ your move")  # the betting: the Commerce may check or play
        mark = len(screen.lines)
        await president.wait_for(lambda v: v["phase_kind"] == "betting")
        await president.act(Check())
        await bo.act(Check())
        await president.wait_for(lambda v: v["phase_kind"] == "talks")

        idle = await screen.wait(
            "▷ Your side's turn — your role (Commerce) may not negotiate deals", mark
        )
        assert (
            "Only the President or the Treasury may negotiate for Washington"
            in screen.lines[idle + 1]
        )
        shown = screen.text(mark)
        assert "▶ your move" not in shown and "What you can do" not in shown, shown
        await screen.type("1", "pass")
        await screen.wait("may not negotiate deals", idle + 2)
        await screen.wait("✗ refused: Commerce may not negotiate deals (role_not_allowed)")

        # The President passes: Washington is no longer waited for, and its Commerce may not
        # propose either: it is told why it waits.
        mark = len(screen.lines)
        await president.act(PassTalks())
        waiting = (
            "… waiting for Beijing (Bo). Your side passed; the talks end when Beijing passes too."
        )
        await screen.wait(waiting, mark)
        await screen.type("1")
        await screen.wait("Your side passed; the talks end when Beijing passes too.", mark + 1)
        assert await screen.quit() == 0


async def test_a_role_told_it_may_not_negotiate_is_told_once_and_refused_in_a_line(
    server_url: str,
) -> None:
    # After a refused move each number typed printed the whole banner again ("▷ Your side's
    # turn — your role (Commerce) may not negotiate deals" and who may): it is said once a
    # turn; a move typed under it is refused in one line, as the menu's words are.
    async with BrinkClient(server_url, "Ada") as president, BrinkClient(server_url, "Bo") as bo:
        room = await president.create_room("full_2025", timers=False)
        await president.join(room.code, "washington:president")
        await bo.join(room.code, "beijing:leader")
        seat = ("--room", room.code, "--seat", "washington:commerce", "--name", "Cy")
        screen = Screen(await brink("play", "--url", server_url, *seat, stdin=subprocess.PIPE))
        await screen.wait("▶ your move")
        await to_talks(president, bo)
        banner = "▷ Your side's turn — your role (Commerce) may not negotiate deals"
        idle = await screen.wait(banner)
        await screen.type("pass", "1", "2")
        refused = "✗ refused: Commerce may not negotiate deals (role_not_allowed)"
        last = idle
        for _ in range(3):
            last = await screen.wait(refused, last + 1)
        await screen.type("board")  # asked for: the table, and why, again
        again = await screen.wait(banner, last)
        assert screen.text(idle).count(banner) == 2, screen.text(idle)
        between = "".join(screen.lines[idle:again])
        assert between.count("Only the President or the Treasury") == 1, between
        assert await screen.quit() == 0


async def test_a_side_that_passed_is_told_so_and_may_still_accept_from_the_menu(
    server_url: str,
) -> None:
    async with BrinkClient(server_url, "Bo") as bo:
        room = await bo.create_room("classroom", timers=False)
        await bo.join(room.code, "beijing")
        seat = ("--room", room.code, "--seat", "washington", "--name", "Ada")
        screen = Screen(await brink("play", "--url", server_url, *seat, stdin=subprocess.PIPE))
        await screen.wait("▶ your move")  # the betting, both sides at once
        await screen.type("check")
        await bo.wait_for(lambda v: v["phase_kind"] == "betting")
        await bo.act(Check())
        await bo.wait_for(lambda v: v["phase_kind"] == "talks")
        await propose_any(bo)
        menu = await screen.wait("Accept the deal on the table")
        await screen.wait("▶ your move", menu)
        mark = len(screen.lines)
        await screen.type("pass")

        # Passed, with Beijing's proposal on the table: no "your move", but what is left
        # (one proposal a hand in this scenario: there is no countering it).
        still = await screen.wait("▷ You passed; the talks end when Beijing passes too.", mark)
        shown = screen.text(mark)
        said = "Until then you may still answer their proposal: accept · reject."
        assert said in " ".join(screen.text(still).split()), shown
        assert "▶ your move" not in shown, shown
        assert "✗  Pass (nothing more to say this hand) — you have already passed" in shown, shown
        accept = re.search(r"│\s+(\d+)\s+Accept the deal on the table", screen.text(mark))
        assert accept is not None, screen.text(mark)
        await screen.type(accept[1])
        struck = await screen.wait("Deal struck:", still)
        await bo.wait_for(lambda v: len(v["deals"]) == 1)
        # nothing left: no proposal on the table, and none more this hand
        await screen.wait(
            "… waiting for Beijing (Bo). You passed; the talks end when Beijing passes too.", struck
        )
        assert await screen.quit() == 0
