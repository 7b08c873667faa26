"""`brink games import FILE [--url URL] [--again]`: a record brought to a server (client/games.py
reads the arguments). A game the server has already (the file of a game played there, a record
imported there before) is not imported again unless `--again`: one line, exit code 1."""

from __future__ import annotations

import json
import sys
import urllib.error
from pathlib import Path
from typing import Any

from client.games import _request, _said
from server.protocol.base import plain
from server.protocol.codes import game_code, room_code


def imported(base: str, path: Path, again: bool = False) -> int:
    """Import the record at `path` into the server at `base`; return the exit status."""
    try:
        body = path.read_bytes()
    except OSError as error:  # this machine's file, not the server
        print(f"brink games: cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    try:
        asked = f"{base}/api/games/import" + ("" if again else "?once=1")
        reply = json.loads(_request(asked, body=body))
    except urllib.error.HTTPError as error:
        if error.code not in (400, 409):
            raise
        said = _said(error)  # the server names the upload and its line: name the file instead
        if said.get("error") == "already_here":  # played there, or imported before: not twice
            here = plain(str(said.get("code")), kept="")
            print(
                f"brink games: {path}: not imported: {base} has this game already, as {here}"
                " (--again imports a copy)",
                file=sys.stderr,
            )
            return 1
        message = plain(str(said.get("message") or error.reason), kept="")
        where = message.removeprefix("upload") if message.startswith("upload:") else None
        print(f"brink games: {path}{where or ': ' + message}", file=sys.stderr)
        return 1
    code = plain(str(reply["code"]), kept="")
    print(f"imported as {code}; instructor key {plain(str(reply['instructor_key']), kept='')}")
    header = _header(body)
    own = header.get("code")
    if isinstance(own, str) and own != code:
        why = (
            f"is taken on {base} (by another game, or this one imported before)"
            if room_code(own)  # the server's own test: no I, L, O, 0 or 1
            else "is not a room code"
        )
        print(f"brink games: the record's code {own!r} {why}: it is {code} there", file=sys.stderr)
    fork = header.get("forked_from")
    forked = fork.get("code") if isinstance(fork, dict) else None
    if isinstance(forked, str) and not game_code(forked):
        print(
            f"brink games: the record continues {forked!r}, which is not a game's code: "
            "the link to the game it continues is left out",
            file=sys.stderr,
        )
    return 0


def _header(body: bytes) -> dict[str, Any]:
    """A record's header ({} if it cannot be read: the server has read it)."""
    try:
        header = json.loads(body.split(b"\n", 1)[0].decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return {}
    return header if isinstance(header, dict) else {}
