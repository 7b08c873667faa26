"""`brink games import` says why a record's code was not kept by the server's own test of a room
code (no I, L, O, 0 or 1: `LOIL` is not a room code, not "taken"); and a refusal is said as the
server worded it, the file named in place of its "upload" only when the message begins with it
(a server or a proxy in front of it may word a refusal otherwise)."""

from __future__ import annotations

import json
from pathlib import Path

from aiohttp import web
from clientkit import brink
from recordkit import RULES, bot_game


def _record(path: Path, code: str) -> Path:
    header, rest = bot_game(RULES["intro"], 3)[0].split("\n", 1)
    path.write_text(json.dumps({**json.loads(header), "code": code}) + "\n" + rest)
    return path


async def _import(path: Path, url: str, *more: str) -> tuple[int, str, str]:
    process = await brink("games", "import", str(path), "--url", url, *more)
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_a_code_with_letters_rooms_never_have_is_not_a_room_code(
    server_url: str, tmp_path: Path
) -> None:
    for own in ("LOIL", "ABIO23", "H2025"):
        status, out, said = await _import(_record(tmp_path / f"{own}.jsonl", own), server_url)
        assert status == 0, said
        code = out.split()[2].rstrip(";")
        assert code != own, out
        assert (
            said
            == f"brink games: the record's code {own!r} is not a room code: it is {code} there\n"
        )
    status, _, said = await _import(_record(tmp_path / "ok.jsonl", "ABCD23"), server_url)
    assert status == 0 and said == "", said  # a room code, free: kept, nothing to say
    status, _, said = await _import(tmp_path / "ok.jsonl", server_url, "--again")  # a copy
    assert status == 0 and "the record's code 'ABCD23' is taken on" in said, said


async def test_a_refusal_not_worded_as_the_upload_is_said_whole(tmp_path: Path) -> None:
    """A stand-in for a server that words its refusal its own way (an older one, a proxy)."""
    messages = iter(
        [
            ": the record is older than this server reads",
            "upload:12: entry 12 where entry 11 should be",
            "uploads are closed: try tomorrow",
        ]
    )

    async def refuse(request: web.Request) -> web.Response:
        await request.read()
        body = json.dumps({"error": "bad_record", "message": next(messages)})
        return web.Response(status=400, text=body, content_type="application/json")

    app = web.Application()
    app.router.add_post("/api/games/import", refuse)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    path = _record(tmp_path / "game.jsonl", "ABCD23")
    try:
        said = [(await _import(path, f"ws://127.0.0.1:{port}/ws"))[1:] for _ in range(3)]
    finally:
        await runner.cleanup()
    assert said == [
        ("", f"brink games: {path}: : the record is older than this server reads\n"),
        ("", f"brink games: {path}:12: entry 12 where entry 11 should be\n"),
        ("", f"brink games: {path}: uploads are closed: try tomorrow\n"),
    ]
