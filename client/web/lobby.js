// The lobby: the invite link and who sits where, until both sides are taken.

import { BOTS } from "./i18n.js";
import { S, SIDES, sideSeated } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName, colon, paren, listOf } from "./text.js";
import { showScreen, render } from "./ui.js";
import { inviteBox } from "./invite.js";
import { keyBox } from "./teacher.js";

// Who sits where, side by side. A room played in team roles (someone holds one) that anyone
// may join lists each role of each side as the rules give them, an empty one said to be empty (a
// team saw only the roles taken, and could not tell which were still open to a friend), and a
// side's own seat only when someone holds it. A class's room (the class gives its seats, an
// empty role is nobody's to take) lists the roles taken, and a side's own seat when someone
// holds it or nobody of that side sits yet: "Washington: empty" above "Washington · President:
// Ada" told a student their side was empty. A room of two players lists the sides' own seats.
// A class's room also lists the roles the class gave to students not sat down yet, each saying
// whom it waits for (class_followed's room_seats): "Beijing: empty" looked free to anyone.
export function seatList() {
  const rows = [];
  const open = !S.room?.inClass && Object.entries(S.seats).some(([seat, holder]) => holder && seat.includes(":"));
  for (const side of SIDES) {
    const seats = new Set([...Object.keys(S.seats), ...Object.keys(classNames())]);
    const order = (S.rules?.sides?.[side]?.roles || []).map((role) => `${side}:${role.id}`);
    const taken = [...seats].filter((seat) => (S.seats[seat] || awaits(seat)) && seat.startsWith(`${side}:`)).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const roles = open ? (S.rules?.sides?.[side]?.roles || []).map((role) => `${side}:${role.id}`) : [];
    for (const seat of taken) if (!roles.includes(seat)) roles.push(seat);
    if (S.seats[side] || (!open && !taken.length)) rows.push(seatRow(side, S.seats[side]));
    for (const seat of roles) rows.push(seatRow(seat, S.seats[seat] || null));
  }
  return h("ul", { class: "seats" }, rows);
}
function seatRow(seat, holder) {
  const [side, role] = seat.split(":");
  const roleSpec = role ? (S.rules.sides?.[side]?.roles || []).find((r) => r.id === role) : null;
  const status = !holder ? (awaits(seat) ? t("clSeatAwaits", { name: awaits(seat) }) : t("empty")) : holder.startsWith("bot:") ? `${t("bots")}${colon()}${BOTS[S.lang][holder.slice(4)] || holder.slice(4)}` : holder;
  return h(
    "li",
    { class: `seat ${side}${role ? " role" : ""}${holder ? "" : " open"}` },
    h("span", { class: "seat-side" }, role ? `${sideName(side)} · ${L(roleSpec?.name, role)}` : sideName(side)),
    h("span", { class: "seat-holder" }, status, S.room.seat === seat ? paren(t("you")) : "", seatNote(seat, holder)),
  );
}
// The student of the class given `seat` of this room, while nobody sits in it (null otherwise,
// and in a room not of the class followed: S.classSeats is {room, names: seat -> name}).
const classNames = () => (S.room && S.classSeats?.room === S.room.code ? S.classSeats.names : {});
function awaits(seat) {
  return S.seats[seat] ? null : classNames()[seat] || null;
}
// the students a side that nobody sits in yet waits for (its own seat, or its roles)
function sideAwaits(side) {
  return Object.keys(classNames()).filter((seat) => seat === side || seat.startsWith(`${side}:`)).map(awaits).filter(Boolean);
}
// a seat given on whose new holder has not sat down yet says so (its old holder's connection,
// closed, is not "away"; a bot standing in meanwhile is there); else a holder whose connection
// is lost is away
function seatNote(seat, holder) {
  if (holder?.startsWith("bot:")) return "";
  if (seat in S.given) return ` · ${t("notSatYet")}`;
  return S.presence[seat] === "away" ? ` · ${t("away")}` : "";
}
// The room's instructor key, which only the browser that created the room holds. The lobby is a
// player's (a teacher who does not sit goes to the table, the key beside it): in plain sight for a
// signed-in instructor, folded under "Teacher" for anyone else — a player who made a room to play
// a friend was shown a teacher's key among the seats, and may open it if they want it (it stays
// open as the lobby is drawn again).
let keyOpen = false;
function lobbyKey() {
  const box = keyBox(S.room.code);
  if (!box || S.account) return box;
  const toggled = (ev) => (keyOpen = ev.target.open);
  return h("details", { class: "teacher", id: "lobby-key", open: keyOpen, ontoggle: toggled }, h("summary", null, t("teacher")), box);
}
// "Waiting for Bo (Beijing) to join…" when the class gave the side's seats, else the side alone
function waitingLine(side) {
  const names = sideAwaits(side);
  return names.length ? t("clLobbyWaitingFor", { name: listOf(names), side: sideName(side) }) : t("lobbyWaiting", { side: sideName(side) });
}
export function renderLobby() {
  const waitingFor = SIDES.find((s) => !sideSeated(s));
  const seatedByClass = S.classFollowing || S.room.inClass; // nobody to invite: the class seats them
  fill(
    $("#lobby"),
    h(
      "div",
      { class: "card-panel lobby" },
      h("h2", null, `${t("lobby")} · ${t("room")} `, h("span", { class: "code" }, S.room.code)),
      h("p", { class: "scenario-name" }, L(S.rules.scenario.name), " — ", L(S.rules.scenario.text)),
      S.room.forkedFrom ? h("p", { class: "forked-note", id: "lobby-forked" }, t("forkedTable", { code: S.room.forkedFrom.code, n: S.room.forkedFrom.step })) : null,
      // a class's student was seated by the teacher: no link to send, nobody to invite
      h("p", null, seatedByClass ? t("clLobbyHelp") : t("lobbyHelp")),
      seatedByClass ? null : inviteBox(S.room.code),
      h("h3", null, t("seats")),
      seatList(),
      lobbyKey(),
      seatedByClass ? null : [h("h3", null, t("spectators")), h("p", { class: "help" }, t("spectatorsHelp"))],
      waitingFor ? h("p", { class: "waiting" }, h("span", { class: "spinner small", "aria-hidden": "true" }), waitingLine(waitingFor)) : null,
      h("button", { type: "button", id: "to-table", onclick: () => { S.lobbySkipped = true; showScreen("table"); render(); } }, t("toTable")),
    ),
  );
}
