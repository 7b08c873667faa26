"""`brink`: the command line. Bad arguments get a one-line message and exit 2, never a traceback."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from server.game.cliargs import output_full, quiet_output


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="brink", description="Brinkmanship: supply-chain poker.")
    parser.add_argument("--version", action="version", version=f"brink {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    rules = commands.add_parser("rules", help="work with rule files")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    check = rules_commands.add_parser("check", help="validate rule files and folders")
    check.add_argument("paths", nargs="+", metavar="PATH")

    from server.game.simulate import add_arguments

    simulate = commands.add_parser("simulate", help="play bot-vs-bot games headless")
    add_arguments(simulate)

    serve = commands.add_parser("serve", help="run the game server (web client at /)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, help="port (default 8080; 0 picks a free one)")
    serve.add_argument("--redis", metavar="URL", help="use this Redis (default: start one)")
    serve.add_argument(
        "--redis-cluster", action="store_true", help="--redis is a node of a Redis Cluster"
    )
    serve.add_argument("--data-dir", metavar="DIR", help="where the embedded Redis keeps data")
    serve.add_argument("--origin", action="append", default=[], help="allow a browser origin")
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

    _client_parsers(commands)

    protocol = commands.add_parser("protocol", help="the websocket protocol")
    protocol_commands = protocol.add_subparsers(
        dest="protocol_command", required=True, parser_class=_Parser
    )
    schema = protocol_commands.add_parser("schema", help="write the protocol's JSON Schema")
    schema.add_argument("--out", metavar="FILE", help="write here instead of printing")

    build = commands.add_parser(
        "build", help="compile the engine with mypyc (its work ~17%% less CPU; needs mypy, gcc)"
    )
    build.add_argument("--quiet", action="store_true", help="say only what failed")
    return parser


def _client_parsers(commands: Any) -> None:
    from server.bots import BOTS

    play = commands.add_parser(
        "play",
        help="play in this terminal against a person or a bot, or watch a room",
        description="Play in this terminal against a person or a bot, or watch a room.",
        epilog=_PLAY_EPILOG.format(scenarios=", ".join(_scenarios()) or "none found here"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    play.add_argument(
        "--url", default="ws://127.0.0.1:8080/ws", help="the server (default %(default)s)"
    )
    how = play.add_mutually_exclusive_group(required=True)
    how.add_argument("--room", metavar="CODE", type=_code, help="join this room")
    how.add_argument(
        "--create", metavar="SCENARIO", help="create a room with this scenario and sit in it"
    )
    how.add_argument(
        "--bot",
        metavar="STRATEGY",
        choices=sorted(BOTS),
        help="play a server bot: random, hawk, dove, tit_for_tat, or the planner at three"
        " levels: planner_easy, planner, planner_strong",
    )
    how.add_argument("--quick", action="store_true", help="wait for a quick match")
    play.add_argument(
        "--seat",
        type=_play_seat,
        help="washington, beijing, SIDE:ROLE for a team role, or spectator to watch (below)",
    )
    play.add_argument("--token", type=_token, help="resume your seat in --room with its token")
    play.add_argument(
        "--scenario", default="intro", help="scenario for --bot/--quick (default %(default)s)"
    )
    play.add_argument("--name", default="player", type=_name, help="your name at the table")
    play.add_argument("--lang", choices=["en", "zh"], default="en", help="language of texts")
    play.add_argument("--no-timers", action="store_true", help="--create: turns never time out")

    bot = commands.add_parser("bot", help="seat one of the engine's bots in a room")
    bot.add_argument(
        "--url", default="ws://127.0.0.1:8080/ws", help="the server (default %(default)s)"
    )
    bot.add_argument("--room", metavar="CODE", type=_code, required=True, help="the room")
    bot.add_argument("--strategy", required=True, choices=sorted(BOTS), help="which bot")
    bot.add_argument(
        "--seat",
        type=_seat,
        help="washington or beijing (default: a free side, one nobody plays first)",
    )
    bot.add_argument("--name", type=_name, help="the bot's name at the table")
    bot.add_argument(
        "--delay", type=_seconds, default=0.5, help="seconds before each move (default 0.5)"
    )
    bot.add_argument(
        "--token",
        type=_token,
        help="take back the seat a bot held (printed at its start) after it stopped",
    )


_PLAY_EPILOG = """\
scenarios (--create, --scenario): {scenarios}
  (the rules folder of this installation; a server may have others: GET /api/scenarios)

