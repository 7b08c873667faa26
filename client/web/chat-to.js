// Who will read a chat message: the "Team only" box and the line under the chat that says it.
// A team role with teammates writes to its team by default (it can untick the box): the room's
// chat reaches the other side too, and a student planning with their team sent it there.

import { S, SIDES, mySide, myRole, isPlayer } from "./state.js";
import { $ } from "./dom.js";
import { t, L, sideName, paren } from "./text.js";

// the other seats of the page's side that someone holds: [[seat, holder]]
function teammates() {
  const me = mySide();
  if (!isPlayer()) return [];
  return Object.entries(S.seats).filter(([seat, holder]) => holder && seat !== S.room.seat && (seat === me || seat.startsWith(`${me}:`)));
}
// "Ada (Treasury)", or the side's name for its own seat
function named([seat, holder]) {
  const [side, role] = seat.split(":");
  const spec = role ? (S.rules.sides?.[side]?.roles || []).find((r) => r.id === role) : null;
  return `${holder}${paren(role ? L(spec?.name, role) : sideName(side))}`;
}
// The box shown where someone else sits for the page's side, ticked for a team role until the
// player ticks or unticks it in this room; then the line saying who reads what is sent.
export function renderChatTo() {
  const box = $("#chat-team");
  const team = teammates();
  $("#team-wrap").hidden = !team.length;
  if (!team.length) box.checked = false;
  else if (S.teamChosen?.room === S.room.code) box.checked = S.teamChosen.team; // as they chose it
  else box.checked = Boolean(myRole());
  sayChatTo();
}
// the player ticked or unticked "Team only": their choice is kept for the room (and given back
// to the box when teammates come back after it was unticked for want of any)
export function chatToChosen() {
  S.teamChosen = S.room ? { room: S.room.code, team: $("#chat-team").checked } : null;
  sayChatTo();
}
function sayChatTo() {
  const team = $("#chat-team").checked;
  const me = mySide();
  const other = SIDES.find((s) => s !== me);
  const who = teammates().map(named).join(S.lang === "zh" ? "、" : ", ");
  const said = team ? t("chatToTeam", { who }) : isPlayer() ? t("chatToAll", { other: sideName(other) }) : t("chatToEveryone");
  const line = $("#chat-to");
  // a live region: told again only when its words change (not at every update: test_turn_live)
  if (line.textContent !== said) line.textContent = said;
  line.classList.toggle("team", team);
  $("#chat-form").classList.toggle("team", team);
  $("#chat-text").placeholder = team ? t("chatTeamPh") : t("chatAllPh");
}
