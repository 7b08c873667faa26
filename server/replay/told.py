"""What `brink replay` says beyond the events' narration (`server/game/narrate.py`, shared with
`brink play`): the record in one line before the game, a face-down card named to a viewer who
saw it (all-seeing, or the side that put it down), and the room's notices in words."""

from __future__ import annotations

import time
from typing import Literal

from server.engine import View
from server.engine import events as ev
from server.game.narrate import Deals, describe
from server.protocol import Notice
from server.protocol.base import plain
from server.replay.record import Header
from server.replay.words import CONTROLS, DOING, SENDERS
from server.ruleset.model import Ruleset

Language = Literal["en", "zh"]
SIDES = {
    "en": {"washington": "Washington", "beijing": "Beijing"},
    "zh": {"washington": "華盛頓", "beijing": "北京"},
}
NOTICES = {
    "en": {
        "nobody_here": "⏸ The game pauses: nobody is at the table.",
        "waiting_for_players": "⏸ The game waits for both sides to sit down.",
        "no_seat": "⏸ The clock waits: nobody sits for {side}.",
        "seat_taken": "▶ Every side has a player again: the clock goes on.",
        "paused": "⏸ {by} pauses the game.",
        "started": "▶ Both sides are seated: the game begins.",
        "resumed": "▶ The game goes on.",
        "resumed_by": "▶ {by} resumes the game.",
        "broadcast": "📣 {by}: {text}",
    },
    "zh": {
        "nobody_here": "⏸ 遊戲暫停：桌邊沒有人。",
        "waiting_for_players": "⏸ 遊戲等待雙方入座。",
        "no_seat": "⏸ 計時暫停：{side}沒有人入座。",
        "seat_taken": "▶ 雙方都有玩家了：繼續計時。",
        "paused": "⏸ {by} 暫停了遊戲。",
        "started": "▶ 雙方已入座：遊戲開始。",
        "resumed": "▶ 遊戲繼續。",
        "resumed_by": "▶ {by} 讓遊戲繼續。",
        "broadcast": "📣 {by}：{text}",
    },
}


def _side(rules: Ruleset, side: str, lang: Language) -> str:
    spec = rules.spec.sides.get(side)  # type: ignore[call-overload]
    return str(getattr(spec.name, lang)) if spec is not None else SIDES[lang].get(side, side)


def event_line(
    rules: Ruleset, event: ev.Event, lang: Language, deals: Deals | None = None
) -> str | None:
    """Return the line for an event as the viewer was shown it (None: bookkeeping); `deals`,
    the game's deals as told so far (narrate.Deals), follows it."""
    if isinstance(event, ev.CardPlayedFaceDown) and event.card is not None:
        if deals is not None:
            deals.follow(event)
        who = _side(rules, event.side, lang)
        spec = rules.cards.get(event.card)
        card = str(getattr(spec.name, lang)) if spec is not None else event.card
        if lang == "zh":
            return f"{who}蓋下「{card}」：一個威脅。"
        return f"{who} puts {card} face down: a threat."
    return describe(rules, event, lang, deals)


def seat_name(rules: Ruleset, seat: str, lang: Language) -> str:
    """Return a seat as the replay names it: its side ("Washington"), a team role's name after
    it ("Washington · Treasury"), the server or the instructor for their commands."""
    if seat in SENDERS[lang]:
        return SENDERS[lang][seat]
    side, _, role = seat.partition(":")
    named = _side(rules, side, lang)
    if role:
        spec = rules.spec.sides.get(side)  # type: ignore[call-overload]
        said = next((r for r in spec.roles if r.id == role), None) if spec is not None else None
        named += " · " + (str(getattr(said.name, lang)) if said is not None else role)
    return named


def command_line(rules: Ruleset, seat: str, command: str, lang: Language) -> str:
    """Return the all-seeing line for a logged command: who, and what they did, in words."""
    who = plain(seat_name(rules, seat, lang), kept="")
    doing = DOING[lang].get(command, command)
    return f"▶ {who}：{doing}" if lang == "zh" else f"▶ {who}: {doing}"


def control_line(rules: Ruleset, notice: Notice, lang: Language) -> str:
    """Return the line for an instructor's control, or the rematch after the game, in words."""
    said = CONTROLS[lang]
    kind: str = notice.kind
    side = seat_name(rules, notice.seat, lang) if notice.seat else ""
    if kind == "timer":
        kind = "timer_more" if (notice.seconds or 0) >= 0 else "timer_less"
    elif kind == "bot_out" and notice.by == "system":
        kind = "bot_taken" if notice.name else "bot_back"  # who took the seat, if not its own
    return said.get(kind, said["other"]).format(
        by=plain(notice.by, kept=""),
        kind=notice.kind,
        s=abs(notice.seconds or 0),
        seat=side,
        side=side,
        name=plain(notice.name or "", kept=""),
        bot=bot_name(notice.name or "", lang),
        room=plain(notice.room or "", kept=""),
    )


