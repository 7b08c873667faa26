"""`brink play` and `brink bot`: their arguments (each bad one a one-line message, exit 2), the
scenarios `brink play --help` lists, and running them (a problem with the server one line, exit
1). server/cli.py adds them to `brink`."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any


def add_parsers(commands: Any) -> None:
    """Add `brink play` and `brink bot` to `commands` (argparse's subparsers)."""
    from server.bots import BOTS

    play = commands.add_parser(
        "play",
        help="play in this terminal against a person or a bot, or watch a room",
        description="Play in this terminal against a person or a bot, or watch a room.",
        epilog=_PLAY_EPILOG,
        formatter_class=_ScenariosFormatter,
    )
    play.add_argument(
        "--url", default="ws://127.0.0.1:8080/ws", help="the server (default %(default)s)"
    )
    how = play.add_mutually_exclusive_group(required=True)
    how.add_argument("--room", metavar="CODE", type=_code, help="join this room")
    how.add_argument(
        "--create",
        metavar="SCENARIO",
        type=_scenario,
        help="create a room with this scenario and sit in it",
    )
    how.add_argument(
        "--bot",
        metavar="STRATEGY",
        choices=sorted(BOTS),
        help="play a server bot: random, hawk, dove, tit_for_tat, the planner at three"
        " levels (planner_easy, planner, planner_strong) or planner_classic",
    )
    how.add_argument("--quick", action="store_true", help="wait for a quick match")
    play.add_argument(
        "--seat",
        type=_play_seat,
        help="washington, beijing, SIDE:ROLE for a team role, or spectator to watch (below)",
    )
    play.add_argument("--token", type=_token, help="resume your seat in --room with its token")
    play.add_argument(
        "--scenario",
        type=_scenario,
        default="intro",
        help="scenario for --bot/--quick (default %(default)s)",
    )
    play.add_argument("--name", default="player", type=_name, help="your name at the table")
    play.add_argument("--lang", choices=["en", "zh"], default="en", help="language of texts")
    play.add_argument(
        "--no-timers", action="store_true", help="--create or --bot: turns never time out"
    )

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
scenarios (--create, --scenario):
{scenarios}
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


class _ScenariosFormatter(argparse.RawDescriptionHelpFormatter):
    """Fills in the epilog's `{scenarios}` only when the help is shown (reading the rule files
    takes a moment every other command should not wait)."""

    def add_text(self, text: str | None) -> None:
        if text and "{scenarios}" in text:
            text = text.replace("{scenarios}", scenario_lines())
        super().add_text(text)


def scenario_lines() -> str:
    """The scenarios of the local rules folder, one a line: the id you type, then the title."""
    found = scenarios()
    if not found:
        return "  none found here"
    width = max(len(scenario) for scenario in found)
    return "\n".join(f"  {scenario:<{width}}  {title}" for scenario, title in found.items())


def scenarios() -> dict[str, str]:
    """The scenarios in the local rules folder (the one `brink play` falls back on): each
    one's id (what --create and --scenario take, whatever its file is called) and its English
    title, by id. A file that is not a scenario (a library, or unreadable) is left out."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from server.settings import ROOT, Settings

    try:
        rules_dir = Settings().rules_dir
    except ValueError:  # a malformed BRINK_* variable: `brink serve` says which
        rules_dir = ROOT / "rules"
    found: dict[str, str] = {}
    for path in sorted(rules_dir.glob("*.yaml")):
        try:
            scenario = YAML(typ="safe").load(path.read_text(encoding="utf-8"))["scenario"]
            name = scenario.get("name")
            title = name.get("en", "") if isinstance(name, dict) else str(name or "")
            found[str(scenario["id"])] = " ".join(str(title).split())
        except (OSError, UnicodeDecodeError, YAMLError, LookupError, TypeError, AttributeError):
            continue
    return dict(sorted(found.items()))


def _code(text: str) -> str:
    from server.protocol.codes import CODE_PATTERN

    code = text.strip().upper()
    if not re.fullmatch(CODE_PATTERN, code):
        raise argparse.ArgumentTypeError(
            f"a room code is 4-8 letters and digits, without I, L, O, 0 or 1, not {text!r}"
        )
    return code


def _scenario(text: str) -> str:
    """A scenario id as the protocol takes one (CreateRoom.scenario), so that a path or an empty
    one is one line here (a path was a 4-line error from pydantic; "" waited for a quick match)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,63}", text):
        raise argparse.ArgumentTypeError(
            f"a scenario is named by its id (lower-case letters, digits and _, as brink play"
            f" --help lists them), not {text!r}"
        )
    return text


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


