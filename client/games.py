"""`brink games list|export|import`: past games on a server, and moving records between servers.

brink games list [--url URL] [--key KEY ...] [--token TOKEN ...] [--page N | --all]
brink games export CODE --key KEY [--out FILE]      (the all-seeing record: the room's key)
brink games import FILE [--url URL] [--again]       (prints the game's code and a new key)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from client.rules import http_base
from server.game.cliargs import OUTPUT_FULL, credential, whole_number
from server.protocol.base import plain

DEFAULT_URL = "ws://127.0.0.1:8080/ws"


def add_arguments(parser: argparse.ArgumentParser, parser_class: Any) -> None:
    games = parser.add_subparsers(dest="games_command", required=True, parser_class=parser_class)
    listing = games.add_parser("list", help="the finished games you may open")
    export = games.add_parser("export", help="save a game's record (the room's key)")
    export.add_argument("code", metavar="CODE")
    export.add_argument("--out", metavar="FILE", help="where (default CODE.jsonl; - prints it)")
    imported = games.add_parser("import", help="bring a record to this server")
    imported.add_argument("file", metavar="FILE")
    imported.add_argument(
        "--again",
        action="store_true",
        help="import a copy of a game the server has already (else refused, saying its code)",
    )
    for each in (listing, export, imported):
        each.add_argument("--url", default=DEFAULT_URL, help="the server (default %(default)s)")
    export.add_argument("--key", type=credential, help="the room's instructor key")
    listing.add_argument(
        "--key",
        type=credential,
        action="append",
        default=[],
        help="a room's instructor key (repeat it for several rooms)",
    )
    listing.add_argument(
        "--token", type=credential, action="append", default=[], help="a seat token you hold"
    )
    pages = listing.add_mutually_exclusive_group()
    pages.add_argument(
        "--page", type=_page, default=1, metavar="N", help="the Nth page of 20, newest first"
    )
    pages.add_argument("--all", action="store_true", help="every game, all pages")


_page = whole_number("a page number", 1, "pages start at 1, not {value}")


def run(args: argparse.Namespace) -> int:
    base = _base(args.url)
    if base is None:
        print(
            f"brink games: cannot reach the server at {plain(args.url)}: not a ws:// or wss:// URL",
            file=sys.stderr,
        )
        return 1
    try:
        if args.games_command == "list":
            return _list(base, args.key, args.token, None if args.all else args.page)
        if args.games_command == "export":
            return _export(base, args.code.upper(), args.key, args.out)
        from client.games_import import imported

        return imported(base, Path(args.file), args.again)
    except (urllib.error.URLError, OSError) as error:
        return unreachable("brink games", base, error)


def unreachable(command: str, base: str, error: urllib.error.URLError | OSError) -> int:
    """Say in one line why the server at `base` did not answer `command` (its refusal, or no
    answer at all) and return the exit status, 1; a full output of this machine is raised on
    (`brink` says so)."""
    if isinstance(error, urllib.error.HTTPError):
        print(f"{command}: {_reason(error)}", file=sys.stderr)
        return 1
    if not isinstance(error, urllib.error.URLError) and error.errno in OUTPUT_FULL:
        raise error  # this machine's output, not the server
    reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or error
    print(f"{command}: cannot reach {base} ({reason})", file=sys.stderr)
    return 1


def _base(url: str) -> str | None:
    """The HTTP base of a server's websocket URL (an http:// one is taken too), or None for a
    URL that is not one (`notaurl`, `ws://[::1/ws`), which urllib would raise for."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return None
    if parts.scheme not in ("ws", "wss", "http", "https") or not parts.hostname:
        return None
    return http_base(url)


