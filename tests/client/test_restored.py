"""The Python client after the server's Redis went back in time (restored from an older backup):
its resume from where it was is refused (`bad_since`, the room's log now ends before), so it
resumes once more from 0 and rebuilds its state from the whole log, as the web client does —
by itself with `auto_resume` (as `brink play` and `brink bot` run it), and in `reconnect()`."""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path

import pytest
from clientkit import brink, seated, statuses, until
from restorekit import Backup, backup, port_of, restored
from serverkit import start_server

from client.bot import RemoteBot
from client.connection import BrinkClient, ServerError
from client.rules import fetch_rules
from server.protocol import Entry


async def went_on(
    redis_url: str, washington: BrinkClient, beijing: BrinkClient
) -> tuple[list[Entry], int, Backup]:
    """Say something, back up Redis, say more; return Washington's entries at the backup, how
    far it has seen since, and the backup."""
    await washington.chat("before the backup")
    await until(lambda: beijing.n == washington.n, 15)
    saved, entries = await backup(redis_url), list(washington.entries)
    await beijing.chat("after the backup")
    await washington.chat("this one too")
    await until(lambda: beijing.n == washington.n, 15)
    return entries, washington.n, saved


async def test_a_lost_connection_to_a_server_restored_from_a_backup_starts_again_from_0(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    port = port_of(url)
    washington, beijing = await seated(url, {"auto_resume": True})
    heard = statuses(washington)
    washington.resume_delays = (0.2,) * 75  # tries for 15 s while the server is down
    rules = await fetch_rules(url, "intro")
    bot = RemoteBot(washington, rules, "tit_for_tat", say=lambda _: None)  # as `brink bot`
    try:
        entries, seen, saved = await went_on(redis_url, washington, beijing)
        bot._observe()
        before = bot.bot
        await beijing.close()
        await runner.cleanup()  # Washington's connection is lost: it tries again and again
        await until(lambda: heard, 15)
        runner = await restored(redis_url, tmp_path, saved, port)
        await until(lambda: len(heard) > 1, 15)

        assert [s.kind for s in heard] == ["lost", "resumed"], heard
        back = entries[-1].n
        assert back < seen
        assert f"back at {back}" in heard[-1].detail and f"position {seen}" in heard[-1].detail
        assert washington.restarts == 1
        assert washington.n == back
        assert washington.entries == entries, "the state read again from the whole log"
        said = [entry.chat.text for entry in washington.entries if entry.chat]
        assert said == ["before the backup"]
        bot._observe()  # it forgets what it saw of the game: a new bot is shown the log
        assert bot.bot is not before and bot._seen == len(entries)
        # The game goes on from where the server is.
        assert (await washington.chat("still here")).n == back + 1
        assert washington.n == back + 1
    finally:
        await washington.close()
        await beijing.close()
        await runner.cleanup()


async def test_reconnect_after_a_restore_starts_again_from_0_once(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    port = port_of(url)
    washington, beijing = await seated(url, {"auto_resume": True})
    washington.record = True
    try:
        entries, seen, saved = await went_on(redis_url, washington, beijing)
        await washington.drop()
        await beijing.drop()
        await runner.cleanup()
        runner = await restored(redis_url, tmp_path, saved, port)
        washington.received.clear()
        joined = await washington.reconnect()
        assert joined.n == entries[-1].n < seen
        assert washington.entries == entries and washington.restarts == 1
        refused = [text for text in washington.received if '"bad_since"' in text]
        seated_again = [text for text in washington.received if '"type":"joined"' in text]
        assert len(refused) == len(seated_again) == 1, "one resume refused, then one from 0"
        # An explicit resume says what the server said.
        async with BrinkClient(url, "Ada") as other:
            with pytest.raises(ServerError, match=f"bad_since: .* ends at {joined.n}"):
                await other.resume(joined.code, joined.token or "", seen)
    finally:
        await washington.close()
        await beijing.close()
        await runner.cleanup()


async def test_brink_play_goes_on_after_the_server_comes_back_from_a_backup(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    port = port_of(url)
    args = ["play", "--url", url, "--create", "intro", "--no-timers", "--name", "Ada"]
    play = await brink(*args, stdin=subprocess.PIPE)
    assert play.stdin is not None and play.stdout is not None
    beijing = BrinkClient(url, "Bo")
    seen: list[str] = []

    async def read_until(pattern: str) -> re.Match[str]:
        assert play.stdout is not None
        while line := (await play.stdout.readline()).decode():
            seen.append(line)
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"brink play ended without {pattern!r}:\n{''.join(seen)[-3000:]}")

    async def say(text: str) -> None:
        assert play.stdin is not None
        play.stdin.write(f"say {text}\n".encode())
        await play.stdin.drain()
        await read_until(f"Ada: {text}")

    try:
        async with asyncio.timeout(60):
            code = (await read_until(r"Room ([A-Z2-9]+) created")).group(1)
            await beijing.connect()
            await beijing.join(code, "beijing")
            await say("before the backup")
            await until(lambda: beijing.entries and beijing.entries[-1].chat, 15)
            saved, back = await backup(redis_url), beijing.n
            await say("after the backup")
            await beijing.close()
            await runner.cleanup()
            await read_until("connection lost")
            runner = await restored(redis_url, tmp_path, saved, port)
            said = await read_until(r"reconnected|could not reconnect")
            assert said.group(0) == "reconnected", "".join(seen)[-2000:]
            # in a player's words: "back at 20: the server's log of this room now ends
            # before position 23…" was the client library's
            assert "reconnected: you are back in the game. The server had" in seen[-1], seen[-1]
            assert f"back at {back}" not in seen[-1] and "position" not in seen[-1], seen[-1]
            if "read again from" not in seen[-1]:  # the line wrapped
                await read_until("read again from")
            await say("after the restore")
            async with BrinkClient(url, "Li") as watching:
                joined = await watching.join(code)
            lines = [entry.chat.text for entry in joined.entries if entry.chat]
            assert lines == ["before the backup", "after the restore"]
            play.stdin.write(b"quit\n")
            await play.stdin.drain()
            await read_until("your seat stays yours")
            assert await play.wait() == 0
    finally:
        if play.returncode is None:
            play.kill()
            await play.wait()
        await beijing.close()
        await runner.cleanup()
