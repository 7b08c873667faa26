"""`brink play --lang zh` says the table in the web page's words: its title 邊緣政策 (it said
"Brinkmanship"), the bot across the table by the web's name for it, 電腦 謀略家（困難）(it
said "bot:planner_strong"; in English, "bot Planner (strong)"), the turn 第 1 回合 (it said
第 1 手), and a card face down 暗牌 (it said 蓋牌, which in Chinese poker means folding — the
web's 棄牌). The web page's Chinese texts call a face-down card 暗牌 too (the debrief said 蓋牌)."""

from __future__ import annotations

import re
import subprocess

import pytest
from clientkit import ROOT, Screen, brink

from client.terminal.words import HELP_ZH, WORDS


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        (
            "zh",
            ["邊緣政策 · ", "北京（電腦 謀略家（困難））", "（第 1 回合，"],
            ["Brinkmanship", "手，"],
        ),
        ("en", ["Brinkmanship · ", "Beijing (bot Planner (strong))", "(turn 1, "], []),
    ],
)
async def test_the_table_is_said_in_the_web_pages_words(
    server_url: str, lang: str, said: list[str], not_said: list[str]
) -> None:
    args = ["--bot", "planner_strong", "--lang", lang]
    process = await brink("play", "--url", server_url, *args, stdin=subprocess.PIPE)
    screen = Screen(process)
    await screen.wait("▶ 輪到你" if lang == "zh" else "▶ your move")  # Washington opens
    assert await screen.quit() == 0
    shown = screen.text()
    assert [phrase for phrase in said if phrase not in shown] == [], shown
    assert [phrase for phrase in [*not_said, "bot:"] if phrase in shown] == [], shown


def test_no_chinese_phrase_calls_a_face_down_card_a_fold() -> None:
    phrases = [*WORDS["zh"].values(), HELP_ZH]
    assert [phrase for phrase in phrases if "蓋牌" in phrase] == []
    assert WORDS["zh"]["bluff"].startswith("暗牌") and "暗牌" in WORDS["zh"]["face_down"]
    web = {path.name: path.read_text(encoding="utf-8") for path in ROOT.glob("client/web/*.js")}
    assert {
        name: re.findall(r".*蓋牌.*", text) for name, text in web.items() if "蓋牌" in text
    } == {}
