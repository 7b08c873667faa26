"""The words `brink replay` tells the all-seeing viewer's commands and an instructor's controls
in (server/replay/told.py): never a command's or a notice's id ("▶ washington: play", "⚙ ms_li:
timer" said nothing to a class, and nothing in Chinese)."""

from __future__ import annotations

SENDERS = {
    "en": {"system": "The server", "instructor": "The instructor"},
    "zh": {"system": "伺服器", "instructor": "老師"},
}
"""Who sent a command that is not a side's."""

DOING = {
    "en": {
        "start": "deal the game",
        "play": "raise, cards face up",
        "bluff": "raise with a card face down",
        "check": "check",
        "call": "call",
        "call_bluff": "call the bluff",
        "fold": "fold",
        "propose": "propose a deal",
        "counter": "counter the proposal",
        "accept": "accept the proposal",
        "reject": "reject the proposal",
        "withdraw": "withdraw the proposal",
        "pass": "pass in the talks",
        "timeout": "time is up (the default move)",
        "abandon": "the game is abandoned",
        "inject_news": "bring in a news event",
        "end_game": "end the game",
    },
    "zh": {
        "start": "發牌開局",
        "play": "明牌加注",
        "bluff": "暗牌加注",
        "check": "過牌",
        "call": "跟注",
        "call_bluff": "要求亮牌",
        "fold": "棄牌",
        "propose": "提出協議",
        "counter": "還價",
        "accept": "接受提議",
        "reject": "拒絕提議",
        "withdraw": "撤回提議",
        "pass": "談判中不再發言",
        "timeout": "時間到（執行預設行動）",
        "abandon": "對局被放棄",
        "inject_news": "發布新聞事件",
        "end_game": "結束遊戲",
    },
}
"""What each command does, as the all-seeing replay tells it ("▶ Washington: check")."""

CONTROLS = {
    "en": {
        "news": "⚙ {by} brings in a news event.",
        "timer_more": "⚙ {by} gives this turn {s} more seconds.",
        "timer_less": "⚙ {by} takes {s} seconds off this turn.",
        "forced": "⚙ {by} makes the default move for the side to act.",
        "reassigned": "⚙ {by} gives the seat {seat} to {name}.",
        "bot_in": "⚙ {by} lets {bot} play {side} until its player returns.",
        "bot_out": "⚙ {by} hands {side} back to its player.",
        "bot_back": "⚙ {side}'s player is back: the bot steps aside.",
        "bot_taken": "⚙ {name} takes the seat for {side}: the bot steps aside.",
        "ended": "⚙ {by} ends the game.",
        "rematch_offered": "{name} offers a rematch.",
        "rematch": "Rematch agreed: a new game in room {room}.",
        "rematch_declined": "{name} declines the rematch.",
        "seat_left": "{name} ({seat}) leaves the table: the seat is free.",
        "other": "⚙ {by}: {kind}",
    },
    "zh": {
        "news": "⚙ {by} 發布了一則新聞事件。",
        "timer_more": "⚙ {by} 為本回合增加 {s} 秒。",
        "timer_less": "⚙ {by} 將本回合減少 {s} 秒。",
        "forced": "⚙ {by} 為該行動的一方執行了預設行動。",
        "reassigned": "⚙ {by} 把座位{seat}交給了 {name}。",
        "bot_in": "⚙ {by} 讓{bot}代打{side}，直到玩家回來。",
        "bot_out": "⚙ {by} 把{side}交還給玩家。",
        "bot_back": "⚙ {side}的玩家回來了：電腦讓位。",
        "bot_taken": "⚙ {name} 接手{side}的座位：電腦讓位。",
        "ended": "⚙ {by} 結束了這局遊戲。",
        "rematch_offered": "{name} 提議再來一局。",
        "rematch": "雙方同意再來一局：新的一局在房間 {room}。",
        "rematch_declined": "{name} 拒絕了再來一局。",
        "seat_left": "{name}（{seat}）離開牌桌：座位空出來了。",
        "other": "⚙ {by}：{kind}",
    },
}
"""An instructor's controls and the rematch after the game, in words (as `brink play` tells
them live: client/terminal/notices.py)."""
