"""Waiting for the next update on a connection that is gone for good raises at once.

A bot's loop waits with `next_update(timeout=100)` (docs/python-client.md): with the server
gone, and no automatic resume (or one that gave up), it must hear `BrinkConnectionError`
then, not sit out the whole timeout and get a bare `TimeoutError`."""

from __future__ import annotations

import asyncio
import time

import pytest
from clientkit import seated, statuses, until

from client.connection import BrinkConnectionError
from server.engine.commands import Check


async def test_next_update_raises_when_the_connection_is_lost(server_url: str) -> None:
    washington, beijing = await seated(server_url)
    heard = statuses(washington)
    washington.break_connection()  # no auto_resume: nobody brings it back
    await until(lambda: [s.kind for s in heard] == ["lost"])
    started = time.monotonic()
    with pytest.raises(BrinkConnectionError, match="connection lost"):
        await washington.next_update(timeout=10)
    with pytest.raises(BrinkConnectionError):
        await washington.wait_for(lambda view: False, timeout=10)
    assert time.monotonic() - started < 5
    await washington.close()
    await beijing.close()


async def test_a_waiter_already_waiting_hears_the_loss(server_url: str) -> None:
    washington, beijing = await seated(server_url)
    waiting = asyncio.create_task(washington.next_update(timeout=10))
    await asyncio.sleep(0.1)
    washington.break_connection()
    with pytest.raises(BrinkConnectionError):
        await asyncio.wait_for(waiting, 5)
    await washington.close()
    await beijing.close()


async def test_next_update_raises_once_the_automatic_resume_gives_up(server_url: str) -> None:
    washington, beijing = await seated(server_url, auto_resume=True)
    heard = statuses(washington)
    washington.resume_delays = (0.05,)
    washington.token = "not-the-right-token"
    waiting = asyncio.create_task(washington.next_update(timeout=10))
    washington.break_connection()
    await until(lambda: [s.kind for s in heard] == ["lost", "failed"])
    with pytest.raises(BrinkConnectionError, match="bad_token"):
        await asyncio.wait_for(waiting, 5)
    await washington.close()
    await beijing.close()


async def test_updates_already_received_are_still_returned(server_url: str) -> None:
    washington, beijing = await seated(server_url, auto_resume=True)
    heard = statuses(washington)
    washington.resume_delays = (0.05,)
    washington.break_connection()
    await until(lambda: [s.kind for s in heard] == ["lost", "resumed"])
    mover, _ = (washington, beijing) if washington.my_options else (beijing, washington)
    await mover.act(Check())
    update = await washington.next_update(timeout=5)  # resumed: waiting works as before
    assert update.n == washington.n
    await washington.close()
    await beijing.close()


async def test_next_update_after_closing_raises_at_once(server_url: str) -> None:
    """Closed by the program itself (a bot's `finally`, a task still waiting): no update will
    come, so waiting says so instead of sitting out the timeout."""
    washington, beijing = await seated(server_url)
    waiting = asyncio.create_task(washington.next_update(timeout=30))
    await asyncio.sleep(0.1)
    await washington.close()
    with pytest.raises(BrinkConnectionError, match="closed"):
        await asyncio.wait_for(waiting, 5)
    with pytest.raises(BrinkConnectionError, match="closed"):
        await asyncio.wait_for(washington.next_update(timeout=30), 5)
    await beijing.close()