def notice_line(notice: Notice, lang: Language, rules: Ruleset) -> str:
    """Return the line for a notice: the room waiting, pausing and going on, in words; an
    instructor's other controls in words too. Who and what they said are printed without
    control characters (a record from elsewhere may hold escape sequences)."""
    said = NOTICES[lang]
    by = plain(notice.by, kept="")
    if notice.kind == "paused":
        if by == "system":
            side = _side(rules, (notice.seat or "").split(":")[0], lang)
            return said.get(notice.reason, said["nobody_here"]).format(side=side)
        return said["paused"].format(by=by)
    if notice.kind == "resumed":
        if by == "system":
            if notice.reason == "seat_taken":
                return said["seat_taken"]
            return (
                said["started"] if notice.reason in ("seats_filled", "started") else said["resumed"]
            )
        return said["resumed_by"].format(by=by)
    if notice.kind == "broadcast":
        return said["broadcast"].format(by=by, text=plain(notice.text or ""))
    return control_line(rules, notice, lang)


BOT_NAMES = {
    "en": {
        "random": "Random",
        "hawk": "Hawk (aggressive)",
        "dove": "Dove (peaceful)",
        "tit_for_tat": "Tit for tat",
        "planner_easy": "Planner (easy)",
        "planner": "Planner (normal)",
        "planner_strong": "Planner (strong)",
    },
    "zh": {
        "random": "隨機",
        "hawk": "鷹派（強硬）",
        "dove": "鴿派（溫和）",
        "tit_for_tat": "以牙還牙",
        "planner_easy": "謀略家（簡單）",
        "planner": "謀略家（普通）",
        "planner_strong": "謀略家（困難）",
    },
}
"""The server bots' names, as the web page says them (client/web/i18n.js BOTS)."""


def bot_name(bot: str, lang: Language) -> str:
    """A server bot as the replay's first line names it: "bot Hawk (aggressive)",
    "電腦 鷹派（強硬）" (it said the bot's id, "hawk", as if a player had given that name)."""
    name = BOT_NAMES[lang].get(bot, bot)
    return f"電腦 {name}" if lang == "zh" else f"bot {name}"


def header_line(
    header: Header,
    rules: Ruleset,
    lang: Language,
    holders: dict[str, list[dict[str, str]]] | None = None,
) -> list[str]:
    """Return the record in a line or two: its room, scenario, players (with `holders`, a seat
    held by several names them all in order: server/replay/holders.py) and when it began; for
    a "what if", the game and step it continues. What the record says is printed without
    control characters, each on its line (a record from elsewhere may hold escape sequences,
    or a line break that would forge a line)."""
    zh = lang == "zh"

    def aside(who: str, seat: str) -> str:
        # a team's player with the role ("Washington · Treasury")
        said = seat_name(rules, seat, lang)
        return f"{who}（{said}）" if zh else f"{who} ({said})"

    # Washington's players first, then Beijing's (a record keeps its seats in the order they
    # were taken), a side's bot with its players
    lines = holders or {seat: [{"name": name}] for seat, name in header.seats.items()}

    def who(one: dict[str, str]) -> str:
        return bot_name(one["bot"], lang) if "bot" in one else one.get("name", "")

    seated = [(seat, " → ".join(who(one) for one in line)) for seat, line in lines.items() if line]
    stood_in = {
        (seat.split(":")[0], one.get("bot")) for seat, line in lines.items() for one in line
    }
    seated += [
        (side, bot_name(bot, lang))
        for side, bot in header.bots.items()
        if (side, bot) not in stood_in
    ]
    order = list(SIDES["en"])
    rank = {side: i for i, side in enumerate(order)}
    seated.sort(key=lambda who: rank.get(who[0].split(":")[0], len(order)))
    seats = [aside(name, seat) for seat, name in seated]
    title = header.title.get(lang) or header.scenario
    parts = [header.code, title, ("、" if zh else ", ").join(seats)]
    if header.started is not None:
        parts.append(time.strftime("%Y-%m-%d %H:%M", time.localtime(header.started / 1000)))
    told = [plain(" · ".join(part for part in parts if part), kept="")]
    fork = header.forked_from
    if fork is not None:
        code = plain(fork.code, kept="")
        if lang == "zh":
            told.append(f"「如果」的對局：從 {code} 第 {fork.step} 步接著下")
        else:
            told.append(f"A “what if”: it continues {code} from step {fork.step}")
    return told


WHO = {
    "en": {"instructor": "all-seeing", "spectator": "as spectator"},
    "zh": {"instructor": "全知視角", "spectator": "旁觀者視角"},
}


def footer_line(
    rules: Ruleset, viewer: str, lang: Language, at: tuple[int, int], view: View
) -> str:
    """Return the last line: the step shown of how many (`at`), whose view (the instructor's is
    the all-seeing one: `--as all` and `--as instructor` alike), and where the game stood."""
    step, total = at
    phase, outcome = view.phase, view.outcome
    if lang == "zh":
        who = WHO["zh"].get(viewer) or f"{_side(rules, viewer, 'zh')}視角"
        named = next((p.name.zh for p in rules.phases if p.id == phase), phase) or "未開始"
        spec = rules.outcomes.get(outcome or "")
        ended = (spec.name.zh if spec is not None else outcome) or "未結束"
        where = f"第 {view.round} 局，階段：{named}，結果：{ended}"
        return f"— 第 {step} 步／共 {total} 步，{who}：{where}"
    who = WHO["en"].get(viewer, f"as {viewer}")
    return (
        f"— step {step} of {total}, {who}: hand {view.round}, "
        f"phase {phase or '(not begun)'}, outcome {outcome or '(not over)'}"
    )
