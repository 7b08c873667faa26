"""`brink`: the command line. Bad arguments get a one-line message and exit 2, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from server.game.cliargs import output_full, quiet_output


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """Refuse what is left over here, where it was given: a subcommand's parser names itself
        (`brink serve: error: unrecognized arguments: …`), not `brink`, whose help lists only
        the commands. A subcommand's parser takes every argument after its name."""
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


SERVE_EPILOG = """\
environment: every setting can come from a variable instead; a flag wins over it.
  BRINK_HOST, BRINK_PORT, BRINK_WORKERS, BRINK_DATA_DIR, BRINK_LOG_JSON=true,
  REDIS_URL (or BRINK_REDIS_URL), BRINK_REDIS_CLUSTER=true,
  BRINK_ALLOWED_ORIGINS (a JSON list: '["https://brink.school.example"]'),
  and the limits and the rest: server/settings.py, docs/operations.md

examples:
  brink serve                                  # http://localhost:8080/, Redis embedded in ./data
  brink serve --host 0.0.0.0                   # let the students' machines in
  brink serve --redis redis://127.0.0.1:6379/0 --workers 2
  brink serve --redis-cluster --redis redis://NODE:PORT   # any node of a Redis Cluster"""


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="brink", description="Brinkmanship: supply-chain poker.")
    parser.add_argument("--version", action="version", version=f"brink {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    rules = commands.add_parser("rules", help="work with rule files")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    check = rules_commands.add_parser(
        "check",
        help="validate rule files and folders",
        description="Check rule files, each with every file it extends. A folder: its own "
        "*.yaml files, as `brink serve` reads a rules folder (its subfolders, such as base/, "
        "only through `extends`).",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="a rule file or a rules folder")

    from server.game.simulate import add_arguments

    simulate = commands.add_parser("simulate", help="play bot-vs-bot games headless")
    add_arguments(simulate)

    serve = commands.add_parser(
        "serve",
        help="run the game server (web client at /)",
        epilog=SERVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, help="port (default 8080; 0 picks a free one)")
    serve.add_argument("--redis", metavar="URL", help="use this Redis (default: start one)")
    serve.add_argument(
        "--redis-cluster", action="store_true", help="--redis is a node of a Redis Cluster"
    )
    serve.add_argument(
        "--data-dir",
        metavar="DIR",
        help="finished games (DIR/games/CODE.jsonl) and the embedded Redis (default ./data)",
    )
    serve.add_argument(
        "--origin",
        action="append",
        default=[],
        type=_origin,
        help="allow a browser origin, http(s)://HOST[:PORT] (repeatable)",
    )
    serve.add_argument("--log-json", action="store_true", help="log one JSON object a line")
    serve.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help="server processes on the one port (default: one per core)",
    )

    from server.replay.show import add_arguments as replay_arguments

    replay = commands.add_parser("replay", help="step through or verify a game record")
    replay_arguments(replay)

    from client.games import add_arguments as games_arguments

    games = commands.add_parser("games", help="past games: list, export, import")
    games_arguments(games, _Parser)

    from server.classroom.admin import add_arguments as instructor_arguments

    instructor = commands.add_parser("instructor", help="instructor accounts: add, list, remove")
    instructor_arguments(instructor, _Parser)

    from client.commands import add_parsers as client_parsers

    client_parsers(commands)

    protocol = commands.add_parser("protocol", help="the websocket protocol")
    protocol_commands = protocol.add_subparsers(
        dest="protocol_command", required=True, parser_class=_Parser
    )
    schema = protocol_commands.add_parser("schema", help="write the protocol's JSON Schema")
    schema.add_argument("--out", metavar="FILE", help="write here instead of printing")

    build = commands.add_parser(
        "build",
        help="compile the engine with mypyc (~27%% less engine CPU, ~13%% server; needs mypy, gcc)",
    )
    build.add_argument("--quiet", action="store_true", help="say only what failed")
    return parser


