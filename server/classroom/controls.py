"""An instructor's controls of a room, or of every room of a class (the `control` message,
docs/protocol/23-instructor-controls.md §23).

Only the signed-in instructor who owns the room (`room.info.owner`) may use them; a seat token,
a room's instructor key or no credentials are refused (`not_instructor`). Each control is
committed into the room's log through the same commit as moves: a `notice` saying who did what
and when, followed — when the control changes the game (news, the default action, the end) —
by the engine command, so the replay viewer shows it and a replay reproduces it.
"""

from __future__ import annotations

from server.bots import BOTS
from server.classroom import controls_class, steering
from server.classroom.accounts import require_account
from server.engine import EngineError
from server.engine.commands import Command, EndGame, InjectNews, Timeout
from server.live import lifecycle, vacancy
from server.live.commit import Conflict, Timing
from server.live.connection import Connection
from server.live.handlers import Refusal
from server.live.hub import Hub
from server.live.loading import now_ms
from server.live.rooms import Room
from server.protocol import Control, Controlled, ControlResult, Notice
from server.protocol.tokens import new_token
from server.ruleset.schema import SIDES, Side
from server.storage.store import KEEP, RoomGone


async def control(hub: Hub, conn: Connection, request: Control) -> Controlled:
    """Apply an instructor's control to one room, or to every room of a class."""
    account = require_account(conn)
    if request.room is not None:
        room = await owned_room(hub, account, request.room)
        result = await apply(hub, room, account, request)
        return Controlled(id=request.id, action=request.action, results=[result])
    assert request.class_ is not None
    results = await controls_class.each_room(hub, account, request.class_, request, apply)
    return Controlled(id=request.id, action=request.action, results=results)


async def owned_room(hub: Hub, account: str, code: str) -> Room:
    """Return the room `code` if `account` owns it; refuse otherwise."""
    room = await hub.room(code)
    if room is None:
        raise Refusal("room_not_found", f"there is no room {code}")
    if room.info.owner != account:
        raise Refusal(
            "not_instructor", f"room {code} is not yours: only its instructor controls it"
        )
    return room


