// The header's Leave: a player's seat given up in the middle of a game is asked about first (the
// seat goes to the next comer, and there is no coming back to it). Elsewhere — the lobby where
// nobody else has come yet, a finished game (the seat is kept for its replay), watching — it
// leaves at once.

import { S, mySide, pausedBy } from "./state.js";
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
    leaveRoom();
    return;
  }
  const dialog = $("#leave-dialog");
  const why = $("#leave-why");
  why.dataset.t = leaveWhy();
  why.textContent = t(why.dataset.t);
  if (!dialog.open) dialog.showModal();
}

// What leaving does to the seat and the game, in words true of this table. With the clock
// running (or paused), the game waits for someone to take the seat given up while its side has
// no seat taken (server/live/vacancy.py): a team role whose teammates still sit leaves it
// running. Outside a class the seat goes to the next comer; a class keeps the student's place,
// and the class link seats them there again (server/classroom/follow.py).
function leaveWhy() {
  const me = mySide();
  const teammates = Object.entries(S.seats).some(([seat, holder]) => holder && seat !== S.room.seat && (seat === me || seat.startsWith(`${me}:`)));
  const clock = Boolean(S.deadline || pausedBy());
  const where = S.room.inClass ? "Class" : "";
  if (teammates) return `leaveAskWhy${where}Team${clock ? "Clock" : ""}`;
  if (clock) return `leaveAskWhy${where}Waits`;
  return `leaveAskWhy${where}`;
}

// Leaving a room leaves its instructor's broadcast behind (session.js `leave`): it was said to
// that room's players, and stayed over the front page the player went to.
const leaveRoom = () => leave();

export function wireLeave() {
  const dialog = $("#leave-dialog");
  $("#leave").addEventListener("click", askLeave);
  $("#leave-stay").addEventListener("click", () => dialog.close());
  $("#leave-confirm").addEventListener("click", () => {
    dialog.close();
    leaveRoom();
  });
}

// A table left some other way (the seat given away, the game ended meanwhile): no question stays.
export function closeLeaveAsk() {
  const dialog = $("#leave-dialog");
  if (dialog.open) dialog.close();
}
