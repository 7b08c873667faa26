"""What is sent, well-formed: `Frame`, the values it is made of, the requests (many wrong for
the moment) and the acts and chat lines replayed with their ids."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fuzz.expected import SENDERS
from hypothesis import strategies as st

from server.protocol import PROTOCOL_VERSION

# ---------------------------------------------------------------- what is sent


@dataclass(frozen=True)
class Frame:
    """One websocket frame to send: text (`@NAME@` placeholders are filled in from the live
    game when it is sent: `"@#NAME@"` with its quotes for a number) or bytes (a binary frame,
    or with `as_text` a text frame of those bytes, UTF-8 or not)."""

    family: str
    payload: str | bytes
    sender: str = "outsider"
    as_text: bool = False

    def size(self) -> int:
        if isinstance(self.payload, bytes):
            return len(self.payload)
        return len(self.payload.encode("utf-8", "surrogatepass"))


def _dumps(message: Any, ascii_only: bool = True) -> str:
    text = json.dumps(message, ensure_ascii=ascii_only)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only its escape can be sent
        text = json.dumps(message, ensure_ascii=True)
    return text


UNICODE_BITS = st.sampled_from(
    [
        "\ud800", "\udfff", "\udc00\ud800", "\ud83d\ude00", "\u202e", "\u202d", "\u200b",
        "\u200d", "\ufeff", "\u0000", "\u0301", "\U0001f600", "\U0001d54f", "\u05d0\u05d1",
        "\ufdfa", "\x7f", "\x1b[2J", "\\", "\"", "\u2028", "é",
    ]
)  # fmt: skip
UNICODE = st.one_of(
    st.lists(UNICODE_BITS, min_size=1, max_size=6).map("".join),
    st.text(alphabet=st.characters(), max_size=30),
    st.tuples(st.text(max_size=10), UNICODE_BITS, st.text(max_size=10)).map("".join),
)
SMALL_TEXT = st.one_of(st.text(max_size=12), UNICODE)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    SMALL_TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(SMALL_TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)
CARDS = st.sampled_from(
    ["@CARD_W@", "@CARD_B@", "@CARD_W@", "@CARD_B@", "us_tariff_34", "cn_ree_seven",
     "us_death_star", ""]
)  # fmt: skip
TERMS = st.sampled_from(
    ["tariff_truce", "licence_promise", "magnets_for_chips", "truce_extension", "no_such_term"]
)
PROPOSALS = st.one_of(
    st.sampled_from(["@#PROPOSAL@", "@#PROPOSAL@", "@#STALE_PROPOSAL@", "@#N@"]),
    st.integers(-3, 100),
)
COMMANDS = st.one_of(
    st.builds(lambda cards: {"type": "play", "cards": cards}, st.lists(CARDS, max_size=7)),
    st.builds(lambda card: {"type": "bluff", "card": card}, CARDS),
    st.sampled_from(["check", "call", "call_bluff", "fold", "pass"]).map(lambda t: {"type": t}),
    st.builds(
        lambda kind, terms, rounds, proposal: {
            "type": kind,
            "terms": terms,
            "rounds": rounds,
            **({"proposal": proposal} if kind == "counter" else {}),
        },
        st.sampled_from(["propose", "counter"]),
        st.lists(
            st.builds(
                lambda term, params: {"term": term, "params": params},
                TERMS,
                st.dictionaries(
                    st.sampled_from(["on_china", "on_us", "rounds", "us_share", "x"]),
                    st.integers(-5, 300),
                    max_size=3,
                ),
            ),
            max_size=3,
        ),
        st.integers(0, 8),
        PROPOSALS,
    ),
    st.builds(
        lambda kind, proposal: {"type": kind, "proposal": proposal},
        st.sampled_from(["accept", "reject", "withdraw"]),
        PROPOSALS,
    ),
    st.builds(
        lambda turn: {"type": "timeout", "turn": turn},
        st.sampled_from(["@#TURN@", "@#OLD_TURN@", 0]),
    ),
    st.builds(lambda seed: {"type": "start", "seed": seed}, st.integers(0, 2**62)),
)
CODES = st.one_of(
    st.sampled_from(["@CODE@", "@CODE@", "@BOT_CODE@"]),
    st.from_regex(r"\A[A-Z2-9]{4,8}\Z"),
)
TOKENS = st.sampled_from(
    ["@TOKEN_W@", "@TOKEN_B@", "@TOKEN_T@", "@BOT_TOKEN@", "not-a-token-at-all", "@KEY@"]
)
SEATS = st.sampled_from(
    ["washington", "beijing", "washington:treasury", "washington:president", "beijing:leader",
     "beijing:vice_premier", "washington:intern", "beijing:", None]
)  # fmt: skip
IDS = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(["@LAST_ID@", "@LAST_ID@", "x" * 64, "x" * 65, "\ud800"]),
    st.integers(),
)


def _request(kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, **fields}


REQUESTS = st.one_of(
    st.builds(lambda c: _request("act", command=c), COMMANDS),
    st.builds(lambda c: _request("act", command=c), COMMANDS),
    st.builds(lambda c: _request("act", command=c), COMMANDS),
    st.builds(
        lambda code, seat, key, name: _request(
            "join",
            code=code,
            **({"seat": seat} if seat else {}),
            **({"instructor_key": key} if key else {}),
            name=name,
        ),
        CODES,
        SEATS,
        st.sampled_from([None, None, "@KEY@", "wrong-key", "@BOT_KEY@"]),
        st.sampled_from(["Fuzz", "\u202eRTL", "零"]),
    ),
    st.builds(
        lambda code, token, since: _request("resume", code=code, token=token, since=since),
        CODES,
        TOKENS,
        st.sampled_from([0, "@#N@", 10**18]),
    ),
    st.builds(
        lambda text, team: _request("chat", text=text, team=team),
        st.sampled_from(["hi", "\u202ereversed", "a" * 500]),
        st.booleans(),
    ),
    st.builds(
        lambda scenario, bots, seconds, timers: _request(
            "create_room", scenario=scenario, bots=bots, seconds=seconds, timers=timers
        ),
        st.sampled_from(["intro", "atlantis", "classroom"]),
        st.sampled_from([{}, {"beijing": "skynet"}, {"washington": "dove"}]),
        st.sampled_from([{}, {"talks": 60}]),
        st.just(False),
    ),
    st.builds(
        lambda scenario, bot: _request("play_bot", scenario=scenario, bot=bot),
        st.sampled_from(["intro", "atlantis"]),
        st.sampled_from(["random", "skynet", "dove"]),
    ),
    st.builds(lambda s: _request("quick_match", scenario=s), st.sampled_from(["intro", "nowhere"])),
    st.just(_request("resync")),
    st.just(_request("hello", protocol_version=PROTOCOL_VERSION)),
    st.just(_request("hello", protocol_version=PROTOCOL_VERSION + 1)),
    st.just(_request("ping")),
)
"""Well-formed requests, many of them wrong for the moment (placeholders: the live game)."""


def _with_id(message: dict[str, Any], request_id: Any) -> dict[str, Any]:
    return message if request_id is None else {**message, "id": request_id}


WELL_FORMED = st.builds(
    lambda message, request_id, sender: Frame("well_formed", _dumps(_with_id(message, request_id)),
                                              sender),
    REQUESTS,
    IDS,
    st.sampled_from(SENDERS),
)  # fmt: skip
REPLAYED = st.builds(
    lambda which, sender: Frame("replayed", f"@REPLAY:{which}@", sender),
    st.integers(0, 10**6),
    st.sampled_from(SENDERS),
)
"""A previous act or chat sent again as it was, with its id (which one: `which` modulo how
many are kept)."""
