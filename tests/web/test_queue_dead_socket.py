"""A quick-match page whose socket dies without a word (the network gone, nothing closed: the
server still holds the socket and its ticket until its heartbeat gives up, ~45 s) queues again
naming its lost ticket (`replaces`, protocol §17): the ticket leaves the queue at once, so the
next player meets the page, not the dead socket — or, matched meanwhile, the page takes that
seat. It was queued twice, and the next player matched with nobody."""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, WebSocketRoute
from redis.asyncio import Redis as AsyncRedis
from web.test_queue_offline import QUEUE, matched_together, mei, queue_up

from client.connection import BrinkClient

__all__ = ["mei"]  # the fixture, shared


async def black_hole_first(context: BrowserContext) -> list[bool]:
    """Route the page's sockets; return the switch (`[False]`) that makes the first one dead:
    nothing passes either way and its close never reaches the server. Later sockets pass
    everything."""
    routes: list[WebSocketRoute] = []
    dead = [False]

    def through(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        first = not routes
        routes.append(ws)

        def from_page(message: str | bytes) -> None:
            if not (first and dead[0]):
                server.send(message)

        def from_server(message: str | bytes) -> None:
            if not (first and dead[0]):
                ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)
        ws.on_close(lambda code, reason: None)  # the page's close is not passed on

    await context.route_web_socket("**/ws*", through)
    return dead


async def lose_the_socket(context: BrowserContext, page: Page, dead: list[bool]) -> None:
    dead[0] = True
    await context.set_offline(True)
    await context.set_offline(False)  # back: the page's ping goes unanswered, it lets go
    await page.wait_for_function(
        "() => window.brink.state.queueLost !== null || window.brink.state.queueCheck",
        timeout=10_000,
    )


async def test_the_dead_sockets_ticket_leaves_the_queue_when_the_page_queues_again(
    mei: tuple[BrowserContext, Page], web_url: str, redis: AsyncRedis
) -> None:
    context, page = mei
    dead = await black_hole_first(context)
    await queue_up(page, web_url)
    [lost] = await redis.lrange(QUEUE, 0, -1)
    await lose_the_socket(context, page, dead)
    await page.wait_for_function(
        "lost => window.brink.state.quick?.replaces && !JSON.stringify("
        "window.brink.state.quick).includes(JSON.parse(lost).ticket)",
        arg=lost,
        timeout=30_000,
    )  # queued again, and told its new ticket
    assert await redis.lrange(QUEUE, 0, -1) != [lost]
    assert await redis.llen(QUEUE) == 1  # the new ticket alone: the lost one left
    await matched_together(page, web_url)


async def test_a_match_made_for_the_dead_socket_is_the_pages(
    mei: tuple[BrowserContext, Page], web_url: str
) -> None:
    context, page = mei
    dead = await black_hole_first(context)
    await queue_up(page, web_url)
    await lose_the_socket(context, page, dead)
    tom = BrinkClient(web_url.replace("http://", "ws://") + "/ws", "Tom")
    await tom.connect()
    try:
        met = await tom.quick_match("intro", timeout=20)  # with the dead socket's ticket
        await page.wait_for_function(
            "code => window.brink.state.room?.code === code", arg=met.code, timeout=30_000
        )
        seat = await page.evaluate("() => window.brink.state.room.seat")
        assert seat != met.seat
    finally:
        await tom.close()
