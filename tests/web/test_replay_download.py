"""The replay page downloads the game's record for whoever may open it all-seeing (the room's
instructor key): the file `brink replay FILE --verify` checks and `brink games import` takes to
another server. The page had no way to it: a teacher with only a browser could replay a game but
not keep it or move it. A side's player is not offered it (the record shows both hands). In a
real browser against a real server on a real Redis; the game played with the Python client."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from playwright.async_api import expect
from web.test_replay import LAPTOP, Open, open_page, page_errors, play_a_game, remember

from server.replay.record import read_record
from server.replay.verify import verify

__all__ = ["open_page"]  # the fixture, shared with test_replay.py


async def test_the_instructor_downloads_the_record_a_player_cannot(
    open_page: Open, web_url: str, tmp_path: Path
) -> None:
    game = await play_a_game(web_url)
    _, page = await open_page(LAPTOP)
    await remember(page, web_url, [{"code": game.code, "key": game.key}])
    await page.goto(f"{web_url}/?game={game.code}&as=all&step=3")
    await expect(page.locator("#rp-pos")).to_contain_text("Step 3 of")
    async with page.expect_download() as downloading:
        await page.click("#rp-record")
    download = await downloading.value
    assert download.suggested_filename == f"{game.code}.jsonl"
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    headers = {"Authorization": f"Bearer {game.key}"}
    url = f"{web_url}/api/games/{game.code}/record"
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as reply:
        assert text == await reply.text(), "the record as the server keeps it"
    verified = verify(read_record(text, str(saved)))
    assert verified.record.header.code == game.code and verified.states[-1].finished
    # what the download is for, said on the page
    await expect(page.locator("#rp-tools")).to_contain_text("brink replay")
    assert page_errors(page) == []

    _, player = await open_page(LAPTOP)
    token = game.tokens["beijing"]
    await remember(player, web_url, [{"code": game.code, "seat": "beijing", "token": token}])
    await player.goto(f"{web_url}/?game={game.code}&as=beijing&step=3")
    await expect(player.locator("#rp-pos")).to_contain_text("Step 3 of")
    await expect(player.locator("#rp-record")).to_have_count(0)
