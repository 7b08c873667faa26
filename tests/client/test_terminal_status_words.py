"""What becomes of the connection is said in a player's words, in either language: the client
library's details ("back at 20", "log positions missing before 42") were printed as they were,
in English under `--lang zh` too."""

from __future__ import annotations

import pytest
from recordkit import RULES
from rich.console import Console

from client.connection import BrinkClient
from client.link import Status
from client.terminal.watch import Watcher

SAID = {
    ("en", "resumed"): "⚡ reconnected: you are back in the game",
    ("zh", "resumed"): "⚡ 已重新連線：你回到了遊戲中",
    ("en", "resync"): "⚡ catching up: some moves did not reach this terminal: the table is "
    "brought up to date",
    ("zh", "resync"): "⚡ 正在同步：有幾步沒有送到這個終端：正在更新牌桌",
}
DETAILS = {"resumed": "back at 20", "resync": "log positions missing before 42"}


@pytest.mark.parametrize(("lang", "kind"), sorted(SAID))
def test_a_reconnection_and_a_catching_up_are_said_in_words(lang: str, kind: str) -> None:
    console = Console(record=True, width=200)
    watcher = Watcher(BrinkClient("ws://127.0.0.1:9/ws", "Ada"), RULES["intro"], console, lang)  # type: ignore[arg-type]
    watcher.tell_status(Status(kind, DETAILS[kind]))  # type: ignore[arg-type]
    assert console.export_text().strip() == SAID[lang, kind]


def test_a_game_read_again_from_its_start_says_why() -> None:
    console = Console(record=True, width=300)
    watcher = Watcher(BrinkClient("ws://127.0.0.1:9/ws", "Ada"), RULES["intro"], console, "zh")
    detail = "back at 20: the server's log of this room now ends before position 23"
    watcher.tell_status(Status("resumed", detail, reread=True))
    said = console.export_text().strip()
    assert (
        said.startswith("⚡ 已重新連線：你回到了遊戲中。伺服器遺失了最近的幾步")
        and "20" not in said
    )
