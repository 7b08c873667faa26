"""`brink serve`: run the server until interrupted; print where to open it."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import json
import logging
import os
import re
import socket
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import ValidationError
from pydantic_settings import SettingsError

from server import native
from server.settings import Settings
from server.storage.connect import RedisUnreachable, shown, url_problem
from server.storage.redis_embedded import EmbeddedRedisError
from server.web.app import create_app
from server.web.connections import watched
from server.web.reach import reachable, reachable_urls, url
from server.web.workers import cores, supervise


class _JsonFormatter(logging.Formatter):
    def __init__(self, process: str) -> None:
        super().__init__()
        self.process = process

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if self.process:
            line["process"] = self.process
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line)


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    for flag, field in (("host", "host"), ("port", "port"), ("redis", "redis_url")):
        if getattr(args, flag) is not None:
            overrides[field] = getattr(args, flag)
    if args.data_dir is not None:
        overrides["data_dir"] = Path(args.data_dir)
    if args.origin:
        overrides["allowed_origins"] = args.origin
    if args.log_json:
        overrides["log_json"] = True
    if args.redis_cluster:
        overrides["redis_cluster"] = True
    if args.workers is not None:
        overrides["workers"] = args.workers
    return Settings(**overrides)


def use_uvloop(settings: Settings) -> None:
    """Make the event loops this process creates uvloop's, if wanted and installed (a move
    costs less CPU: docs/performance.md)."""
    if not settings.uvloop:
        return
    try:
        import uvloop
    except ImportError:
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


def configure_logging(settings: Settings, process: str = "") -> None:
    """Log to stderr, as text or JSON lines; `process` names a worker in every line."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_json:
        handler.setFormatter(_JsonFormatter(process))
    else:
        where = f"[{process}] " if process else ""
        handler.setFormatter(
            logging.Formatter(f"%(asctime)s %(levelname)s {where}%(name)s: %(message)s")
        )
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def ready_text(host: str, port: int, workers: int = 1) -> str:
    """What `brink serve` prints once it listens: where to open it on this machine, and the
    addresses other machines use (students' invite links), or how to let them in."""
    here = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::", "") else host
    local = url(here, port)
    processes = f", {workers} worker processes" if workers > 1 else ""
    lines = [f"Brinkmanship is ready: open {local} (Ctrl+C to stop{processes})"]
    others = reachable_urls(host, port)
    if others and others != [local]:
        lines.append("Other machines (students) open:")
        lines += [f"  {address}" for address in others]
    elif not reachable(host):
        lines.append("Only this machine can connect: start with --host 0.0.0.0 to let others in.")
    return "\n".join(lines)


ADDRESS_ERRORS = frozenset(
    {errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES, errno.EPERM, errno.EAFNOSUPPORT}
)
"""What binding an address fails with (in use, not this machine's, a port kept for root)."""


def _os_problem(settings: Settings, error: OSError) -> str:
    """What went wrong with the system: a file or folder it names (in the data folder: one that
    cannot be made, or written), the address, which cannot be listened on, or else what it is
    (a full disk is not the port's fault)."""
    if error.filename is not None:
        where = Path(os.fsdecode(error.filename))
        data = settings.data_dir
        # As written or with its links followed (a file in it may be a link elsewhere).
        inside = Path(os.path.abspath(where)).is_relative_to(os.path.abspath(data))
        if inside or where.resolve().is_relative_to(data.resolve()):
            return f"--data-dir {settings.data_dir}: cannot use {where}: {error.strerror}"
        return f"cannot use {where}: {error.strerror}"
    if isinstance(error, socket.gaierror) or error.errno in ADDRESS_ERRORS:
        return f"cannot listen on {settings.host}:{settings.port}: {error.strerror}" + (
            " (choose another with --port)" if error.errno == errno.EADDRINUSE else ""
        )
    return f"cannot start: {error.strerror or error}"


def _variable(field: str) -> str:
    """The environment variable of a setting."""
    return "REDIS_URL" if field == "redis_url" else f"BRINK_{field.upper()}"