def _version() -> str:
    """The installed package's version (pyproject.toml), or `unknown` when run uninstalled."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("brinkmanship")
    except PackageNotFoundError:
        return "unknown"


def _workers(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= count <= 1024:
        raise argparse.ArgumentTypeError(f"{count} workers: choose 1 to 1024")
    return count


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0..65535, not {value}")
    return value


def _origin(text: str) -> str:
    """A browser origin, as its Origin header says it: http(s)://HOST[:PORT] (a trailing `/`
    is let be); one without its scheme would never match any browser's."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018 (a port that is no number raises ValueError)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username is not None
    ):
        raise argparse.ArgumentTypeError(
            f"an origin is http(s)://HOST[:PORT], like https://class.example.org, not {text!r}"
        )
    return text


def _instructor_argument_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with `brink instructor`'s arguments (a --redis that is no Redis URL, a
    name that cannot be an account's), said as the command says it; None if nothing is. An
    argument error exits 2, as every command's does; what goes wrong after (a password, Redis)
    exits 1."""
    from server.classroom.accounts import AccountError, check_name
    from server.storage.connect import url_problem

    if args.redis is not None and (problem := url_problem(args.redis)):
        return f"--redis: {problem}"
    if args.instructor_command == "add":
        try:
            check_name(args.name)
        except AccountError as error:
            return str(error)
    return None


def _rules_check(paths: list[str]) -> int:
    from server.ruleset.loader import check_paths

    errors = check_paths(paths)
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} problem(s) found", file=sys.stderr)
        return 1
    print("all rule files are valid", file=sys.stderr)
    return 0


def _protocol_schema(out: str | None) -> int:
    import json
    from pathlib import Path

    from server.protocol import schema

    text = json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if out is None:
        print(text, end="")
    else:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"brink protocol: cannot write {out}: {error.strerror}", file=sys.stderr)
            return 1
        print(f"wrote {out}", file=sys.stderr)
    return 0


def _build(quiet: bool) -> int:
    """`brink build`: compile the engine (server/native.py); a one-line reason if it cannot."""
    from server import native

    try:
        native.build(quiet)
    except RuntimeError as error:
        print(f"brink build: {error}; the engine runs as pure Python", file=sys.stderr)
        return 1
    return 0


def _run(args: argparse.Namespace) -> int:
    if args.command == "rules":
        return _rules_check(args.paths)
    if args.command == "simulate":
        from server.game.simulate import run

        return run(args)
    if args.command == "serve":
        from server.web.serve import serve

        return serve(args)
    if args.command in ("play", "bot"):
        from client.commands import run as client_run

        return client_run(args)
    if args.command == "games":
        from client.games import run as games_run

        return games_run(args)
    if args.command == "replay":
        from server.replay.show import SERVER_URL
        from server.replay.show import run as replay

        if args.url is None and (args.token or args.key):  # they open a game on a server
            args.url = SERVER_URL
        if args.url is not None:
            from client.replaying import run as replay_remote

            return replay_remote(args)
        return replay(args)
    if args.command == "instructor":
        from server.classroom.admin import run as instructor_run

        problem = _instructor_argument_problem(args)
        if problem is not None:  # before a Redis is started or a password asked for
            print(f"brink instructor: {problem}", file=sys.stderr)
            return 2
        return instructor_run(args)
    if args.command == "protocol":
        return _protocol_schema(args.out)
    if args.command == "build":
        return _build(args.quiet)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command == "play":
        from client.commands import check_play

        check_play(parser, args)
    try:
        code = _run(args)
        sys.stdout.flush()  # a full output fails here, not at exit: said below in a line
        return code
    except BrokenPipeError:  # the reader stopped early (`| head`): it has what it wanted
        quiet_output()
        return 0
    except OSError as error:
        if not output_full(args.command, error):
            raise
        return 1
    except KeyboardInterrupt:
        zh = args.command == "play" and getattr(args, "lang", "en") == "zh"
        print("已中斷" if zh else "interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