async def apply(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    """Apply one control to one room, as it stands in Redis: this process's copy may be behind
    another's commits (a clock started, a pause) that pub/sub has not brought yet."""
    async with room.lock:
        await hub.catch_up(room)
    return await ACTIONS[request.action](hub, room, account, request)


def _done(room: Room, n: int | None, token: str | None = None) -> ControlResult:
    return ControlResult(room=room.code, n=n if n is not None else room.n, token=token)


def _game_on(room: Room) -> None:
    if not room.state.started or room.state.finished:
        raise Refusal("game_over", "the game is over")


def _started(room: Room) -> None:
    if room.waiting:
        raise Refusal(
            "not_started", "the clock has not started: the game waits for its players (resume it)"
        )


def _running(room: Room, what: str) -> None:
    _game_on(room)
    _started(room)
    if room.paused is not None:
        raise Refusal("paused", f"the game is paused: resume it before you {what}")


async def _command(
    hub: Hub,
    room: Room,
    seat: str,
    command: Command,
    notice: Notice,
    timing: Timing | None = None,
) -> int:
    """Commit `notice` and `command` (by `seat`) together; refuse what the engine refuses."""
    try:
        n, _ = await hub.submit(room, seat, command, notice=notice, timing=timing)
    except EngineError as error:
        raise Refusal(error.code, error.message) from None
    except Conflict as error:
        raise Refusal("conflict", str(error)) from None
    return n


async def _pause(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    _game_on(room)
    _started(room)
    if room.paused is not None and room.paused.by != "system":
        raise Refusal("already_paused", "the game is paused already")
    return _done(room, await lifecycle.pause(hub, room, "instructor", by=account))


async def _resume(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    _game_on(room)
    if room.paused is None:
        raise Refusal("not_paused", "the game is not paused")
    if room.waiting:  # its players are not all seated: the room's own Resume starts its clock
        if request.class_ is not None:
            _started(room)  # a class's goes on with paused rooms only (each_room: said quietly)
        if not await lifecycle.start_clock(hub, room, account):
            raise Refusal("not_paused", "the game is not paused")
        return _done(room, None)
    if request.class_ is not None:
        if room.paused.by == "system":
            if (n := await vacancy.resume_if_seated(hub, room)) is not None:
                return ControlResult(room=room.code, n=n, message=SEAT_BACK)
            if (n := await lifecycle.resume_if_back(hub, room)) is not None:
                return ControlResult(room=room.code, n=n, message=PLAYER_BACK)
            if room.paused is None:  # resumed meanwhile (another process)
                raise Refusal("not_paused", "the game is not paused")
            if room.paused.by == "system":  # else a teacher paused it meanwhile: resumed below
                _servers_pause(room.paused)
        if (seat := await vacancy.seat_owed(hub, room)) is not None:
            return _back_to_seat(room, await vacancy.back_to_seat(hub, room, seat))
    n = await lifecycle.resume(hub, room, "instructor", by=account)
    if n is None:  # resumed, or paused again, meanwhile (another process)
        if room.paused is None:
            raise Refusal("not_paused", "the game is not paused")
        raise Refusal("conflict", "the room was paused again meanwhile: look again")
    return _done(room, n)


WAITS_FOR_SEAT = (
    "waits_for_seat",
    "a player left and nobody sits for their side: it goes on when someone takes the seat",
)


SEAT_BACK = "the seat it waited for is taken again: it goes on"
"""A class's Resume of a room the server paused for a seat that is taken now (its resume lost)."""
PLAYER_BACK = "a player is at the table again: it goes on"
"""A class's Resume of a room the server paused for nobody there, a player back now (its
resume lost)."""


def _servers_pause(paused: Notice) -> None:
    """A class's Resume ends the instructor's pauses only: a room the server paused stays so
    until its players are back (a seat taken again, or a player of it connected), as a room's
    own Resume would not (that one goes on, the seat empty or not: vacancy.py) — but one paused
    for a seat taken since, or for nobody there with a player back since, goes on
    (vacancy.resume_if_seated, lifecycle.resume_if_back, before this)."""
    if paused.reason == vacancy.NO_SEAT:
        raise Refusal(*WAITS_FOR_SEAT)
    raise Refusal("nobody_there", "nobody is at the table: it goes on when a player comes back")


def _back_to_seat(room: Room, n: int | None) -> ControlResult:
    """A class's Resume of a room whose side's player left (before or during the instructor's
    pause) and nobody sits there: the instructor's pause is over, the room waits for the seat
    (`n`: where the log says so; None if the room's pause changed meanwhile)."""
    if n is None:
        raise Refusal("conflict", "the room was paused again meanwhile: look again")
    code, message = WAITS_FOR_SEAT
    return ControlResult(room=room.code, n=n, code=code, message=message)


async def _broadcast(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    notice = Notice(kind="broadcast", by=account, text=request.text, at=now_ms())
    return _done(room, await hub.note(room, notice))


async def _news(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    _game_on(room)
    command = InjectNews(news=request.news, text=request.text, effects=list(request.effects))
    notice = Notice(kind="news", by=account, at=now_ms())
    # The news changes no turn: the turn keeps its deadline (and a paused room stays paused).
    return _done(room, await _command(hub, room, "instructor", command, notice, (KEEP, None)))


async def _timer(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    _running(room, "change its timer")
    if room.deadline_ms is None:
        raise Refusal("no_timer", "this turn has no timer")
    seconds = request.seconds or 0
    now = now_ms()
    deadline = max(now, room.deadline_ms + seconds * 1000)
    notice = Notice(kind="timer", by=account, seconds=seconds, at=now)
    return _done(room, await hub.note(room, notice, deadline))


async def _force(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    _running(room, "force a move")
    notice = Notice(kind="forced", by=account, at=now_ms())
    timeout = Timeout(turn=room.state.turn)
    return _done(room, await _command(hub, room, "system", timeout, notice))


async def _reassign(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    seat, name = request.seat or "", request.name or "player"
    side, _, role = seat.partition(":")
    roles = {r.id for r in room.rules.spec.sides[side].roles}  # type: ignore[index]
    if role and role not in roles:
        known = ", ".join(sorted(roles)) or "none"
        raise Refusal("unknown_role", f"{side} has no role {role!r} (roles: {known})")
    if room.info.in_class and await steering.seated_there(hub, room.code, seat, name):
        raise Refusal(
            "holds_seat",
            f"{name} sits there already (the class seats them; on another device: Let in again)",
        )
    token = new_token(24)
    try:
        previous = await hub.store.replace_seat(room.code, seat, token, name)
    except RoomGone:
        raise Refusal("room_not_found", f"there is no room {room.code}") from None
    if room.info.in_class:
        # The class's student seated there is out too, before the notice dismisses their
        # sockets: a page dismissed follows the class again at once, and read before this it
        # took the seat back from the one it was given to (review finding).
        await steering.seat_given(hub, room.code, seat, room.n + 1)
    # Every process drops the connections that held the seat when this notice reaches it.
    # Who held it is kept: a seat taken outside a class leaves no other trace (replay/holders).
    notice = Notice(
        kind="reassigned", by=account, seat=seat, name=name, previous=previous, at=now_ms()
    )
    n = await hub.note(room, notice)
    return _done(room, n, token)


def _side(request: Control) -> Side:
    seat = request.seat or ""
    if seat not in SIDES:
        raise Refusal("not_a_side", "a bot plays a whole side: name washington or beijing")
    return seat


async def _bot_in(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    side, bot = _side(request), request.bot or ""
    if bot not in BOTS:
        raise Refusal("unknown_bot", f"no bot {bot!r} (known: {', '.join(sorted(BOTS))})")
    _game_on(room)
    if side in room.info.bots:
        raise Refusal("bot_plays", f"a bot plays {side} already")
    if await lifecycle.side_present(hub, room, side):
        raise Refusal(
            "player_here", f"{side} is at the table: a bot stands in only for players who left"
        )
    n = await lifecycle.bot_in(hub, room, side, bot, account)
    # a room waiting for its players starts once every side is seated, a bot's side included
    # (as when a player sits down); a room the server paused because nobody was there, now
    # played (by bots) on every side, goes on: else it stays paused, the bots never move, and
    # it ends as abandoned
    paused = room.paused
    if room.waiting:
        if await lifecycle.seats_filled(hub, room):
            await lifecycle.start_clock(hub, room, "system", "seats_filled")
    elif (
        paused is not None and paused.by == "system" and not await lifecycle.nobody_plays(hub, room)
    ):
        n = await lifecycle.resume(hub, room, "instructor", account) or n
    return _done(room, n)


async def _bot_out(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    side = _side(request)
    if side not in room.info.bots:
        raise Refusal("no_bot", f"no bot plays {side}")
    return _done(room, await lifecycle.hand_back(hub, room, side, account))


async def _end(hub: Hub, room: Room, account: str, request: Control) -> ControlResult:
    _game_on(room)
    notice = Notice(kind="ended", by=account, at=now_ms())
    return _done(room, await _command(hub, room, "instructor", EndGame(), notice, (None, False)))


ACTIONS: dict[str, controls_class.Apply] = {
    "pause": _pause,
    "resume": _resume,
    "broadcast": _broadcast,
    "news": _news,
    "timer": _timer,
    "force": _force,
    "reassign": _reassign,
    "bot_in": _bot_in,
    "bot_out": _bot_out,
    "end": _end,
}
