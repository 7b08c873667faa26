"""What a seat may do now, as the models clients are sent (`legal.options` works them out).

Kept apart from legal.py so that it can be compiled (server/native.py): mypyc does not compile
classes built by pydantic's metaclass."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from server.ruleset.plain import PlainReads


class Refused(PlainReads, BaseModel):
    """Why the engine would refuse a command now: its stable `code` and a readable `message`."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str


class Options(PlainReads, BaseModel):
    """What one seat may do now, for clients that show every action with its reason.

    Each value is None when the engine would accept the command, else why it would not:
    `actions` for the commands without arguments (check, call, call_bluff, fold, pass, and
    accept/reject/withdraw of the proposal on the table); `play` and `bluff` for each card in
    the seat's hand; `terms` for proposing (or countering with) each deal term on its own with
    its default parameters for `deal_rounds` hands. `breaks`: for each card in the hand that
    would break deals in force if put in play face up (played, or a bluff that is called and
    real), those deals' ids — a warning, not a refusal.
    """

    model_config = ConfigDict(frozen=True)

    actions: dict[str, Refused | None]
    play: dict[str, Refused | None]
    bluff: dict[str, Refused | None]
    terms: dict[str, Refused | None]
    deal_rounds: int
    breaks: dict[str, list[int]] = {}
