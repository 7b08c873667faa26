"""HTTP routes of class sessions (docs/classroom.md).

For the class's instructor (signed in: the session cookie, nothing else; a class of another
instructor is 404, like one that does not exist):

    GET    /api/classes                          the instructor's classes, newest first, each
                                                 with where its rooms stand (progress.py)
    POST   /api/classes                          a set-up (+ "roster_text"/"roster_csv", "save_as")
    GET    /api/classes/{code}                   the class: set-up, students, rooms
    POST   /api/classes/{code}/start             start every room (bots on empty sides)
    POST   /api/classes/{code}/move              {"student", "room" (a code or "new"), "seat"}
    POST   /api/classes/{code}/students          {"names": [...]}: add latecomers to a roster
    POST   /api/classes/{code}/students/{id}/let-in   they may join again (a new device)
    DELETE /api/classes/{code}/students/{id}     take a student out of the class
    GET    /api/classes/{code}/qr.svg?base=URL   the join link's QR code (SVG)
    GET    /api/class-estimate?scenario=&PHASE=s  a game's expected minutes with those timers
    POST   /api/class-roster                     {"csv"} or {"text"} -> {"names": [...]}
    GET    /api/setups                           the instructor's saved set-ups, by name
    PUT    /api/setups/{name}                    save a set-up under a name
    DELETE /api/setups/{name}
    GET    /api/rooms/{code}/class               the class of one of its rooms (class_of.py)

For students (by the class code; joining is limited per network address):

    GET    /api/classes/{code}/public            title, mode, language, state
    POST   /api/classes/{code}/join              {"name"} -> the student's class token
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import segno
from aiohttp import web
from pydantic import ValidationError

from server.classroom.classes import ClassError, create_class, load_class, load_classes
from server.classroom.joining import join_class
from server.classroom.model import CLASS_CODE, ClassSession, Setup
from server.classroom.period import PERIOD_MINUTES, game_length
from server.classroom.progress import ROOM_STATES, classes_counts, progress_of
from server.classroom.roster import names_from_csv, names_from_text, unique_names
from server.classroom.service import close_classroom
from server.classroom.steering import (
    add_students,
    let_in_again,
    move_student,
    remove_student,
    start_class,
)
from server.classroom.summary import class_info
from server.protocol.wording import said
from server.storage import limits
from server.storage.classes import ClassStore
from server.web.appkeys import HUB, REDIS, SETTINGS
from server.web.auth import require_instructor
from server.web.class_of import add_class_of_route
from server.web.refusals import json_error
from server.web.security import client_address, origin_allowed

JOINS_PER_MINUTE = 120
"""Joins from one network address a minute (a whole class behind one school router fits)."""
SETUP_NAME = re.compile(r"^[^\x00-\x1f]{1,60}$")


def _refused(error: ClassError) -> web.HTTPException:
    return json_error(error.status, error.code, error.message)


def _code(request: web.Request) -> str:
    code = request.match_info["code"].upper()
    if not CLASS_CODE.match(code):
        raise json_error(404, "class_not_found", f"there is no class {code}")
    return code


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise json_error(400, "bad_json", "send a JSON object") from None
    if not isinstance(body, dict):
        raise json_error(400, "bad_json", "send a JSON object")
    return body


async def _instructor(request: web.Request) -> str:
    """Return the signed-in instructor (else 401); a change sent from another site's page is
    refused (the cookie's SameSite is the first guard, this the second)."""
    name = await require_instructor(request)
    if request.method != "GET" and not origin_allowed(request, request.app[SETTINGS]):
        raise json_error(403, "bad_origin", "this request comes from another site")
    return name


async def _own_class(request: web.Request) -> tuple[str, ClassSession]:
    """Return the signed-in instructor and their class named in the path (else 401 / 404)."""
    name = await _instructor(request)
    code = _code(request)
    session = await load_class(request.app[REDIS], code)
    if session is None or session.owner != name:
        raise json_error(404, "class_not_found", f"you have no class {code}")
    return name, session


def _json(session: ClassSession) -> web.Response:
    return web.json_response(class_info(session))


def _setup(body: dict[str, Any]) -> Setup:
    fields = {k: v for k, v in body.items() if k not in ("roster_text", "roster_csv", "save_as")}
    roster = list(fields.get("roster") or [])
    if isinstance(body.get("roster_text"), str):
        roster += names_from_text(body["roster_text"])
    if isinstance(body.get("roster_csv"), str):
        roster += names_from_csv(body["roster_csv"])
    fields["roster"] = roster
    try:
        return Setup.model_validate(fields, strict=True)  # "2" is not a number, "yes" no bool
    except ValidationError as error:
        raise json_error(400, "bad_setup", said(error.errors()[0], fields)) from None


# ---------------------------------------------------------------- the instructor's


async def list_classes(request: web.Request) -> web.Response:
    name = await require_instructor(request)
    store = ClassStore(request.app[REDIS])
    sessions = [s for s in await load_classes(request.app[REDIS], await store.codes_of(name)) if s]
    # an ended class's every game was ended with it: no room to read
    playing = iter(
        await classes_counts(request.app[HUB], [s for s in sessions if s.state != "ended"])
    )
    listed = []
    for session in sessions:
        ended = dict.fromkeys(ROOM_STATES, 0) | {"finished": len(session.rooms)}
        counts = ended if session.state == "ended" else next(playing)
        listed.append(
            {
                "code": session.code,
                "title": session.title,
                "scenario": session.scenario,
                "mode": session.mode,
                "state": session.state,
                "progress": progress_of(session.state, counts),
                "room_states": counts,
                "students": len(session.students),
                "joined": sum(1 for s in session.students.values() if s.joined),
                "rooms": len(session.rooms),
                "created_at": session.created_at,
            }
        )
    return web.json_response(listed)


async def new_class(request: web.Request) -> web.Response:
    name = await _instructor(request)
    body = await _body(request)
    setup = _setup(body)
    try:
        session = await create_class(request.app[HUB], name, setup)
    except ClassError as error:
        raise _refused(error) from None
    save_as = body.get("save_as")
    if isinstance(save_as, str) and save_as.strip():
        await _save_setup(request, name, save_as.strip(), setup)
    return web.json_response(class_info(session), status=201)


async def get_class(request: web.Request) -> web.Response:
    _, session = await _own_class(request)
    return _json(session)


async def start(request: web.Request) -> web.Response:
    name, session = await _own_class(request)
    try:
        return _json(await start_class(request.app[HUB], session.code, name))
    except ClassError as error:
        raise _refused(error) from None


async def move(request: web.Request) -> web.Response:
    _, session = await _own_class(request)
    body = await _body(request)
    student, room, seat = body.get("student"), body.get("room"), body.get("seat")
    if not all(isinstance(x, str) and x for x in (student, room, seat)):
        raise json_error(
            400, "bad_move", 'send {"student": id, "room": code or "new", "seat": seat}'
        )
    try:
        moved = await move_student(request.app[HUB], session.code, student, room, seat)  # type: ignore[arg-type]
    except ClassError as error:
        raise _refused(error) from None
    return _json(moved)


async def add(request: web.Request) -> web.Response:
    _, session = await _own_class(request)
    body = await _body(request)
    names = body.get("names")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise json_error(400, "bad_names", 'send {"names": ["...", ...]}')
    tidy = unique_names(names)
    if not tidy:
        raise json_error(400, "bad_names", "no names to add")
    try:
        return _json(await add_students(request.app[HUB], session.code, tidy))
    except ClassError as error:
        raise _refused(error) from None


async def let_in(request: web.Request) -> web.Response:
    _, session = await _own_class(request)
    try:
        return _json(await let_in_again(request.app[HUB], session.code, request.match_info["id"]))
    except ClassError as error:
        raise _refused(error) from None


async def remove(request: web.Request) -> web.Response:
    _, session = await _own_class(request)
    try:
        return _json(await remove_student(request.app[HUB], session.code, request.match_info["id"]))
    except ClassError as error:
        raise _refused(error) from None


def join_link(base: str, code: str) -> str:
    return f"{base}/?class={code}"


def _base(request: web.Request) -> str:
    """Return the address students open (`base`: one of the machine's, as the page chose it;
    else the page's own)."""
    base = request.query.get("base", "").rstrip("/")
    if not base:
        return f"{request.scheme}://{request.host}"
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
        raise json_error(400, "bad_base", "base is an address like http://192.168.1.20:8080")
    return base


async def qr(request: web.Request) -> web.Response:
    _, session = await _own_class(request)
    link = join_link(_base(request), session.code)
    svg = segno.make(link, error="m").svg_inline(border=2, omitsize=True, title=link)
    return web.Response(
        text=svg, content_type="image/svg+xml", headers={"Cache-Control": "no-store"}
    )


async def estimate(request: web.Request) -> web.Response:
    await require_instructor(request)
    rules = request.app[HUB].scenarios.get(request.query.get("scenario", ""))
    if rules is None:
        raise json_error(404, "unknown_scenario", "no such scenario")
    seconds: dict[str, int] = {}
    for phase in rules.phases:
        given = request.query.get(phase.id, "")
        if given.isdigit() and 5 <= int(given) <= 3600:
            seconds[phase.id] = int(given)
    length = game_length(rules, seconds)
    return web.json_response(
        {
            "scenario": rules.id,
            "minutes": length.engaged,
            "at_most": length.at_most,
            "period": PERIOD_MINUTES,
            # the worst case fits (`fits`), or only a typical game does (`fits_typically`)
            "fits": length.at_most <= PERIOD_MINUTES,
            "fits_typically": length.engaged <= PERIOD_MINUTES,
            "seconds": seconds,  # the limits it counted (one out of 5..3600: the default's)
        }
    )


async def roster(request: web.Request) -> web.Response:
    await _instructor(request)
    body = await _body(request)
    if isinstance(body.get("csv"), str):
        names = names_from_csv(body["csv"])
    elif isinstance(body.get("text"), str):
        names = names_from_text(body["text"])
    else:
        raise json_error(400, "bad_roster", 'send {"csv": "..."} or {"text": "..."}')
    return web.json_response({"names": names})


# ---------------------------------------------------------------- saved set-ups


async def _save_setup(request: web.Request, owner: str, name: str, setup: Setup) -> None:
    if not SETUP_NAME.match(name):
        raise json_error(400, "bad_name", "a set-up's name is 1 to 60 characters")
    await ClassStore(request.app[REDIS]).put_setup(owner, name, setup.model_dump_json())


async def list_setups(request: web.Request) -> web.Response:
    owner = await require_instructor(request)
    saved = await ClassStore(request.app[REDIS]).setups(owner)
    return web.json_response({name: json.loads(text) for name, text in sorted(saved.items())})


async def put_setup(request: web.Request) -> web.Response:
    owner = await _instructor(request)
    setup = _setup(await _body(request))
    await _save_setup(request, owner, request.match_info["name"], setup)
    return web.json_response({"name": request.match_info["name"], "setup": setup.model_dump()})


async def delete_setup(request: web.Request) -> web.Response:
    owner = await _instructor(request)
    if not await ClassStore(request.app[REDIS]).delete_setup(owner, request.match_info["name"]):
        raise json_error(404, "setup_not_found", "no set-up of that name")
    return web.json_response({"deleted": request.match_info["name"]})


# ---------------------------------------------------------------- the students'


async def public(request: web.Request) -> web.Response:
    session = await load_class(request.app[REDIS], _code(request))
    if session is None:
        raise json_error(404, "class_not_found", "no class with that code")
    return web.json_response(
        {
            "code": session.code,
            "title": session.title,
            "mode": session.mode,
            "language": session.language,
            "scenario": session.scenario,
            "state": session.state,
        }
    )


async def join(request: web.Request) -> web.Response:
    code = _code(request)
    address = client_address(request, request.app[SETTINGS].trusted_proxies)
    if await limits.count(request.app[REDIS], "class-join", address, 60) > JOINS_PER_MINUTE:
        raise json_error(429, "too_many_joins", "too many joins from your network: wait a minute")
    name = (await _body(request)).get("name")
    if not isinstance(name, str):
        raise json_error(400, "bad_name", 'send {"name": "your name"}')
    try:
        session, student, token = await join_class(request.app[HUB], code, name)
    except ClassError as error:
        raise _refused(error) from None
    return web.json_response(
        {"code": session.code, "student": student.id, "name": student.name, "token": token}
    )


async def _shutdown(app: web.Application) -> None:
    await close_classroom(app[HUB])


def add_class_routes(app: web.Application) -> None:
    router = app.router
    router.add_get("/api/classes", list_classes)
    router.add_post("/api/classes", new_class)
    router.add_get("/api/classes/{code}", get_class)
    router.add_post("/api/classes/{code}/start", start)
    router.add_post("/api/classes/{code}/move", move)
    router.add_post("/api/classes/{code}/students", add)
    router.add_post("/api/classes/{code}/students/{id}/let-in", let_in)
    router.add_delete("/api/classes/{code}/students/{id}", remove)
    router.add_get("/api/classes/{code}/qr.svg", qr)
    router.add_get("/api/classes/{code}/public", public)
    router.add_post("/api/classes/{code}/join", join)
    router.add_get("/api/class-estimate", estimate)
    router.add_post("/api/class-roster", roster)
    router.add_get("/api/setups", list_setups)
    router.add_put("/api/setups/{name}", put_setup)
    router.add_delete("/api/setups/{name}", delete_setup)
    add_class_of_route(app)
    app.on_shutdown.append(_shutdown)
