// A rematch (docs/protocol/25-rematch.md): at the end of a game, "Rematch" offers the other player
// a new game with the same settings (or, against a bot, starts it); the other sees the offer with
// "Accept" and "Decline" (the one who offered then sees who declined, and may offer again); once
// it is made (a `rematch` notice in the room's log) each page takes its seat in the
// new room by itself (`join_rematch` with the seat's token), and onJoined (session.js) moves it
// there as after any join: a new log, the address and the saved session of the new room.

import { S, SIDES, mySide, isPlayer } from "./state.js";
import { h } from "./dom.js";
import { t, refusalText } from "./text.js";
import { send } from "./connection.js";
import { toast, render } from "./ui.js";

const sideOf = (seat) => (seat || "").split(":")[0];
const otherSide = () => SIDES.find((s) => s !== mySide());

// What the room's log says of a rematch: the offers standing, in order (a decline withdraws those
// before it), the last decline if no offer came after it, and the notice that made it.
function standing() {
  let offers = [];
  let declined = null;
  let made = null;
  for (const item of S.log) {
    const kind = item.notice?.kind;
    if (kind === "rematch_offered") {
      offers.push(item.notice);
      declined = null;
    } else if (kind === "rematch_declined") {
      offers = [];
      declined = item.notice;
    } else if (kind === "rematch") made = item.notice;
  }
  return { offers, declined, made };
}

// Who plays the other side: a server bot ("bot:NAME"), or the name of a player seated for it.
function opponent() {
  const side = otherSide();
  const seats = Object.entries(S.seats).filter(([seat, holder]) => holder && sideOf(seat) === side);
  const bot = seats.find(([, holder]) => holder.startsWith("bot:"));
  const here = seats.some(([seat]) => S.presence[seat] !== "away");
  return { bot: Boolean(bot) && seats.length === 1, name: seats.find(([, x]) => !x.startsWith("bot:"))?.[1] || "", here };
}

async function ask(swap) {
  await request({ type: "rematch", swap });
}

// One request at a time: a double click on Rematch or Accept sent it twice, and the second was
// refused in red ("You have offered a rematch", "The rematch is already on") though all went well.
let asking = false;
async function request(message) {
  if (asking) return;
  asking = true;
  try {
    await send(message);
  } catch (err) {
    toast(err.code ? refusalText(err) : err.message);
  } finally {
    asking = false;
  }
  render();
}

let following = false;
// Take this page's seat in the rematch made (the server seats it on its side, with a new token).
export async function followRematch() {
  const { made } = standing();
  if (!made || !isPlayer() || !S.room?.token || following) return;
  following = true;
  try {
    await send({ type: "join_rematch", code: S.room.code, token: S.room.token });
    window.scrollTo(0, 0); // the new game from its top, not where the results were scrolled to
  } catch (err) {
    toast(err.code ? refusalText(err) : err.message);
  } finally {
    following = false;
  }
}

// New entries of this room, as they happen: an offer from the other side opens the results
// again (where it is shown, at the top); a rematch made takes this page's seat there.
export function rematchArrived(entries) {
  const notices = (entries || []).map((entry) => entry.notice).filter(Boolean);
  const theirs = (n) => (n.kind === "rematch_offered" || n.kind === "rematch_declined") && sideOf(n.seat) !== mySide();
  if (isPlayer() && notices.some(theirs) && S.endClosed) {
    S.endClosed = false;
    render();
  }
  if (notices.some((n) => n.kind === "rematch")) followRematch();
}

// The end screen's parts: at the top, where the rematch stands (the other side's offer with
// "Accept" and "Decline", or the offer waited on, or who declined, or the rematch made), and
// beside "Front page" the button that offers it. None in a class's room, whose teacher starts the games.
export function rematchControls() {
  const none = { box: null, buttons: [] };
  if (S.classFollowing || !S.room) return none;
  const { offers, declined, made } = standing();
  const box = (text, button) => h("div", { id: "rematch-box", class: "rematch-box", role: "status" }, h("span", { id: "rematch-status" }, text), button);
  if (made) {
    const go = isPlayer()
      ? h("button", { type: "button", class: "primary", id: "rematch-go", onclick: followRematch }, t("rematchGo"))
      : h("a", { href: `/?room=${encodeURIComponent(made.room)}`, id: "rematch-watch", class: "watch" }, t("rematchWatch"));
    return { box: box(t("rematchMade", { code: made.room }), go), buttons: [] };
  }
  if (!isPlayer()) return none;
  const rival = opponent();
  const theirs = offers.filter((n) => sideOf(n.seat) !== mySide());
  if (!rival.bot && !rival.here) return { box: box(t("rematchGone", { name: rival.name || t(`side_${otherSide()}`) }), null), buttons: [] };
  if (theirs.length) {
    const offer = theirs[theirs.length - 1];
    const swap = offer.reason === "swap";
    const accept = h("button", { type: "button", class: "primary", id: "rematch-accept", onclick: () => ask(swap) }, t("rematchAccept"));
    const decline = h("button", { type: "button", id: "rematch-decline", onclick: () => request({ type: "decline_rematch" }) }, t("rematchDecline"));
    return { box: box(t(swap ? "rematchOfferedSwap" : "rematchOffered", { name: offer.name || "" }), h("span", { class: "rematch-answer" }, accept, decline)), buttons: [] };
  }
  if (offers.some((n) => sideOf(n.seat) === mySide())) return { box: box(t("rematchWaiting", { name: rival.name }), null), buttons: [] };
  // Declined (no offer since): who declined, and the button to offer again.
  const refused = declined && (sideOf(declined.seat) === mySide() ? t("rematchYouDeclined") : t("rematchDeclined", { name: declined.name || "" }));
  const swap = h("label", { class: "rematch-swap" }, h("input", { type: "checkbox", id: "rematch-swap", checked: Boolean(S.rematchSwap), onchange: (ev) => (S.rematchSwap = ev.target.checked) }), " ", t("rematchSwap"));
  const offer = h("button", { type: "button", class: "primary", id: "rematch", onclick: () => ask(Boolean(S.rematchSwap)) }, t("rematch"));
  return { box: refused ? box(refused, null) : null, buttons: [swap, offer] };
}