def _setting_problem(error: ValidationError) -> str:
    """The first of a setting's problems in one line, naming the setting where it is one
    (`BRINK_WORKERS: Input should be a valid integer…`; the command line's arguments are
    checked before, so a field's value came from its environment variable)."""
    found = error.errors()[0]
    message = str(found["msg"]).removeprefix("Value error, ")
    loc = found.get("loc") or ()
    if not loc:
        return message  # the settings as a whole (--redis-cluster without --redis)
    return f"{_variable(str(loc[0]))}: {message}"


def _unreadable_variable(error: SettingsError) -> str:
    """Say which environment variable could not be read at all, and how a list is written
    (pydantic_settings reads a list setting as JSON, as docker-compose.yml writes them)."""
    found = re.search(r'field "(\w+)"', str(error))
    field = found[1] if found else ""
    variable = _variable(field) if found else "a BRINK_* variable"
    example = "172.29.80.0/24" if field == "trusted_proxies" else "https://brink.school.example"
    return (
        f"{variable}: cannot read it; a list is written as JSON, like '[\"{example}\"]' "
        "(server/settings.py)"
    )


def run_until_stopped(serving: Coroutine[None, None, None]) -> None:
    """Run `serving` as `web.run_app` runs its app: until SIGTERM or SIGINT (GracefulExit),
    then let it clean up while the other tasks still run, then cancel them."""
    loop = asyncio.new_event_loop()  # uvloop's, if chosen (use_uvloop)
    asyncio.set_event_loop(loop)
    main = loop.create_task(serving)
    try:
        loop.run_until_complete(main)
    except (web.GracefulExit, KeyboardInterrupt):
        pass
    finally:
        # Each step whatever the one before raised (a second Ctrl+C during the clean-up, Redis
        # failing in it): the other tasks are cancelled and the loop closed all the same.
        try:
            if not main.done():
                main.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    loop.run_until_complete(main)
        finally:
            try:
                rest = [task for task in asyncio.all_tasks(loop) if not task.done()]
                for task in rest:
                    task.cancel()
                loop.run_until_complete(asyncio.gather(*rest, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()


def app_runner(app: web.Application, keepalive: float) -> web.AppRunner:
    """The runner `web.run_app` would make for `app` (signals handled, no access log, 5 s to
    shut down), whose `server` the connection cap watches (connections.py)."""
    return web.AppRunner(
        app, handle_signals=True, access_log=None, shutdown_timeout=5, keepalive_timeout=keepalive
    )


async def _serve_alone(settings: Settings, ready: Callable[[int], None]) -> None:
    """What `web.run_app` does, with the connections capped per address (connections.py):
    serve until SIGTERM or SIGINT (GracefulExit), then clean up."""
    runner = app_runner(create_app(settings), settings.keepalive_timeout)
    await runner.setup()
    try:
        watched(runner.server, settings)
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        ready(site.port)  # the port bound (--port 0 picks a free one)
        await asyncio.Event().wait()  # until GracefulExit
    finally:
        await runner.cleanup()


def serve(args: argparse.Namespace) -> int:
    try:
        settings = _settings(args)
    except ValidationError as error:
        print(f"brink serve: {_setting_problem(error)}", file=sys.stderr)
        return 2
    except SettingsError as error:  # a BRINK_* variable that could not be read at all
        print(f"brink serve: {_unreadable_variable(error)}", file=sys.stderr)
        return 2
    if settings.redis_url is not None and (problem := url_problem(settings.redis_url)):
        print(f"brink serve: --redis {shown(settings.redis_url)}: {problem}", file=sys.stderr)
        return 2
    configure_logging(settings)
    count = settings.workers or cores()

    def ready(port: int) -> None:
        logging.getLogger("brink").info("listening; the engine is %s", native.state())
        print(ready_text(settings.host, port, count))
        sys.stdout.flush()

    try:
        if count > 1:
            return asyncio.run(supervise(settings, count, ready))
        use_uvloop(settings)
        run_until_stopped(_serve_alone(settings, ready))
    except (EmbeddedRedisError, RedisUnreachable) as error:
        print(f"brink serve: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"brink serve: {_os_problem(settings, error)}", file=sys.stderr)
        return 1
    return 0
