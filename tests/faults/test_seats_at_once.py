"""Two players sitting down at once, on two processes: each learns who sits in the other seat —
from its `joined` if the other's claim came first, else from the other's `joined` presence. That
presence is sent by the script that claims the seat (JOIN_SEAT); it reached the other process
while its own player was being seated there (its names read before the claim, not yet among the
room's connections), and was lost for it."""

from __future__ import annotations

import asyncio

from faultkit import InProcess

from client.connection import BrinkClient

ROOMS = 20


async def test_two_players_sitting_down_at_once_on_two_processes_learn_of_each_other(
    redis_url: str, in_process: InProcess
) -> None:
    _, first = await in_process(redis_url, connections_per_address=1000)
    _, second = await in_process(redis_url, connections_per_address=1000)
    washingtons = [BrinkClient(first, f"Ada{i}") for i in range(ROOMS)]
    beijings = [BrinkClient(second, f"Bo{i}") for i in range(ROOMS)]
    await asyncio.gather(*(c.connect() for c in washingtons + beijings))
    try:
        codes = [
            (await washingtons[0].create_room("intro", timers=False)).code for _ in range(ROOMS)
        ]
        # Each room loaded by both processes first (a spectator each), so both hold it.
        watchers = [BrinkClient(url, "Eve") for url in (first, second) for _ in codes]
        await asyncio.gather(*(c.connect() for c in watchers))
        await asyncio.gather(
            *(w.join(code) for w, code in zip(watchers, codes + codes, strict=True))
        )
        await asyncio.gather(
            *(
                join
                for i, code in enumerate(codes)
                for join in (
                    washingtons[i].join(code, "washington"),
                    beijings[i].join(code, "beijing"),
                )
            )
        )

        def unaware() -> list[str]:
            missing = []
            for i, code in enumerate(codes):
                if beijings[i].seats.get("washington") != f"Ada{i}":
                    missing.append(f"{code}: beijing does not know washington")
                if washingtons[i].seats.get("beijing") != f"Bo{i}":
                    missing.append(f"{code}: washington does not know beijing")
            return missing

        loop = asyncio.get_running_loop()
        deadline = loop.time() + 3
        while unaware() and loop.time() < deadline:
            await asyncio.sleep(0.05)
        assert not unaware(), unaware()
        for c in watchers:
            await c.close()
    finally:
        await asyncio.gather(*(c.close() for c in washingtons + beijings))
