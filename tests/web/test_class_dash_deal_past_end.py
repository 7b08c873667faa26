"""A deal that outlasts the game on the class dashboard's room card (a real server, Redis,
Python-client students and Chromium).

A tester's 4-hand classroom game showed "Standstill until hand 6" and "Truce extension until
hand 7" on the dashboard: it now says "until the end of the game", as the table's talks do."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Browser, expect
from web.probekit import make_class, seated, teacher_page

from client.connection import BrinkClient
from server.engine.commands import AcceptDeal, Check, PassTalks, ProposeDeal, TermChoice


async def _betting_checked(players: dict[str, BrinkClient], hand: int) -> None:
    """Both sides check through the hand's betting, up to its talks."""
    for _ in range(4):
        either = next(iter(players.values()))
        await either.wait_for(lambda v: v["round"] == hand)
        view = either.view
        if view["phase_kind"] == "talks":
            return
        side: str = view["to_act"]
        await players[side].wait_for(lambda v, s=side: v["to_act"] == s and v["round"] == hand)
        await players[side].act(Check())
        await either.wait_for(lambda v, s=side: v["to_act"] != s or v["phase_kind"] == "talks")
    raise AssertionError("the betting did not end with two checks")


async def test_a_deal_past_the_last_hand_says_until_the_end_of_the_game(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    made: dict[str, Any] = await make_class(web_url, redis_url, roster_text="Ada\nBo\n")
    code, room = made["code"], made["rooms"][0]
    ada, bo = [await seated(web_url, code, name) for name in ("Ada", "Bo")]
    players = {s["seat"]: (ada if s["name"] == "Ada" else bo) for s in made["students"]}
    page = await teacher_page(system_chromium, web_url, f"&class-dash={code}")
    try:
        rounds = ada.view["rounds"]
        await _betting_checked(players, 1)  # hand 1: no deal
        for player in players.values():
            await player.wait_for(lambda v: v["phase_kind"] == "talks")
            await player.act(PassTalks())
        await _betting_checked(players, 2)  # hand 2: a deal for as many hands as the game has
        for player in players.values():
            await player.wait_for(lambda v: v["phase_kind"] == "talks" and v["round"] == 2)
        await players["washington"].act(
            ProposeDeal(terms=[TermChoice(term="standstill")], rounds=rounds)
        )
        await players["beijing"].wait_for(lambda v: v["proposal"] is not None)
        await players["beijing"].act(AcceptDeal(proposal=players["beijing"].view["proposal"]["id"]))
        await players["washington"].wait_for(lambda v: len(v["deals"]) == 1)
        for player in players.values():
            await player.act(PassTalks())
        await ada.wait_for(lambda v: v["round"] == 3)
        card = page.locator(f"#room-card-{room}")
        await expect(card.locator(".cl-deal-until")).to_have_text("until the end of the game")
        await page.click("#lang-zh")
        await expect(card.locator(".cl-deal-until")).to_have_text("有效至遊戲結束")
    finally:
        for student in (ada, bo):
            await student.close()
        await page.context.close()
