"""What a first trial as a teacher and as players found (issue 13, item 8), each in a browser:
real Chromium, a real server and Redis."""

from __future__ import annotations

import ipaddress
import itertools
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest
from aiohttp import web
from playwright.async_api import Browser, WebSocket, expect
from serverkit import start_server
from web.test_browser import LAPTOP, PHONE, click_and_wait, open_page, page_errors

from client.connection import BrinkClient
from server.engine import SYSTEM, apply
from server.engine.commands import (
    AcceptDeal,
    Call,
    Check,
    PassTalks,
    PlayCards,
    ProposeDeal,
    StartGame,
    TermChoice,
)
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import event_entries
from server.ruleset.schema import Side
from server.settings import Settings
from server.web.app import create_app
from server.web.appkeys import HUB


def ipv4_addresses() -> list[str]:
    found = []
    for addresses in psutil.net_if_addrs().values():
        for item in addresses:
            if item.family == socket.AF_INET and not ipaddress.ip_address(item.address).is_loopback:
                found.append(item.address)
    return found


@pytest.fixture
async def everywhere(redis_url: str, tmp_path: Path) -> AsyncIterator[int]:
    """A server listening on every address, IPv4 and IPv6 (`brink serve --host ''`); its port."""
    settings = Settings(redis_url=redis_url, host="", port=0, data_dir=tmp_path, bot_delay=0.05)
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    site = web.TCPSite(runner, "0.0.0.0", 0)
    await site.start()
    port: int = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    await web.TCPSite(runner, "::", port).start()
    yield port
    await runner.cleanup()


async def test_invite_links_use_an_address_students_reach(
    system_chromium: Browser, everywhere: int, shots: Path
) -> None:
    addresses = ipv4_addresses()
    if not addresses:
        pytest.skip("this machine has no network address but loopback")
    port = everywhere
    # the teacher opens the page on the server's own machine, as localhost
    _, teacher = await open_page(system_chromium)
    await teacher.goto(f"http://[::1]:{port}/")
    await teacher.fill("#create-name", "Ada")
    await teacher.uncheck("#create-timers")
    await teacher.click("#create-btn")
    await expect(teacher.locator("#lobby")).to_be_visible()
    code = await teacher.evaluate("window.brink.state.room.code")
    first = f"http://{addresses[0]}:{port}/"
    await expect(teacher.locator("#invite-link")).to_have_value(f"{first}?room={code}")
    # IPv4 and IPv6: a choice of address, remembered
    choices = await teacher.locator("#invite-base option").all_inner_texts()
    assert first in choices and any("[" in choice for choice in choices), choices
    ipv6 = next(choice for choice in choices if "[" in choice)
    await teacher.select_option("#invite-base", ipv6)
    await expect(teacher.locator("#invite-link")).to_have_value(f"{ipv6}?room={code}")
    await teacher.screenshot(path=shots / "20-invite-addresses.png")
    await teacher.click("#lang-zh")  # drawn again: the choice stays
    await expect(teacher.locator("#invite-link")).to_have_value(f"{ipv6}?room={code}")
    assert await teacher.evaluate("localStorage.getItem('brink.inviteBase')") == ipv6

    # a student follows the link (the server's network address) and sits down
    _, student = await open_page(system_chromium)
    await student.goto(f"{first}?room={code}")
    await student.fill("#join-name", "Bo")
    await student.check("#join-seat-beijing")
    await student.click("#join-btn")
    await expect(student.locator("#table")).to_be_visible()
    await expect(teacher.locator("#table")).to_be_visible()
    # a page opened at a network address invites with its own address
    assert (
        await student.evaluate("import('/static/invite.js').then(m => m.inviteUrl('ABC234'))")
        == f"{first}?room=ABC234"
    )
    # (Chromium ignores, and says so, the opener policy of a page served over http at an address
    # other than localhost: harmless)
    assert page_errors(teacher) == []
    assert [e for e in page_errors(student) if "Cross-Origin-Opener-Policy" not in e] == []


