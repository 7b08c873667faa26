"""The rule-of-thumb bots: random, hawk (escalates), dove (concedes and deals), tit-for-tat."""

from __future__ import annotations

from server.bots.base import DE_ESCALATING_TAGS, Quiet, Turn
from server.engine import events as ev
from server.engine.commands import Command, PlayCards
from server.engine.state import other
from server.ruleset.schema import Side


def _strongest(turn: Turn, plays: list[PlayCards]) -> list[Command]:
    def weight(command: PlayCards) -> tuple[int, int]:
        card = turn.rules.cards[command.cards[0]]
        return (card.stake, card.cost)

    weighted: list[PlayCards] = sorted(plays, key=weight, reverse=True)
    return list[Command](weighted)


class RandomBot(Quiet):
    """Chooses uniformly among the legal commands (the first legal one of a shuffled list)."""

    name = "random"

    def choose(self, turn: Turn) -> Command:
        return turn.any_legal()


class HawkBot(Quiet):
    """Raises with its strongest card, calls bluffs, never deals, never folds by choice."""

    name = "hawk"

    def choose(self, turn: Turn) -> Command:
        return turn.first(
            [
                *_strongest(turn, turn.plays(escalating=True)),
                *turn.of_type("call_bluff", "bluff", "call", "check", "reject", "pass"),
            ]
        )


class DoveBot(Quiet):
    """Checks, concedes what it can, folds to pressure, proposes and accepts deals."""

    name = "dove"

    def choose(self, turn: Turn) -> Command:
        view = turn.view
        return turn.first(
            [
                *turn.plays(escalating=False),
                *turn.of_type("check", "accept"),
                *(turn.of_type("propose") if view.proposals == 0 else []),
                *(turn.of_type("fold") if view.stake >= 3 else []),
                *turn.of_type("call", "pass"),
            ]
        )


class TitForTatBot(Quiet):
    """Opens gently, then does what the other side did last: escalation for escalation. A
    concession (a card tagged `concession` or `truce`) is not an escalation."""

    name = "tit_for_tat"
    observes = True

    def __init__(self, side: Side) -> None:
        self.side = side
        self.provoked = False
        self._played: list[str] = []
        self._raised: list[str] | None = None
        """The cards of the other side's last face-up raise, judged when it is our turn (the
        rules, which say what a card is, come with the turn)."""

    def observe(self, events: list[ev.Event]) -> None:
        for event in events:
            if getattr(event, "side", None) != other(self.side):
                continue
            if isinstance(event, ev.CardPlayed):
                self._played.append(event.card)
            elif isinstance(event, ev.StakeRaised):
                face_down = event.face_down_slot is not None
                self._raised = None if face_down else self._played
                self.provoked = True
                self._played = []
            elif isinstance(event, ev.DealBroken | ev.DealRejected):
                self.provoked, self._raised = True, None
            elif isinstance(event, ev.Checked | ev.Called | ev.DealProposed | ev.Folded):
                self.provoked, self._raised = False, None

    def choose(self, turn: Turn) -> Command:
        if self._raised is not None:
            conceded = bool(self._raised) and all(
                DE_ESCALATING_TAGS.intersection(turn.rules.cards[card].tags)
                for card in self._raised
            )
            self.provoked, self._raised = not conceded, None
        if not self.provoked:
            return turn.first(
                [
                    *turn.of_type("accept", "check", "call"),
                    *(turn.of_type("propose") if turn.view.proposals == 0 else []),
                    *turn.of_type("pass"),
                ]
            )
        return turn.first(
            [
                *_strongest(turn, turn.plays(escalating=True)),
                *turn.of_type("call", "check", "reject", "pass"),
            ]
        )
