// What a seat may do now (the update's `options`), the buttons that offer it, and sending it.

import { S, other, mySide, pausedBy, myRole, mayTalk } from "./state.js";
import { h } from "./dom.js";
import { t, sideName, refusalText, whyNot } from "./text.js";
import { send, newCid } from "./connection.js";
import { toast, render } from "./ui.js";
import { seatBack } from "./session.js";

// The seat's options: the server's (while the game waits for its side), else a passed side's
export function seatOptions() {
  return (S.options && (S.options[S.room.seat] || S.options[mySide()])) || passedOptions();
}
// Whether options allow anything at all (a team role may be waited for and allowed nothing).
export function allowsAny(opts) {
  return [opts.actions, opts.play, opts.bluff, opts.terms].some((group) => Object.values(group || {}).some((refused) => !refused));
}
// A side that has passed in the talks is sent no options: the game no longer waits for it (a client
// that acts whenever it has options would speak again). The engine still lets it propose, answer or
// withdraw (docs/protocol/09-whose-turn.md §9), so its page works out what the server's options
// would say from the view and the rules: the role's right to talk and final say, the proposal on
// the table, the proposals left, the terms in force. Whether a term is on offer now only the server
// knows: a proposal of one that is not is refused with the reason.
export function passedOptions() {
  const v = S.view;
  const me = mySide();
  if (!S.room || S.room.role !== "player" || !v || v.outcome || v.phase_kind !== "talks" || !v.passed.includes(me) || pausedBy()) return null;
  const role = myRole();
  const no = (code, message = "") => ({ code, message });
  const p = v.proposal;
  // a role's refusals worded as the engine's (text.js names the roles that may)
  const talks = mayTalk(role) ? null : no("role_not_allowed", `${role.name.en} may not negotiate deals`);
  const answer = p && p.side !== me ? null : no(p ? "own_proposal" : "no_proposal");
  const finalSay = role && !role.final_say ? no("role_not_allowed", "only a role with the final say may accept a deal") : null;
  const limit = S.rules.scenario.phases.find((phase) => phase.id === v.phase)?.max_proposals ?? 4;
  const offer = p && p.side === me ? no("proposal_pending") : v.proposals >= limit ? no("proposal_limit") : null;
  const inForce = new Set(v.deals.flatMap((deal) => deal.terms.map((x) => x.term)));
  const termIds = S.rules.scenario.deal_terms || S.rules.deal_terms.map((term) => term.id);
  return {
    actions: {
      pass: talks || no("already_passed"),
      accept: talks || answer || finalSay,
      reject: talks || answer,
      withdraw: talks || (p && p.side === me ? null : no(p ? "not_your_proposal" : "no_proposal")),
    },
    terms: Object.fromEntries(termIds.map((id) => [id, talks || offer || (inForce.has(id) ? no("term_in_force") : null)])),
  };
}
export function legalOf(kind, key) {
  // null: legal; {code,message}: refused; undefined: not offered now (not our turn / spectator)
  // (a move on its way, slow to be answered: the others wait for it)
  if (!S.wsReady || S.status === "reconnecting" || S.sending?.slow) return { code: "_waiting" };
  const opts = seatOptions();
  if (!opts) {
    // paused: every move says why it waits (an instructor's pause, or nobody at the table)
    const paused = pausedBy();
    if (paused && paused.reason !== "waiting_for_players") return { code: "paused", message: paused.by === "system" ? "nobody" : "instructor" };
    return { code: "_waiting" };
  }
  const group = kind === "actions" ? opts.actions : opts[kind];
  if (!group || !(key in group)) return { code: "_waiting" };
  return group[key];
}
export function reasonFor(refused, extra) {
  if (!refused) return "";
  if (refused.code === "_waiting") {
    const v = S.view;
    if (v.outcome) return t("gameOver");
    const who = v.to_act && v.to_act !== mySide() ? v.to_act : other(mySide());
    return t("waitingFor", { side: sideName(who) });
  }
  return refusalText(refused, extra);
}
// `said`: the id of the panel's one reason (sharedReason), said there and not under the button
export function actionButton(kind, label, explain, refused, onclick, extra = {}, said = null) {
  const id = `act-${kind}`;
  const danger = kind === "fold" || kind === "reject";
  const reason = reasonFor(refused, extra);
  const own = refused && refused.code !== "_waiting" && !said;
  return h(
    "div",
    { class: `action ${refused ? "off" : "on"}` },
    h("button", { type: "button", id, class: refused ? "" : danger ? "danger" : "primary", disabled: !!refused, "aria-describedby": said ? `${id}-why ${said}` : `${id}-why`, onclick }, label),
    h("div", { class: "explain", id: `${id}-why` }, explain, own ? h("div", { class: "why", id: `${id}-reason` }, whyNot(reason)) : null),
  );
}
// The one reason every control of a panel is refused for (the game paused, a role that may not
// negotiate, …), or null: said once for the panel (panelReason), not under each of them. Only
// where there are two controls or more, all refused alike, for a reason the page tells.
export function sharedReason(refusals) {
  const first = refusals[0];
  if (refusals.length < 2 || !first || first.code === "_waiting") return null;
  return refusals.every((r) => r && r.code === first.code && r.message === first.message) ? first : null;
}
export function panelReason(id, refused, extra) {
  return h("p", { class: "why panel-why", id, role: "note" }, whyNot(reasonFor(refused, extra)));
}
// send a command; true once accepted (a refusal is shown, and false returned). If the connection
// goes before the answer, it is sent again with the same id once the seat is back: the server
// applies it at most once (docs/protocol/10-game-commands.md).
// One command at a time: a second while the first awaits its answer is a double click (or a
// click on a button not yet redrawn by the first's update), and would be refused with a reason
// that makes no sense to whoever clicked ("It is the other side's turn"): it is not sent.
// A move not answered within SLOW_MS is said to be on its way (S.sending.slow: the banner says
// so, the moves wait); one the server could not save (`unavailable`: it cannot reach its Redis)
// is said so and sent again, with the same id, until it is answered. A tester froze Redis and
// clicked Check: for 12 s the page said "Your turn", its buttons live, as if nothing was sent.
const SLOW_MS = 1000;
let acting = false;
export async function act(command) {
  if (acting) return false;
  acting = true;
  const sending = { slow: false, unavailable: false };
  S.sending = sending;
  const slow = setTimeout(() => {
    sending.slow = true;
    if (S.sending === sending) render();
  }, SLOW_MS);
  try {
    return await actOnce(command, sending);
  } finally {
    clearTimeout(slow);
    acting = false;
    if (S.sending === sending) {
      S.sending = null;
      if (sending.slow) render();
    }
  }
}
async function actOnce(command, sending) {
  const cid = newCid();
  const room = S.room?.code;
  for (let tries = 0; ; tries++) {
    try {
      await send({ type: "act", cid, command });
      return true;
    } catch (err) {
      if (err.inFlight && S.room && (await seatBack())) continue;
      if (err.code === "unavailable" && S.room?.code === room) {
        sending.slow = sending.unavailable = true;
        render();
        await new Promise((resolve) => setTimeout(resolve, Math.min(4000, 500 * 2 ** tries)));
        if (S.room?.code !== room) return false; // the page left the room meanwhile
        // (the connection went meanwhile, or the seat is being resumed: once it is back)
        if ((S.wsReady && S.status !== "reconnecting") || (await seatBack())) continue;
        return false;
      }
      toast(err.code ? refusalText(err, {}) : err.message);
      return false;
    }
  }
}
