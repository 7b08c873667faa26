"""What `brink play` says when the seat may not simply choose from a menu: its side is waited
for but its team role may do nothing now (the Commerce in the talks), or its side has passed
in the talks (it is sent no options, yet may still propose, answer or withdraw)."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from client.terminal.names import Names
from client.terminal.refusals import refusal
from client.terminal.words import OTHER
from server.engine.legal import Options, Refused


def role_idle(names: Names, seat: str, phase_kind: str | None, options: Options) -> Text:
    """Say that the seat's side is waited for but this seat may do nothing now, why, and who
    may (the server's `options` for the seat refuse everything)."""
    side, _, role_id = seat.partition(":")
    roles = names.rules.spec.sides[side].roles  # type: ignore[index]
    role = next((r for r in roles if r.id == role_id), None)
    why = idle_reason(options, phase_kind)
    reason = refusal(names, why.code, why.message, side) if why is not None else ""
    if role is None:
        return Text(names.w("nothing_now", why=reason), "bold yellow")
    role_name = names.t(role.name)
    if phase_kind == "talks" and why is not None and why.code == "role_not_allowed":
        who = [names.t(r.name) for r in roles if r.id != role_id and "talks" in r.actions]
        hint = (
            names.w(
                "they_talk",
                who=_either(who, names.lang),
                side=names.side_name(side),
            )
            if who
            else names.w("tell_team")
        )
        return Text.assemble(
            (names.w("role_talks", role=role_name), "bold yellow"), "\n", (hint, "yellow")
        )
    line = names.w("role_idle", role=role_name, why=reason)
    return Text.assemble((line, "bold yellow"), "\n", (names.w("tell_team"), "yellow"))


def idle_reason(options: Options, phase_kind: str | None = None) -> Refused | None:
    """Return why the seat may do nothing now: in the talks, why it may not pass ("Commerce
    may not negotiate deals"); else the first refusal of its options that is not the phase's
    (the role's own), else the first."""
    talks = options.actions.get("pass") if phase_kind == "talks" else None
    refusals = [r for r in options.actions.values() if r is not None]
    why = talks or next((r for r in refusals if r.code != "wrong_phase"), None)
    return why or (refusals[0] if refusals else None)


def passed_text(names: Names, seat: str, view: dict[str, Any], options: Options | None) -> str:
    """Say what passing in the talks means, and what the seat may still do (`options`, as
    client/options.py `passed_options` works them out)."""
    side = seat.split(":")[0]
    said = names.w(
        "passed_you" if seat == side else "passed_side", side=names.side_name(OTHER[side])
    )
    if options is None:
        return said
    allowed = {kind for kind, refused in options.actions.items() if refused is None}
    offer = any(refused is None for refused in options.terms.values())
    proposal = view.get("proposal")
    still = ""
    if proposal is not None and proposal["side"] == side:
        still = names.w("still_withdraw") if "withdraw" in allowed else ""
    elif proposal is not None:
        verbs = [names.w(f"v_{kind}") for kind in ("accept", "reject") if kind in allowed]
        verbs += [names.w("v_counter")] if offer else []
        still = names.w("still_answer", verbs=" · ".join(verbs)) if verbs else ""
    elif offer:
        still = names.w("still_propose")
    return f"{said}{'' if names.lang == 'zh' else ' '}{still}" if still else said


def _either(names: list[str], lang: str) -> str:
    """'the President or the Treasury' / '總統或財政部'."""
    if lang == "zh":
        return "、".join(names[:-1]) + ("或" if len(names) > 1 else "") + names[-1]
    named = [f"the {name}" for name in names]
    return ", ".join(named[:-1]) + (" or " if len(named) > 1 else "") + named[-1]
