"""The library: resume after a drop, resync after a gap, and errors that say what went wrong."""

from __future__ import annotations

import asyncio

import pytest
from clientkit import seated, statuses, until

from client.bot import RemoteBot
from client.connection import BrinkClient, BrinkConnectionError, ServerError
from client.rules import fetch_rules, http_base, mismatch
from server.engine.commands import Call, Check, PlayCards


def mover_of(*clients: BrinkClient) -> tuple[BrinkClient, BrinkClient]:
    """Return (the client whose turn it is, the other one)."""
    first, second = clients
    return (first, second) if first.my_options is not None else (second, first)


async def test_a_lost_connection_resumes_by_itself_with_what_was_missed(server_url: str) -> None:
    washington, beijing = await seated(server_url, auto_resume=True)
    mover, other = mover_of(washington, beijing)
    heard = statuses(other)
    other.resume_delays = (0.3, 0.3)
    token, before = other.token, other.n

    other.break_connection()
    await until(lambda: heard)
    await mover.act(Check())  # while the other side is away
    await until(lambda: [s.kind for s in heard] == ["lost", "resumed"])

    assert other.token == token
    assert other.n == mover.n > before
    missed = [entry.event.type for entry in other.entries if entry.n > before and entry.event]
    assert "checked" in missed, "the resume brought the missed events"
    assert other.view["to_act"] == other.side
    # ... and the game goes on from the resumed connection
    assert other.my_options is not None
    await other.act(Check())
    await mover.wait_for(lambda view: view["phase_kind"] == "talks")
    assert other.view["phase_kind"] == "talks"
    await washington.close()
    await beijing.close()


async def test_a_resume_that_cannot_succeed_says_so(server_url: str) -> None:
    washington, beijing = await seated(server_url, auto_resume=True)
    heard = statuses(beijing)
    beijing.resume_delays = (0.05,)
    beijing.token = "not-the-right-token"
    beijing.break_connection()
    await until(lambda: [s.kind for s in heard] == ["lost", "failed"])
    assert "bad_token" in heard[-1].detail
    await washington.close()
    await beijing.close()


async def test_missed_updates_are_noticed_and_resynced(server_url: str) -> None:
    washington, beijing = await seated(server_url)
    mover, other = mover_of(washington, beijing)
    heard = statuses(other)
    other.discard_updates = 2  # as if two updates were lost on the way
    await mover.chat("one")
    await mover.act(PlayCards(cards=[next(iter(mover.my_options.play))]))  # type: ignore[union-attr]
    await until(lambda: other.resyncs == 0 and other.discard_updates == 0)
    assert other.resyncs == 0, "nothing is missing yet as far as the client can tell"
    await mover.chat("three")
    await until(lambda: other.resyncs == 1 and other.n == mover.n)
    assert [s.kind for s in heard] == ["resync"]
    assert other.view["seq"] == mover.view["seq"]
    assert other.view["public"] == mover.view["public"]
    assert other.my_options is not None, "the resync brought the options: it is my turn"
    await other.act(Call())  # answering the raise it never saw as an update
    await until(lambda: mover.view["phase_kind"] != "betting" or mover.view["to_act"] is None)
    await washington.close()
    await beijing.close()


async def test_a_whole_game_has_no_false_gaps(server_url: str) -> None:
    async with BrinkClient(server_url, "Ada") as client:
        await client.play_bot(bot="random", side="beijing")
        rules = await fetch_rules(server_url, "intro")
        assert mismatch(rules, client.entries) is None, "the served rules are the game's"
        await asyncio.wait_for(RemoteBot(client, rules, "random", seed=5).play(), 20)
        assert client.view["outcome"] is not None
        assert client.resyncs == 0


async def test_an_unreachable_server_is_named(server_url: str) -> None:
    dead = "ws://127.0.0.1:9/ws"
    with pytest.raises(BrinkConnectionError) as refused:
        await BrinkClient(dead).connect()
    assert dead in str(refused.value)
    assert "refused" in refused.value.reason
    wrong_path = server_url.replace("/ws", "/nowhere")
    with pytest.raises(BrinkConnectionError) as not_ours:
        await BrinkClient(wrong_path).connect()
    assert wrong_path in str(not_ours.value) and "404" in str(not_ours.value)
    with pytest.raises(BrinkConnectionError) as bad:
        await BrinkClient("http://example.org/").connect()
    assert "ws://" in str(bad.value)
    # a port past 65535: named with its URL (it was "Port out of range 0-65535" alone)
    too_far = "ws://127.0.0.1:99999/ws"
    with pytest.raises(BrinkConnectionError) as unusable:
        await BrinkClient(too_far).connect()
    assert too_far in str(unusable.value) and "not a usable address" in unusable.value.reason


async def test_unknown_rooms_and_illegal_actions_raise_server_errors(server_url: str) -> None:
    async with BrinkClient(server_url) as client:
        with pytest.raises(ServerError) as unknown:
            await client.join("ZZZZ22", "washington")
        assert unknown.value.code == "room_not_found"
    washington, beijing = await seated(server_url)
    mover, other = mover_of(washington, beijing)
    with pytest.raises(ServerError) as early:
        await other.act(Check())
    assert early.value.code == "not_your_turn"
    with pytest.raises(ServerError) as foreign:
        await mover.act(PlayCards(cards=["no_such_card"]))
    assert foreign.value.code == "unknown_card"
    assert "no_such_card" in str(foreign.value)
    await washington.close()
    await beijing.close()


async def test_a_request_on_a_lost_connection_fails_at_once(server_url: str) -> None:
    washington, beijing = await seated(server_url)
    await washington.drop()
    with pytest.raises(BrinkConnectionError):
        await asyncio.wait_for(washington.act(Check()), 2)
    await beijing.close()


def test_the_http_base_is_derived_from_the_websocket_url() -> None:
    assert http_base("ws://host:8080/ws") == "http://host:8080"
    assert http_base("wss://class.example.org/ws") == "https://class.example.org"
    assert http_base("ws://host/game/ws") == "http://host/game"
