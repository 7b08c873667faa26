"""Rules that travel with a game, unchecked, before a live room plays on under them.

- Rules stored before `brink rules check` refused a shortest deal past 30 hands: a "what if"
  of such a game made a room whose talks could not list their moves (a ValidationError at
  every update, the planner bot's too), and its evaluation graph failed (500). Such rules are
  refused by name where a game would be played on (a fork, the graph: 422 `rules_refused`; a
  room kept under them: the `rules_refused` error); the game still replays.
- A record imported from elsewhere was forked under rules nobody here had checked: a fork of
  it runs the checks of a rule file on them first (422 `rules_refused`, naming the problem)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from recordkit import RULES, bot_game
from redis.asyncio import Redis

from client.connection import BrinkClient, ServerError
from client.rules import http_base
from server.engine import SYSTEM, Seat, apply, initial_state, waiting_sides
from server.engine.commands import Check, Command, PassTalks, StartGame
from server.live.rooms import event_entries
from server.replay.record import header_for, read_record, summary_of, write_record
from server.replay.verify import verify
from server.ruleset.model import Ruleset, UnplayableRules
from server.storage import keys
from server.storage.games import Games
from server.storage.store import token_hash

KEY = "the-games-instructor-key"
AUTH = {"Authorization": f"Bearer {KEY}"}


def _long_deals() -> Ruleset:
    """intro, its deals 31 to 40 hands long (as `rules check` let through before)."""
    data = json.loads(RULES["intro"].to_json())
    data["scenario"]["deal_rounds"] = [31, 40]
    return Ruleset.from_json(json.dumps(data), to_play=False)


def _overflowing() -> Ruleset:
    """intro, a card's effect able to overflow (`rules check` refuses it)."""
    data = json.loads(RULES["intro"].to_json())
    card = next(c for c in data["cards"] if c["id"] == "us_tariff_34")
    card["effects"] = [
        {"when": None, "set": {}, "add": {"tariff_on_china": "tariff_on_china * 1e308"}}
    ]
    return Ruleset.from_json(json.dumps(data))


def _record(rules: Ruleset, code: str) -> tuple[str, int]:
    """Return the record of a game everyone checks and passes through, and the first step in
    its talks."""
    state = initial_state(rules)
    entries: list[str] = []
    move: tuple[Seat, Command] = (SYSTEM, StartGame(seed=5))
    talks = 0
    while True:
        seat, command = move
        state, events = apply(rules, state, seat, command)
        name = "system" if seat.side == "system" else seat.side
        made = event_entries(len(entries), name, command, events, at=1_700_000_000_000)
        entries += [entry.model_dump_json() for entry in made]
        in_talks = state.talks is not None and not state.talks.closed
        talks = talks or (len(entries) if in_talks else 0)
        if state.finished:
            break
        move = (Seat(side=waiting_sides(state)[0]), PassTalks() if in_talks else Check())
    header = header_for(code, rules, entries, {"washington": "W", "beijing": "B"}, {})
    return write_record(header, entries), talks


async def _kept_here(redis_url: str, record: str) -> str:
    """Keep `record` as a game finished on this server (opened by KEY); return its code."""
    header = read_record(record).header
    summary = json.dumps(summary_of(header, {}, token_hash(KEY)))
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        await Games(redis).keep(header.code, record, summary, header.ended or 0)
    return header.code


async def _post(url: str, body: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http:
        data = body if isinstance(body, str) else json.dumps(body)
        async with http.post(url, data=data, headers=headers) as reply:
            return reply.status, await reply.json()


async def _get(url: str) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=AUTH) as reply:
        return reply.status, await reply.json()


def test_stored_rules_with_a_deal_past_30_hands_load_to_replay_not_to_play() -> None:
    rules = _long_deals()
    record, _ = _record(rules, "PAST32")
    assert verify(read_record(record)).final.finished  # the game replays
    with pytest.raises(UnplayableRules) as refused:  # a room kept in Redis under them
        Ruleset.from_json(rules.to_json())
    assert str(refused.value).startswith(
        "scenario.deal_rounds: the shortest deal is 31 hands, but a deal runs at most 30"
    )


