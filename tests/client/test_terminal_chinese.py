"""`brink play --lang zh` says its own lines in Chinese: the help, a word not on the menu, a
proposal's parameters typed wrong, chat with nothing to say, a refusal, how to come back. They
were English whatever the language."""

from __future__ import annotations

import asyncio
import subprocess

from clientkit import Screen, brink

ENGLISH = (
    "You are washington",
    "type a number",
    "is not on the menu",
    "only a proposal takes parameters",
    "say what?",
    "✗ refused",
    "your seat stays yours",
)


async def test_brink_play_says_its_own_lines_in_chinese(server_url: str) -> None:
    process = await brink(
        "play", "--url", server_url, "--bot", "dove", "--lang", "zh", stdin=subprocess.PIPE
    )
    screen = Screen(process)
    await screen.wait("▶ 輪到你")
    await screen.type("help", "dance", "1 on_china=5", "say", "call")
    await screen.wait("✗ 不行：沒有加注可跟（nothing_to_call）")  # Washington opens: no raise yet
    await asyncio.sleep(0.2)
    assert await screen.quit() == 0
    shown = screen.text()
    assert "你是房間" in shown and "座位代碼" in shown, shown
    assert "輸入編號選擇選單上的項目" in shown and "選單上現在沒有「dance」" in shown, shown
    assert "只有提議可以帶參數" in shown and "要說什麼？" in shown, shown
    assert "你離開了：座位仍然是你的。回來請用 brink play" in shown, shown
    assert not [phrase for phrase in ENGLISH if phrase in shown], shown
