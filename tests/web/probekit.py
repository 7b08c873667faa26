"""Helpers for the classroom probe tests (test_probe_*.py): a class made over HTTP, a teacher's
browser signed in, a student's browser joined by name, and the websocket frames a page sent and
received (parsed), to count requests and find refusals."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
from classkit import PASSWORD, add_instructor, signed_in
from playwright.async_api import Browser, Page, WebSocket, expect

from client.connection import BrinkClient
from server.protocol import ClassFollowed, FollowClass

LAPTOP = {"width": 1400, "height": 900}


async def make_class(web_url: str, redis_url: str, **setup: Any) -> dict[str, Any]:
    """The instructor ms_li (made here) makes a class; return the class as the server says."""
    await add_instructor(redis_url)
    ws_url = web_url.replace("http://", "ws://") + "/ws"
    body = {"title": "Period 3", "scenario": "intro", "shuffle": False, **setup}
    async with await signed_in(ws_url) as teacher, teacher.post("/api/classes", json=body) as r:
        assert r.status == 201, await r.text()
        made: dict[str, Any] = await r.json()
        return made


async def teacher_page(browser: Browser, web_url: str, path: str = "") -> Page:
    """A browser signed in as ms_li (the account must exist), at /?instructor=1 + `path`."""
    context = await browser.new_context(viewport=LAPTOP)  # type: ignore[arg-type]
    page = await context.new_page()
    await page.goto(web_url + "/?instructor=1")
    await page.fill("#in-name", "ms_li")
    await page.fill("#in-password", PASSWORD)
    await page.click("#sign-in")
    await expect(page.locator("#signed-in-as")).to_be_visible()
    if path:
        await page.goto(web_url + "/?instructor=1" + path)
    return page


class Frames:
    """Every websocket frame a page sends and receives, parsed."""

    def __init__(self, page: Page) -> None:
        self.sent: list[dict[str, Any]] = []
        self.received: list[dict[str, Any]] = []
        page.on("websocket", self._socket)

    def _socket(self, socket: WebSocket) -> None:
        socket.on("framesent", lambda payload: self.sent.append(json.loads(payload)))
        socket.on("framereceived", lambda payload: self.received.append(json.loads(payload)))

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.sent if m.get("type") == kind]

    def errors(self) -> list[dict[str, Any]]:
        return [m for m in self.received if m.get("type") == "error"]

    def answered(self) -> bool:
        """Whether every request the page sent has had its answer."""
        asked = {m["id"] for m in self.sent if "id" in m}
        return asked <= {m["id"] for m in self.received if m.get("id") is not None}

    async def settled(self, timeout: float = 15) -> None:
        """Wait until every request sent so far has been answered."""
        async with asyncio.timeout(timeout):
            while not self.answered():
                await asyncio.sleep(0.02)


async def student_page(browser: Browser, web_url: str, code: str) -> tuple[Page, Frames]:
    """A student's browser at the class's join link, recording its websocket frames."""
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    frames = Frames(page)
    await page.goto(f"{web_url}/?class={code}")
    await expect(page.locator("#class-name")).to_be_visible()
    return page, frames


async def join_as(page: Page, name: str) -> None:
    """Type a name on the class's join form and wait until the student sits at their table."""
    await page.fill("#class-name", name)
    await page.click("#class-join-btn")
    await page.wait_for_function("() => window.brink.state.room?.role === 'player'")
    await page.wait_for_function("() => window.brink.state.view !== null")


async def joined(web_url: str, code: str, name: str) -> str:
    """`name` joins the class by HTTP; return their class token."""
    async with (
        aiohttp.ClientSession(base_url=web_url) as anyone,
        anyone.post(f"/api/classes/{code}/join", json={"name": name}) as r,
    ):
        assert r.status == 200, await r.text()
        body: dict[str, Any] = await r.json()
        return str(body["token"])


async def sit(web_url: str, code: str, token: str, name: str = "student") -> BrinkClient:
    """A student's client following the class with their class token and sitting in their
    seat (the caller closes it)."""
    client = BrinkClient(web_url.replace("http://", "ws://") + "/ws", name)
    await client.connect()
    where = await client.request(FollowClass(code=code, token=token))
    assert isinstance(where, ClassFollowed) and where.room and where.token
    await client.resume(where.room, where.token)
    return client


async def seated(web_url: str, code: str, name: str) -> BrinkClient:
    """A student (a Python client) joins the class and sits in their seat."""
    async with (
        aiohttp.ClientSession() as anyone,
        anyone.post(f"{web_url}/api/classes/{code}/join", json={"name": name}) as answer,
    ):
        token = (await answer.json())["token"]
    return await sit(web_url, code, token, name)
