"""`brink replay CODE --url URL`: a game kept on a server, told in the terminal.

    brink replay QX7K2M --token TOKEN                               (this machine's server, :8080)
    brink replay QX7K2M --url ws://HOST:8080/ws --token TOKEN       (as your seat's side saw it)
    brink replay QX7K2M --url ws://HOST:8080/ws --key KEY --verify  (the room's instructor key)

A seat's token (the one `brink play` printed when you sat down) opens the game as your side
saw it, or as a spectator; the room's instructor key opens every view and the record itself
(`--verify` needs it, but for a public game, which opens without either, its record included).
The server sends only what the view may see (`GET /api/games/CODE/step`); the narration is
`brink play`'s and `brink replay FILE`'s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import urllib.error
from typing import Any
from urllib.parse import quote

from client.games import _base, _request, unreachable
from client.rules import fetch_rules
from server.engine import Viewer
from server.engine.views import View
from server.protocol import Entry
from server.protocol.base import plain
from server.protocol.codes import game_code
from server.replay.record import Fork, Header
from server.replay.show import VIEWERS, from_bytes, past_the_end, told_lines
from server.replay.told import Language

OPENS = {"instructor": "all-seeing (--as all)", "spectator": "as a spectator (--as spectator)"}
"""The views a summary lists, as `--as` names them (a side's: "as washington (--as ...)")."""


def run(args: argparse.Namespace) -> int:
    base = _base(args.url)
    if base is None:
        said = f"cannot reach the server at {plain(args.url)}: not a ws:// or wss:// URL"
        print(f"brink replay: {said}", file=sys.stderr)
        return 1
    code = args.file.upper()
    if not game_code(code):
        said = f"{plain(args.file)} is not a game's code (a game on a server is named by its code)"
        print(f"brink replay: {said}", file=sys.stderr)
        return 2
    try:
        if args.key or args.verify:  # the record itself: every view, and --verify
            data = _request(f"{base}/api/games/{code}/record", args.key, args.token)
            return from_bytes(data, f"{base}/api/games/{code}", args)
        return _told(base, code, args)
    except urllib.error.HTTPError as error:
        if args.key or not args.verify or error.code not in (403, 404):
            return unreachable("brink replay", base, error)
        # a public game's record opens for anyone (H2025 too); any other needs the room's key
        said = "--verify checks the whole record, which only the room's instructor key opens"
        print(f"brink replay: {said} (--key)", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (`| head`): brink says no more, rc 0
        raise
    except (urllib.error.URLError, OSError) as error:
        return unreachable("brink replay", base, error)
    except LookupError as error:  # the rules neither the server nor this machine has
        print(f"brink replay: {error}", file=sys.stderr)
    return 1


def _told(base: str, code: str, args: argparse.Namespace) -> int:
    """Tell the game as the server shows the asker's view of it, up to `--step`."""
    summary = _json(f"{base}/api/games/{code}", args.token)  # its views: what the asker may open
    if args.viewer is not None and VIEWERS[args.viewer] not in summary.get("views", []):
        opens = ", ".join(OPENS.get(v, f"as {v} (--as {v})") for v in summary.get("views", []))
        print(f"brink replay: --as {args.viewer}: you may open this game {opens}", file=sys.stderr)
        return 2
    viewer = "" if args.viewer is None else f"&as={quote(args.viewer)}"
    last = int(summary["entries"])
    if past_the_end(args.step, last):
        return 2
    at = last if args.step is None else args.step
    step = _json(f"{base}/api/games/{code}/step?n={at}{viewer}", args.token)
    rules = asyncio.run(
        fetch_rules(args.url, summary["scenario"], rules_hash=summary.get("rules_hash"))
    )
    seen: Viewer = VIEWERS[step["as"]]
    entries = [Entry.model_validate(entry) for entry in step["entries"]]
    view = View.model_validate(step["view"])
    language: Language = "zh" if args.lang == "zh" else "en"
    header = _header(summary, last)
    holders = summary.get("holders") if isinstance(summary.get("holders"), dict) else None
    for line in told_lines(rules, header, entries, seen, language, (at, last), view, holders):
        print(line)
    return 0


def _json(url: str, token: str | None) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(_request(url, None, [token] if token else None))
    return found


def _header(summary: dict[str, Any], entries: int) -> Header:
    """The record's first line as far as the summary says it (the header line's part)."""
    fork = summary.get("forked_from")
    forked = Fork.model_validate(fork) if isinstance(fork, dict) else None
    return Header(
        code=summary["code"],
        scenario=summary["scenario"],
        title=summary.get("title") or {},
        started=summary.get("started"),
        seats=summary.get("seats") or {},
        bots=summary.get("bots") or {},
        outcome=summary.get("outcome"),
        entries=entries,
        rules_hash=summary.get("rules_hash") or "",
        rules={},
        forked_from=forked,
    )
