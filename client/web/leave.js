// The header's Leave: a player's seat given up in the middle of a game is asked about first (the
// seat goes to the next comer, and there is no coming back to it). Elsewhere — the lobby where
// nobody else has come yet, a finished game (the seat is kept for its replay), watching — it
// leaves at once.

import { S, pausedBy } from "./state.js";
import { $ } from "./dom.js";
import { t } from "./text.js";
import { leave } from "./session.js";

// Whether leaving now gives up a seat in a game under way.
export function givesUpGame() {
  return S.room?.role === "player" && !!S.view && !S.view.outcome && S.screen === "table";
}

// Leave, asking first when a game under way would lose its player. The question is a modal
// dialog: the keyboard's focus goes to "Stay" (Enter keeps the seat), Escape closes it as Stay
// does, and it goes back to Leave once it is closed.
export function askLeave() {
  if (!givesUpGame()) {
    leave();
    return;
  }
  const dialog = $("#leave-dialog");
  // with the clock running (or paused), the game waits for someone to take the seat given up
  // (server/live/vacancy.py); without timers it simply goes on
  const why = $("#leave-why");
  why.dataset.t = S.deadline || pausedBy() ? "leaveAskWhyWaits" : "leaveAskWhy";
  why.textContent = t(why.dataset.t);
  if (!dialog.open) dialog.showModal();
}

export function wireLeave() {
  const dialog = $("#leave-dialog");
  $("#leave").addEventListener("click", askLeave);
  $("#leave-stay").addEventListener("click", () => dialog.close());
  $("#leave-confirm").addEventListener("click", () => {
    dialog.close();
    leave();
  });
}

// A table left some other way (the seat given away, the game ended meanwhile): no question stays.
export function closeLeaveAsk() {
  const dialog = $("#leave-dialog");
  if (dialog.open) dialog.close();
}
