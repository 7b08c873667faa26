"""What a seat may do arrives with its updates; the rules a client shows come over HTTP."""

from __future__ import annotations

import aiohttp

from client.connection import BrinkClient
from server.engine.commands import Check
from server.protocol import Resync, Update
from server.ruleset.loader import load_ruleset


def http(url: str) -> str:
    return url.replace("ws://", "http://").removesuffix("/ws")


async def test_the_side_to_act_is_told_its_options_and_the_others_are_not(
    server_url: str,
) -> None:
    async with (
        BrinkClient(server_url, "Ada") as washington,
        BrinkClient(server_url, "Bo") as beijing,
        BrinkClient(server_url, "Cy") as spectator,
    ):
        room = await washington.create_room("intro", timers=False)
        joined_w = await washington.join(room.code, "washington")
        joined_b = await beijing.join(room.code, "beijing")
        joined_s = await spectator.join(room.code)
        first = joined_w.view["to_act"]
        assert first in ("washington", "beijing")
        mover, other = (joined_w, joined_b) if first == "washington" else (joined_b, joined_w)
        assert joined_s.options is None
        assert mover.options is None or first in mover.options
        # The mover joined before the game started or after: ask for the latest by resync.
        mover_client = washington if first == "washington" else beijing
        update = await mover_client.request(Resync())
        assert isinstance(update, Update) and update.options is not None
        seen = update.options[first]
        assert seen.actions["check"] is None
        assert seen.actions["call"] is not None and seen.actions["call"].code == "nothing_to_call"
        assert set(seen.play) == set(update.view["sides"][first]["hand"])
        assert other.options is None or first not in other.options

        await mover_client.act(Check())
        other_client = beijing if first == "washington" else washington
        after = await other_client.next_update()
        while after.view["seq"] <= update.view["seq"]:
            after = await other_client.next_update()
        second = after.view["to_act"]
        assert second != first
        assert after.options is not None and second in after.options
        assert set(after.options) == {second}
        assert after.options[second].actions["check"] is None


async def test_each_team_role_is_told_only_what_its_own_seat_may_do(server_url: str) -> None:
    async with (
        BrinkClient(server_url, "Ada") as president,
        BrinkClient(server_url, "Bo") as treasury,
        BrinkClient(server_url, "Cy") as beijing,
    ):
        room = await president.create_room("full_2025", timers=False)
        await president.join(room.code, "washington:president")
        await treasury.join(room.code, "washington:treasury")
        await beijing.join(room.code, "beijing")
        if (await beijing.request(Resync())).view["to_act"] == "beijing":  # type: ignore[union-attr]
            await beijing.act(Check())
        for client in (president, treasury):
            update = await client.request(Resync())
            assert isinstance(update, Update) and update.view["to_act"] == "washington"
            assert update.options is not None and set(update.options) == {client.seat}


async def test_the_rules_of_a_scenario_are_served_with_their_hash(server_url: str) -> None:
    expected = load_ruleset("rules/intro.yaml")
    async with aiohttp.ClientSession() as session:
        async with session.get(http(server_url) + "/api/rules/intro") as response:
            assert response.status == 200
            body = await response.json()
        async with session.get(http(server_url) + "/api/rules/no_such") as missing:
            assert missing.status == 404
            assert (await missing.json())["error"] == "unknown_scenario"
    assert body["id"] == "intro"
    assert body["hash"] == expected.hash
    cards = {card["id"]: card for card in body["rules"]["cards"]}
    assert set(cards) == set(expected.cards)
    some = next(iter(expected.cards.values()))
    assert cards[some.id]["name"] == {"en": some.name.en, "zh": some.name.zh}
