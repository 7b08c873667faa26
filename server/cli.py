"""`brink`: the command line. Bad arguments get a one-line message and exit 2, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="brink", description="Brinkmanship: supply-chain poker.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    rules = commands.add_parser("rules", help="work with rule files")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    check = rules_commands.add_parser("check", help="validate rule files and folders")
    check.add_argument("paths", nargs="+", metavar="PATH")

    from server.simulate import add_arguments

    simulate = commands.add_parser("simulate", help="play bot-vs-bot games headless")
    add_arguments(simulate)
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "rules":
            return _rules_check(args.paths)
        if args.command == "simulate":
            from server.simulate import run

            return run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