def _request(
    url: str,
    key: str | None = None,
    tokens: list[str] | None = None,
    body: bytes | None = None,
    keys: list[str] | None = None,
) -> bytes:
    headers = {"Content-Type": "application/x-ndjson"} if body is not None else {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    if keys:
        headers["X-Brink-Keys"] = ",".join(keys)
    if tokens:
        headers["X-Brink-Tokens"] = ",".join(tokens)
    request = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as reply:
        return bytes(reply.read())


PER_PAGE = 20
"""A page of the listing (`--page N`), as the server's own pages."""
WHOLE = 500
"""The server's largest page: every game (`--all`, or several batches) in few requests, each of
which counts against the server's limit on listings (120 a minute from one address)."""
BATCH = 50
"""The server reads up to 50 keys (`X-Brink-Keys`) and 50 tokens a request."""


def _batches(keys: list[str], tokens: list[str]) -> list[tuple[list[str], list[str]]]:
    """The keys and tokens split into requests of up to BATCH of each (at least one)."""
    count = max(1, -(-len(keys) // BATCH), -(-len(tokens) // BATCH))
    cut = [slice(i * BATCH, (i + 1) * BATCH) for i in range(count)]
    return [(keys[each], tokens[each]) for each in cut]


def _listing(base: str, keys: list[str], tokens: list[str], page: int, per_page: int) -> Any:
    url = f"{base}/api/games?page={page}&per_page={per_page}"
    return json.loads(_request(url, tokens=tokens, keys=keys))


def _pages(
    base: str, keys: list[str], tokens: list[str], page: int | None
) -> tuple[dict[str, Any], list[dict[str, Any]] | None]:
    """The answer for `page` (or, for more keys or tokens than one request carries, one merged
    from an answer per batch of them) and, when every game is wanted or there are several
    batches, every game (each listed once, with every view any of the credentials opens), newest
    first."""
    batches = _batches(keys, tokens)
    if len(batches) == 1 and page is not None:
        return _listing(base, *batches[0], page, PER_PAGE), None
    games: dict[str, dict[str, Any]] = {}
    key_hits: list[bool] = []
    token_hits: list[bool] = []
    for batch_keys, batch_tokens in batches:
        found = _listing(base, batch_keys, batch_tokens, 1, WHOLE)
        matched = found.get("matched") or {}
        key_hits += [bool(hit) for hit in matched.get("keys") or []]
        token_hits += [bool(hit) for hit in matched.get("tokens") or []]
        pages = max(1, -(-int(found["total"]) // int(found.get("per_page") or WHOLE)))
        for game in _every_page(base, batch_keys, batch_tokens, found["games"], pages):
            had = games.get(game["code"])
            views = sorted({*game["views"], *(had["views"] if had else [])})
            games[game["code"]] = {**game, "views": views}
    every = list(games.values())
    if len(batches) > 1:  # each batch's games newest first: merged, so are they all
        every.sort(key=lambda game: -(game.get("ended") or 0))
    start = ((page or 1) - 1) * PER_PAGE
    shown = every[start : start + PER_PAGE]
    merged: dict[str, Any] = {
        "total": len(every),
        "per_page": PER_PAGE,
        "matched": {"keys": key_hits, "tokens": token_hits},
        "games": shown,
    }
    return merged, every if page is None else shown


def _list(base: str, keys: list[str], tokens: list[str], page: int | None) -> int:
    """List one page of the games (`page`), or every page (None)."""
    found, every = _pages(base, keys, tokens, page)
    unopened = _unopened(found.get("matched") or {})
    if unopened:  # a mistyped key or token: not the public games as if it had opened them
        print(
            f"brink games: {unopened} none of the finished games on {base} (mistyped, or its "
            "game is still running or has expired)",
            file=sys.stderr,
        )
        return 1
    total, per_page = int(found["total"]), int(found.get("per_page") or 20)
    pages = max(1, -(-total // per_page))
    if page is not None and page > pages:
        print(
            f"brink games: there is no page {page} ({total} game{_s(total)}: "
            f"{pages} page{_s(pages)} of {per_page})",
            file=sys.stderr,
        )
        return 1
    games: list[dict[str, Any]] = found["games"] if every is None else every
    lines = [_row(game) for game in games]
    where = ""
    if page is not None and pages > 1:
        where = f" (page {page} of {pages}, newest first"
        nxt = f"; --page {page + 1} for the next, --all for every one" if page < pages else ""
        where += f"{nxt})"
    lines.append(f"{len(games)} of {total} game{_s(total)}{where}")
    _say(lines)
    return 0


def _say(lines: list[str]) -> None:
    """Print the listing; a reader that stops early (`| head`) has what it wanted: no error."""
    try:
        for line in lines:
            print(line)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush


def _every_page(
    base: str, keys: list[str], tokens: list[str], first: list[dict[str, Any]], pages: int
) -> list[dict[str, Any]]:
    """The games of every page of WHOLE, after the first (a game that ended meanwhile moves
    the others down a place: each is listed once)."""
    games = list(first)
    codes = {game["code"] for game in games}
    for page in range(2, pages + 1):
        found = _listing(base, keys, tokens, page, WHOLE)
        more = [game for game in found["games"] if game["code"] not in codes]
        codes.update(game["code"] for game in more)
        games += more
        if not found["games"]:
            break
    return games


def _row(game: dict[str, Any]) -> str:
    """A game's line in the listing: everyone who held each seat (`Ada → Cy`, as the replay's
    header names them). What its record says (code, scenario, outcome, players, bots) is
    printed without control characters, on the one line: a record imported from elsewhere may
    hold escape sequences a terminal would act on."""
    held = game.get("holders") or {s: [{"name": n}] for s, n in game["seats"].items()}
    side_first = sorted(held.items(), key=lambda item: _SIDE_ORDER.get(item[0].split(":")[0], 2))
    players = ", ".join(
        f"{_shown(seat)} {' → '.join(map(_holder, line))}" for seat, line in side_first if line
    )
    among = {(seat.split(":")[0], h.get("bot")) for seat, line in held.items() for h in line}
    bots = ", ".join(  # a bot that stood in among a seat's holders is named there
        f"{_shown(side)} {_shown(bot)} (server bot)"
        for side, bot in (game.get("bots") or {}).items()
        if (side, bot) not in among
    )
    players = ", ".join(part for part in (players, bots) if part)
    when = _when(game.get("ended"))
    code, scenario, outcome = (_shown(game[k] or "-") for k in ("code", "scenario", "outcome"))
    views = _shown(" ".join(game["views"]))
    entries = game["entries"]
    imported = "  imported" if game.get("imported") else ""  # a record brought from elsewhere
    row = f"{code:<7} {when:<16} {scenario:<10} {outcome:<16} {entries:>6}  {players}  [{views}]"
    return row + imported + _what_if(game.get("forked_from"))


_SIDE_ORDER = {"washington": 0, "beijing": 1}
"""Washington's seats first, then Beijing's, as the replay's header names them."""


def _holder(holder: dict[str, str]) -> str:
    """One of a seat's holders (`holders`): a person's name, or `bot NAME` (a bot standing in)."""
    return f"bot {_shown(holder['bot'])}" if "bot" in holder else _shown(holder.get("name", ""))


def _what_if(fork: Any) -> str:
    """A "what if" game's game and step it continues, as the Past games page says it."""
    if not isinstance(fork, dict) or fork.get("code") is None:
        return ""
    return f"  what if: continues {_shown(fork['code'])} from step {_shown(fork.get('step'))}"


def _shown(value: Any) -> str:
    return plain(str(value), kept="")


def _when(ended: Any) -> str:
    """A game's end as local date and time ("-" for none, or a time that is not one)."""
    try:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(ended / 1000)) if ended else "-"
    except (TypeError, ValueError, OverflowError, OSError):
        return "-"


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _unopened(matched: dict[str, Any]) -> str:
    """Say which of the keys and tokens given opened none of the games ("" if all did)."""
    named = ["the key"] if matched.get("key") is False else []
    keys = matched.get("keys") or []
    if len(keys) == 1 and not keys[0]:
        named.append("the key")
    else:
        named += [f"key {i}" for i, hit in enumerate(keys, 1) if not hit]
    hits = matched.get("tokens") or []
    named += [f"token {i}" for i, hit in enumerate(hits, 1) if not hit]
    if not named:
        return ""
    if len(named) == 1:
        return f"{named[0]} opens"
    return f"{', '.join(named[:-1])} and {named[-1]} open"


def _export(base: str, code: str, key: str | None, out: str | None) -> int:
    text = _request(f"{base}/api/games/{code}/record", key)
    if out == "-":
        try:
            sys.stdout.buffer.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # `| head`: the reader has what it wanted, the server was reached
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    path = Path(out or f"{code}.jsonl")
    try:
        path.write_bytes(text)
    except OSError as error:  # this machine's file, not the server
        print(f"brink games: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _said(error: urllib.error.HTTPError) -> dict[str, Any]:
    try:
        body = json.loads(error.read())
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _reason(error: urllib.error.HTTPError) -> str:
    body = _said(error)
    message = body.get("message") or body.get("error")
    if error.code == 404:
        return "no such game, or not one you may open (give its instructor key: --key)"
    if error.code == 429:  # a limit per address (docs/security.md): when to try again
        wait = error.headers.get("Retry-After")
        told = plain(str(message or "too many requests from your network address"), kept="")
        if wait and f"wait {wait} s" in told:
            told += ", then try again"
        else:
            told += f": try again in {wait} s" if wait else ": try again later"
        return f"{told} (the server's limit: {plain(str(body.get('error')), kept='')})"
    return f"{error.code} {message or error.reason}"
