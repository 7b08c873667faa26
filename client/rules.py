"""The rules a client shows and its bots play by: fetched from the server it talks to.

Card, term and variable ids arrive over the socket; their names, texts and costs are in the
scenario's rules, which `GET /api/rules/{scenario}` serves as the server loaded them (a server
may run other rules than the local files, so the server's copy is preferred).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit, urlunsplit

import aiohttp

from server.protocol import Entry
from server.ruleset.model import Ruleset


def http_base(ws_url: str) -> str:
    """Return the HTTP base URL of the server behind a websocket URL
    (`ws://host:8080/ws` → `http://host:8080`, `wss://…` → `https://…`)."""
    parts = urlsplit(ws_url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    path = parts.path.removesuffix("/").removesuffix("/ws")
    return urlunsplit((scheme, parts.netloc, path, "", ""))


async def fetch_rules(
    ws_url: str, scenario: str, timeout: float = 10, *, rules_hash: str | None = None
) -> Ruleset:
    """Return the rules of `scenario` as the server at `ws_url` has them — with `rules_hash`
    (the game's `game_started.rules_hash`), the rules the game was played with when they are
    not the scenario's files' (a "what if" of an older game), while the server keeps them.

    Falls back to the local rule files when the server does not serve them (an older
    server); raises LookupError when neither knows the scenario."""
    url = f"{http_base(ws_url)}/api/rules/{scenario}"
    found = await _served(url, timeout)
    if found is not None and rules_hash and found.hash != rules_hash:
        found = await _served(f"{url}?hash={rules_hash}", timeout) or found
    return found if found is not None else local_rules(scenario)


async def _served(url: str, timeout: float) -> Ruleset | None:
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.get(url) as response,
        ):
            if response.status == 200:
                body = await response.json()
                return Ruleset.from_json(json.dumps(body["rules"]))
    except (aiohttp.ClientError, TimeoutError, KeyError, ValueError):
        pass
    return None


def rules_hash_of(entries: list[Entry]) -> str | None:
    """Return the `rules_hash` the game started with, if its `game_started` entry was seen."""
    for entry in entries:
        if entry.event is not None and entry.event.type == "game_started":
            return str(entry.event.rules_hash)
    return None


def mismatch(rules: Ruleset, entries: list[Entry]) -> str | None:
    """Say so when `rules` are not the ones the game is played with (names may be off)."""
    played = rules_hash_of(entries)
    if played is None or played == rules.hash:
        return None
    return f"these rules ({rules.hash}) are not the game's ({played}): some names may be wrong"


def local_rules(scenario: str) -> Ruleset:
    """Return the rules of `scenario` from this installation's rule files."""
    from server.ruleset.loader import load_ruleset
    from server.settings import Settings

    path = Settings().rules_dir / f"{scenario}.yaml"
    if not path.is_file():
        raise LookupError(f"no rules for scenario {scenario!r}")
    return load_ruleset(path)


def text(value: object, lang: str) -> str:
    """Return the `en` or `zh` text of a bilingual rule field."""
    return str(getattr(value, lang, None) or getattr(value, "en", value))
