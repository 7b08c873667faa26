"""`brink replay` all-seeing told the commands and an instructor's controls by their ids, in
either language: "▶ washington: play", "▶ system: start", "⚙ ms_li: timer", "⚙ ms_li:
bot_in" — in a Chinese replay too ("▶ beijing: bluff"). They are told in words, in the
replay's language, with the sides' and the bots' names."""

from __future__ import annotations

import json
import re

from recordkit import RULES

from server.bots import make_bot
from server.engine import apply, initial_state
from server.engine.commands import INSTRUCTOR, EndGame, InjectNews
from server.game.match import play_match
from server.live.rooms import event_entries
from server.replay.record import header_for, read_record, write_record
from server.replay.show import VIEWERS, lines
from server.replay.verify import verify
from server.ruleset.schema import SIDES

CLASSROOM = RULES["classroom"]
AT = 1_700_000_000_000


def _notice(n: int, **notice: object) -> str:
    said = {"type": "notice", "by": "ms_li", "at": AT, **notice}
    return json.dumps({"n": n, "event": None, "chat": None, "command": None, "notice": said})


def _record() -> str:
    players = {side: make_bot("hawk", side) for side in SIDES}
    commands = play_match(CLASSROOM, players, 3).commands[:10]
    news = InjectNews(text="Talks resume", effects=[])
    steps = [*commands[:4], (INSTRUCTOR, news), *commands[4:], (INSTRUCTOR, EndGame())]
    state = initial_state(CLASSROOM)
    entries: list[str] = []
    for seat, command in steps:
        if command.type == "inject_news":
            entries.append(_notice(len(entries) + 1, kind="news"))
            entries.append(_notice(len(entries) + 1, kind="timer", seconds=30))
            entries.append(_notice(len(entries) + 1, kind="timer", seconds=-20))
            entries.append(_notice(len(entries) + 1, kind="bot_in", seat="beijing", name="hawk"))
            entries.append(_notice(len(entries) + 1, kind="bot_out", seat="beijing"))
            entries.append(
                _notice(len(entries) + 1, kind="reassigned", seat="washington", name="Cy")
            )
        if command.type == "end_game":
            entries.append(_notice(len(entries) + 1, kind="ended"))
        state, events = apply(CLASSROOM, state, seat, command)
        name = "system" if seat.side == "system" else seat.side
        made = event_entries(len(entries), name, command, events, at=AT)
        entries += [entry.model_dump_json() for entry in made]
    assert state.finished
    header = header_for("WORDS", CLASSROOM, entries, {"washington": "W", "beijing": "B"}, {})
    return write_record(header, entries)


def test_all_seeing_tells_commands_and_controls_in_words() -> None:
    verified = verify(read_record(_record(), "WORDS"))
    ids = re.compile(
        r"\b(washington|beijing|inject_news|end_game|call_bluff|timer|"
        r"bot_in|bot_out|reassigned|ended|hawk)\b|^[a-z_]+: [a-z_]+$|: [a-z_]+$"
    )
    for lang in ("en", "zh"):
        told = lines(verified, VIEWERS["all"], None, lang)[1:-1]
        said = [line for line in told if line.split()[1] in ("▶", "⚙")]
        assert len(said) >= 10, told
        for line in said:
            assert not ids.search(line.split(maxsplit=2)[2]), (lang, line)
        if lang == "zh":
            assert all(not re.search(r"[A-Za-z]{3,}", line.replace("ms_li", "")) for line in said)
            assert not any(line.rstrip().endswith(".") for line in said), said
    english = "\n".join(lines(verified, VIEWERS["all"], None, "en"))
    assert "▶ The server: deal the game" in english
    assert "▶ The instructor: bring in a news event" in english
    assert "⚙ ms_li gives this turn 30 more seconds." in english
    assert "⚙ ms_li takes 20 seconds off this turn." in english
    assert "⚙ ms_li lets bot Hawk (aggressive) play Beijing until its player returns." in english
    assert "⚙ ms_li gives the seat Washington to Cy." in english
    chinese = "\n".join(lines(verified, VIEWERS["all"], None, "zh"))
    assert "▶ 北京：" in chinese or "▶ 華盛頓：" in chinese
    assert "⚙ ms_li 讓電腦 鷹派（強硬）代打北京，直到玩家回來。" in chinese
