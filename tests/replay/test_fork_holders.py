"""A "what if" is a room of its own: its replay names among a seat's holders only those who sat in
it (and the bots put in it), not the original game's people. Its log starts with the original's
entries, whose chat lines and controls named Ada, Bo and Cy: the fork's replay header read "Ada
→ Cy (Washington), Bo (Beijing), bot Hawk" though Cy alone sat there and Hawk played Beijing.
Against a real server on a real Redis, over real websockets; `brink replay` of its record too."""

from __future__ import annotations

from typing import Any

import aiohttp
from controlkit import control, notices, seated_room, until
from recordkit import RULES
from replaykit import keyed_json, quiet_moves

from client.connection import BrinkClient
from client.rules import http_base
from server.protocol import Entry
from server.replay.holders import seat_holders
from server.replay.record import Fork, header_for, read_record
from server.replay.show import lines
from server.replay.verify import verify


async def test_a_what_ifs_holders_are_its_own(server_url: str, redis_url: str) -> None:
    async with seated_room(server_url, redis_url, timers=False) as (teacher, ada, bo, room):
        await ada.chat("hello from Ada")
        await bo.chat("hello from Bo")
        await quiet_moves((ada, bo), 2)
        await control(teacher, "reassign", room.code, seat="washington", name="Cy")
        await until(bo, lambda: notices(bo, "reassigned"))
    key = str(room.instructor_key)
    base = http_base(server_url)
    step = (await keyed_json("GET", f"{base}/api/games/{room.code}", key))["entries"]
    whole = await keyed_json("GET", f"{base}/api/games/{room.code}?as=all", key)
    assert whole["holders"]["washington"] == [{"name": "Ada"}, {"name": "Cy"}]  # the original's
    body = {"step": step, "bots": {"beijing": "hawk"}, "timers": False}
    made = await keyed_json("POST", f"{base}/api/games/{room.code}/fork", key, body)
    fork_key = str(made["instructor_key"])
    async with BrinkClient(server_url, "Eve") as eve, BrinkClient(server_url, "Dee") as dee:
        # a seat given up and taken in the fork is the fork's own
        await dee.join(made["code"], "washington")
        await dee.leave()
        await eve.join(made["code"], "washington")
        await eve.chat("and mine")
        await until(eve, lambda: any(e.chat and e.chat.name == "Eve" for e in eve.entries))
    summary = await keyed_json("GET", f"{base}/api/games/{made['code']}?as=all", fork_key)
    assert summary["holders"] == {"washington": [{"name": "Dee"}, {"name": "Eve"}]}, summary[
        "holders"
    ]
    record = await _record(f"{base}/api/games/{made['code']}/record", fork_key)
    first = lines(verify(read_record(record)), "instructor", None, "en")[0]
    assert "Dee → Eve (Washington), bot Hawk (aggressive) (Beijing)" in first, first
    assert "Ada" not in first and "Bo " not in first and "Cy" not in first, first


async def _record(url: str, key: str) -> str:
    async with (
        aiohttp.ClientSession() as http,
        http.get(url, headers={"Authorization": f"Bearer {key}"}) as got,
    ):
        assert got.status == 200, await got.text()
        return await got.text()


def test_a_bot_put_in_a_what_if_is_among_its_holders() -> None:
    """Only the fork's own entries count: the original's chat, hand-over and stand-in before the
    step name nobody; a bot its instructor put in after it is named."""
    fork = Fork(code="ORIG", step=30)
    seats, bots = {"washington": "Dee"}, {"washington": "hawk"}
    header = header_for("FORK", RULES["intro"], [], seats, bots, fork)
    entries = [
        _entry(5, chat={"type": "chat_line", "seat": "washington", "name": "Ada", "text": "hi"}),
        _entry(10, notice=_notice("reassigned", "washington", "Cy", previous="Ada")),
        _entry(20, notice=_notice("bot_in", "beijing", "dove")),
        _entry(40, notice=_notice("bot_in", "washington", "hawk")),
    ]
    assert seat_holders(header, entries) == {"washington": [{"name": "Dee"}, {"bot": "hawk"}]}


def _notice(kind: str, seat: str, name: str, previous: str | None = None) -> dict[str, Any]:
    said = {"type": "notice", "kind": kind, "by": "ms_li", "seat": seat, "name": name}
    return said | ({"previous": previous} if previous else {})


def _entry(n: int, **said: Any) -> Entry:
    return Entry.model_validate({"n": n, "at": n, **said})
