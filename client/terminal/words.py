"""The words of `brink play`: every phrase of the interface in English and Chinese, the sides'
colours, and the English plurals ("1 card", "3 hands")."""

from __future__ import annotations

import re
import unicodedata

SIDE_STYLE = {"washington": "bold blue", "beijing": "bold red"}
OTHER = {"washington": "beijing", "beijing": "washington"}
WORDS = {
    "en": {
        "check": "Check (pass the turn)",
        "call": "Call (showdown: betting ends)",
        "call_bluff": "Call the bluff (turn the face-down card over)",
        "fold": "Fold (concede the hand)",
        "pass": "Pass (nothing more to say this hand)",
        "accept": "Accept the deal on the table",
        "reject": "Reject the deal on the table",
        "withdraw": "Withdraw your proposal",
        "play": "Play",
        "bluff": "Bluff face down with",
        "propose": "Propose",
        "counter": "Counter with",
        "your_move": "▶ your move",
        "waiting": "… waiting for",
        "hand": "Your hand",
        "public": "Public tracks",
        "stock": "Your stockpiles (private)",
        "table": "On the table",
        "chat": "Chat",
        "turn": "(turn {turn}{clock}) — a number, a word, or help",
        "left": ", {seconds} s left",
        "room": "room {code}",
        "hand_of": "hand {round}/{rounds}",
        "you": "you: ",
        "news": "News: ",
        "in_force": "In force: ",
        "nothing": "nothing",
        "objective": "Your secret objective: ",
        "points": "({points} points)",
        "card": "card",
        "cost": "cost",
        "stake": "stake",
        "bluffable": "bluff",
        "does": "what it does",
        "them": "{cards} card(s) in hand, {deck} in the deck, {raises} raise(s) this hand",
        "stake_now": "stake {stake}",
        "facing": " · a raise to answer",
        "face_down": " · face down #{slot} by {side}: {card}",
        "proposal": "proposal #{id} from {side}: {terms}",
        "deal": "deal in force: {terms} (to hand {hand})",
        "lasting": "lasting: {card} ({side}, {until})",
        "forever": "for the rest of the game",
        "more": "{n} more hand(s)",
        "passed": "passed in the talks: {sides}",
        "for_hands": " for {n} hand(s)",
        "hands": ", {n} hand(s)",
        "menu": "What you can do",
        "empty_seat": "empty seat",
        "game_over": "Game over",
        "objective_of": " — objective {name}: {met}",
        "met": "met",
        "not_met": "not met",
        "win": "You win.",
        "lose": "You lose.",
        "tie": "A tie.",
        "not_now": "it is not your move: wait for the other side",
        "choose": "choose 1 to {n}",
        "stale": "the menu changed just as you typed: look again and choose",
        "timed_out": "⏱ time ran out for {sides}",
        "paused": "⏸ the game is paused: nobody was at the table (called off if nobody returns)",
        "resumed": "▶ a player is back: the game goes on",
        "waiting_for_players": "⏸ the game waits for both sides to sit down: the clock starts then",
        "seats_filled": "▶ both sides are seated: the game begins, and the clock runs",
        "started": "▶ the teacher started the game: the clock runs",
        "talks_passed": "{side} passes in the talks.",
        "cost_stake": " (cost {cost}, stake +{stake})",
        "breaks": " ⚠ breaks the deal in force: {deals}",
        "needs": "{what} needs {condition}",
        "on": "on",
        "off": "off",
        "weeks": "{n} wk",
    },
    "zh": {
        "check": "過牌",
        "call": "跟注(攤牌:下注結束)",
        "call_bluff": "要求亮牌",
        "fold": "棄牌",
        "pass": "不再談判",
        "accept": "接受桌上的協議",
        "reject": "拒絕桌上的協議",
        "withdraw": "撤回你的提議",
        "play": "打出",
        "bluff": "蓋牌虛張聲勢:",
        "propose": "提議",
        "counter": "還價:",
        "your_move": "▶ 輪到你",
        "waiting": "… 等待",
        "hand": "你的手牌",
        "public": "公開數據",
        "stock": "你的庫存(不公開)",
        "table": "桌面",
        "chat": "聊天",
        "turn": "(第 {turn} 手{clock})— 輸入編號、指令或 help",
        "left": ",剩 {seconds} 秒",
        "room": "房間 {code}",
        "hand_of": "第 {round}/{rounds} 局",
        "you": "你:",
        "news": "新聞:",
        "in_force": "生效中:",
        "nothing": "無",
        "objective": "你的秘密目標:",
        "points": "({points} 分)",
        "card": "牌",
        "cost": "成本",
        "stake": "賭注",
        "bluffable": "可虛張",
        "does": "效果",
        "them": "手牌 {cards} 張,牌庫 {deck} 張,本局加注 {raises} 次",
        "stake_now": "賭注 {stake}",
        "facing": " · 須回應對方加注",
        "face_down": " · {side}蓋牌 #{slot}:{card}",
        "proposal": "{side}的提議 #{id}:{terms}",
        "deal": "生效協議:{terms}(至第 {hand} 局)",
        "lasting": "持續效果:{card}({side},{until})",
        "forever": "直到遊戲結束",
        "more": "還有 {n} 局",
        "passed": "已結束談判:{sides}",
        "for_hands": ",為期 {n} 局",
        "hands": ",{n} 局",
        "menu": "你可以做的事",
        "empty_seat": "空位",
        "game_over": "遊戲結束",
        "objective_of": " — 目標「{name}」:{met}",
        "met": "達成",
        "not_met": "未達成",
        "win": "你贏了。",
        "lose": "你輸了。",
        "tie": "平手。",
        "not_now": "還沒輪到你:請等對方",
        "choose": "請選 1 到 {n}",
        "stale": "你輸入時選單剛好變了:請再看一次再選",
        "timed_out": "⏱ {sides}超時",
        "paused": "⏸ 遊戲暫停：牌桌上沒有人（若沒有人回來，這局將被取消）",
        "resumed": "▶ 有玩家回來了：遊戲繼續",
        "waiting_for_players": "⏸ 遊戲等待雙方入座：入座後開始計時",
        "seats_filled": "▶ 雙方都已入座：遊戲開始，開始計時",
        "started": "▶ 老師開始了遊戲：開始計時",
        "talks_passed": "{side}結束談判。",
        "cost_stake": "(成本 {cost},賭注 +{stake})",
        "breaks": " ⚠ 會違反生效中的協議:{deals}",
        "needs": "{what}需要:{condition}",
        "on": "是",
        "off": "否",
        "weeks": "{n} 週",
    },
}
BUILTIN = {
    "en": {
        "round": "the hand number",
        "rounds": "the number of hands",
        "stake": "the stake",
        "deals_in_force": "deals in force",
        "deals_struck": "deals struck",
        "folds_washington": "Washington's folds",
        "folds_beijing": "Beijing's folds",
        "wins_washington": "hands Washington won",
        "wins_beijing": "hands Beijing won",
        "breaches_washington": "Washington's breaches",
        "breaches_beijing": "Beijing's breaches",
        "and": "and",
        "or": "or",
        "not": "not",
    },
    "zh": {
        "round": "局數",
        "rounds": "總局數",
        "stake": "賭注",
        "deals_in_force": "生效中的協議數",
        "deals_struck": "已達成的協議數",
        "folds_washington": "華盛頓棄牌次數",
        "folds_beijing": "北京棄牌次數",
        "wins_washington": "華盛頓贏的局數",
        "wins_beijing": "北京贏的局數",
        "breaches_washington": "華盛頓違約次數",
        "breaches_beijing": "北京違約次數",
        "and": "且",
        "or": "或",
        "not": "非",
    },
}
"""The names an expression may read besides the rules' variables (server/ruleset/model.py
BUILTIN_NAMES), and its words, for saying conditions in people's words."""
HELP = """\
type a number to choose from the menu; a proposal takes parameters: 3 on_china=20 rounds=2
words: check call fold pass accept reject withdraw · say TEXT (chat) · team TEXT (your side only)
       board (draw the table again) · log (recent events) · help · quit"""

_COUNTED = re.compile(r"\b(\d+) (\w+)\(s\)")


def plural(phrase: str) -> str:
    """Return an English phrase with each "N word(s)" written as "1 word" or "N words"."""
    return _COUNTED.sub(lambda m: f"{m[1]} {m[2]}{'' if m[1] == '1' else 's'}", phrase)


_HIDDEN = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def plain(text: str) -> str:
    """Text another person wrote, safe to print: no control characters (a terminal acts on
    escape sequences: the title, the screen, the clipboard) but line breaks, no bidirectional
    controls. The server refuses them in what it is sent now; logs kept from before, or records
    from elsewhere, may hold them."""
    return "".join(
        c for c in text if c == "\n" or (unicodedata.category(c) != "Cc" and c not in _HIDDEN)
    )
