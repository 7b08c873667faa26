"""The committed protocol schema is current, and every protocol message survives JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from server.cli import main
from server.engine.commands import (
    COMMANDS,
    Abandon,
    AcceptDeal,
    Bluff,
    Call,
    CallBluff,
    Check,
    CounterDeal,
    EndGame,
    Fold,
    InjectNews,
    PassTalks,
    PlayCards,
    ProposeDeal,
    RejectDeal,
    StartGame,
    TermChoice,
    Timeout,
    WithdrawDeal,
)
from server.engine.events import CardPlayed, TurnStarted
from server.protocol import (
    CLIENT_MESSAGES,
    SERVER_MESSAGES,
    Accepted,
    Act,
    Chat,
    ChatLine,
    ClassFollowed,
    ClassInfo,
    ClassRooms,
    ClassView,
    Control,
    Controlled,
    ControlResult,
    CreateRoom,
    DeclineRematch,
    Entry,
    Error,
    FollowClass,
    Hello,
    Join,
    Joined,
    JoinRematch,
    Leave,
    Left,
    LoggedCommand,
    Message,
    Notice,
    Ping,
    PlayBot,
    Pong,
    Presence,
    Present,
    Presented,
    Queued,
    QuickMatch,
    Rematch,
    Resume,
    Resync,
    ResyncRequired,
    RoomCreated,
    UnwatchClass,
    Update,
    WatchClass,
    Welcome,
    schema,
)

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "protocol.schema.json"
REGENERATE = "brink protocol schema --out docs/protocol.schema.json"

TRUCE = TermChoice(term="tariff_truce", params={"on_china": 30, "on_us": 10})
VIEW: dict[str, Any] = {"viewer": "washington", "turn": 1, "to_act": "washington"}

CLIENT_EXAMPLES: list[Message] = [
    Hello(id="1", protocol_version=1, client="test"),
    CreateRoom(
        id="2",
        scenario="intro",
        language="zh",
        seconds={"betting": 30},
        bots={"beijing": "dove"},
        timers=False,
    ),
    Join(id="3", code="ABC234", seat="washington:treasury", name="Ada"),
    Resume(id="4", code="ABC234", token="t" * 32, since=17),
    Act(id="5", command=PlayCards(cards=["us_tariff_34"])),
    Chat(id="6", text="Truce?", team=True),
    Resync(id="7"),
    Leave(id="11"),
    QuickMatch(id="8", scenario="intro", name="Bo", language="en"),
    PlayBot(id="9", scenario="intro", side="beijing", bot="hawk", name="Li"),
    Ping(id="10"),
    Control(id="11", room="ABC234", action="news", text="Protests", effects=["markets_slump"]),
    Control.model_validate({"id": "12", "class": "ABCDE", "action": "pause"}),
    FollowClass(id="11", code="K7QX2", token="c" * 32),
    WatchClass(id="12", code="K7QX2"),
    UnwatchClass(id="13", code="K7QX2"),
    Present(id="14", code="K7QX2", room="ABC234", step=40, viewer="beijing"),
    Rematch(id="15", swap=True),
    JoinRematch(id="16", code="ABC234", token="t" * 32),
    DeclineRematch(id="17"),
]

SERVER_EXAMPLES: list[Message] = [
    Welcome(id="1", server="brinkmanship", scenarios=["classroom", "intro"]),
    RoomCreated(id="2", code="ABC234", instructor_key="k" * 24),
    Joined(
        id="3",
        code="ABC234",
        seat="washington",
        role="player",
        token="t" * 32,
        scenario="intro",
        language="en",
        n=12,
        view=VIEW,
        entries=[Entry(n=12, event=TurnStarted(side="washington", turn=1))],
        seats={"washington": "Ada", "beijing": "bot:dove"},
    ),
    Update(
        entries=[
            Entry(n=13, command=LoggedCommand(seat="washington", command=Check())),
            Entry(n=14, event=CardPlayed(side="washington", card="us_tariff_34")),
            Entry(n=15, chat=ChatLine(seat="beijing", name="Bo", text="hi", team="beijing")),
        ],
        n=15,
        view=VIEW,
    ),
    Update(
        entries=[Entry(n=16, notice=Notice(kind="rematch", seat="beijing", room="XYZ789"))],
        n=16,
        view=VIEW,
    ),
    Accepted(id="5", n=15),
    Left(id="11", freed="washington"),
    Error(id="6", code="not_your_turn", message="it is beijing's turn"),
    Presence(seat="beijing", name="Bo", status="away"),
    ResyncRequired(),
    Queued(id="8", scenario="intro"),
    Pong(id="10"),
    Controlled(
        id="11",
        action="reassign",
        results=[ControlResult(room="ABC234", n=40, token="t" * 32)],
    ),
    Presented(code="H6XXQ", room="ABC234", step=40, viewer="all", grant="g" * 24),
    ClassFollowed(
        id="11",
        code="K7QX2",
        title="Period 3",
        student="s1",
        name="Ada",
        room="ABC234",
        seat="washington",
        token="t" * 32,
        state="open",
        language="en",
    ),
    ClassView(id="12", code="K7QX2", info={"title": "Period 3"}, rooms=[{"code": "ABC234"}], at=1),
    ClassRooms(code="K7QX2", rooms=[{"code": "ABC234", "hand": 2}], at=2),
    ClassInfo(code="K7QX2", info={"state": "started"}),
]

COMMAND_EXAMPLES: list[Any] = [
    StartGame(seed=7, decks={"washington": ["us_tariff_34"]}),
    PlayCards(cards=["us_tariff_34", "us_tariff_50"]),
    Bluff(card="us_tariff_threat_100"),
    Check(),
    Call(),
    CallBluff(),
    Fold(),
    ProposeDeal(terms=[TRUCE], rounds=2),
    CounterDeal(proposal=2, terms=[TermChoice(term="tariff_truce")], rounds=1),
    AcceptDeal(proposal=3),
    RejectDeal(proposal=3),
    WithdrawDeal(proposal=3),
    PassTalks(),
    Timeout(turn=4),
    Abandon(),
    InjectNews(text="Protests", effects=["markets_slump"]),
    InjectNews(news="markets_tumble"),
    EndGame(),
]


def test_the_committed_schema_is_what_the_protocol_produces() -> None:
    expected = json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert SCHEMA_FILE.is_file(), f"{SCHEMA_FILE} is missing: run `{REGENERATE}`"
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == expected, (
        f"docs/protocol.schema.json is out of date with server/protocol/: run `{REGENERATE}`"
    )


@pytest.mark.parametrize("where", ["no/such/folder/schema.json", "."])
def test_a_schema_that_cannot_be_written_is_one_line(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["protocol", "schema", "--out", str(tmp_path / where)]) == 1
    said = capsys.readouterr().err
    assert said.startswith(f"brink protocol: cannot write {tmp_path / where}: ")
    assert said.count("\n") == 1


def _tag(message: Message) -> str:
    tag: str = message.model_dump()["type"]
    return tag


def _tags(adapter: TypeAdapter[Any]) -> set[str]:
    mapping: dict[str, str] = adapter.json_schema()["discriminator"]["mapping"]
    return set(mapping)


@pytest.mark.parametrize(
    ("adapter", "examples"),
    [(CLIENT_MESSAGES, CLIENT_EXAMPLES), (SERVER_MESSAGES, SERVER_EXAMPLES)],
    ids=["client", "server"],
)
def test_every_message_type_has_an_example(
    adapter: TypeAdapter[Any], examples: list[Message]
) -> None:
    assert {_tag(example) for example in examples} == _tags(adapter)


@pytest.mark.parametrize(
    ("adapter", "message"),
    [pytest.param(CLIENT_MESSAGES, m, id=f"client:{_tag(m)}") for m in CLIENT_EXAMPLES]
    + [pytest.param(SERVER_MESSAGES, m, id=f"server:{_tag(m)}") for m in SERVER_EXAMPLES],
)
def test_a_message_round_trips_through_json(adapter: TypeAdapter[Any], message: Message) -> None:
    text = message.model_dump_json()
    assert adapter.validate_json(text) == message
    assert adapter.validate_python(json.loads(text)) == message


def test_every_command_type_has_an_example() -> None:
    assert {command.type for command in COMMAND_EXAMPLES} == _tags(COMMANDS)


@pytest.mark.parametrize("command", COMMAND_EXAMPLES, ids=lambda command: command.type)
def test_an_act_round_trips_with_each_command(command: Any) -> None:
    act = Act(id="a", command=command)
    assert CLIENT_MESSAGES.validate_json(act.model_dump_json()) == act
    logged = Update(
        entries=[Entry(n=1, command=LoggedCommand(seat="system", command=command))], n=1, view={}
    )
    assert SERVER_MESSAGES.validate_json(logged.model_dump_json()) == logged
