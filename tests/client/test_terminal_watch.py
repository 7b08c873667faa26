"""`brink play --room CODE --seat spectator` watches a room from a terminal: it joins as a
spectator, draws the table, tells both sides' moves as they happen and the game's result, shows
nothing the server does not send a spectator (no hand, no private stockpile, no objective before
the end), reads no input, stops on Ctrl-C saying so once (in Chinese under --lang zh), and joins
again by itself when the server comes back (drawing the table again, as a player's terminal
does: it did not). Two Python clients play; `brink play` watches."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from clientkit import ENV, ROOT, Screen, brink, seated
from serverkit import start_server

from client.bot import RemoteBot
from client.connection import Notice
from client.rules import fetch_rules
from client.terminal.names import Names
from server.game.narrate import describe
from server.protocol import Entry
from server.ruleset.model import Ruleset

MOVES = (
    "card_played",
    "card_played_face_down",
    "checked",
    "called",
    "bluff_called",
    "card_revealed",
    "folded",
    "hand_won",
    "deal_proposed",
    "deal_rejected",
    "deal_withdrawn",
    "deal_struck",
    "talks_passed",
)


async def watching(url: str, code: str, *more: str, columns: int = 110) -> Screen:
    args = ("play", "--url", url, "--room", code, "--seat", "spectator", "--name", "Sam")
    return Screen(await brink(*args, *more, stdin=subprocess.PIPE, columns=columns))


def told_moves(rules: Ruleset, entries: list[Entry]) -> Counter[str]:
    """The lines telling both sides' public moves in `entries` (a player's), and how often."""
    said: Counter[str] = Counter()
    for entry in entries:
        event = entry.event
        if event is not None and event.type in MOVES:
            said[describe(rules, event) or ""] += 1
    return said


async def test_a_spectator_is_told_every_move_and_the_result_and_no_hidden_card(
    server_url: str,
) -> None:
    washington, beijing = await seated(server_url)
    players = (washington, beijing)
    held: set[str] = set()  # every card either side held

    def hands(_: Notice | None = None) -> None:
        for player in players:
            assert player.side is not None
            held.update(player.view["sides"][player.side].get("hand") or [])

    hands()
    for player in players:
        player.listeners.append(hands)
    assert washington.code is not None
    # Wide enough that no line is wrapped: a card's name is never split to escape the search.
    screen = await watching(server_url, washington.code, columns=1000)
    try:
        await screen.wait("watching: Washington (Ada)  vs  Beijing (Bo)")
        await screen.type("1", "quit", "say hi")  # read by nothing: no move, no leaving, no chat
        rules = await fetch_rules(server_url, "intro")
        bots = [
            RemoteBot(washington, rules, "hawk", say=lambda _: None, seed=1),
            RemoteBot(beijing, rules, "dove", say=lambda _: None, seed=2),
        ]
        view = (await asyncio.wait_for(asyncio.gather(*(bot.play() for bot in bots)), 60))[0]
        async with asyncio.timeout(30):
            await screen.reading
            status = await screen.process.wait()
    finally:
        if screen.process.returncode is None:
            screen.process.kill()
            await screen.process.wait()
        for player in players:
            await player.close()
    out = screen.text()
    assert status == 0, out[-3000:]
    names = Names(rules)

    # Every move of both sides, told once, as it happened.
    moves = told_moves(rules, washington.entries)
    assert moves and any("Washington" in line for line in moves), moves
    assert any("Beijing" in line for line in moves), moves
    told = Counter(line for line in out.splitlines() if line in moves)
    assert told == moves, (told, moves)
    # The result: the narrated end, the scores and who won.
    outcome = names.t(rules.outcomes[view["outcome"]].name)
    assert f"Game over: {outcome}" in out
    for side, score in view["scores"].items():
        assert f"{names.side_name(side)}: {score}" in out
    scores = view["scores"]
    winner = max(scores, key=scores.__getitem__)
    verdict = "A tie." if len(set(scores.values())) == 1 else f"{names.side_name(winner)} wins."
    assert verdict in out.split("Game over: ")[-1]

    # No menu, and none of what the server keeps from a spectator.
    assert "What you can do" not in out and "your move" not in out and "💬" not in out
    assert "Your hand" not in out and "Your stockpiles" not in out
    scopes = rules.scopes
    public = [names.variable(name) for name in scopes if scopes[name] == "public"]
    private = [names.variable(name) for name in scopes if scopes[name] != "public"]
    assert private and not [name for name in private if name in out], private
    before_the_end = out.split("Game over: ")[0]
    for objective in rules.objectives.values():
        assert names.t(objective.name) not in before_the_end
    public_cards = ("card_played", "card_revealed", "deal_broken")  # face down: only its side's
    events = [entry.event for entry in washington.entries if entry.event is not None]
    shown = {getattr(event, "card", "") for event in events if event.type in public_cards}
    hidden = {names.card_name(card) for card in held - shown}
    assert hidden, "every card was played: nothing hidden to look for"
    scrubbed = out
    for name in sorted(public, key=len, reverse=True):  # a flag may share a card's name
        scrubbed = scrubbed.replace(name, "")
    assert not [card for card in hidden if card in scrubbed], hidden
    assert [card for card in hidden if card not in public], "a card looked for, not a flag"


@pytest.mark.parametrize(
    ("lang", "table", "stopped", "said_once"),
    [
        ("en", "watching: ", "interrupted: you stopped watching room", "interrupted"),
        ("zh", "旁觀：", "已中斷：你已停止觀看房間", "已中斷"),
    ],
)
async def test_ctrl_c_stops_watching_saying_so_once(
    server_url: str, lang: str, table: str, stopped: str, said_once: str
) -> None:
    washington, beijing = await seated(server_url)
    try:
        assert washington.code is not None
        screen = await watching(server_url, washington.code, "--lang", lang)
        await screen.wait(table)
        screen.process.send_signal(signal.SIGINT)
        async with asyncio.timeout(20):
            await screen.reading
            _, err = await screen.process.communicate()
    finally:
        await washington.close()
        await beijing.close()
    said = screen.text() + err.decode()
    assert screen.process.returncode == 130, said
    assert said.count(said_once) == 1 and stopped in said, said[-1500:]
    assert lang == "en" or "interrupted" not in said
    assert f"--room {washington.code} --seat spectator" in said.replace("\n", "")
    assert "Traceback" not in said


async def test_watching_a_room_that_is_not_there_is_one_line(server_url: str) -> None:
    process = await brink("play", "--url", server_url, "--room", "ABCD23", "--seat", "spectator")
    out, err = (text.decode() for text in await asyncio.wait_for(process.communicate(), 30))
    assert process.returncode == 1
    assert len(err.strip().splitlines()) == 1, err
    assert "room_not_found" in err and "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--create", "intro", "--seat", "spectator"], "--seat spectator watches a room"),
        (["--bot", "dove", "--seat", "spectator"], "--seat spectator watches a room"),
        (["--room", "ABCD23", "--seat", "spectator", "--token", "abcdefghijkl"], "no --token"),
        (["--room", "ABCD23", "--seat", "watcher"], "washington, beijing, SIDE:ROLE or spectator"),
    ],
)
def test_a_spectator_seat_in_the_wrong_place_is_one_line(args: list[str], says: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "play", *args], cwd=ROOT, env=ENV, capture_output=True
    )
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert len(err.strip().splitlines()) == 1 and says in err, err


def test_brink_play_help_names_the_spectator_seat() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "play", "--help"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
    )
    said = done.stdout.decode()
    assert done.returncode == 0
    assert "spectator to watch" in said and "brink play --room K7QX2M --seat spectator" in said


async def test_a_spectator_joins_again_when_the_server_comes_back(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    washington, beijing = await seated(url)
    assert washington.code is not None
    screen = await watching(url, washington.code)
    try:
        await screen.wait("watching: ")
        await washington.chat("before the restart")
        await screen.wait("💬 Ada: before the restart")
        await washington.drop()
        await beijing.drop()
        await runner.cleanup()
        await screen.wait("connection lost")
        runner, _ = await start_server(redis_url, tmp_path, port=port)
        back = await screen.wait("reconnected")
        # in a player's words, not the client library's log position ("back at 20")
        assert screen.lines[back].strip() == "⚡ reconnected: you are back in the game"
        # the table drawn again, as a player's is: what changed meanwhile is on it
        await screen.wait("watching: Washington (Ada)  vs  Beijing (Bo)", back)
        await washington.reconnect()
        await washington.chat("after the restart")
        await screen.wait("💬 Ada: after the restart", back)
        chat = [line for line in screen.lines if line.startswith("💬")]
        assert chat == ["💬 Ada: before the restart\n", "💬 Ada: after the restart\n"], chat
    finally:
        if screen.process.returncode is None:
            screen.process.kill()
            await screen.process.wait()
        await washington.close()
        await beijing.close()
        await runner.cleanup()
