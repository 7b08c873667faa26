"""A live room under rules with an expression that fails in play (rules that came with an older
game's record, before `brink rules check` refused them), over real websockets: the move that
plays the failing card is refused with `rule_failed` and the room plays on; news that fails at
the start of a hand changes nothing and the hand begins.

The room is a "what if" of a game played on this server before the checks existed: its rules
travel with its record, unchecked. (A record imported from elsewhere is checked before a fork:
tests/replay/test_fork_stored_rules.py.)"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from clientkit import until
from redis.asyncio import Redis

from client.bot import RemoteBot
from client.connection import BrinkClient, ServerError
from client.rules import fetch_rules, http_base, rules_hash_of
from server.bots import make_bot
from server.bots.base import Turn
from server.engine import SYSTEM, Seat, apply, initial_state, waiting_sides
from server.engine.commands import Check, Command, PassTalks, PlayCards, StartGame
from server.engine.rng import Rng
from server.live.rooms import event_entries
from server.replay.record import header_for, read_record, summary_of, write_record
from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset
from server.storage.games import Games
from server.storage.store import token_hash

OVERFLOW = "(tariff_on_china + 30) * 1e308"
BY_ZERO = "us_market // (round - round)"


def _rules() -> Ruleset:
    """intro, with us_tariff_34's effects overflowing and the news of hand 2 dividing by 0."""
    data = json.loads(load_ruleset("rules/intro.yaml").to_json())
    card = next(c for c in data["cards"] if c["id"] == "us_tariff_34")
    card["effects"] = [{"when": None, "set": {}, "add": {"tariff_on_china": OVERFLOW}}]
    news = next(n for n in data["news"] if n["id"] == "markets_tumble")
    news["effects"] = [{"when": None, "set": {}, "add": {"us_market": BY_ZERO, "cn_market": -1}}]
    data["scenario"]["scripted_news"] = {"2": "markets_tumble"}
    return Ruleset.from_json(json.dumps(data))


def _record(rules: Ruleset) -> tuple[str, int]:
    """Return the record of a bot game with us_tariff_34 in Washington's first hand, and the
    step at which its first betting begins."""
    washington = [
        "us_tariff_34",
        *(c for c in rules.scenario.decks.washington if c != "us_tariff_34"),
    ]
    start = StartGame(seed=5, decks={"washington": washington})
    state = initial_state(rules)
    bots = {side: make_bot("random", side) for side in ("washington", "beijing")}
    commands: list[tuple[Seat, Command]] = [(SYSTEM, start)]
    entries: list[str] = []
    first = 0
    while True:
        seat, command = commands[-1]
        state, events = apply(rules, state, seat, command)
        name = "system" if seat.side == "system" else seat.side
        made = event_entries(len(entries), name, command, events, at=1_700_000_000_000)
        entries += [entry.model_dump_json() for entry in made]
        first = first or len(entries)
        if state.finished:
            break
        side = waiting_sides(state)[0]
        turn = Turn.at(rules, state, side, Rng(len(commands)))
        commands.append((Seat(side=side), bots[side].choose(turn)))
    header = header_for("PAST22", rules, entries, {"washington": "W", "beijing": "B"}, {})
    return write_record(header, entries), first


async def _forked(
    base: str, redis_url: str, record: str, step: int, bots: dict[str, str] | None = None
) -> dict[str, Any]:
    """Keep `record` as a game finished on this server (as the server keeps one), and fork it
    at `step` with its instructor key."""
    header = read_record(record).header
    key = "the-old-games-key"
    summary = json.dumps(summary_of(header, {}, token_hash(key)))
    async with Redis.from_url(redis_url, decode_responses=True) as redis:
        await Games(redis).keep(header.code, record, summary, header.ended or 0)
    async with aiohttp.ClientSession() as http:
        url = f"{base}/api/games/{header.code}/fork"
        body = {"step": step, "bots": bots or {}}
        auth = {"Authorization": f"Bearer {key}"}
        async with http.post(url, json=body, headers=auth) as reply:
            assert reply.status == 200, await reply.text()
            forked: dict[str, Any] = await reply.json()
    assert forked["step"] == step
    return forked


