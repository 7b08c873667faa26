"""`brink bot` and `brink play` as processes against a real server, and their one-line errors."""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from clientkit import ENV, HANG, ROOT, Screen, brink
from serverkit import start_server

from client.bot import RemoteBot
from client.connection import BrinkClient
from client.rules import fetch_rules, local_rules
from server.protocol.tokens import new_token


async def finished(process: asyncio.subprocess.Process, timeout: float = 90) -> tuple[str, str]:
    """The process's output once it has exited (`timeout` bounds a hang: five processes started
    at once, each importing the whole package, took over 30 s on a loaded machine)."""
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    return out.decode(), err.decode()


def test_brink_version_prints_the_package_version() -> None:
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "--version"], cwd=ROOT, env=ENV, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == f"brink {declared}"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["bot", "--room", "ABCD23"], "--strategy"),
        (["bot", "--room", "ABCD23", "--strategy", "genius"], "invalid choice: 'genius'"),
        (["bot", "--room", "zz", "--strategy", "dove"], "a room code is"),
        (["bot", "--room", "ABCD23", "--strategy", "dove", "--seat", "moscow"], "a seat is"),
        (["play"], "one of the arguments"),
        (["play", "--room", "ABCD23", "--bot", "dove"], "not allowed with"),
        (["play", "--bot", "dove", "--lang", "fr"], "invalid choice: 'fr'"),
        (["play", "--bot", "dove", "--token", "abcdefghijkl"], "--token resumes a seat in --room"),
        (["play", "--bot", "dove", "--seat", "beijing:leader"], "--bot plays a whole side"),
        (["play", "--room", "ABCD23", "--token", "x y"], "a seat token is 10 to 100 characters"),
        (["bot", "--room", "ABCD23", "--strategy", "dove", "--delay", "soon"], "not a number"),
        (["play", "--bot", "dove", "--name", "\u202eAda"], "a name cannot hold control characters"),
        (["play", "--bot", "dove", "--name", "\u200b "], "a name needs a visible character"),
        (["bot", "--room", "ABCD23", "--strategy", "dove", "--name", "A\tda"], "control"),
        # A path went to the server (a 4-line pydantic error); "" waited for a quick match.
        (["play", "--create", "../../etc/passwd"], "a scenario is named by its id"),
        (["play", "--create", ""], "a scenario is named by its id"),
        (["play", "--bot", "dove", "--scenario", "Intro"], "a scenario is named by its id"),
        (["play", "--quick", "--scenario", "x" * 65], "a scenario is named by its id"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(args: list[str], says: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=ENV, capture_output=True
    )
    err = done.stderr.decode()
    assert done.returncode == 2
    assert len(err.strip().splitlines()) == 1, err
    assert says in err
    assert "Traceback" not in err


async def test_an_unreachable_server_and_an_unknown_room_are_one_line(server_url: str) -> None:
    dead = "ws://127.0.0.1:9/ws"
    # Both sides taken, the game going on (it waits for Washington): two bots alone would play it
    # to its end at once, and a room whose game is over says that instead.
    client = BrinkClient(server_url, "Ada")
    await client.connect()
    full = (await client.create_room("intro", timers=False, bots={"beijing": "hawk"})).code
    await client.join(full, "washington")
    cases = [
        (["bot", "--url", server_url, "--room", full, "--strategy", "dove"], "both sides"),
        (["bot", "--url", dead, "--room", "ABCD23", "--strategy", "dove"], dead),
        (["play", "--url", dead, "--bot", "dove"], dead),
        (["bot", "--url", server_url, "--room", "ABCD23", "--strategy", "dove"], "room_not_found"),
        (["play", "--url", server_url, "--room", "ABCD23"], "room_not_found"),
    ]
    processes = [await brink(*args) for args, _ in cases]
    results = await asyncio.gather(*(finished(process) for process in processes))
    await client.close()
    for (_, says), process, (out, err) in zip(cases, processes, results, strict=True):
        assert process.returncode == 1
        assert len(err.strip().splitlines()) == 1, err
        assert says in err and "Traceback" not in err
        assert out == ""


async def test_brink_bot_plays_a_whole_game_against_another_client(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as client:
        room = await client.create_room("intro", timers=False)
        await client.join(room.code, "washington")
        process = await brink(
            "bot",
            "--url",
            server_url,
            "--room",
            room.code.lower(),
            "--strategy",
            "hawk",
            "--delay",
            "0.01",
        )
        rules = await fetch_rules(server_url, "intro")
        view = await asyncio.wait_for(RemoteBot(client, rules, "dove", seed=1).play(), 30)
        out, err = await finished(process)
    assert process.returncode == 0, err
    assert f"hawk plays beijing in room {room.code}" in out
    assert f"({view['outcome']})" in out
    scores = view["scores"]
    assert f"washington {scores['washington']}, beijing {scores['beijing']}" in out


async def test_brink_play_plays_a_scripted_game_against_a_server_bot(
    redis_url: str, tmp_path: Path
) -> None:
    # The bot waits a little before it moves, as on a real server: the script answers each
    # menu before the bot changes it (a person would be told "the menu changed").
    runner, server_url = await start_server(redis_url, tmp_path, bot_delay=0.15)
    try:
        await play_a_scripted_game(server_url)
    finally:
        await runner.cleanup()


async def play_a_scripted_game(server_url: str) -> None:
    process = await brink(
        "play", "--url", server_url, "--bot", "random", "--name", "Ada", stdin=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    seen: list[str] = []
    since_prompt: list[str] = []
    sent: list[str] = []
    first, played, proposed = True, False, 0

    def send(*lines: str) -> None:
        sent.extend(lines)
        assert process.stdin is not None
        process.stdin.write("".join(f"{line}\n" for line in lines).encode())

    async with asyncio.timeout(2 * HANG):
        while line := (await process.stdout.readline()).decode():
            seen.append(line)
            since_prompt.append(line)
            if "▶ your move" not in line:
                continue
            menu = "".join(since_prompt)
            since_prompt = []
            # a tariff first (it makes a truce possible), else any card
            plays = re.findall(r"│\s+(\d+)\s+Play [^\n]*%", menu)
            plays += re.findall(r"│\s+(\d+)\s+Play ", menu)
            offers = re.findall(r"│\s+(\d+)\s+(?:Propose|Counter with) Tariff truce", menu)
            if first:
                send("help", "say hello from a script", "99", "dance")
                first = False
            if plays and not played:
                send(plays[0])
                played = True
            elif offers and "on_china 5" not in "".join(seen) and proposed < 3:
                send(f"{offers[0]} on_china=5 on_us=5 rounds=1")
                proposed += 1
            else:
                send("1")
            await process.stdin.drain()
        process.stdin.close()
        await process.wait()
    out = "".join(seen)
    assert process.returncode == 0, out[-2000:]
    assert "💬 Ada: hello from a script" in out
    assert "choose 1 to" in out and "not on the menu" in out
    assert played and "Washington plays" in out
    assert "Your hand" in out and "Public tracks" in out and "What you can do" in out
    if proposed:  # a truce needs a tariff up: most games, not all (the hands are dealt at random)
        told = r"Tariff truce \(US tariff on China 5, China's tariff on the US 5\)"
        truce = rf"Washington (proposes|counters): {told}"
        assert re.search(truce, out)
    assert "Game over" in out
    assert re.search(r"You (win|lose)\.|A tie\.", out)
    # and how to replay it from this seat, whole on one line to copy (tests/replay)
    replay = re.search(
        r"Replay it as your side saw it: brink replay (\S+) --url (\S+) --token", out
    )
    assert replay and replay.group(2) == server_url, out[-500:]


async def test_a_room_made_with_brink_play_is_joined_by_brink_bot(server_url: str) -> None:
    player = await brink(
        "play", "--url", server_url, "--create", "intro", "--no-timers", stdin=subprocess.PIPE
    )
    assert player.stdin is not None and player.stdout is not None
    seen: list[str] = []
    bot: asyncio.subprocess.Process | None = None
    async with asyncio.timeout(2 * HANG):
        while line := (await player.stdout.readline()).decode():
            seen.append(line)
            created = re.match(r"Room ([A-Z2-9]+) created", line)
            if created:
                code = created.group(1)
                args = ["--room", code, "--strategy", "tit_for_tat", "--delay", "0"]
                bot = await brink("bot", "--url", server_url, *args)
            if "▶ your move" in line:
                player.stdin.write(b"1\n")
                await player.stdin.drain()
        await player.wait()
        assert bot is not None
        out, err = await finished(bot)
    assert player.returncode == 0 and bot.returncode == 0, err
    assert f"tit_for_tat plays beijing in room {code}" in out
    assert "Game over" in "".join(seen) and "outcome: " in out


async def test_brink_play_speaks_chinese_and_quitting_keeps_the_seat(server_url: str) -> None:
    process = await brink(
        "play", "--url", server_url, "--bot", "dove", "--lang", "zh", stdin=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    seen: list[str] = []
    async with asyncio.timeout(HANG):
        while line := (await process.stdout.readline()).decode():
            seen.append(line)
            if "▶ 輪到你" in line:
                process.stdin.write(b"quit\n")
                await process.stdin.drain()
        await process.wait()
    out = "".join(seen)
    assert process.returncode == 0
    assert "你的手牌" in out and "你可以做的事" in out and "華盛頓" in out
    assert re.search(r"--room [A-Z2-9]+\s+--token=\S+", out.replace("\n", " "))


def test_keys_and_tokens_never_start_with_a_dash_so_a_command_line_takes_them() -> None:
    # One plain token_urlsafe in 64 starts with '-' (`--key -Xy…` then fails): 4,000 draws
    # would show one all but surely.
    drawn = [new_token(18) for _ in range(4000)]
    assert not [token for token in drawn if token.startswith("-")]
    assert {len(token) for token in drawn} == {24}


async def _interrupted(shown: str, *args: str) -> str:
    """Start `brink play ARGS`, press Ctrl-C once it shows `shown`; return all it said (it must
    exit 130, as a shell's interrupted command)."""
    screen = Screen(await brink("play", *args, stdin=subprocess.PIPE))
    await screen.wait(shown)
    screen.process.send_signal(signal.SIGINT)
    async with asyncio.timeout(HANG):
        await screen.reading
        _, err = await screen.process.communicate()
    said = screen.text() + err.decode()
    assert screen.process.returncode == 130, said
    return said


async def test_ctrl_c_in_brink_play_says_interrupted_once(server_url: str) -> None:
    # It said "interrupted: your seat stays yours. Come back with …", then the command line's
    # own "interrupted" on the line after.
    said = await _interrupted("▶ your move", "--url", server_url, "--bot", "dove")
    assert said.count("interrupted") == 1, said[-1500:]
    assert re.search(r"interrupted: your seat stays yours\. Come back with brink play", said)
    assert "Traceback" not in said


async def test_ctrl_c_before_a_seat_is_taken_is_said_in_the_players_language(
    server_url: str,
) -> None:
    # Waiting for a quick match under --lang zh, Ctrl-C was answered in English.
    said = await _interrupted("快速配對", "--url", server_url, "--quick", "--lang", "zh")
    assert "已中斷" in said and "interrupted" not in said, said
    assert "Traceback" not in said


def test_brink_play_help_names_the_scenarios_and_the_seats() -> None:
    # It named neither the scenarios --create takes nor the role seats (`washington:treasury`).
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "play", "--help"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    said = done.stdout.decode()
    assert "scenarios (--create, --scenario):\n" in said  # each: tests/client/test_play_help.py
    assert re.search(r"^  intro +Supply-chain poker: first lesson$", said, re.MULTILINE), said
    assert "SIDE:ROLE" in said and "washington, beijing" in said
    sides = local_rules("classroom").spec.sides.items()
    roles = {side: {role.id for role in spec.roles} for side, spec in sides}
    for seat in re.findall(r"\b(washington|beijing):([a-z_]+)", said):  # the examples are real
        assert seat[1] in roles[seat[0]], seat
    assert "washington:treasury" in said


async def test_a_brink_bot_that_died_takes_its_seat_back_with_its_token(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as ada:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        args = ["--url", server_url, "--room", room.code, "--strategy", "hawk", "--delay", "0"]
        first = await brink("bot", *args, "--seat", "beijing")
        assert first.stdout is not None
        async with asyncio.timeout(30):
            while "takes the seat back" not in (line := (await first.stdout.readline()).decode()):
                assert line, "brink bot said no token"
        again = re.search(r"--token=(\S+) takes the seat back", line)
        assert again is not None and again.group(1) in line
        first.kill()  # killed mid-game: its seat stays taken, by its token
        await first.wait()
        second = await brink("bot", *args, f"--token={again.group(1)}")
        rules = await fetch_rules(server_url, "intro")
        view = await asyncio.wait_for(RemoteBot(ada, rules, "dove", seed=1).play(), 30)
        out, err = await finished(second)
    assert second.returncode == 0, err
    assert f"hawk plays beijing in room {room.code}" in out and f"({view['outcome']})" in out
