"""`brink replay CODE --url URL --verify` refused every game without `--key` ("--verify checks
the whole record, which only the room's instructor key opens"), even the historical 2025 line and
the games an instructor made public, whose record the server gives to anyone
(`GET /api/games/CODE/record`). A public game verifies without a key; a game whose record the
asker may not open is still one line, exit 2."""

from __future__ import annotations

import aiohttp
from clientkit import brink
from replay.test_replay_remote import finished, run

from client.rules import http_base

__all__ = ["brink"]


async def test_a_public_game_verifies_without_a_key(server_url: str) -> None:
    status, told, err = await run("H2025", "--url", server_url, "--verify")
    assert status == 0, err
    assert told.startswith("OK ") and "H2025, full_2025" in told, told

    code, token, key = await finished(server_url)
    status, _, err = await run(code, "--url", server_url, "--token", token, "--verify")
    assert status == 2 and "only the room's instructor key" in err, err
    status, _, err = await run(code, "--url", server_url, "--verify")
    assert status == 2 and "only the room's instructor key" in err, err
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{http_base(server_url)}/api/games/{code}/public",
            json={"public": True},
            headers={"Authorization": f"Bearer {key}"},
        ) as reply,
    ):
        assert reply.status == 200, await reply.text()
    status, told, err = await run(code, "--url", server_url, "--verify")
    assert status == 0 and told.startswith("OK "), err
