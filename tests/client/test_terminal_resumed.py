"""`brink play` come back to its seat with its token mid-game tells the entries it replays as a
player who saw them live was told them: `Washington's political capital 4 → 3`, not a bare
`Washington's political capital 3` for the first change of each variable (the narrator knew no
value before the first it was told). Where the value before cannot be known (the entries do not
begin with the game), it says so."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from clientkit import Screen, brink

from client.connection import BrinkClient
from client.terminal.names import Names
from client.terminal.narration import Narrator
from server.engine.events import GameStarted, VariablesChanged
from server.protocol import Entry
from server.ruleset.loader import load_ruleset

CHANGES = re.compile(r"^  · .*")


def replayed(text: str) -> list[str]:
    """The lines a resumed `brink play` replays: from after its `You are …` line (and its
    wrapped rest) to the table."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("You are Washington"))
    start = next(i for i in range(start, len(lines)) if "resumes it)" in lines[i]) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("╭"))
    return lines[start:end]


async def test_a_resumed_seat_tells_a_change_with_the_value_before_as_it_was_told_live(
    server_url: str,
) -> None:
    async with BrinkClient(server_url, "Bo") as bo:
        room = await bo.create_room("intro", timers=False)
        await bo.join(room.code, "beijing")
        seat = ("--room", room.code, "--seat", "washington", "--name", "Ada")
        live = Screen(await brink("play", "--url", server_url, *seat, stdin=subprocess.PIPE))
        await live.wait("▶ your move")  # Washington opens the hand; Beijing, then, waits
        costly = re.search(r"│\s+(\d+)\s+Play ([^\n]+?) \(cost [1-9]", live.text())
        assert costly is not None, live.text()
        mark = len(live.lines)
        await live.type(costly[1])
        await live.wait(f"Washington plays {costly[2]}.", mark)
        paid = await live.wait("Washington's political capital", mark)
        assert re.search(r"political capital \d+ → \d+", live.lines[paid]), live.text(mark)
        token = re.search(r"Seat token (\S+)", live.text())
        assert token is not None, live.text()
        assert await live.quit() == 0

        back = ("--room", room.code, f"--token={token[1]}")
        resumed = Screen(await brink("play", "--url", server_url, *back, stdin=subprocess.PIPE))
        await resumed.wait("Beijing")  # the table's players line: the replay was printed
        await resumed.wait("╭")
        told = replayed(resumed.text())
        assert any(f"Washington plays {costly[2]}." in line for line in told), told
        changes = [line for line in told if CHANGES.match(line)]
        assert any("political capital" in line and "→" in line for line in changes), told
        # Each line replayed is a line the live player was shown (the same width: wrapped
        # alike), the changes with their value before.
        shown = set(live.text().splitlines())
        assert [line for line in told if line not in shown] == [], (told, live.text())
        assert await resumed.quit() == 0


def test_a_change_whose_value_before_was_not_sent_says_so() -> None:
    rules = load_ruleset(Path("rules/intro.yaml"))
    tariff = "tariff_on_china"
    assert rules.spec.variables[tariff].initial == 0
    change = Entry(n=9, event=VariablesChanged(cause="us_tariff_34", values={tariff: 34}))
    start = GameStarted(rules=rules.id, rules_hash=rules.hash, seed=None)

    for lang, unknown in (("en", "(the value before is not known)"), ("zh", "之前的值不明")):
        narrator = Narrator(Names(rules, lang))  # type: ignore[arg-type]
        narrator.begin([change])  # not from the game's start
        said = narrator.say(change)
        assert said is not None and unknown in said.plain and "34%" in said.plain, said
        narrator.begin([Entry(n=2, event=start), change])
        said = narrator.say(change)
        assert said is not None and "0% → 34%" in said.plain, said
