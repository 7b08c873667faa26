// The class's students on the dashboard: who has joined, where each sits, and what the
// instructor may do about it — move a student (to any seat of any room, swapping with whoever
// sits there, or to a new room), add latecomers to a roster, let a student in again (a new
// device), take a student out; and start every room (bots for the sides nobody sits on).

import { h, fill } from "./dom.js";
import { t } from "./text.js";
import { toast } from "./ui.js";
import { D, drawDash, seatName, roomLabel, allOver } from "./class-dash.js";
import { splitNames } from "./names.js";
import { classRefusal, twiceIn } from "./class-refusal.js";

async function post(path, body, method = "POST") {
  const res = await fetch(`/api/classes/${D.code}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(classRefusal(answer, res.status)), { code: answer.error });
  return answer;
}
async function act(fn) {
  try {
    D.info = await fn();
    drawDash();
    return true;
  } catch (err) {
    toast(err.message);
    return false;
  }
}

// Start all rooms: before the class starts, and after it while a room has something for it to do
// (a latecomers' room waiting for its players: Start gives it a bot; the button went with the
// class's start, leaving it waiting). `to_start`: the server's word for what Start would do there.
const toStart = (room) => Boolean(room && room.to_start);
export function startable() {
  return D.info.state !== "ended" && !allOver() && (D.info.state === "open" || D.info.rooms.some((code) => toStart(D.rooms.get(code))));
}
// Why Start all rooms has nothing to do (null while it has, or may: a room's summary not come
// yet). Each room's clock starts as soon as both its sides sit down, so a class whose every
// room was being played stayed "open", Start all rooms its highlighted button.
function nothingToStart() {
  const rooms = D.info.rooms.map((code) => D.rooms.get(code));
  if (rooms.some((room) => !room || toStart(room))) return null;
  return rooms.length ? t("clStartNothing") : t("clStartNoRooms");
}
// The button, and beside it the reason it has nothing to do; followStart keeps both in step
// with the rooms (class-dash.js, as each room's summary comes)
export function startButton() {
  const button = h("button", { type: "button", id: "cl-start", onclick: startAll }, t("clStartAll"));
  const why = h("span", { class: "help cl-start-why", id: "cl-start-why" });
  followStart(button, why);
  return [button, why];
}
export function followStart(button = D.el?.querySelector("#cl-start"), why = D.el?.querySelector("#cl-start-why")) {
  if (!button || !why) return;
  const shown = startable();
  const idle = shown ? nothingToStart() : null;
  button.hidden = !shown;
  button.classList.toggle("primary", shown && !idle);
  // not `disabled`: it stays in the tab order and, clicked, says why
  if (idle) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
  if (idle) button.setAttribute("aria-describedby", "cl-start-why");
  else button.removeAttribute("aria-describedby");
  why.textContent = idle || "";
  why.hidden = !idle;
}
export async function startAll() {
  const idle = nothingToStart();
  if (idle) {
    toast(idle, "info");
    return;
  }
  const res = await fetch(`/api/classes/${D.code}/start`, { method: "POST" });
  if (res.ok) D.error = "";
  else {
    const body = await res.json().catch(() => ({}));
    D.error = () => classRefusal(body, res.status);
  }
  drawDash();
}

function seatsOf() {
  const sides = ["washington", "beijing"];
  const team = D.info.team;
  const roles = (side) => (team === 1 ? [side] : (D.rules?.sides?.[side]?.roles || []).slice(0, team).map((r) => `${side}:${r.id}`));
  return sides.flatMap(roles);
}

export function moveDialog(studentId) {
  const student = D.info.students.find((s) => s.id === studentId);
  if (!student) return;
  const occupant = (room, seat) => D.info.students.find((s) => s.room === room && s.seat === seat);
  const options = [];
  for (const room of D.info.rooms) {
    const bots = D.info.bot_sides[room] || [];
    for (const seat of seatsOf()) {
      if (bots.includes(seat.split(":")[0]) || (room === student.room && seat === student.seat)) continue;
      const who = occupant(room, seat);
      options.push(h("option", { value: `${room}|${seat}` }, `${roomLabel(room)} · ${seatName(seat)}${who ? ` — ${t("clSwapWith", { name: who.name })}` : ""}`));
    }
  }
  options.push(h("option", { value: `new|${seatsOf()[0]}` }, t("clNewRoom")));
  const box = document.getElementById("cl-move");
  const form = h(
    "form",
    { class: "panel cl-move-form", id: "cl-move-form" },
    h("h3", null, t("clMoveWho", { name: student.name })),
    h("p", { class: "help" }, student.room ? t("clNowAt", { where: `${roomLabel(student.room)} · ${seatName(student.seat)}` }) : t("clNowNowhere")),
    h("label", { for: "cl-move-to" }, t("clMoveTo")),
    h("select", { id: "cl-move-to" }, options),
    h("p", { class: "help" }, t("clMoveHelp")),
    h("button", { type: "submit", class: "primary", id: "cl-move-go" }, t("clMove")),
    " ",
    h("button", { type: "button", id: "cl-move-cancel", onclick: () => fill(box) }, t("cancel")),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const [room, seat] = form.querySelector("#cl-move-to").value.split("|");
    fill(box);
    act(() => post("/move", { student: student.id, room, seat }));
  });
  fill(box, form);
  box.scrollIntoView({ block: "nearest" });
  form.querySelector("#cl-move-to").focus();
}

function addForm() {
  const form = h(
    "form",
    { class: "cl-add", id: "cl-add-form" },
    h("label", { for: "cl-add-names" }, t("clAddStudents")),
    // a text area: names pasted from a spreadsheet's column keep their line ends (a one-line
    // input joined them into one name)
    h("textarea", { id: "cl-add-names", rows: "2", placeholder: t("clAddHint") }),
    h("button", { type: "submit", id: "cl-add-go" }, t("clAdd")),
  );
  const box = form.querySelector("#cl-add-names");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const names = splitNames(box.value);
    // a name there already: said by name ("Ada" is in the class already)
    const named = (err) => {
      const twice = err.code === "duplicate_name" ? twiceIn(names, D.info.students.map((s) => s.name)) : undefined;
      throw twice ? Object.assign(err, { message: t("clAlready", { name: twice }) }) : err;
    };
    if (names.length) act(() => post("/students", { names }).catch(named)).then((done) => done && (box.value = ""));
  });
  // Enter adds (Shift+Enter starts a new line), as the one-line field did
  box.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  return form;
}

// Who holds a seat of the class's rooms without being one of its students: the teacher gave it
// with a room's Controls (the student seated there before sits nowhere now). Listed after the
// students, with where they sit, so each seat has its holder here too.
export function guests() {
  const found = [];
  for (const code of D.info.rooms) {
    for (const seat of D.rooms.get(code)?.seats || []) {
      if (seat.name && !seat.student && !seat.bot && seat.taken) found.push({ name: seat.name, room: code, seat: seat.seat });
    }
  }
  return found;
}

// whether the student gave up the seat the class gives them (the room's card says `left`)
const gaveUp = (s) => !!D.rooms.get(s.room)?.seats.find((x) => x.seat === s.seat && x.student === s.id)?.left;

export function studentsPanel() {
  const students = D.info.students;
  // a class that has ended seats nobody: no Move, no Add students; nor Let in again (nobody
  // joins it any more) nor Remove (the server refuses them: class_over)
  const seating = D.info.state !== "ended";
  return h(
    "section",
    { class: "panel cl-students", "aria-labelledby": "cl-students-h" },
    h("h3", { id: "cl-students-h" }, t("clStudentsN", { n: students.length })),
    h("div", { id: "cl-move", "aria-live": "polite" }),
    students.length
      ? h(
          "table",
          { class: "cl-table" },
          h("thead", null, h("tr", null, h("th", null, t("clName")), h("th", null, t("clStatus")), h("th", null, t("clWhere")), h("th", null, ""))),
          h(
            "tbody",
            null,
            students.map((s) =>
              h(
                "tr",
                { id: `student-${s.id}` },
                h("td", null, s.name),
                h("td", null, s.joined ? t("clHasJoined") : t("clNotYet")),
                // a student who gave their seat up (the table's Leave) sits there no more
                h("td", null, s.room ? `${roomLabel(s.room)} · ${seatName(s.seat)}${gaveUp(s) ? ` (${t("clLeftSeat")})` : ""}` : "—"),
                h(
                  "td",
                  { class: "cl-row-actions" },
                  seating ? h("button", { type: "button", class: "link", onclick: () => moveDialog(s.id) }, t("clMove")) : null,
                  seating && s.joined ? h("button", { type: "button", class: "link", title: t("clLetInHelp"), onclick: () => act(() => post(`/students/${s.id}/let-in`)) }, t("clLetIn")) : null,
                  seating ? h("button", { type: "button", class: "link danger", onclick: () => confirm(t("clRemoveSure", { name: s.name })) && act(() => post(`/students/${s.id}`, undefined, "DELETE")) }, t("clRemove")) : null,
                ),
              ),
            ),
            guests().map((g) =>
              h("tr", { class: "cl-guest" }, h("td", null, g.name), h("td", null, t("clGuest")), h("td", null, `${roomLabel(g.room)} · ${seatName(g.seat)}`), h("td", null, "")),
            ),
          ),
        )
      : h("p", { class: "help" }, t("clNobodyYet")),
    seating ? addForm() : null,
  );
}
