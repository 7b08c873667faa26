"""Why a move is refused, in the player's language. The engine and the server give a stable code
and an English message (docs/protocol/21-errors.md §21); the message names ids (cards, terms, a
role), which are said by their names, and in Chinese the code's phrase is said instead (the numbers
it needs taken from the message); an unknown code is said in English."""

from __future__ import annotations

import re

from pydantic import ValidationError

from client.terminal.names import Names
from server.protocol.base import CHAT_MOST, MARKS, SAID_KEPT, unshown

DOING_ZH = {
    "play cards": "打牌",
    "bluff": "虛張聲勢",
    "call": "跟注",
    "check": "過牌",
    "fold": "棄牌",
    "call a bluff": "要求亮牌",
    "negotiate deals": "談判協議",
}
"""What a role may not do (server/engine/betting.py `_DOING`), in Chinese."""
ZH = {
    "game_not_started": "遊戲尚未開始",
    "game_over": "遊戲已經結束",
    "not_started": "遊戲尚未開始：等待雙方入座",
    "paused": "遊戲暫停中",
    "already_acted": "你方這一手已經選擇了",
    "must_answer": "對方加注了：請跟注、再加注或棄牌",
    "no_bluff_to_call": "上一次加注不是暗牌",
    "card_not_in_hand": "這張牌不在你手上",
    "not_your_card": "這不是你方的牌",
    "not_your_turn": "現在輪到對方",
    "not_bluffable": "這張牌不能暗牌打出",
    "proposal_pending": "請先回應或撤回桌上的提議",
    "no_proposal": "桌上沒有提議",
    "stale_proposal": "那個提議已經不在桌上了",
    "not_your_proposal": "只有提議方可以撤回",
    "already_passed": "你已不再談判；請等對方",
    "duplicate_term": "同一條款不能出現兩次",
    "unknown_param": "這個條款沒有這個參數",
    "no_seat": "只有玩家可以這樣做",
    "rate_limited": "太快了：請放慢",
    "conflict": "房間正忙：請再試一次",
    "unavailable": "伺服器暫時連不上資料庫：請稍後再試",
    "broken_log": "伺服器上這個房間的紀錄已損壞：遊戲無法繼續",
    "class_seat": "這個房間的座位由它的課堂分配：請用課堂代碼加入課堂",
    "opponent_left": "對方已離開牌桌：無法再來一局",
    "class_room": "課堂的遊戲由老師開始：不能再來一局",
    "already_offered": "你方已提議再來一局：請等待對方",
    "rematch_made": "已經同意再來一局了",
    "no_rematch": "還沒有同意再來一局",
    "nothing_to_decline": "對方沒有提議再來一局",
}
BY_MESSAGE_ZH = {
    "in simultaneous betting there is no raise": "同時下注時沒有加注可跟",
    "there is no raise to call": "沒有加注可跟",
    "deals are made in the talks phase": "協議要在談判階段提出",
    "the other side must accept your proposal": "你的提議要由對方接受",
    "withdraw your own proposal instead": "自己的提議請撤回，而不是拒絕",
    "you cannot counter your own proposal": "你不能還價自己的提議",
}
COUNTED_ZH = {
    "cannot_afford": (r"costs (\d+)", "這需要 {0} 點政治資本，你的不夠"),
    "raise_limit": (r"no more than (\d+)", "本局最多加注 {0} 次"),
    "too_many_cards": (r"at most (\d+)", "每次最多打出 {0} 張牌"),
    "proposal_limit": (r"no more than (\d+)", "每局最多 {0} 個提議"),
    "bad_rounds": (r"from (\d+) to (\d+)", "協議期限為 {0} 到 {1} 局"),
    "param_out_of_range": (r"\.(\w+) must be (-?\d+)\.\.(-?\d+)", "{0} 須在 {1} 到 {2} 之間"),
}
"""Refusals with numbers: the pattern that finds them in the English message, the phrase."""


def refusal(names: Names, code: str, message: str, side: str | None = None) -> str:
    """Say why a move is refused (`code` and `message` as the server sent them; `side`, the
    seat's side, names who has the final say)."""
    role = _role(names, code, message, side)
    if role is not None:
        return role
    if names.lang != "zh" or " needs " in message:
        return names.humane(message)
    if message in BY_MESSAGE_ZH:
        return BY_MESSAGE_ZH[message]
    if code in COUNTED_ZH:
        pattern, said = COUNTED_ZH[code]
        found = re.search(pattern, message)
        if found is not None:
            return said.format(*found.groups())
    if code == "rule_failed":
        return _rule_failed(names, message)
    if code == "term_in_force":
        return f"「{names.term_name(message.split()[0])}」已在生效中的協議裡"
    return ZH.get(code) or names.humane(message)


def _role(names: Names, code: str, message: str, side: str | None) -> str | None:
    """A role's refusal as the engine words it, the role named by the rules ("Vice Premier may
    not fold", "only the President may accept a deal"), said in the player's language (a card
    by its name); None for another refusal."""
    if code != "role_not_allowed":
        return None
    sides = names.rules.spec.sides
    roles = [role for s in sides if side in (None, s) for role in sides[s].roles]
    zh = names.lang == "zh"
    if message.endswith("may accept a deal"):
        final = list(dict.fromkeys(names.t(role.name) for role in roles if role.final_say))
        if not final:
            return None
        if zh:
            return f"只有{'或'.join(final)}可以接受協議"
        return f"only the {' or the '.join(final)} may accept a deal"
    found = next((r for r in roles if message.startswith(f"{r.name.en} may not ")), None)
    if found is None:
        return None
    named = names.t(found.name)
    doing = message[len(f"{found.name.en} may not ") :]
    card = doing[len("play ") :] if doing.startswith("play ") else None
    if card is not None and card in names.rules.cards:
        card_name = names.card_title(card)
        return f"{named}不能打出「{card_name}」" if zh else f"{named} may not play ‘{card_name}’"
    if zh:
        return f"{named}不能{DOING_ZH.get(doing, doing)}"
    return f"{named} may not {doing}"


def _rule_failed(names: Names, message: str) -> str:
    """`rule_failed` in Chinese: the rule (a card by its name) and its expression, as the
    engine gives them ("card boom: expression 'x * 1e308' failed: ...")."""
    found = re.match(r"(\w+) (\S+): expression ('.*') failed", message)
    if found is None:
        return names.humane(message)
    kind, rule, expression = found.groups()
    if kind == "card":
        rule = f"「{names.card_name(rule)}」"
    return f"這一步會觸發一條現在無法計算的規則（{rule} 的算式 {expression}），請換一步"


def chat_refusal(names: Names, error: ValidationError) -> str:
    """Why a chat line cannot be sent (`error`, the protocol's check of it), in the player's
    words: too long, nothing visible, control characters or direction overrides; pydantic's
    own words (English) are never shown."""
    problem = error.errors()[0]
    kind, typed = problem["type"], problem.get("input")
    if kind == "string_too_long" and isinstance(typed, str):
        return names.w("too_long", most=CHAT_MOST, n=len(typed))
    if kind == "string_too_short":
        return names.w("chat_empty")
    if kind == "value_error" and isinstance(typed, str):  # the protocol's SAID
        hidden = any(unshown(c, kept=SAID_KEPT + MARKS) for c in typed)
        return names.w("chat_unshown" if hidden else "chat_empty")
    return names.w("chat_refused")
