"""`brink replay CODE --url URL --token TOKEN`: a player replays a game kept on a server in the
terminal, as their side saw it (it opened only in a browser that had held the seat, or from a
record the instructor key exports). The server sends what the view may see; the lines are the
same as `brink replay` tells of the record with `--as` that side."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from clientkit import ENV, ROOT, brink
from rematchkit import play_to_the_end

from client.connection import BrinkClient


async def run(*args: str) -> tuple[int, str, str]:
    process = await brink("replay", *args)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def finished(url: str) -> tuple[str, str, str]:
    """A game Ada played as Washington against a bot to its end: its code, Ada's token and the
    room's instructor key."""
    async with BrinkClient(url, "Ada") as ada:
        made = await ada.create_room("intro", bots={"beijing": "hawk"})
        await ada.join(made.code, "washington")
        await play_to_the_end(ada)
        assert ada.token is not None
        return made.code, ada.token, made.instructor_key


async def test_a_player_replays_their_game_as_their_side_saw_it(server_url: str) -> None:
    code, token, key = await finished(server_url)

    status, told, err = await run(code, "--url", server_url, "--token", token)

    assert status == 0, err
    assert "Game over" in told and ", as washington:" in told.splitlines()[-1]
    # the same lines as the record tells from Washington's side (the key opens the record)
    status, recorded, err = await run(code, "--url", server_url, "--key", key, "--as", "washington")
    assert status == 0, err
    assert told == recorded
    # Beijing's hand was never Washington's to see: the all-seeing replay tells more
    _, everything, _ = await run(code, "--url", server_url, "--key", key)
    assert len(everything) > len(told)
    # a step on the way, in Chinese
    status, early, _ = await run(code, "--url", server_url, "--token", token, "--step", "20")
    assert status == 0 and "— step 20 of " in early
    status, chinese, _ = await run(code, "--url", server_url, "--token", token, "--lang", "zh")
    assert status == 0 and "華盛頓視角" in chinese.splitlines()[-1]


async def test_what_a_token_does_not_open_is_one_line(server_url: str) -> None:
    code, token, _ = await finished(server_url)
    url = ("--url", server_url)
    cases = [
        ((code, *url, "--token", token, "--as", "beijing"), 2, "you may open this game as a"),
        ((code, *url, "--token", token, "--as", "all"), 2, "all"),
        ((code, *url, "--token", token, "--verify"), 2, "only the room's instructor key"),
        ((code, *url, "--token", token, "--step", "100000"), 2, "this game's last step is"),
        ((code, *url, "--token", "not-a-token-of-this-game"), 1, "no such game"),
        (("../x", *url, "--token", token), 2, "is not a game's code"),
        ((code, "--url", "notaurl", "--token", token), 1, "not a ws:// or wss:// URL"),
    ]
    for args, exit_status, said in cases:
        status, out, err = await run(*args)
        assert (status, out) == (exit_status, ""), (args, out, err)
        assert said in err and len(err.strip().splitlines()) == 1, (args, err)
        assert "Traceback" not in err


@pytest.mark.parametrize("viewer", ["washington", "spectator"])
async def test_the_views_a_token_opens_are_told(server_url: str, viewer: str) -> None:
    code, token, _ = await finished(server_url)
    status, told, err = await run(code, "--url", server_url, "--token", token, "--as", viewer)
    assert status == 0, err
    assert told.splitlines()[-1].startswith("— step ")
    assert f"as {viewer}:" in told.splitlines()[-1]


async def test_a_token_without_url_asks_the_server_on_this_machine(server_url: str) -> None:
    """`brink play` and `brink games` default to ws://127.0.0.1:8080/ws: so does `brink replay`
    given a --token or --key (it said "give --url"). Where it asks is seen through an HTTP proxy
    (urllib's http_proxy) that is the test's server: it answers for http://127.0.0.1:8080."""
    code, token, key = await finished(server_url)
    _, by_url, _ = await run(code, "--url", server_url, "--token", token)
    port = server_url.split(":")[2].split("/")[0]
    proxied = {**ENV, "http_proxy": f"http://127.0.0.1:{port}", "no_proxy": ""}
    for credential in (("--token", token), ("--key", key, "--as", "washington")):
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "server.cli", "replay", code, *credential),
            cwd=ROOT,
            env=proxied,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, err.decode()
        assert out.decode() == by_url
    status, helped, _ = await run("--help")
    assert status == 0 and "default ws://127.0.0.1:8080/ws with --token or --key" in " ".join(
        helped.split()
    )