seats (--seat):
  washington, beijing   a side's own seat, which may do everything for the side
  SIDE:ROLE             one team role of a side, e.g. washington:treasury or beijing:leader
                        (a role the side lacks is refused, and the side's roles named)
  spectator             watch --room: the table, and both sides' moves told as they happen
                        (no hand or hidden card: what a spectator is sent); no menu, no
                        input; Ctrl-C stops watching
  no --seat: --room takes a side nobody plays yet (else the one the fewest play),
  --create and --bot take washington, --quick the side the match gives

examples:
  brink play --bot dove --seat beijing
  brink play --create classroom --seat washington:treasury --no-timers
  brink play --room K7QX2M --seat beijing:leader
  brink play --room K7QX2M --seat spectator"""


def _scenarios() -> list[str]:
    """The scenarios in the local rules folder (the one `brink play` falls back on)."""
    from server.settings import ROOT, Settings

    try:
        rules_dir = Settings().rules_dir
    except ValueError:  # a malformed BRINK_* variable: `brink serve` says which
        rules_dir = ROOT / "rules"
    return sorted(path.stem for path in rules_dir.glob("*.yaml"))


def _version() -> str:
    """The installed package's version (pyproject.toml), or `unknown` when run uninstalled."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("brinkmanship")
    except PackageNotFoundError:
        return "unknown"


def _code(text: str) -> str:
    from server.protocol.codes import CODE_PATTERN

    code = text.strip().upper()
    if not re.fullmatch(CODE_PATTERN, code):
        raise argparse.ArgumentTypeError(
            f"a room code is 4-8 letters and digits, without I, L, O, 0 or 1, not {text!r}"
        )
    return code


def _seat(text: str) -> str:
    if not re.fullmatch(r"(washington|beijing)(:[a-z][a-z0-9_]*)?", text):
        raise argparse.ArgumentTypeError(f"a seat is washington or beijing, not {text!r}")
    return text


def _play_seat(text: str) -> str:
    """`brink play`'s seat: a side or role to play, or `spectator` to watch."""
    if text == "spectator":
        return text
    try:
        return _seat(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"a seat is washington, beijing, SIDE:ROLE or spectator, not {text!r}"
        ) from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value <= 60:
        raise argparse.ArgumentTypeError("a delay is 0 to 60 seconds")
    return value


def _token(text: str) -> str:
    if not 10 <= len(text) <= 100:  # the protocol's bounds (Resume.token)
        raise argparse.ArgumentTypeError("a seat token is 10 to 100 characters, as it was given")
    return text


def _name(text: str) -> str:
    """A name as the server takes it (server/protocol/base.py), so that one it would refuse is
    one line here."""
    from server.protocol.base import visible_name

    if not 1 <= len(text) <= 40:
        raise argparse.ArgumentTypeError("a name is 1 to 40 characters")
    try:
        return visible_name(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _client_run(args: argparse.Namespace) -> int:
    """Run `brink play` or `brink bot`; problems with the server are one line, exit 1."""
    import asyncio

    from client.connection import BrinkConnectionError, ServerError

    try:
        if args.command == "bot":
            from client.bot import run_bot

            run = run_bot(
                args.url,
                args.room,
                args.strategy,
                args.seat,
                args.name,
                delay=args.delay,
                token=args.token,
            )
            asyncio.run(run)
            return 0
        from client.terminal import run_play

        return asyncio.run(run_play(args))
    except BrinkConnectionError as error:
        print(f"brink {args.command}: cannot reach the server at {error}", file=sys.stderr)
    except ServerError as error:
        print(f"brink {args.command}: the server refused: {error}", file=sys.stderr)
    except (LookupError, ValueError) as error:
        print(f"brink {args.command}: {error}", file=sys.stderr)
    return 1


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
        return _client_run(args)
    if args.command == "games":
        from client.games import run as games_run

        return games_run(args)
    if args.command == "replay":
        from server.replay.show import run as replay

        return replay(args)
    if args.command == "instructor":
        from server.classroom.admin import run as instructor_run

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
    if args.command == "play" and args.token and not args.room:
        parser.error("play: --token resumes a seat in --room CODE: give the room too")
    if args.command == "play" and args.seat == "spectator" and not args.room:
        parser.error("play: --seat spectator watches a room: give --room CODE")
    if args.command == "play" and args.seat == "spectator" and args.token:
        parser.error("play: a spectator holds no seat: --seat spectator takes no --token")
    if args.command == "play" and args.bot and args.seat and ":" in args.seat:
        side = args.seat.split(":")[0]
        parser.error(f"play: --bot plays a whole side: --seat {side} (a team role: --create)")
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
