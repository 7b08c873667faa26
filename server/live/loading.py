"""Reading what a room starts from: the scenarios on disk, and a room's copy out of Redis."""

from __future__ import annotations

import logging
import time
from functools import lru_cache
from pathlib import Path

from server.engine import EngineError, initial_state
from server.engine.state import GameState
from server.game.commandlog import CommandLogError, read_log
from server.live.rooms import Room, RoomInfo, server_bot
from server.replay.history import history_record
from server.replay.record import Header
from server.ruleset.loader import NOT_A_SCENARIO, check_paths, load_ruleset
from server.ruleset.model import Ruleset
from server.ruleset.source import RuleCheckFailed
from server.storage.store import Store

log = logging.getLogger("brink.hub")


def now_ms() -> int:
    return int(time.time() * 1000)


class RulesRefused(SystemExit):
    """The rules folder cannot be served: the server stops with this one line.

    A SystemExit, so that the server stops with this one line and exit code 1 whether it is
    starting its app (`brink serve`) or one of its workers (`--workers N`: the parent then
    says the worker did not start)."""

    def __init__(self, line: str) -> None:
        super().__init__(f"brink serve: {line}")
        self.line = line


class ScenarioClash(RulesRefused):
    """Two valid scenarios of the rules folder have one id: the server will not choose one
    (`brink rules check` says the same of the folder)."""


class NoScenarios(RulesRefused):
    """The rules folder is not there, or holds no scenario that loads (BRINK_RULES_DIR mistyped,
    or every file broken): a server offering no game would only puzzle its players."""


def load_scenarios(rules_dir: Path) -> dict[str, Ruleset]:
    """Return every valid scenario in `rules_dir` by id (libraries are skipped). Raise
    ScenarioClash for two scenarios with one id: served by id, one would hide the other; and
    NoScenarios for a folder that is not there or has no scenario that loads."""
    if not rules_dir.is_dir():
        raise NoScenarios(f"the rules folder {rules_dir} (BRINK_RULES_DIR) is not a folder")
    found: dict[str, Ruleset] = {}
    files: dict[str, Path] = {}
    for path in sorted(rules_dir.glob("*.yaml")):
        try:
            rules = load_ruleset(path)
        except RuleCheckFailed as failure:
            if [error.message for error in failure.errors] == [NOT_A_SCENARIO]:
                log.info("not serving %s: a library (no `scenario:` section)", path)
            else:
                log.error("skipping %s: %s", path, failure.errors[0])
            continue
        if rules.id in found:
            raise ScenarioClash(_clash(files[rules.id], path, rules.id))
        found[rules.id] = rules
        files[rules.id] = path
    if not found:
        raise NoScenarios(f"no scenario to serve in {rules_dir} (`brink rules check` it)")
    return found


def _clash(first: Path, second: Path, scenario: str) -> str:
    """Return what `brink rules check` says of two files with scenario id `scenario`."""
    said = [str(error) for error in check_paths([str(first), str(second)])]
    return next(
        (line for line in said if "is also the id of" in line),
        f"{second}: scenario.id: {scenario!r} is also the id of {first}: "
        "a server offers only one scenario by an id",
    )


def load_history(rules_dir: Path, scenarios: dict[str, Ruleset]) -> tuple[Header, str] | None:
    """Return the historical 2025 line (rules/history/2025.jsonl, played under full_2025) as a
    game record, or None if it is not there or does not play (logged)."""
    path = rules_dir / "history" / "2025.jsonl"
    rules = scenarios.get("full_2025")
    if rules is None or not path.is_file():
        return None
    try:
        return history_record(rules, read_log(path))
    except (CommandLogError, EngineError) as error:
        log.error("the historical line does not play: %s", error)
        return None


@lru_cache(maxsize=32)
def rules_json(rules: Ruleset) -> str:
    """Return the rules as stored with each room (a ruleset never changes: serialised once)."""
    return rules.to_json()


def new_room(info: RoomInfo, rules: Ruleset, state: GameState, n: int) -> Room:
    """Return a room's copy at log position `n`, with its bots seated."""
    room = Room(info, rules, state, n)
    room.bots = {side: server_bot(name, side) for side, name in info.bots.items()}
    return room


async def stored_room(store: Store, scenarios: dict[str, Ruleset], code: str) -> Room | None:
    """Return the room as its last snapshot has it (not yet caught up with the log after it),
    or None if there is no such room. A room made under other rules than the scenario's on
    disk now plays on under the rules it was made with, kept in Redis by their hash."""
    meta = await store.meta(code)
    if meta is None or "scenario" not in meta:
        return None
    info = RoomInfo.from_meta(code, meta)
    rules = scenarios.get(info.scenario)
    if rules is None or rules.hash != meta.get("rules_hash"):
        stored = await store.rules_json(meta.get("rules_hash", ""))
        if stored is None:
            return None
        rules = Ruleset.from_json(stored)
    state, n = initial_state(rules), 0
    snapshot = await store.snapshot(code)
    if snapshot is not None:
        n, state = snapshot[0], GameState.model_validate_json(snapshot[1])
    room = new_room(info, rules, state, n)
    room.broken = meta.get("broken") or None  # its log found not to line up (damage.py)
    return room
