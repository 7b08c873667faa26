"""The Python client under `brink serve --workers 2` (client/moving.py): a socket opened before
its room was known lands on either worker; told as it takes its seat that the room lives on the
other one (`joined.elsewhere`), the client moves there by itself, as the web page does, before
`join()` (or `quick_match()`) returns — and the other player never sees its seat away."""

from __future__ import annotations

import asyncio

from workerkit import Served, holders
from workerkit import on_two_workers as kept_apart

from client.connection import BrinkClient
from server.engine.commands import Check


async def on_two_workers(served: Served, names: tuple[str, str]) -> tuple[BrinkClient, BrinkClient]:
    """Two clients on different workers, each following its room (as a client does)."""
    first, other = await kept_apart(served, names)
    first.follow_room = other.follow_room = True
    return first, other


async def one_holder(redis_url: str, code: str) -> None:
    """Wait until one worker alone holds room `code` (the one left behind has let it go)."""
    async with asyncio.timeout(15):
        while len(await holders(redis_url, code)) != 1:
            await asyncio.sleep(0.05)


async def both_play(a: BrinkClient, b: BrinkClient) -> None:
    """Whoever is to act checks, and the other one sees it."""
    mover, other = (a, b) if a.my_options is not None else (b, a)
    before = other.n
    await mover.act(Check())
    await other.wait_for(lambda view: other.n > before)


async def test_a_player_who_joins_on_the_other_worker_moves_to_the_rooms_worker(
    served: Served, redis_url: str
) -> None:
    ada, bo = await on_two_workers(served, ("Ada", "Bo"))  # Bo's socket on the other worker
    try:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        joined = await bo.join(room.code, "beijing")
        assert not joined.elsewhere  # the `joined` of the room's worker
        assert served.worker_of(bo) == served.worker_of(ada)
        await one_holder(redis_url, room.code)
        assert [p for p in ada.presence if p.status == "away"] == []  # never seen away
        assert bo.seat == "beijing" and bo.token is not None
        await both_play(ada, bo)
        await both_play(ada, bo)
    finally:
        await ada.close()
        await bo.close()


async def test_a_spectator_who_joins_on_the_other_worker_moves_too(
    served: Served, redis_url: str
) -> None:
    ada, watcher = await on_two_workers(served, ("Ada", "Watcher"))
    try:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        await watcher.join(room.code)
        assert served.worker_of(watcher) == served.worker_of(ada)
        await one_holder(redis_url, room.code)
        before = watcher.n
        await ada.act(Check())
        await watcher.wait_for(lambda view: watcher.n > before)
    finally:
        await ada.close()
        await watcher.close()


async def test_two_strangers_matched_across_workers_play_on_one(
    served: Served, redis_url: str
) -> None:
    """The match's room is made on the worker of whoever is matched second: the first one's
    socket, on the other worker, follows it."""
    ada, bo = await on_two_workers(served, ("Ada", "Bo"))
    try:
        first = asyncio.create_task(ada.quick_match("intro", timeout=30))
        await asyncio.sleep(0.2)  # Ada queues first
        await bo.quick_match("intro", timeout=30)
        await first
        assert ada.code == bo.code and ada.code is not None
        assert served.worker_of(ada) == served.worker_of(bo)
        await one_holder(redis_url, ada.code)
        await both_play(ada, bo)
    finally:
        await ada.close()
        await bo.close()


async def test_a_client_told_to_stay_stays_where_it_landed(served: Served) -> None:
    ada, bo = await kept_apart(served, ("Ada", "Bo"))
    try:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        assert (await bo.join(room.code, "beijing")).elsewhere
        assert served.worker_of(bo) != served.worker_of(ada)
        await both_play(ada, bo)
    finally:
        await ada.close()
        await bo.close()
