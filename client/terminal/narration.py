"""What happens, told as it happens: one line for each event or chat message of the game."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text

from client.terminal.names import Names
from client.terminal.notices import tell
from client.terminal.words import SIDE_STYLE
from server.engine.commands import Bluff, PlayCards, SimultaneousAction
from server.game.narrate import Deals, describe
from server.game.values import Values
from server.protocol import Entry
from server.protocol.base import plain

PLAYS = ("card_played", "card_played_face_down")
ACTS = frozenset(
    {
        "card_played",
        "card_played_face_down",
        "action_submitted",
        "checked",
        "called",
        "bluff_called",
        "folded",
        "deal_proposed",
        "deal_rejected",
        "deal_withdrawn",
        "deal_broken",
        "talks_passed",
    }
)
"""The moves whose line names the team role that made them (an entry's `seat`)."""


def in_order(entries: list[Entry]) -> list[Entry]:
    """`entries` in the order they are told: a card played before the price paid for it (the
    engine pays a card's cost, a private change, before it plays it: told first, the cost
    read like a detail of the line before)."""
    ordered = list(entries)
    for i in range(len(ordered) - 1):
        paid, played = ordered[i].event, ordered[i + 1].event
        if paid and played and paid.type == "variables_changed" and played.type in PLAYS:
            ordered[i], ordered[i + 1] = ordered[i + 1], ordered[i]
    return ordered


class Narrator:
    """Turns the game's entries into lines; keeps the recent ones for `log` and the table."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.log: list[str] = []
        """The recent lines told (`log` shows them)."""
        self.chat: list[Text] = []
        """The recent chat lines (the table shows them)."""
        self.values = Values(names.rules, names.lang)
        """The variables' values as the events told so far (to narrate changes, as `brink
        replay` does)."""
        self.deals = Deals()
        """The deals in force as the events told so far (to name a broken deal)."""
        self.seated: Callable[[], tuple[Mapping[str, str | None], str | None]] = lambda: ({}, None)
        """Who holds which seat now, and the reader's seat (its moves are "you"): a team role's
        move names its player."""

    def begin(self, entries: list[Entry]) -> None:
        """Know the variables' values before `entries` are told: the rules' initial values when
        they hold the game's start (`game_started`, played with these rules), as every change
        since is in them; else none (a change is told saying the value before is not known).

        So a game read again from its log (a seat resumed with its token, a spectator joining
        late) tells each change as a player who saw it live was told it: `34% → 145%`, not a
        bare `145%` for the first change of each variable. What was told before is forgotten:
        the recent lines, the chat and the deals in force."""
        self.log, self.chat, self.deals = [], [], Deals()
        self.values.begin(entry.event for entry in entries)

    def replay(self, entries: list[Entry]) -> list[Text]:
        """Tell `entries`, a game's log from its start (or as much of it as was sent), as they
        were told live, the narrator knowing nothing before them; return the lines told. So a
        game read again from its start (the server's log went back) is followed from there:
        its deals, chat and values as the log has them now, not as they were told before."""
        self.begin(entries)
        told = (self.say(entry) for entry in in_order(entries))
        return [said for said in told if said]

    def secret(self, side: str, action: SimultaneousAction | None) -> str:
        """A choice made in secret (simultaneous betting): what your side chose (a teammate may
        have), or that the other side has chosen."""
        names = self.names
        if action is None:
            return names.w("they_chose", side=names.side_name(side))
        if isinstance(action, PlayCards):
            what = f"{names.words['play']} " + ", ".join(map(names.card_name, action.cards))
        elif isinstance(action, Bluff):
            what = f"{names.words['bluff']} {names.card_name(action.card)}"
        else:
            what = names.words.get(f"v_{action.type}", action.type)
        return names.w("side_chose", what=what)

    def say(self, entry: Entry) -> Text | None:
        names = self.names
        if entry.chat is not None:
            chat = entry.chat
            team = names.w("team_chat") if chat.team else ""
            speaker = chat.seat.split(":")[0]
            line = Text.assemble(
                (f"💬 {plain(chat.name)}{team}{names.colon}", SIDE_STYLE.get(speaker, "bold")),
                plain(chat.text),
            )
            self.chat = [*self.chat, line][-6:]
            return line
        if entry.notice is not None:
            return tell(entry.notice, names)
        event = entry.event
        if event is None:
            return None
        if event.type == "timed_out":
            sides = names.series(map(names.side_name, event.sides), " and ")
            said: str | None = names.w("timed_out", sides=sides)
        elif event.type == "action_submitted":
            said = self.secret(event.side, event.action)
        elif event.type == "variables_changed":
            said = self.values.line(event)
        elif event.type == "phase_started":
            phase = next((p for p in names.rules.phases if p.id == event.phase), None)
            said = f"[{names.t(phase.name) if phase else event.phase}]"
        else:
            said = describe(names.rules, event, names.lang, self.deals)
        if said is None:
            return None
        said = self.named(entry, said)
        self.log = [*self.log, said][-40:]
        style = "dim" if event.type == "variables_changed" else ""
        side = getattr(event, "side", None)
        if event.type in ("game_ended", "deal_struck", "round_started"):
            style = "bold"
        elif isinstance(side, str) and side in SIDE_STYLE and event.type != "variables_changed":
            style = SIDE_STYLE[side].replace("bold ", "")
        return Text(said, style=style)

    def named(self, entry: Entry, said: str) -> str:
        """`said` with the team role that made the move after its side ("Washington (Treasury —
        Ada) checks.", "Your side (President — you) chose…"), when the entry names one (its
        `seat`, told to that side only)."""
        event, by = entry.event, entry.seat
        side = getattr(event, "side", None)
        if event is None or by is None or event.type not in ACTS or by.split(":")[0] != side:
            return said
        names, role_id = self.names, by.partition(":")[2]
        spec = names.rules.spec.sides.get(side)
        role = next((r for r in (spec.roles if spec else []) if r.id == role_id), None)
        if role is None:
            return said
        zh = names.lang == "zh"
        seats, mine = self.seated()
        holder = ("你" if zh else "you") if by == mine else seats.get(by)
        label = names.t(role.name) + (
            f"{'——' if zh else ' — '}{names.player(holder)}" if holder else ""
        )
        label = f"（{label}）" if zh else f" ({label})"
        for head in (names.side_name(side), "你方" if zh else "Your side"):
            if said.startswith(head):
                return head + label + said[len(head) :]
        return said
