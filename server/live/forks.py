""" "What if" games: a new live room that continues a recorded game from one of its steps.

The new room's log starts with the original's entries up to that step, unchanged (so its own
record replays from the first move and says where it came from); its state is the game's at
that step, under the rules the game was played with; seats are free or filled by bots. It keeps
the original room's settings — its language, its turn clock on or off and the clock's times, its
bots — unless the one who makes it chooses others. The original lists its forks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.live.hub import Hub
from server.live.rooms import Room, RoomInfo
from server.replay.steps import rest_point
from server.replay.verify import Verified


class ForkRefused(ValueError):
    """No game to continue at that step; `reason` says why, for clients to put in their own
    words: `no_step` (the game has no such step), `not_begun` or `over` (at that step)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Settings:
    """A new room's language and turn clock (`seconds`: phase -> seconds, over the rules')."""

    language: str = "en"
    timers: bool = True
    seconds: dict[str, int] = field(default_factory=dict)


def original(summary: dict[str, Any], meta: dict[str, str] | None) -> Settings:
    """Return the settings of the room a game was played in: its summary's (games kept since it
    says them), else its room's meta (while it lasts: a day after the game), else a new room's
    (a record imported, the 2025 line)."""
    found = summary.get("settings")
    if isinstance(found, dict):
        return Settings(found["language"], found["timers"], dict(found["seconds"]))
    if meta is not None and "scenario" in meta:
        info = RoomInfo.from_meta(str(summary.get("code", "")), meta)
        return Settings(info.language, info.timers, info.seconds)
    return Settings()


def chosen(kept: Settings, body: dict[str, Any]) -> Settings:
    """Return `kept` with what `body` (POST /api/games/CODE/fork's) chooses instead: `language`
    (`en`, `zh`), `timers` (true, false), `seconds` ({phase: 2…3600}). Raise ValueError naming
    the field, `timers` or `seconds`, that is not one of those."""
    language, timers, seconds = kept.language, kept.timers, kept.seconds
    if body.get("language") in ("en", "zh"):  # another (as before it was kept): the room's
        language = body["language"]
    if "timers" in body:
        if not isinstance(body["timers"], bool):
            raise ValueError("timers")
        timers = body["timers"]
    if "seconds" in body:
        said = body["seconds"]
        if not isinstance(said, dict) or any(
            not isinstance(phase, str) or type(value) is not int or not 2 <= value <= 3600
            for phase, value in said.items()
        ):
            raise ValueError("seconds")
        seconds = dict(said)
    return Settings(language, timers, seconds)


async def fork(
    hub: Hub, verified: Verified, step: int, bots: dict[str, str], settings: Settings
) -> tuple[Room, str, int]:
    """Open a room continuing `verified`'s game from `step`; return it, its instructor key and
    the step it continues from (moved back to the nearest rest point). A step the log does
    not have is refused, not moved to the nearest end: past the last step of a running game
    is a move nobody has made yet."""
    count = len(verified.record.entries)
    if not 0 <= step <= count:
        raise ForkRefused("no_step", f"the game has no step {step}: its steps are 0 to {count}")
    step = rest_point(verified, step)
    state = verified.states[step]
    if not state.started:
        raise ForkRefused("not_begun", "the game has not begun at that step")
    if state.finished:
        raise ForkRefused("over", "the game is over at that step")
    source = verified.record.header.code
    rules = verified.record.rules
    made = (settings.language, settings.seconds, bots, settings.timers, f"{source}:{step}")
    room, key = await hub.open_room(rules, *made)
    await hub.graft(room, verified.record.entries[:step], state)
    await hub.store.games.add_fork(source, room.code)
    return room, key, step
