"""The web page under faults, in a real browser: a page that lost its connection while the
server's Redis was away is refused its resume (`unavailable`), says it is still reconnecting, and
asks again until it is back in its seat; a tab closed mid-game and opened again from the room's
link offers the seat this browser held, and takes it back with its token; a spectator
reconnecting is not told of a seat it does not hold; a page queued for a quick match queues again;
a move whose answer the lost connection took is sent again with its id, and applied once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from faultkit import OwnRedis, committed
from playwright.async_api import Browser, expect
from serverkit import start_server
from web.probekit import Frames
from web.test_browser import join_room, open_page, page_errors, state_n

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check


async def test_a_page_whose_resume_is_refused_while_redis_is_away_asks_again(
    system_chromium: Browser, tmp_path: Path
) -> None:
    data = tmp_path / "redis"
    data.mkdir()
    own = OwnRedis(data)
    own.start()
    runner, ws_url = await start_server(own.url, tmp_path)
    web_url = ws_url.replace("ws://", "http://").removesuffix("/ws")
    try:
        async with BrinkClient(ws_url, "Ada") as ada:
            room = await ada.create_room("intro", timers=False)
            await ada.join(room.code, "washington")
            _, page = await open_page(system_chromium)
            frames = Frames(page)
            await join_room(page, web_url, room.code, "Bo", "beijing")
            own.stop()
            await page.evaluate("() => window.brink.drop()")
            async with asyncio.timeout(15):  # the page came back and asked for its seat
                while not any(e["code"] == "unavailable" for e in frames.errors()):
                    await asyncio.sleep(0.05)
            await expect(page.locator(".away-note")).to_contain_text("Your seat is kept")
            await expect(page.locator("#act-check")).to_be_disabled()
            own.start()
            before = await state_n(page)
            async with asyncio.timeout(15):  # Washington moves once the server has Redis again
                while True:
                    try:
                        await ada.act(Check())
                        break
                    except ServerError as error:
                        if error.code != "unavailable":
                            raise
                        await asyncio.sleep(0.2)
            # Bo's page is back in the room: it has Washington's move, and its turn
            await page.wait_for_function("n => window.brink.state.n > n", arg=before)
            await expect(page.locator("#conn")).to_have_text("connected")
            await expect(page.locator(".away-note")).to_have_count(0)
            await expect(page.locator("#act-check")).to_be_enabled()
            assert not page_errors(page)
    finally:
        await runner.cleanup()
        own.close()


async def test_a_tab_closed_mid_game_takes_its_seat_back_from_the_rooms_link(
    system_chromium: Browser, web_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada:
        room = await ada.create_room("intro", seconds={"betting": 600, "talks": 600})
        await ada.join(room.code, "washington")
        context, page = await open_page(system_chromium)
        await join_room(page, web_url, room.code, "Bo", "beijing")
        await ada.wait_for(lambda view: ada.deadline is not None)  # the clock runs
        await ada.act(Check())
        await page.wait_for_function("n => window.brink.state.n >= n", arg=ada.n)
        await page.close()  # by mistake, on Beijing's turn
        async with asyncio.timeout(10):
            while not any(p.seat == "beijing" and p.status == "away" for p in ada.presence):
                await asyncio.sleep(0.05)
        again = await context.new_page()  # the same browser: its localStorage
        errors: list[str] = []
        again.on("pageerror", lambda error: errors.append(str(error)))
        again.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        await again.goto(f"{web_url}/?room={room.code}")
        await expect(again.locator("#join-seat-washington")).to_be_disabled()  # the room read
        mine = again.locator("#join-seat-beijing")
        await expect(mine).to_be_enabled()  # taken, by this browser: it may take it back
        await expect(mine).to_be_checked()
        await expect(again.locator("#join-seats label.pick.beijing")).to_contain_text(
            "take it back"
        )
        await again.click("#join-btn")
        await again.wait_for_selector("#table:not([hidden])")
        seat = await again.evaluate("() => window.brink.state.room.seat")
        assert seat == "beijing"
        assert await state_n(again) == ada.n, "nothing lost: Washington's check is there"
        before = ada.n
        await again.click("#act-check:enabled")  # its turn still, the same clock
        await ada.wait_for(lambda view: ada.n > before)
        assert ada.view["to_act"] != "beijing"
        assert not errors


async def test_a_spectator_reconnecting_is_not_told_of_a_seat(
    system_chromium: Browser, web_url: str
) -> None:
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        context, page = await open_page(system_chromium)
        await page.goto(f"{web_url}/?room={room.code}")
        await page.fill("#join-name", "Sam")
        await page.check("#join-seat-spectator")
        await page.click("#join-btn")
        await page.wait_for_selector("#table:not([hidden])")
        await context.set_offline(True)
        await page.evaluate("() => window.brink.drop()")
        note = page.locator(".away-note")
        await expect(note).to_have_text("Connection lost: reconnecting… nothing is lost.")
        await context.set_offline(False)
        await expect(page.locator("#conn")).to_have_text("connected")
        await expect(note).to_have_count(0)
        assert not [e for e in page_errors(page) if "WebSocket" not in e]


async def test_a_page_queued_for_a_quick_match_queues_again_after_a_lost_connection(
    system_chromium: Browser, web_url: str
) -> None:
    """A lost connection (the network, or the server process gone) leaves the queue: the page
    stays waiting, connects again and queues again, and the next player is matched with it."""
    _, mei = await open_page(system_chromium)
    frames = Frames(mei)
    await mei.goto(web_url)
    await mei.fill("#quick-name", "Mei")
    await mei.click("#quick-btn")
    await expect(mei.locator("#queued h2")).to_have_text("Waiting for an opponent…")
    await mei.evaluate("() => window.brink.drop()")
    async with asyncio.timeout(20):  # queued again, on a new connection
        while len(frames.of_type("quick_match")) < 2 or not frames.answered():
            await asyncio.sleep(0.05)
    await expect(mei.locator("#queued h2")).to_be_visible()
    async with BrinkClient(web_url.replace("http://", "ws://") + "/ws", "Tom") as tom:
        joined = await tom.quick_match("intro")
        await expect(mei.locator("#table")).to_be_visible()
        assert await mei.evaluate("() => window.brink.state.room.code") == joined.code
    assert not [e for e in page_errors(mei) if "WebSocket" not in e]


async def test_a_move_whose_answer_the_lost_connection_took_is_sent_again_once_back(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    """Sent, and the socket gone before the answer: it may have been applied. The page sends it
    again with the same id once its seat is back; the server applies it once, and the page says
    it went through."""
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    async with BrinkClient(ws_url, "Ada") as ada:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        _, page = await open_page(system_chromium)
        frames = Frames(page)
        await join_room(page, web_url, room.code, "Bo", "beijing")
        await ada.act(Check())
        await page.wait_for_function("() => window.brink.state.view.to_act === 'beijing'")
        went = await page.evaluate(
            "() => { const sent = window.brink.act({ type: 'check' }); window.brink.drop();"
            " return sent; }"
        )
        assert went is True, "the page says the move went through"
        acts = frames.of_type("act")
        assert len(acts) == 2 and acts[0]["cid"] == acts[1]["cid"], "sent again, the same id"
        await ada.wait_for(lambda view: view["to_act"] != "beijing")
        log = await committed(redis_url, room.code)
        mine = [e.command.cid for e in log if e.command is not None and e.command.seat == "beijing"]
        assert mine == [acts[0]["cid"]], "applied once"
        assert not [e for e in page_errors(page) if "WebSocket" not in e]