async def test_a_game_whose_deals_cannot_be_made_is_not_played_on_but_replays(
    server_url: str, redis_url: str
) -> None:
    record, talks = _record(_long_deals(), "PAST32")
    code = await _kept_here(redis_url, record)
    games = f"{http_base(server_url)}/api/games/{code}"
    status, said = await _post(
        f"{games}/fork", {"step": talks, "bots": {"beijing": "planner"}}, AUTH
    )
    assert (status, said["error"]) == (422, "rules_refused"), said
    assert said["message"] == (
        "this game's rules cannot be played on: scenario.deal_rounds: the shortest deal is 31 "
        "hands, but a deal runs at most 30 (rules from before `brink rules check` refused it): "
        "the talks could not be played"
    )
    status, said = await _get(f"{games}/evaluation")
    assert (status, said["error"]) == (422, "rules_refused"), said
    status, said = await _get(f"{games}/step?n={talks}&as=all")
    assert status == 200 and said["view"]["phase"] == "talks"


async def test_a_fork_of_an_imported_record_checks_its_rules_as_a_rule_file(
    server_url: str,
) -> None:
    base = http_base(server_url)
    record, talks = _record(_overflowing(), "FAR22")
    status, imported = await _post(f"{base}/api/games/import", record)
    assert status == 200, imported  # kept: it replays
    auth = {"Authorization": f"Bearer {imported['instructor_key']}"}
    fork = f"{base}/api/games/{imported['code']}/fork"
    status, said = await _post(fork, {"step": talks}, auth)
    assert (status, said["error"]) == (422, "rules_refused"), said
    assert said["message"] == (
        "this game was imported, and its rules fail the checks of a rule file (`brink rules "
        "check`): cards[0].effects[0].add.tariff_on_china: expression 'tariff_on_china * 1e308' "
        "can overflow: its value could pass 1.8e+308, the largest fraction (use smaller numbers)"
    )
    # An imported record whose rules pass is forked as before.
    status, imported = await _post(f"{base}/api/games/import", bot_game(RULES["intro"], 3)[0])
    assert status == 200, imported
    auth = {"Authorization": f"Bearer {imported['instructor_key']}"}
    status, forked = await _post(f"{base}/api/games/{imported['code']}/fork", {"step": 12}, auth)
    assert status == 200, forked


async def test_a_room_kept_under_rules_whose_deals_cannot_be_made_is_refused_by_name(
    servers: Any, redis_url: str
) -> None:
    """A room made before the check, under such rules (kept in Redis by their hash): joining
    it was refused as `internal` (or, loaded, its moves could not be listed)."""
    first = await servers()
    async with BrinkClient(first, "Ada") as ada:
        room = await ada.create_room("intro")
    rules = _long_deals()
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        await redis.set(keys.rules(rules.hash), rules.to_json())
        await redis.hset(keys.room(room.code), "rules_hash", rules.hash)
    async with BrinkClient(await servers(), "Bo") as bo:  # a process that loads it
        with pytest.raises(ServerError) as refused:
            await bo.join(room.code, "beijing")
    said = "this room's rules cannot be played: scenario.deal_rounds: the shortest deal is 31 hands"
    assert refused.value.code == "rules_refused"
    assert refused.value.message.startswith(said)
    asked = f"{http_base(await servers())}/api/rooms/{room.code}"  # the page asks: not a 500
    async with aiohttp.ClientSession() as http, http.get(asked) as reply:
        assert reply.status == 422
        body = await reply.json()
    assert body["error"] == "rules_refused" and body["message"].startswith(said)


async def test_a_graph_refused_to_many_askers_at_once_is_refused_to_each(
    server_url: str, redis_url: str
) -> None:
    """Askers at once share one evaluation (server/web/evaluation.py), and so its refusal: each
    gets its own answer (one refusal answered to two requests reached only the first)."""
    record, _ = _record(_long_deals(), "PAST33")
    code = await _kept_here(redis_url, record)
    url = f"{http_base(server_url)}/api/games/{code}/evaluation"
    answers = await asyncio.wait_for(asyncio.gather(*(_get(url) for _ in range(6))), 20)
    assert [(status, said["error"]) for status, said in answers] == [(422, "rules_refused")] * 6