async def test_a_move_hitting_a_failing_rule_is_refused_and_the_room_plays_on(
    server_url: str, redis_url: str
) -> None:
    rules = _rules()
    record, step = _record(rules)
    forked = await _forked(http_base(server_url), redis_url, record, step)
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(server_url, "Bo") as bo:
        await ada.join(forked["code"], "washington")
        await bo.join(forked["code"], "beijing")
        await until(lambda: ada.options is not None)  # both seated: the clock starts (§19)
        assert "us_tariff_34" in ada.view["sides"]["washington"]["hand"]
        assert ada.view["to_act"] == "washington"

        with pytest.raises(ServerError) as refused:
            await ada.act(PlayCards(cards=["us_tariff_34"]))

        assert refused.value.code == "rule_failed"
        assert refused.value.message == (
            f"card us_tariff_34: expression {OVERFLOW!r} failed: its value is too large to be "
            "a number (an overflow)"
        )
        await ada.act(Check())
        await bo.act(Check())
        await ada.act(PassTalks())
        await bo.act(PassTalks())  # the resolution, then hand 2 and its failing news
        view = await ada.wait_for(lambda v: v["round"] == 2 and v["phase"] == "betting")
        assert view["to_act"] == "beijing"
        await bo.act(Check())
        await ada.wait_for(lambda v: v["to_act"] == "washington")


def _unforeseeable() -> Ruleset:
    """_rules, with the resolution dividing by zero too: the planner, which forecasts it,
    cannot decide."""
    data = json.loads(_rules().to_json())
    data["resolution"][0]["add"]["us_capital"] = BY_ZERO
    return Ruleset.from_json(json.dumps(data))


async def test_a_server_bot_that_cannot_work_out_the_rules_plays_safe(
    server_url: str, redis_url: str
) -> None:
    """The planner forecasts the resolution itself: under rules whose resolution divides by
    zero its reckoning fails (ZeroDivisionError). The room's bot then plays the first legal of
    pass, check, call and fold instead of leaving the person across the table waiting."""
    rules = _unforeseeable()
    record, step = _record(rules)
    state, _ = apply(rules, initial_state(rules), SYSTEM, StartGame(seed=5))
    while "beijing" not in waiting_sides(state):
        state, _ = apply(rules, state, Seat(side=waiting_sides(state)[0]), Check())
    turn = Turn.at(rules, state, "beijing", Rng(1))
    with pytest.raises(ZeroDivisionError):  # what the bot meets (checked, not assumed)
        make_bot("planner", "beijing").choose(turn)
    forked = await _forked(http_base(server_url), redis_url, record, step, {"beijing": "planner"})
    async with BrinkClient(server_url, "Ada") as ada:
        await ada.join(forked["code"], "washington")
        await until(lambda: ada.options is not None)  # the bot's side counts as seated
        assert ada.view["to_act"] == "washington"
        await ada.act(Check())
        # The bot checks back: the talks open, and the bot passes in them too when it is asked.
        await ada.wait_for(lambda v: v["phase"] == "talks", timeout=20)
        await ada.act(PassTalks())
        await ada.wait_for(lambda v: v["round"] == 2, timeout=20)  # the next hand begins


async def test_brink_bots_planner_that_cannot_work_out_the_rules_plays_safe(
    server_url: str, redis_url: str
) -> None:
    """`brink bot`'s bot (client/bot.py) under the rules the game was played with (fetched by
    their hash): its planner's reckoning fails as the server's does, and it plays safe too
    rather than stopping with a traceback."""
    rules = _unforeseeable()
    record, step = _record(rules)
    forked = await _forked(http_base(server_url), redis_url, record, step)
    async with BrinkClient(server_url, "Ada") as ada, BrinkClient(server_url, "Bo") as bo:
        await ada.join(forked["code"], "washington")
        await bo.join(forked["code"], "beijing")
        played = await fetch_rules(server_url, "intro", rules_hash=rules_hash_of(bo.entries))
        assert played.hash == rules.hash  # the game's rules, not the files'
        said: list[str] = []
        bot = asyncio.create_task(RemoteBot(bo, played, "planner", say=said.append).play())
        try:
            await until(lambda: ada.options is not None)
            await ada.act(Check())
            await ada.wait_for(lambda v: v["phase"] == "talks", timeout=20)
            await ada.act(PassTalks())
            await ada.wait_for(lambda v: v["round"] == 2, timeout=20)  # the next hand begins
            assert not bot.done(), bot  # still playing: it did not stop on the failure
        finally:
            bot.cancel()
