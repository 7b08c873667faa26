// The banner over the table: whose turn it is and what they may do, the phases of the hand,
// the stake, the timer, and who is away.

import { PHASE_HELP } from "./i18n.js";
import { S, SIDES, other, mySide, isPlayer, pausedBy, myRole, mayTalk, sideSeated } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName, refusalText, colon } from "./text.js";
import { render, showScreen } from "./ui.js";
import { noticeText } from "./log.js";
import { seatOptions, passedOptions, allowsAny } from "./moves.js";
import { cardsPerTurn } from "./picks.js";

// What the banner says: from the view, then held to the seat's options (a team role whose side
// is waited for may be allowed nothing: it is not told "Your turn").
function turnInfo() {
  // a move sent and not answered yet (moves.js act): on its way, the server slow or unable to
  // save it (it retries), not "Your turn" with the moves live
  if (S.sending?.slow && isPlayer()) return { mine: false, text: t("moveSending"), hint: t(S.sending.unavailable ? "moveCannotSave" : "moveSlow"), sending: true };
  const info = viewTurn();
  const opts = info.mine ? seatOptions() : null;
  if (opts && !allowsAny(opts)) return roleIdle(opts);
  // a player waiting for a side nobody sits for any more is told so, not "they choose now"
  const gone = emptySide();
  if (!gone || info.mine || !isPlayer() || pausedBy()) return info;
  const text = t(leftBy(gone) ? "sideLeftTurn" : "sideEmptyTurn", { side: sideName(gone) });
  return { mine: false, text, hint: t(S.deadline ? "sideLeftTimed" : "sideLeftWaits"), gone };
}
// The other side, when none of its seats is held while the game goes on: its player left (this
// page saw it), or its seat is empty in a game whose clock was started (its players all came, or
// an instructor started it without them); a bot standing in holds it. A room waiting for its
// second player is not said to have lost one.
function emptySide() {
  if (S.view.outcome || pausedBy()?.reason === "waiting_for_players") return null;
  const started = S.log.some((item) => item.notice?.kind === "resumed" && ["seats_filled", "started"].includes(item.notice.reason));
  return SIDES.find((s) => s !== mySide() && !sideSeated(s) && (leftBy(s) || started)) || null;
}
// who gave up a seat of `side` while this page looked on (session.js), if anyone
const leftBy = (side) => Object.keys(S.left || {}).some((seat) => seat.split(":")[0] === side);
// The seat's side is waited for but this seat may do nothing now: say so, and who may.
function roleIdle(opts) {
  const me = mySide();
  const roles = S.rules.sides?.[me]?.roles || [];
  const role = myRole();
  const name = L(role?.name, role?.id || "");
  const refusals = Object.values(opts.actions || {}).filter(Boolean);
  const why = refusals.find((r) => r.code !== "wrong_phase") || refusals[0];
  if (S.view.phase_kind === "talks" && role && why?.code === "role_not_allowed") {
    const who = roles.filter((r) => r.id !== role.id && mayTalk(r)).map((r) => L(r.name, r.id));
    const hint = who.length ? t("roleTalksHint", { who: orList(S.lang === "zh" ? who : who.map((n) => `the ${n}`)), side: sideName(me) }) : t("roleIdleHint", { why: refusalText(why, { kind: "talks" }) });
    return { mine: false, text: t("roleTurnTalks", { role: name }), hint };
  }
  const hint = t("roleIdleHint", { why: why ? refusalText(why, { kind: S.view.phase_kind }) : "" });
  return { mine: false, text: role ? t("roleTurnIdle", { role: name }) : t("nothingNow"), hint };
}
// What a side that has passed in the talks may still do (moves.js passedOptions: as the engine
// lets it), after what passing means.
function passedHint(me, opp) {
  const said = t(S.room.seat === me ? "passedYou" : "passedSide", { side: sideName(opp) });
  const opts = passedOptions();
  if (!opts) return said;
  const ok = (k) => !opts.actions[k];
  const p = S.view.proposal;
  const offer = Object.values(opts.terms).some((refused) => !refused);
  let still = "";
  if (p && p.side === me) still = ok("withdraw") ? t("passedMayWithdraw") : "";
  else if (p) {
    const verbs = [ok("accept") && t("accept"), ok("reject") && t("reject"), offer && t("counter")].filter(Boolean);
    still = verbs.length ? t("passedMayAnswer", { verbs: verbs.join(" · ") }) : "";
  } else still = offer ? t("passedMayPropose") : "";
  return still ? `${said}${S.lang === "zh" ? "" : " "}${still}` : said;
}
// The talks' hint: what this seat may do, from its options (a role without the final say may not
// accept; no proposal is left once the hand's are made): the other side's proposal to answer, or
// the talks open.
function talksHint(me, p) {
  const opts = seatOptions();
  const ok = (kind) => !opts || !opts.actions?.[kind];
  const offer = !opts || Object.values(opts.terms || {}).some((refused) => !refused);
  if (!p) return t(offer ? (ok("pass") ? "talksOpenHint" : "talksProposeHint") : "talksPassHint");
  const verbs = [ok("accept") && "hintAccept", ok("reject") && "hintReject", offer && "hintCounter", ok("pass") && "hintPass"];
  const said = t("talksAnswerHint", { side: sideName(p.side), verbs: orList(verbs.filter(Boolean).map((k) => t(k))) });
  // who has the final say, when this seat may not accept for want of it
  const refused = opts?.actions?.accept;
  if (refused?.code !== "role_not_allowed") return said;
  const final = (S.rules.sides?.[me]?.roles || []).filter((r) => r.final_say);
  const who = final.map((r) => L(r.name, r.id));
  // nobody holds them (the side's team took other roles): said, as no one here may accept
  const open = S.seats[me] || final.some((r) => S.seats[`${me}:${r.id}`]) ? "" : `${S.lang === "zh" ? "" : " "}${t("roleNobody", { n: final.length })}`;
  return who.length ? `${said}${S.lang === "zh" ? "" : " "}${t("finalSayHint", { who: orList(who) })}${open}` : said;
}
// The betting's moves this seat may make, from its options (a role may not fold): "check, raise
// with a card or fold".
function bettingVerbs() {
  const opts = seatOptions();
  const v = S.view;
  const ok = (kind) => !opts || !opts.actions?.[kind];
  const raise = !opts || [opts.play, opts.bluff].some((group) => Object.values(group || {}).some((refused) => !refused));
  const verbs = v.facing
    ? [ok("call") && "hintCall", raise && "hintRaise", v.bluff_slot != null && ok("call_bluff") && "hintCallBluff", ok("fold") && "hintFold"]
    : [ok("check") && "hintCheck", raise && "hintRaise", ok("fold") && "hintFold"];
  const most = cardsPerTurn();
  return orList(verbs.filter(Boolean).map((k) => (k === "hintRaise" && most > 1 ? t("hintRaiseUpTo", { n: most }) : t(k))));
}
// Whether this seat may withdraw its side's proposal: its options say, or (sent none) its role.
function mayWithdraw() {
  const opts = seatOptions();
  return opts ? !opts.actions?.withdraw : mayTalk(myRole());
}
// "a, b or c" / "a、b或c"
function orList(words) {
  if (words.length < 2) return words.join("");
  const head = words.slice(0, -1).join(S.lang === "zh" ? "、" : ", ");
  return `${head}${t("listOr")}${words[words.length - 1]}`;
}
function viewTurn() {
  const v = S.view;
  const me = mySide();
  const opp = me ? other(me) : null;
  if (v.outcome) return { mine: false, text: t("gameOver"), hint: L(S.rules.outcomeById[v.outcome]?.name, v.outcome) };
  const paused = pausedBy();
  if (paused?.reason === "waiting_for_players") return { mine: false, text: t("waitingSeats"), hint: t("waitingSeatsHint") };
  // an instructor's pause: who, and what it means, once (not a second note under the banner)
  if (paused) return { mine: false, text: t("pausedNow"), hint: paused.by === "system" ? noticeText(paused) : t("ctlPausedNote", { who: paused.by }) };
  const phaseHelp = PHASE_HELP[S.lang][v.phase_kind] || "";
  if (v.phase_kind === "betting") {
    if (v.to_act) {
      if (isPlayer() && v.to_act === me) {
        const hint = v.facing ? t("raisedHint", { side: sideName(opp), stake: v.stake, verbs: bettingVerbs() }) : t("betHint", { verbs: bettingVerbs() });
        return { mine: true, text: `${t("yourTurn")}${dash()}${sideName(me)}`, hint };
      }
      // a player waiting is told it waits, not the moves (they read as its own to make)
      const hint = isPlayer() ? t("theirMoveHint", { side: sideName(v.to_act) }) : phaseHelp;
      return { mine: false, text: t("waitingFor", { side: sideName(v.to_act) }), hint };
    }
    if (isPlayer() && !v.sides[me].submitted) return { mine: true, text: `${t("yourTurn")}${dash()}${t("simultaneous")}`, hint: t("secretHint", { verbs: bettingVerbs() }) };
    // a team's choice is one for the side, whichever role made it
    if (isPlayer()) return { mine: false, text: t(S.room.seat === me ? "youChose" : "sideChose", { side: sideName(opp) }), hint: t("choseHint", { side: sideName(opp) }) };
    // watching: once one side has chosen (in secret), the banner waits for the other
    const pending = SIDES.filter((s) => v.sides[s] && !v.sides[s].submitted);
    if (pending.length === 1) return { mine: false, text: t("waitingFor", { side: sideName(pending[0]) }), hint: phaseHelp };
    return { mine: false, text: t("simultaneous"), hint: phaseHelp };
  }
  if (v.phase_kind === "talks") {
    if (!isPlayer()) return { mine: false, text: t("bothAct"), hint: phaseHelp };
    const p = v.proposal;
    // Passed, the side says nothing more this hand, even with their proposal on the table.
    if (v.passed.includes(me)) return { mine: false, text: t("waitingFor", { side: sideName(opp) }), hint: passedHint(me, opp) };
    if (p && p.side !== me) return { mine: true, text: `${t("yourTurn")}${dash()}${t("talks")}`, hint: talksHint(me, p) };
    if (p && p.side === me)
      return { mine: false, text: t("waitingFor", { side: sideName(opp) }), hint: t(mayWithdraw() ? "ownProposalWithdrawHint" : "ownProposalHint") };
    return { mine: true, text: `${t("yourTurn")}${dash()}${t("talks")}`, hint: talksHint(me, null) };
  }
  return { mine: false, text: "…", hint: phaseHelp };
}
// a dash: in Chinese two ems and no spaces
const dash = () => (S.lang === "zh" ? "——" : " — ");
function toTalks() {
  $("#talks").scrollIntoView();
  document.getElementById("talks-h")?.focus({ preventScroll: true });
}
// the sticky banner's height, for the scroll margin of what is under it (style.css)
let watched = null;
function watchHeight(banner) {
  if (watched === banner || typeof ResizeObserver === "undefined") return;
  watched = banner;
  new ResizeObserver(() => $("#table").style.setProperty("--banner-h", `${banner.offsetHeight}px`)).observe(banner);
}
export function renderBanner() {
  watchHeight($("#banner"));
  const info = turnInfo();
  const v = S.view;
  const steps = S.rules.scenario.phases.map((p) =>
    h("li", { class: p.id === v.phase ? "now" : "", "aria-current": p.id === v.phase ? "step" : null, title: PHASE_HELP[S.lang][p.kind] || "" }, L(p.name, p.id)),
  );
  const away = awayNotice(info);
  // What a screen reader says: whose turn, what may be done, who is away — when it changes. The
  // banner is drawn again at every update (a chat line, a presence): as a live region it was
  // read out whole each time, steps, stake and all.
  const said = [info.text, info.hint, away?.textContent].filter(Boolean).join(" ");
  if ($("#turn-live").textContent !== said) $("#turn-live").textContent = said;
  fill(
    $("#banner"),
    h(
      "div",
      { class: `turn ${info.mine ? "mine" : "theirs"}` },
      h("div", { class: "turn-text", id: "turn-text" }, info.text),
      h("div", { class: "turn-hint", id: "turn-hint" }, info.hint),
      // the talks' moves are under the whole hand: a screen or three down on a phone (the
      // keyboard's focus goes with the page, onto the talks' heading: Tab goes on to their moves)
      info.mine && v.phase_kind === "talks" ? h("button", { type: "button", class: "to-talks", id: "to-talks", onclick: toTalks }, t("toTalks")) : null,
      // the lobby skipped before the other player came: its invite link (a class's room: the
      // lobby, with no link) is one click away
      S.lobbySkipped && pausedBy()?.reason === "waiting_for_players" ? h("button", { type: "button", class: "to-talks", id: "to-lobby", onclick: () => { S.lobbySkipped = false; showScreen("lobby"); render(); } }, t(S.classFollowing || S.room?.inClass ? "toLobby" : "toInvite")) : null,
    ),
    h(
      "div",
      { class: "meta" },
      h(
        "div",
        { class: "hand-no" },
        S.lang === "zh" ? `第 ${v.round} 局／共 ${v.rounds} 局` : `${t("hand")} ${v.round} ${t("of")} ${v.rounds}`,
        h("span", { class: "phase-now" }, ` · ${L(S.rules.scenario.phases.find((p) => p.id === v.phase)?.name, v.phase || "")}`),
      ),
      h("ol", { class: "steps", "aria-label": t("phaseSteps") }, steps),
      v.phase_kind === "betting" ? h("div", { class: "stake" }, `${t("stake")}${colon()}`, h("b", null, v.stake)) : null,
      timerText() ? h("div", { class: "timer", id: "timer", "aria-live": "off" }, timerText()) : null,
    ),
    away,
    v.outcome && S.endClosed ? h("button", { type: "button", id: "show-end", onclick: () => { S.endClosed = false; render(); } }, t("showResults")) : null,
  );
}
function awayNotice(info) {
  if (S.status === "reconnecting") return h("div", { class: "away-note" }, t(S.room?.role === "player" ? "selfAway" : "selfAwayWatch"));
  // a side left while the turn text speaks of something else (this seat's turn, a spectator's)
  const gone = info.gone ? null : emptySide();
  if (gone) return h("div", { class: "away-note", id: "left-note" }, t(leftBy(gone) ? "sideLeftNote" : "sideEmptyNote", { side: sideName(gone) }));
  if (S.view.outcome) return null;
  const given = SIDES.filter((s) => s in S.given && s !== mySide());
  if (given.length) return h("div", { class: "away-note", id: "given-note" }, given.map((s) => t("givenNote", { side: sideName(s), name: S.given[s] })).join(" "));
  const away = SIDES.filter((s) => S.presence[s] === "away" && s !== mySide());
  if (!away.length) return null;
  return h("div", { class: "away-note" }, away.map((s) => t("awayNote", { side: sideName(s) })).join(" "));
}
function timerText() {
  if (!S.view || S.view.outcome) return "";
  const paused = pausedBy();
  if (!S.deadline && paused?.reason === "waiting_for_players") return t("clockWaits");
  if (paused) return t("ctlTimerPaused");
  if (!S.deadline) return t("noTimer");
  const left = Math.max(0, Math.round((S.deadline - Date.now()) / 1000));
  const m = Math.floor(left / 60);
  const s = String(left % 60).padStart(2, "0");
  return `${m}:${s} ${t("timeLeft")}`;
}
export function tickTimer() {
  const el = document.getElementById("timer");
  if (!el || !S.view) return;
  el.textContent = timerText();
  const left = S.deadline ? (S.deadline - Date.now()) / 1000 : 999;
  el.classList.toggle("urgent", left < 15 && !S.view.outcome && !!S.deadline);
}
