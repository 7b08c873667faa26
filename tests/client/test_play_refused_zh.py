"""`brink play --lang zh` refused as it sits down (a seat taken, no such room, a token that holds
no seat): it said the server's English ("brink play: the server refused: seat_taken: washington
is taken; choose another or watch"), while every other line it prints is in Chinese. Now the
refusal is said in Chinese, in one line, its stable code kept in it; English stays as it was."""

from __future__ import annotations

import asyncio
import re

import pytest
from clientkit import brink

from client.connection import BrinkClient


def test_the_chinese_refusals_have_full_width_punctuation() -> None:
    from client.commands import REFUSED_ZH

    assert [said for said in REFUSED_ZH.values() if re.search(r"[,:;()!?]", said)] == []


async def _refused(*args: str) -> str:
    process = await brink("play", *args, "--name", "小明")
    out, err = (text.decode() for text in await asyncio.wait_for(process.communicate(), 30))
    assert process.returncode == 1, (out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err.strip()


@pytest.mark.parametrize(
    ("how", "code", "said"),
    [
        ("seat", "seat_taken", "這個座位已經有人了"),
        ("room", "room_not_found", "沒有這個房間"),
        ("token", "bad_token", "這個座位代碼在這個房間裡沒有座位"),
    ],
)
async def test_a_refusal_as_brink_play_sits_down_is_said_in_chinese(
    server_url: str, how: str, code: str, said: str
) -> None:
    async with BrinkClient(server_url, "Ada") as ada:
        room = await ada.create_room("intro", timers=False)
        await ada.join(room.code, "washington")
        where: tuple[str, ...] = ("--url", server_url, "--lang")
        args: tuple[str, ...]
        if how == "seat":
            args = (*where, "zh", "--room", room.code, "--seat", "washington")
        elif how == "room":
            args = (*where, "zh", "--room", "ZZZZ" if room.code != "ZZZZ" else "YYYY")
        else:
            args = (*where, "zh", "--room", room.code, "--token", "x" * 32)
        err = await _refused(*args)
        assert err.startswith(f"brink play：伺服器拒絕（{code}）："), err
        assert said in err, err
        assert "the server refused" not in err and ": " not in err, err
        # in English, as it was
        english = await _refused(*args[:2], "--lang", "en", *args[4:])
        assert english.startswith(f"brink play: the server refused: {code}: "), english


async def test_a_server_out_of_reach_is_said_in_chinese(unused_tcp_port: int) -> None:
    url = f"ws://127.0.0.1:{unused_tcp_port}/ws"  # nothing listens there

    said = await _refused("--url", url, "--lang", "zh", "--bot", "dove")

    assert said.startswith(f"brink play：連不上伺服器 {url}：cannot connect"), said
    english = await _refused("--url", url, "--bot", "dove")
    assert english.startswith(f"brink play: cannot reach the server at {url}: cannot"), english
