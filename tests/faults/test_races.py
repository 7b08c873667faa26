"""Races: hundreds of players joining at the same instant, a thousand conflicting commands on
one room from two processes. Nothing lost, nothing doubled, no `internal`, no gap in the log."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from faultkit import InProcess, committed

from client.connection import BrinkClient, ServerError
from server.engine import initial_state
from server.engine.commands import Call, Check, Fold, PassTalks, PlayCards
from server.engine.evolve import replay
from server.protocol import Joined, Resume
from server.web.appkeys import HUB

ROOMS = 150


@pytest.mark.parametrize("processes", [1, 2])
async def test_300_players_join_150_rooms_at_once(
    redis_url: str, in_process: InProcess, processes: int
) -> None:
    # 300 sockets from one address: over the default cap per address (200), raised here.
    servers = [await in_process(redis_url, connections_per_address=1000) for _ in range(processes)]
    hub = servers[0][0].app[HUB]
    codes = []
    for _ in range(ROOMS):
        room, _ = await hub.create_room("intro", "en", {}, {}, False)
        codes.append(room.code)
    players = [BrinkClient(servers[i % processes][1], f"P{i}") for i in range(2 * ROOMS)]
    await asyncio.gather(*(player.connect() for player in players))
    seats = [(codes[i // 2], ("washington", "beijing")[i % 2]) for i in range(2 * ROOMS)]
    results = await asyncio.gather(
        *(player.join(code, seat) for player, (code, seat) in zip(players, seats, strict=True)),
        return_exceptions=True,
    )
    failures = [r for r in results if not isinstance(r, Joined)]
    assert not failures, f"{len(failures)} of {len(results)} joins failed: {failures[:3]}"
    for code in codes:
        taken = await hub.store.seats(code)
        assert sorted(taken) == ["beijing", "washington"], f"{code}: {taken}"
    tokens = [player.token for player in players]
    assert len(set(tokens)) == len(tokens)
    await asyncio.gather(*(player.close() for player in players))


def _any_move(rng: random.Random) -> Any:
    return rng.choice(
        [
            Check(),
            Call(),
            Fold(),
            PassTalks(),
            PlayCards(cards=[rng.choice(["us_tariff_34", "us_tariff_50", "nope"])]),
        ]
    )


async def test_a_thousand_conflicting_commands_on_one_room_from_two_processes(
    redis_url: str, in_process: InProcess
) -> None:
    (first_runner, first), (second_runner, second) = (
        await in_process(redis_url, rate_per_second=1000.0, rate_burst=1000),
        await in_process(redis_url, rate_per_second=1000.0, rate_burst=1000),
    )
    async with BrinkClient(first, "Ada") as washington, BrinkClient(second, "Bo") as beijing:
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        # Each seat held by four more connections, two on each process.
        extra: list[BrinkClient] = []
        for holder in (washington, beijing):
            for url in (first, second, first, second):
                client = BrinkClient(url, holder.name)
                await client.connect()
                await client.request(Resume(code=room.code, token=holder.token or ""))
                extra.append(client)
        rng = random.Random(7)
        accepted: list[int] = []
        refused: dict[str, int] = {}

        async def fire(client: BrinkClient) -> None:
            for _ in range(100):
                try:
                    accepted.append((await client.act(_any_move(rng))).n)
                except ServerError as error:
                    refused[error.code] = refused.get(error.code, 0) + 1

        await asyncio.gather(*(fire(c) for c in [washington, beijing, *extra]))
        assert len(accepted) + sum(refused.values()) == 1000
        assert "internal" not in refused and "unavailable" not in refused, refused
        assert accepted, refused
        log = await committed(redis_url, room.code)
        assert [entry.n for entry in log] == list(range(1, len(log) + 1)), "a gap in the log"
        commands = [entry for entry in log if entry.command is not None]
        assert len(commands) == len(accepted) + 1  # and the server's start_game
        hub = first_runner.app[HUB]
        rules = hub.scenarios["intro"]
        replayed = replay(initial_state(rules), [e.event for e in log if e.event is not None])
        for runner in (first_runner, second_runner):
            copy = await runner.app[HUB].room(room.code)
            assert copy is not None
            async with asyncio.timeout(5):
                while copy.n < log[-1].n:
                    await asyncio.sleep(0.02)
            assert copy.state == replayed, "a process's copy differs from the log replayed"
        for client in extra:
            await client.close()
