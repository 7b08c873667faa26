"""Who may use the controls (only the signed-in instructor who owns the room: never a student's
seat, a room's instructor key, another instructor or nobody), what a malformed control gets, and
controls across server processes (the room lives in Redis, not in a process)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from controlkit import control, eventually, notices, teacher_headers, until
from serverkit import Start

from client.connection import BrinkClient, ServerError
from server.engine.commands import Check
from server.protocol import Control
from server.storage.store import SNAPSHOT_EVERY

EVERY_ACTION: list[tuple[str, dict[str, Any]]] = [
    ("pause", {}),
    ("resume", {}),
    ("broadcast", {"text": "hello"}),
    ("news", {"text": "x", "effects": ["markets_rally"]}),
    ("news", {"news": "markets_tumble"}),
    ("timer", {"seconds": 30}),
    ("force", {}),
    ("reassign", {"seat": "washington", "name": "Mallory"}),
    ("bot_in", {"seat": "beijing", "bot": "hawk"}),
    ("bot_out", {"seat": "beijing"}),
    ("end", {}),
]


@pytest.mark.parametrize(("action", "params"), EVERY_ACTION)
async def test_every_control_refuses_students_room_keys_other_instructors_and_nobody(
    server_url: str, redis_url: str, action: str, params: dict[str, Any]
) -> None:
    headers = await teacher_headers(server_url, redis_url)
    other = await teacher_headers(server_url, redis_url, "mr_wu")
    async with (
        BrinkClient(server_url, "Ms Li", headers=headers) as teacher,
        BrinkClient(server_url, "Ada") as student,
        BrinkClient(server_url, "Key") as keyholder,
        BrinkClient(server_url, "Nobody") as nobody,
        BrinkClient(server_url, "Mr Wu", headers=other) as stranger,
    ):
        room = await teacher.create_room("intro")
        await student.join(room.code, "washington")
        await keyholder.join(room.code, instructor_key=room.instructor_key)
        n = student.n
        for client in (student, keyholder, nobody, stranger):
            with pytest.raises(ServerError) as refused:
                await control(client, action, room.code, **params)
            assert refused.value.code == "not_instructor", client.name
        # A student's own room (created without signing in) is nobody's to control.
        own = await nobody.create_room("intro")
        with pytest.raises(ServerError) as unowned:
            await control(teacher, action, own.code, **params)
        assert unowned.value.code == "not_instructor"
        with pytest.raises(ServerError) as missing:
            await control(teacher, action, "ZZZZ22", **params)
        assert missing.value.code == "room_not_found"
        await student.resync()
        assert student.n == n  # nothing was written to the room


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ({"action": "pause"}, "name one room"),
        ({"action": "pause", "room": "ABCD23", "class": "ABCDE"}, "name one room"),
        ({"action": "broadcast", "room": "ABCD23"}, "broadcast needs `text`"),
        ({"action": "timer", "room": "ABCD23", "seconds": 0}, "other than 0"),
        ({"action": "news", "room": "ABCD23"}, "news needs a news card"),
        ({"action": "reassign", "class": "ABCDE", "seat": "beijing", "name": "x"}, "one room"),
        ({"action": "dance", "room": "ABCD23"}, "action: should be 'pause'"),
    ],
)
async def test_a_malformed_control_is_refused_with_what_is_wrong(
    server_url: str, redis_url: str, message: dict[str, Any], problem: str
) -> None:
    headers = await teacher_headers(server_url, redis_url)
    async with BrinkClient(server_url, "Ms Li", headers=headers) as teacher:
        await teacher.send_raw(json.dumps({"type": "control", "id": "c1", **message}))
        await eventually(lambda: teacher.last_error is not None)
        assert teacher.last_error is not None
        assert teacher.last_error.code == "bad_message"
        assert problem in teacher.last_error.message
    assert Control.model_validate({"action": "pause", "class": "ABCDE"}).class_ == "ABCDE"


async def test_a_pause_on_one_process_freezes_the_turn_for_a_player_on_another(
    servers: Start, redis_url: str, tmp_path: Path
) -> None:
    first, second = await servers(), await servers()
    headers = await teacher_headers(first, redis_url)
    async with (
        BrinkClient(first, "Ms Li", headers=headers) as teacher,
        BrinkClient(second, "Ada") as ada,
        BrinkClient(second, "Bo") as bo,
    ):
        room = await teacher.create_room("intro")
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await until(ada, lambda: ada.deadline is not None)
        await control(teacher, "pause", room.code)
        await until(ada, lambda: notices(ada, "paused"))
        assert ada.deadline is None
        with pytest.raises(ServerError) as refused:
            await ada.act(Check())
        assert refused.value.code == "paused"
        # Reassigned on the first process: the second drops the old holder.
        done = await control(teacher, "reassign", room.code, seat="beijing", name="Cy")
        await eventually(lambda: bo._socket is not None and bo._socket.close_code is not None)
        # A third process, loading the room fresh from Redis, knows it is paused by the
        # instructor: the new holder's arrival does not resume it.
        third = await servers()
        async with BrinkClient(third, "Cy") as cy:
            token = done.results[0].token
            assert token is not None
            await cy.resume(room.code, token)
            assert cy.deadline is None
            await control(teacher, "resume", room.code)
            await until(ada, lambda: notices(ada, "resumed"))
            assert ada.deadline is not None
            await ada.act(Check())
            await until(cy, lambda: cy.view["to_act"] == "beijing")
            await cy.act(Check())


async def test_a_room_paused_long_ago_is_still_paused_when_a_process_loads_it(
    servers: Start, redis_url: str
) -> None:
    first = await servers()
    headers = await teacher_headers(first, redis_url)
    async with (
        BrinkClient(first, "Ms Li", headers=headers) as teacher,
        BrinkClient(first, "Ms Li", headers=headers) as tab,  # two tabs: twice the rate limit
        BrinkClient(first, "Ada") as ada,
        BrinkClient(first, "Bo") as bo,
    ):
        room = await teacher.create_room("intro")
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await until(ada, lambda: ada.deadline is not None)
        paused_at = (await control(teacher, "pause", room.code)).results[0].n
        # Many entries after the pause, then a snapshot past them: a process loading the room
        # reads only the log near the snapshot, where the pause is not.
        n = paused_at or 0
        while n < SNAPSHOT_EVERY * 2 - 3:
            client = teacher if n % 2 else tab
            n = (await control(client, "broadcast", room.code, text=f"line {n}")).results[0].n or 0
        done = await control(teacher, "news", room.code, text="news", effects=["markets_rally"])
        assert (done.results[0].n or 0) >= SNAPSHOT_EVERY * 2 > (paused_at or 0) + SNAPSHOT_EVERY
        token = ada.token
        assert token is not None
        await ada.drop()
    second = await servers()
    async with BrinkClient(second, "Ada") as back:
        await back.resume(room.code, token)
        assert back.deadline is None
        with pytest.raises(ServerError) as refused:
            await back.act(Check())
        assert refused.value.code == "paused"