def check_play(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse (one line, exit 2) `brink play` arguments that do not go together."""

    def refuse(message: str) -> None:
        parser.exit(2, f"brink play: error: {message} (see brink play --help)\n")

    if args.token and not args.room:
        refuse("--token resumes a seat in --room CODE: give the room too")
    if args.seat == "spectator" and not args.room:
        refuse("--seat spectator watches a room: give --room CODE")
    if args.seat == "spectator" and args.token:
        refuse("a spectator holds no seat: --seat spectator takes no --token")
    if args.no_timers and not (args.create or args.bot):
        refuse("--no-timers sets up a new room: give --create SCENARIO or --bot STRATEGY")
    if args.bot and args.seat and ":" in args.seat:
        side = args.seat.split(":")[0]
        refuse(f"--bot plays a whole side: --seat {side} (a team role: --create)")


REFUSED_ZH = {
    "room_not_found": "沒有這個房間：請檢查房間代碼（一天沒人用的房間會被刪除）",
    "seat_taken": "這個座位已經有人了（或由機器人代打）："
    "請選另一個座位，或用 --seat spectator 旁觀",
    "bad_token": "這個座位代碼在這個房間裡沒有座位：請檢查 --room 和 --token",
    "unknown_role": "這一方沒有這個角色：請檢查 --seat",
    "unknown_scenario": "伺服器上沒有這個劇本",
    "rematch_seat": "再來一局的座位只給上一局的玩家",
    "already_joined": "這個連線已經在房間裡或在等待配對",
    "too_many_rooms": "短時間內建立太多房間了：請稍後再試",
    "unavailable": "伺服器暫時連不上資料庫：請稍後再試",
    "broken_log": "伺服器上這個房間的紀錄已損壞：遊戲無法繼續",
}
"""`brink play --lang zh`: a refusal as it sits down, in Chinese (the server's messages are
English); a code not here is said as the server says it."""


def run(args: argparse.Namespace) -> int:
    """Run `brink play` or `brink bot`; problems with the server are one line, exit 1."""
    import asyncio

    from client.connection import BrinkConnectionError, ServerError
    from client.errors import SeatGone

    zh = getattr(args, "lang", "en") == "zh"  # `brink bot` has no --lang
    try:
        if args.command == "bot":
            from client.bot import run_bot

            run = run_bot(
                args.url,
                args.room,
                args.strategy,
                args.seat,
                args.name,
                say=lambda line: print(line, flush=True),  # each line as it happens, piped too
                delay=args.delay,
                token=args.token,
            )
            asyncio.run(run)
            return 0
        from client.terminal import run_play

        return asyncio.run(run_play(args))
    except BrinkConnectionError as error:
        if zh:  # the reason stays as the library says it
            line = f"brink {args.command}：連不上伺服器 {error.url}：{error.reason}"
            print(line, file=sys.stderr)
        else:
            print(f"brink {args.command}: cannot reach the server at {error}", file=sys.stderr)
    except ServerError as error:
        said = REFUSED_ZH.get(error.code) if zh else None
        if said is not None:
            print(f"brink {args.command}：伺服器拒絕（{error.code}）：{said}", file=sys.stderr)
        else:
            print(f"brink {args.command}: the server refused: {error}", file=sys.stderr)
    except SeatGone as error:  # `brink bot`: its seat given away (`brink play` says it itself)
        print(f"brink {args.command}: {error}", file=sys.stderr)
    except TimeoutError:  # a wait of the library's own ran out (a request waits PATIENCE s)
        said = "the server did not answer in time: try again in a moment"
        print(f"brink {args.command}: {said}", file=sys.stderr)
    except (LookupError, ValueError) as error:
        print(f"brink {args.command}: {error}", file=sys.stderr)
    return 1
