"""What the server or an instructor did to the room (a log `notice`), told in the terminal: a
broadcast stands out, an instructor's control says who did it and when."""

from __future__ import annotations

import time

from rich.text import Text

from client.terminal.names import Names
from server.protocol import Entry, Notice
from server.protocol.base import plain
from server.replay.told import BOT_NAMES

CLOCK_REASONS = ("waiting_for_players", "seats_filled", "started")
SAID = {
    "en": {
        "paused": "❚❚ {who} paused the game: moves wait until it is resumed",
        "resumed": "▶ {who} resumed the game",
        "broadcast": "📣 Message from {who}: {text}",
        "news": "{who} injects a news event:",
        "timer_more": "⏱ {who} gives this turn {s} more seconds",
        "timer_less": "⏱ {who} takes {s} seconds off this turn",
        "forced": "{who} forces the default move:",
        "reassigned": "{who} gives the seat {seat} to {name}",
        "bot_in": "{who} lets the bot {bot} play {side} until its player returns",
        "bot_out": "{who} hands {side} back to its player",
        "bot_back": "{side}'s player is back: the bot steps aside",
        "bot_taken": "{name} takes the seat for {side}: the bot steps aside",
        "ended": "{who} ends the game",
        "paused_now": "the instructor ({who}) has paused the game: wait until they resume it",
        "paused_system": "the game is paused until a player comes back",
        "rematch_offered": "{name} offers a rematch",
        "rematch": "Rematch agreed: a new game in room {room}",
        "rematch_declined": "{name} declines the rematch",
        "seat_left": "{name} ({side}) has left the table: the seat is free",
        "no_seat": "⏸ the clock waits: nobody sits for {side} since their player left (it goes on"
        " when someone takes the seat; the game is called off if nobody does)",
        "seat_taken": "▶ every side has a player again: the clock goes on",
        "paused_no_seat": "the game waits until someone takes {side}'s seat",
    },
    "zh": {
        "paused": "❚❚ {who} 暫停了遊戲：恢復之前不能行動",
        "resumed": "▶ {who} 讓遊戲繼續",
        "broadcast": "📣 {who} 的訊息：{text}",
        "news": "{who} 發布了一則新聞事件：",
        "timer_more": "⏱ {who} 為本回合增加 {s} 秒",
        "timer_less": "⏱ {who} 將本回合減少 {s} 秒",
        "forced": "{who} 強制執行了預設行動：",
        "reassigned": "{who} 把座位{seat}交給了 {name}",
        "bot_in": "{who} 讓機器人「{bot}」代打{side}，直到玩家回來",
        "bot_out": "{who} 把{side}交還給玩家",
        "bot_back": "{side}的玩家回來了：機器人讓位",
        "bot_taken": "{name} 接手{side}的座位：機器人讓位",
        "ended": "{who} 結束了這局遊戲",
        "paused_now": "老師（{who}）暫停了遊戲：請等待繼續",
        "paused_system": "遊戲暫停，直到有玩家回來",
        "rematch_offered": "{name} 提議再來一局",
        "rematch": "雙方同意再來一局：新的一局在房間 {room}",
        "rematch_declined": "{name} 拒絕了再來一局",
        "seat_left": "{name}（{side}）已離開牌桌：座位空出來了",
        "no_seat": "⏸ 計時暫停：{side}的玩家離開後沒有人入座"
        "（有人入座後繼續計時；若一直沒有人入座，這局將被取消）",
        "seat_taken": "▶ 雙方都有玩家了：繼續計時",
        "paused_no_seat": "遊戲等到有人坐進{side}的座位",
    },
}
SEATS = {("paused", "no_seat"): "no_seat", ("resumed", "seat_taken"): "seat_taken"}
"""The clock waiting for a side whose player left, and going on (server/live/vacancy.py)."""


def tell(notice: Notice, names: Names) -> Text:
    """Return the line for a notice: the system's pauses as before, an instructor's controls
    with the time, a broadcast in reverse video."""
    said = SAID[names.lang]
    side = names.side_name(notice.seat.split(":")[0]) if notice.seat else ""
    kind: str = notice.kind
    if notice.reason in CLOCK_REASONS and kind in ("paused", "resumed"):
        return Text(names.w(notice.reason))  # the room waits for its players, or starts
    if notice.by == "system":
        if (kind, notice.reason) in SEATS:
            return Text(said[SEATS[kind, notice.reason]].format(side=side))
        if kind == "seat_left":
            return Text(said[kind].format(name=plain(notice.name or ""), side=side), "bold")
        if kind == "bot_out":  # named: someone given the seat took it, not its own player
            line = said["bot_taken" if notice.name else "bot_back"]
            return Text(line.format(side=side, name=plain(notice.name or "")), "bold")
        # After the game (client/terminal/again.py):
        if kind in ("rematch_offered", "rematch", "rematch_declined"):
            name = plain(notice.name or "", kept="")
            return Text(said[kind].format(name=name, room=notice.room or ""), "bold")
        return Text(names.w(kind) if kind in ("paused", "resumed") else kind)
    if kind == "timer":
        seconds = notice.seconds or 0
        kind = "timer_more" if seconds >= 0 else "timer_less"
    line = said[kind].format(
        who=plain(notice.by),
        text=plain(notice.text or ""),
        s=abs(notice.seconds or 0),
        seat=names.seat_name(notice.seat) if notice.seat else "",
        name=plain(notice.name or ""),
        bot=BOT_NAMES[names.lang].get(notice.name or "", plain(notice.name or "")),
        side=side,
    )
    clock = time.strftime("%H:%M", time.localtime(notice.at / 1000)) if notice.at else ""
    if notice.kind == "broadcast":
        return Text(f" {line} ", "bold reverse yellow")
    return Text(f"{clock} · {line}" if clock else line, "bold yellow")


def paused_by(entries: list[Entry]) -> Notice | None:
    """Return the notice that paused the room, if it is paused now (a new room waiting for its
    players counts too)."""
    for entry in reversed(entries):
        notice = entry.notice
        if notice is not None and notice.kind in ("paused", "resumed", "ended"):
            return notice if notice.kind == "paused" else None
    return None


def why_paused(notice: Notice, names: Names) -> str:
    """Say why a move must wait while the room is paused."""
    if notice.reason == "waiting_for_players":
        return names.w("waiting_for_players")
    if notice.by == "system" and notice.reason == "no_seat":
        side = names.side_name(notice.seat.split(":")[0]) if notice.seat else ""
        return SAID[names.lang]["paused_no_seat"].format(side=side)
    if notice.by == "system":
        return SAID[names.lang]["paused_system"]
    return SAID[names.lang]["paused_now"].format(who=notice.by)
