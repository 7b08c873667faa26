"""`brink serve`: run the server until interrupted; print where to open it."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from server.settings import Settings
from server.storage.redis_embedded import EmbeddedRedisError
from server.web.app import create_app
from server.web.reach import reachable, reachable_urls, url


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
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
    return Settings(**overrides)


def _logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_json:
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def ready_text(host: str, port: int) -> str:
    """What `brink serve` prints once it listens: where to open it on this machine, and the
    addresses other machines use (students' invite links), or how to let them in."""
    here = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::", "") else host
    local = url(here, port)
    lines = [f"Brinkmanship is ready: open {local} (Ctrl+C to stop)"]
    others = reachable_urls(host, port)
    if others and others != [local]:
        lines.append("Other machines (students) open:")
        lines += [f"  {address}" for address in others]
    elif not reachable(host):
        lines.append("Only this machine can connect: start with --host 0.0.0.0 to let others in.")
    return "\n".join(lines)


def serve(args: argparse.Namespace) -> int:
    try:
        settings = _settings(args)
    except ValidationError as error:
        message = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
        print(f"brink serve: {message}", file=sys.stderr)
        return 2
    _logging(settings)

    def ready(message: str) -> None:
        # aiohttp's message names the sites it runs ("http://0.0.0.0:8080"): the real port,
        # also when --port 0 picked a free one
        found = re.search(r":(\d+)\b", message)
        print(ready_text(settings.host, int(found.group(1)) if found else settings.port))

    try:
        web.run_app(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            print=ready,
            shutdown_timeout=5,
            access_log=None,
        )
    except EmbeddedRedisError as error:
        print(f"brink serve: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"brink serve: cannot listen on {settings.host}:{settings.port}: {error.strerror}",
            file=sys.stderr,
        )
        return 1
    return 0