async def test_the_teacher_creates_without_sitting_and_a_reload_keeps_the_room(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    context, teacher = await open_page(system_chromium)
    await context.grant_permissions(["clipboard-read", "clipboard-write"])
    await teacher.goto(web_url)
    await teacher.fill("#create-name", "Prof")
    await teacher.check("#create-seat-instructor")
    await teacher.click("#create-btn")
    # the teacher sits nowhere: the all-seeing view, with the link and the key in plain sight
    await expect(teacher.locator("#room-badge")).to_contain_text("Teacher")
    await expect(teacher.locator("#table")).to_be_visible()
    code = await teacher.evaluate("window.brink.state.room.code")
    key = await teacher.inner_text("#instructor-key")
    assert len(key) > 20
    await expect(teacher.locator("#invite-link")).to_have_value(f"{web_url}/?room={code}")
    await teacher.click("#copy-key")
    await expect(teacher.locator("#copy-key")).to_have_text("Copied!")
    assert await teacher.evaluate("navigator.clipboard.readText()") == key
    assert await teacher.evaluate("window.brink.state.seats") == {
        "washington": None,
        "beijing": None,
    }
    await teacher.screenshot(path=shots / "21-teacher-room.png")
    # a reload comes back to the room, all-seeing, with the key
    await teacher.reload()
    await expect(teacher.locator("#room-badge")).to_contain_text(f"{code} · Teacher")
    await expect(teacher.locator("#instructor-key")).to_have_text(key)
    await expect(teacher.locator("#log")).to_contain_text("Hand 1 of 3")
    assert page_errors(teacher) == []


async def test_leave_gives_the_seat_to_the_next_student(
    system_chromium: Browser, web_url: str
) -> None:
    _, ada = await open_page(system_chromium)
    await ada.goto(web_url)
    await ada.fill("#create-name", "Ada")
    await ada.uncheck("#create-timers")
    await ada.check("#create-seat-washington")
    await ada.click("#create-btn")
    await expect(ada.locator("#lobby")).to_be_visible()
    code = await ada.evaluate("window.brink.state.room.code")
    _, sam = await open_page(system_chromium)  # watching who sits where
    await sam.goto(f"{web_url}/?room={code}")
    await sam.check("#join-seat-spectator")
    await sam.click("#join-btn")
    await expect(sam.locator(".seat.washington .seat-holder")).to_contain_text("Ada")
    await ada.click("#leave")
    await expect(ada.locator("#landing")).to_be_visible()
    await expect(sam.locator(".seat.washington .seat-holder")).to_contain_text("empty")
    # the next student finds Washington free and takes it
    _, cy = await open_page(system_chromium)
    await cy.goto(f"{web_url}/?room={code}")
    await cy.fill("#join-name", "Cy")
    await cy.check("#join-seat-washington")
    await cy.click("#join-btn")
    await expect(cy.locator("#room-badge")).to_contain_text("Washington")
    await expect(sam.locator(".seat.washington .seat-holder")).to_contain_text("Cy")
    for page in (ada, sam, cy):
        assert page_errors(page) == []


async def test_an_invite_link_chooses_the_free_seat_or_says_there_is_none(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, ada = await open_page(system_chromium)
    await ada.goto(web_url)
    await ada.fill("#create-name", "Ada")
    await ada.uncheck("#create-timers")
    await ada.click("#create-btn")  # Washington, the first free seat
    await expect(ada.locator("#lobby")).to_be_visible()
    code = await ada.evaluate("window.brink.state.room.code")
    # Washington is taken: the link chooses Beijing
    _, bo = await open_page(system_chromium)
    await bo.goto(f"{web_url}/?room={code}")
    await expect(bo.locator("#join-seat-washington")).to_be_disabled()
    await expect(bo.locator("#join-seat-beijing")).to_be_checked()
    await bo.fill("#join-name", "Bo")
    await bo.click("#join-btn")
    await expect(bo.locator("#room-badge")).to_contain_text("Beijing")
    # both taken: it says so, and offers to watch
    _, cy = await open_page(system_chromium)
    await cy.goto(f"{web_url}/?room={code}")
    await expect(cy.locator("#join-seat-full")).to_have_text(
        "Every seat in this room is taken: you can watch the game."
    )
    await expect(cy.locator("#join-seat-spectator")).to_be_checked()
    await cy.screenshot(path=shots / "22-room-full.png", full_page=True)
    await cy.click("#join-btn")
    await expect(cy.locator("#room-badge")).to_contain_text("Watch")
    for page in (ada, bo, cy):
        assert page_errors(page) == []


async def test_the_create_form_keeps_the_scenarios_own_timings(
    system_chromium: Browser, web_url: str
) -> None:
    _, page = await open_page(system_chromium)
    sent: list[dict[str, object]] = []

    def watch(ws: WebSocket) -> None:
        ws.on("framesent", lambda frame: sent.append(json.loads(frame)))

    page.on("websocket", watch)
    await page.goto(web_url)
    # the fields show the scenario's own time limits, and follow the scenario chosen
    await page.select_option("#create-scenario", "intro")
    await expect(page.locator("#create-sec-betting")).to_have_value("90")
    await expect(page.locator("#create-sec-talks")).to_have_value("120")
    await page.select_option("#create-scenario", "classroom")
    await expect(page.locator("#create-sec-betting")).to_have_value("60")
    await expect(page.locator("#create-sec-talks")).to_have_value("90")
    await page.click("#create-btn")
    await expect(page.locator("#lobby")).to_be_visible()
    created = [m for m in sent if m.get("type") == "create_room"]
    assert created and "seconds" not in created[0], created  # nothing overrides them
    # a time the user changes is sent, and only that one
    await page.click("#leave")
    await page.select_option("#create-scenario", "classroom")
    await page.fill("#create-sec-talks", "45")
    await page.click("#create-btn")
    await expect(page.locator("#lobby")).to_be_visible()
    created = [m for m in sent if m.get("type") == "create_room"]
    assert created[-1]["seconds"] == {"talks": 45}
    assert page_errors(page) == []


async def test_the_all_seeing_view_shows_both_sides_secrets(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, teacher = await open_page(system_chromium)
    await teacher.goto(web_url)
    await teacher.fill("#create-name", "Prof")
    await teacher.check("#create-seat-instructor")
    await teacher.click("#create-btn")
    await expect(teacher.locator("#table")).to_be_visible()
    view = await teacher.evaluate("window.brink.state.view")
    rules = await teacher.evaluate("window.brink.state.rules")
    for side, title in (("washington", "Washington"), ("beijing", "Beijing")):
        secrets = teacher.locator(f"#secrets-{side}")
        await expect(secrets).to_contain_text(f"{title}'s private stockpiles")
        for variable in view["sides"][side]["private"]:
            await expect(secrets).to_contain_text(rules["variables"][variable]["name"]["en"])
        objective = rules["objectiveById"][view["sides"][side]["objective"]]
        await expect(secrets).to_contain_text(f"{title}'s secret objective")
        await expect(secrets).to_contain_text(objective["name"]["en"])
    await expect(teacher.locator("#viewer-note")).to_have_text(
        "All-seeing: you see both hands, both sides' stockpiles and objectives, and both teams'"
        " chats."
    )
    await expect(teacher.locator("#board")).not_to_contain_text("you see only what is public")
    await teacher.screenshot(path=shots / "23-all-seeing.png", full_page=True)
    # a spectator still sees only what is public, and is told so
    _, sam = await open_page(system_chromium)
    code = await teacher.evaluate("window.brink.state.room.code")
    await sam.goto(f"{web_url}/?room={code}")
    await sam.check("#join-seat-spectator")
    await sam.click("#join-btn")
    await expect(sam.locator("#viewer-note")).to_have_text(
        "Spectator: you see only what is public."
    )
    await expect(sam.locator("#secrets-washington")).to_have_count(0)
    assert page_errors(teacher) == [] and page_errors(sam) == []


US_DECK = (
    "us_tariff_34 us_tariff_50 us_eda_ban us_h20_controls us_tariff_threat_100 us_truce_extension"
)
CN_DECK = "cn_resume_licences cn_ree_seven cn_slow_walk_licences cn_heavy_ree_controls cn_tariff_34"
DECKS: dict[Side, list[str]] = {
    "washington": US_DECK.split(),
    "beijing": [*CN_DECK.split(), "cn_tariff_50"],
}
"""Intro decks, top card first: Washington holds two tariffs in its first hand."""


async def stacked_room(hub: Hub, decks: dict[Side, list[str]]) -> str:
    """An intro room without timers whose decks are stacked (top card first); its code."""
    rules = hub.scenarios["intro"]
    room, _ = await hub.open_room(rules, "en", {}, {}, False)
    start = StartGame(seed=1, decks=decks)
    state, events = apply(rules, room.state, SYSTEM, start)
    await hub.graft(room, event_entries(0, "system", start, events, None, now_ms()), state)
    return room.code


async def test_a_card_that_breaks_a_deal_asks_before_it_is_played(
    system_chromium: Browser, redis_url: str, tmp_path: Path, shots: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    try:
        code = await stacked_room(runner.app[HUB], DECKS)
        async with BrinkClient(ws_url, "Ada") as ada, BrinkClient(ws_url, "Bo") as bo:
            seat = await ada.join(code, "washington")
            await bo.join(code, "beijing")
            # hand 1: a tariff, called; a tariff truce struck in the talks
            await ada.act(PlayCards(cards=["us_tariff_34"]))
            await bo.wait_for(lambda v: v["to_act"] == "beijing")
            await bo.act(Call())
            await ada.wait_for(lambda v: v["phase_kind"] == "talks")
            await ada.act(ProposeDeal(terms=[TermChoice(term="tariff_truce")], rounds=2))
            await bo.wait_for(lambda v: v["proposal"] is not None)
            await bo.act(AcceptDeal(proposal=bo.view["proposal"]["id"]))
            await ada.act(PassTalks())
            await bo.act(PassTalks())
            # hand 2: Beijing opens and checks; Washington holds another tariff
            await bo.wait_for(lambda v: v["round"] == 2 and v["to_act"] == "beijing")
            await bo.act(Check())
            await ada.wait_for(lambda v: v["to_act"] == "washington")
            deal = ada.view["deals"][0]["id"]
            assert ada.my_options is not None and ada.my_options.breaks["us_tariff_50"] == [deal]

            # Washington's browser takes the seat back with its token
            base = ws_url.replace("ws://", "http://").removesuffix("/ws")
            _, page = await open_page(system_chromium)
            await page.goto(base)
            session = {"code": code, "seat": "washington", "role": "player", "name": "Ada"}
            session["token"] = seat.token or ""
            await page.evaluate(
                "s => sessionStorage.setItem('brink.session', JSON.stringify(s))", session
            )
            await page.goto(f"{base}/?room={code}")
            await expect(page.locator("#play-us_tariff_50")).to_be_enabled()
            warning = page.locator("#breaks-us_tariff_50")
            await expect(warning).to_contain_text(
                "Playing this card face up breaks the deal in force: Tariff truce."
            )
            await expect(warning).to_contain_text("Breaking it costs: Washington's credibility")
            await expect(page.locator("#breaks-us_h20_controls")).to_have_count(0)
            # the first click only asks; keeping the deal plays nothing
            n = await page.evaluate("window.brink.state.n")
            await page.click("#play-us_tariff_50")
            await expect(page.locator("#play-us_tariff_50")).to_have_text(
                "Play anyway: break the deal"
            )
            await page.locator("[data-card=us_tariff_50]").screenshot(
                path=shots / "24-breaks-deal.png"
            )
            await page.click("#keep-us_tariff_50")
            await expect(page.locator("#play-us_tariff_50")).to_have_text("Play")
            assert await page.evaluate("window.brink.state.n") == n
            # asked twice, it is played, and the deal is broken
            await page.click("#play-us_tariff_50")
            await page.click("#play-us_tariff_50")
            await expect(page.locator("#log")).to_contain_text("breaks")
            await ada.wait_for(lambda v: not v["deals"])
            assert page_errors(page) == []
    finally:
        await runner.cleanup()


async def test_the_log_says_card_and_cards(system_chromium: Browser, web_url: str) -> None:
    _, page = await open_page(system_chromium)
    await page.goto(web_url)
    said = await page.evaluate(
        """async () => {
            const { loadRules } = await import('/static/rules.js');
            const { makeNarrator } = await import('/static/narrate.js');
            const rules = await loadRules('intro');
            const out = [];
            for (const lang of ['en', 'zh'])
                for (const count of [1, 4]) {
                    const say = makeNarrator(rules, lang, 'washington');
                    out.push(say({type: 'cards_drawn', side: 'beijing', cards: [], count}, {})[0]);
                }
            return out;
        }"""
    )
    assert said == [
        "Beijing draws 1 card.",
        "Beijing draws 4 cards.",
        "北京抽了 1 張牌。",
        "北京抽了 4 張牌。",
    ]
    assert page_errors(page) == []


async def test_a_malformed_room_code_is_explained_plainly(
    system_chromium: Browser, web_url: str
) -> None:
    _, page = await open_page(system_chromium)
    await page.goto(web_url)
    await page.fill("#join-code", "AB1")
    await page.click("#join-btn")
    toast = page.locator("#toast")
    await expect(toast).to_have_text(
        "A room code is 4 to 8 letters and digits (no 0 or 1), like K7QX2M: check the code you"
        " were given."
    )
    await expect(page.locator("#join-code")).to_have_attribute("aria-invalid", "true")
    await page.click("#lang-zh")
    await page.fill("#join-code", "K7-QX")
    await page.click("#join-btn")
    await expect(toast).to_contain_text("房間代碼是 4 到 8 個英文字母和數字")
    # a well-formed code of no room is told as such
    await page.fill("#join-code", "zzzz")
    await page.click("#join-btn")
    await expect(toast).to_have_text("找不到這個房間（或已結束）。")
    assert "pattern" not in await toast.inner_text()
    # (looking the typed code up answers 404, which the browser logs)
    assert [e for e in page_errors(page) if "404" not in e] == []


async def test_refusals_name_conditions_in_peoples_words(
    system_chromium: Browser, web_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Bo") as bo:
        created = await bo.create_room("intro", timers=False)
        await bo.join(created.code, "beijing")
        _, page = await open_page(system_chromium)
        await page.goto(f"{web_url}/?room={created.code}")
        await page.fill("#join-name", "Ada")
        await page.click("#join-btn")
        await click_and_wait(page, "#act-check")
        await bo.act(Check())
        await expect(page.locator("#builder")).to_be_visible()
        # Magnets for chips needs a chip ban in force: not yet
        await page.check("#term-magnets_for_chips")
        why = page.locator("#builder > p.why")
        await expect(why).to_contain_text("This term is not on offer now: needs")
        await expect(why).to_contain_text("Nvidia H20 export ban")
        text = await why.inner_text()
        assert "h20_ban" not in text and "…" not in text, text
        # a refusal sent behind the page's back, too
        await page.evaluate(
            "window.brink.act({type: 'propose', rounds: 2, terms: [{term: 'magnets_for_chips'}]})"
        )
        await expect(page.locator("#toast")).to_contain_text("Nvidia H20 export ban")
        assert "h20_ban" not in await page.inner_text("#toast")
        assert page_errors(page) == []


async def test_the_proposal_builder_starts_afresh_after_a_proposal(
    system_chromium: Browser, redis_url: str, tmp_path: Path
) -> None:
    runner, ws_url = await start_server(redis_url, tmp_path)
    try:
        code = await stacked_room(runner.app[HUB], DECKS)
        base = ws_url.replace("ws://", "http://").removesuffix("/ws")
        async with BrinkClient(ws_url, "Bo") as bo:
            await bo.join(code, "beijing")
            _, page = await open_page(system_chromium)
            await page.goto(f"{base}/?room={code}")
            await page.fill("#join-name", "Ada")
            await page.click("#join-btn")
            await click_and_wait(page, "#play-us_tariff_34")
            await bo.wait_for(lambda v: v["to_act"] == "beijing")
            await bo.act(Call())
            await page.check("#term-tariff_truce")
            await click_and_wait(page, "#propose-btn")
            await expect(page.locator("#proposal")).to_contain_text("Washington proposes")
            await expect(page.locator("#term-tariff_truce")).not_to_be_checked()
            await expect(page.locator("#propose-btn")).to_be_disabled()
            assert page_errors(page) == []
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
async def test_a_section_scrolled_to_is_not_under_the_banner(
    system_chromium: Browser, web_url: str, viewport: dict[str, int]
) -> None:
    _, page = await open_page(system_chromium, viewport)
    await page.goto(web_url)
    await page.fill("#bot-name", "Mei")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    await expect(page.locator("#turn-text")).not_to_be_empty()
    for section in ("#talks", "#logpanel", "#mine"):
        await page.evaluate(f"document.querySelector('{section}').scrollIntoView()")
        banner = await page.evaluate(
            "document.querySelector('#banner').getBoundingClientRect().bottom"
        )
        top = await page.evaluate(
            f"document.querySelector('{section}').getBoundingClientRect().top"
        )
        assert top >= banner, f"{section} starts at {top}, under the banner (to {banner})"
    assert page_errors(page) == []


async def test_hand_labels_of_a_chart_do_not_overlap_on_short_hands(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, page = await open_page(system_chromium)
    await page.goto(web_url)
    for lang in ("en", "zh"):
        await page.evaluate(f"window.brink.setLang('{lang}')")
        boxes = await page.evaluate(
            """async () => {
                const { lineChart } = await import('/static/charts.js');
                // eight hands of one change each (folds), then a long one
                const points = [{round: 0, values: {tariff_on_china: 0}}];
                const at = (round, value) => ({round, values: {tariff_on_china: value}});
                for (let r = 1; r <= 8; r++) points.push(at(r, r * 5));
                for (let k = 0; k < 20; k++) points.push(at(9, 40 + k));
                const figure = lineChart('Tariffs', [{id: 'tariff_on_china', color: '#1d4ed8'}],
                                         {points});
                figure.id = 'test-chart';
                figure.style.width = '420px';
                document.querySelector('#test-chart')?.remove();
                document.body.append(figure);
                // the hands' labels run along the bottom (y 174)
                return [...figure.querySelectorAll('text[y="174"]')].map((t) => {
                    const b = t.getBBox();
                    return [t.textContent, b.x, b.x + b.width];
                });
            }"""
        )
        assert len(boxes) >= 2, boxes
        for (_, _, right), (label, left, _) in itertools.pairwise(boxes):
            assert left >= right, f"{label!r} overlaps the label before it: {boxes}"
        assert boxes[-1][0] in ("Hand 9", "第9局"), "the long hand keeps its full label"
        assert all(end <= 420 for _, _, end in boxes), boxes
    await page.locator("#test-chart").screenshot(path=shots / "25-chart-short-hands.png")
    assert page_errors(page) == []


async def test_the_phone_header_keeps_to_one_row(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, page = await open_page(system_chromium, PHONE)
    await page.goto(web_url)
    await page.fill("#bot-name", "Mei")
    await page.check("#bot-seat-beijing")
    await page.click("#bot-btn")
    await expect(page.locator("#table")).to_be_visible()
    await expect(page.locator("#conn")).to_have_text("connected")  # said, though drawn as a dot
    for lang in ("en", "zh"):
        await page.click(f"#lang-{lang}")
        await page.evaluate("window.scrollTo(0, 0)")
        rows = await page.evaluate(
            """() => {
                const parts = ['.logo', '#room-badge', '#conn', '#leave', '.lang button'];
                const shown = document.querySelectorAll(parts.map((p) => `header.top ${p}`));
                return [...shown].map((el) => {
                    const b = el.getBoundingClientRect();
                    return [el.id || el.className, b.top, b.bottom, b.right];
                });
            }"""
        )
        middles = [(top + bottom) / 2 for _, top, bottom, _ in rows]
        assert max(middles) - min(middles) < 12, f"the header wraps ({lang}): {rows}"
        assert all(right <= PHONE["width"] for *_, right in rows), rows
        await page.screenshot(
            path=shots / f"26-phone-header-{lang}.png",
            clip={"x": 0, "y": 0, "width": PHONE["width"], "height": 160},
        )
    await expect(page.locator("#room-badge")).to_contain_text("北京")
    assert page_errors(page) == []
