"""A whole-number argument for the command lines (`brink simulate`, `brink replay`, `brink
games`): a one-line message for text that is not a number, and for one below the least. And
the errors of an output that is full (OUTPUT_FULL)."""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from collections.abc import Callable


def whole_number(what: str, least: int, too_low: str) -> Callable[[str], int]:
    """Return an argparse `type` reading a whole number of at least `least`: "not {what}:
    'x'" for text that is not one, `too_low` (with `{value}`) for one below `least`."""

    def read(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(too_low.format(value=value))
        return value

    return read


def credential(text: str) -> str:
    """A room's key or a seat's token as given (an empty one is a mistake, not "none": it would
    open only the public games as if it had been read)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty key or token: give the one you were handed")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", text.strip()):  # URL-safe, as the server makes them
        raise argparse.ArgumentTypeError(
            f"a key or token is letters, digits, - and _, as it was given, not {text!r}"
        )
    return text.strip()


OUTPUT_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
"""Why writing the output may fail (`> /dev/full`, a full disk or quota): `brink` says it in one
line and exits 1."""


def quiet_output() -> None:
    """Send what is left of stdout nowhere: nothing left to flush (at exit, it would fail)."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def output_full(command: str, error: OSError) -> bool:
    """Say in one line that `brink COMMAND`'s output could not be written, if that is `error`."""
    if error.errno not in OUTPUT_FULL:
        return False
    quiet_output()
    print(f"brink {command}: cannot write its output: {error.strerror}", file=sys.stderr)
    return True
