// What a seat may do now (the update's `options`), the buttons that offer it, and sending it.

import { S, other, mySide, pausedBy } from "./state.js";
import { h } from "./dom.js";
import { t, sideName, refusalText } from "./text.js";
import { send, newCid } from "./connection.js";
import { toast } from "./ui.js";

// The seat's options: the server's, while the game waits for its side
export function seatOptions() {
  return S.options && (S.options[S.room.seat] || S.options[mySide()]);
}
// Whether options allow anything at all (a team role may be waited for and allowed nothing).
export function allowsAny(opts) {
  return [opts.actions, opts.play, opts.bluff, opts.terms].some((group) => Object.values(group || {}).some((refused) => !refused));
}
export function legalOf(kind, key) {
  // null: legal; {code,message}: refused; undefined: not offered now (not our turn / spectator)
  if (!S.wsReady) return { code: "_waiting" };
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
export function actionButton(kind, label, explain, refused, onclick, extra = {}) {
  const id = `act-${kind}`;
  const danger = kind === "fold" || kind === "reject";
  const reason = reasonFor(refused, extra);
  return h(
    "div",
    { class: `action ${refused ? "off" : "on"}` },
    h("button", { type: "button", id, class: refused ? "" : danger ? "danger" : "primary", disabled: !!refused, "aria-describedby": `${id}-why`, onclick }, label),
    h("div", { class: "explain", id: `${id}-why` }, explain, refused && refused.code !== "_waiting" ? h("div", { class: "why", id: `${id}-reason` }, `${t("whyNot")} ${reason}`) : null),
  );
}
// send a command; true once accepted (a refusal is shown, and false returned)
export async function act(command) {
  try {
    await send({ type: "act", cid: newCid(), command });
    return true;
  } catch (err) {
    toast(err.code ? refusalText(err, {}) : err.message);
    return false;
  }
}
