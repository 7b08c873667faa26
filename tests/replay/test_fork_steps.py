"""A "what if" asked for at a step the game does not have — past the end of its log, or before
its first step — is refused with `cannot_fork` and says which steps there are; a running game's
fork from past its last step used to continue from its last step instead."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from client.connection import BrinkClient
from client.rules import http_base
from server.engine.commands import Check


async def _fork(base: str, code: str, body: Any, key: str | None = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    url = f"{base}/api/games/{code}/fork"
    async with aiohttp.ClientSession() as http, http.post(url, json=body, headers=headers) as got:
        return got.status, await got.json()


async def _entries(base: str, code: str, key: str | None = None) -> int:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    url = f"{base}/api/games/{code}"
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as got:
        assert got.status == 200, await got.text()
        entries: int = (await got.json())["entries"]
        return entries


@pytest.mark.parametrize("past", [1, 1_000_000])
async def test_a_running_game_is_not_forked_from_past_its_last_step(
    server_url: str, past: int
) -> None:
    base = http_base(server_url)
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(server_url, "Bo") as bo:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await ada.act(Check())
        key = room.instructor_key
        count = await _entries(base, room.code, key)

        status, said = await _fork(base, room.code, {"step": count + past}, key)

        assert status == 409
        assert said == {
            "error": "cannot_fork",
            "reason": "no_step",
            "message": f"the game has no step {count + past}: its steps are 0 to {count}",
        }
        status, forked = await _fork(base, room.code, {"step": count}, key)
        assert status == 200 and forked["step"] == count, "its last step is one"


@pytest.mark.parametrize("step", [-1, -1_000_000])
async def test_a_negative_step_is_refused_saying_which_steps_there_are(
    server_url: str, step: int
) -> None:
    base = http_base(server_url)
    count = await _entries(base, "H2025")

    status, said = await _fork(base, "H2025", {"step": step})

    assert status == 409
    assert said == {
        "error": "cannot_fork",
        "reason": "no_step",
        "message": f"the game has no step {step}: its steps are 0 to {count}",
    }


async def test_a_finished_game_asked_past_its_end_says_so_not_that_it_is_over(
    server_url: str,
) -> None:
    base = http_base(server_url)
    count = await _entries(base, "H2025")

    status, said = await _fork(base, "H2025", {"step": count + 5})

    assert status == 409
    assert said["message"] == f"the game has no step {count + 5}: its steps are 0 to {count}"
    status, said = await _fork(base, "H2025", {"step": count})
    assert (status, said["message"]) == (409, "the game is over at that step")


@pytest.mark.parametrize("step", [2.5, "7", None, True, [3]])
async def test_a_step_that_is_no_whole_number_is_a_400(server_url: str, step: Any) -> None:
    status, said = await _fork(http_base(server_url), "H2025", {"step": step})

    assert (status, said) == (400, {"error": "bad_query", "field": "step"})
