// The live dashboard of a class, pushed over the websocket (watch_class → class_view, then
// class_rooms with the rooms that changed and class_info when the class did): every room's hand,
// phase, whose turn and for how long, tariffs, deals in force, each seat's holder and connection,
// which rooms are held up and by whom, and when each is expected to end; sort and filter; open any
// room all-seeing; move students (class-students.js). Room controls come from controls.js: each
// room card has a container `#controls-ROOM`, the class one `#class-controls`, filled by
// mountControls() (class-panels.js) when that module is there. A room's card: class-cards.js.

import { S } from "./state.js";
import { h, fill } from "./dom.js";
import { t } from "./text.js";
import { send, whenConnected, onMessageType, onWelcome } from "./connection.js";
import { loadRules } from "./rules.js";
import { studentsPanel, moveDialog, startButton, followStart, guests } from "./class-students.js";
import { watchRefusal, said } from "./class-refusal.js";
import { keepConnected } from "./class-keepalive.js";
import { morphCard } from "./class-morph.js";
import { clockTime as clock } from "./dates.js"; // "18:21", as the player's table says times
import { D, allOver } from "./class-dash-state.js";
import { ago, heldUp, visibleRooms, roomCard } from "./class-cards.js";
import { controlsBox, keepPanels, putPanelsBack, mountControls } from "./class-panels.js";

export { D, seatName, roomLabel, allOver } from "./class-dash-state.js";

export async function openDash(el, code, onBack) {
  D.el = el;
  D.code = code;
  D.onBack = onBack;
  D.info = null;
  D.rooms = new Map();
  D.error = "";
  fill(el, h("div", { class: "spinner", "aria-hidden": "true" }));
  await whenConnected();
  try {
    const view = await send({ type: "watch_class", code });
    await took(view);
  } catch (err) {
    D.error = () => watchRefusal(err, code); // said in the language of the moment
    drawDash();
  }
}

export function closeDash() {
  if (D.code && S.wsReady) send({ type: "unwatch_class", code: D.code }).catch(() => {});
  D.code = null;
}

async function took(view) {
  D.info = view.info;
  D.rules = await loadRules(view.info.scenario);
  D.rooms = new Map(view.rooms.map((r) => [r.code, r]));
  drawDash();
}

onMessageType("class_view", () => undefined);
onMessageType("class_rooms", (msg) => {
  if (msg.code !== D.code) return;
  const before = D.info ? listed() : "";
  for (const room of msg.rooms) D.rooms.set(room.code, room);
  D.lastPush = Date.now();
  // a seat given to someone not on the roster, or back, or a student who left their seat or came
  // back to it: the students' list says so too ("(left)")
  if (D.info && listed() !== before) drawDash();
  else drawRooms();
});
// What the students' list shows from the rooms: the guests, and each seat's student and whether
// they left it.
function listed() {
  const seats = [...D.rooms.values()].map((room) => room.seats.map((x) => [room.code, x.seat, x.student ?? null, !!x.left]));
  return JSON.stringify([guests(), seats]);
}

onMessageType("class_info", (msg) => {
  if (msg.code !== D.code) return;
  D.info = msg.info;
  for (const code of [...D.rooms.keys()]) if (!msg.info.rooms.includes(code)) D.rooms.delete(code);
  drawDash();
});
onWelcome(() => {
  if (D.code) send({ type: "watch_class", code: D.code }).then(took).catch(() => {});
});
keepConnected(() => !!D.code && !!D.el?.isConnected, () => (D.code && D.info && D.el?.isConnected ? D.el : null));

function toolbar() {
  const select = (id, value, options, onchange) => h("select", { id, onchange }, options.map(([v, label]) => h("option", { value: v, selected: v === value }, label)));
  return h(
    "div",
    { class: "filters cl-toolbar" },
    h("label", null, t("clFilter"), select("cl-filter", D.filter, [["all", t("clAll")], ["held", t("clHeldOnly")], ["waiting", t("clWaitingOnly")], ["playing", t("clPlayingOnly")], ["finished", t("clFinishedOnly")]], (ev) => { D.filter = ev.target.value; drawRooms(); })),
    h("label", null, t("clSort"), select("cl-sort", D.sort, [["room", t("clByRoom")], ["held", t("clByHeld")], ["hand", t("clByHand")], ["end", t("clByEnd")]], (ev) => { D.sort = ev.target.value; drawRooms(); })),
    h("label", null, t("clSearch"), h("input", { id: "cl-search", type: "search", value: D.search, oninput: (ev) => { D.search = ev.target.value; drawRooms(); } })),
  );
}


export function drawDash() {
  const el = D.el;
  if (!el) return;
  if (!D.info) {
    fill(el, h("p", { class: "error", role: "alert" }, said(D.error) || "…"), h("button", { type: "button", onclick: () => D.onBack?.() }, t("clBack")));
    return;
  }
  const info = D.info;
  const joined = info.students.filter((s) => s.joined).length;
  const kept = keepPanels(el);
  // what the instructor is in the middle of stays (a redraw comes with every student who
  // joins): the rooms (drawRooms changes only what changed in them), the move dialog, the
  // names being added, and the focus; a new language draws them all again
  const relabel = D.drawnLang !== S.lang;
  D.drawnLang = S.lang;
  const keep = relabel ? [] : ["cl-rooms", "cl-move", "cl-add-form"].map((id) => el.querySelector(`#${id}`)).filter(Boolean);
  const focus = holdFocus(el);
  fill(
    el,
    h(
      "div",
      { class: "cl-head" },
      h("div", null, h("h2", { id: "cl-title" }, info.title), h("p", { class: "help" }, t("clCodeIs"), " ", h("span", { class: "code big", id: "cl-code" }, info.code), " · ", h("span", { id: "cl-state" }, stateText()), " · ", h("span", { id: "cl-joined" }, info.mode === "open" ? t("clJoinedOpen", { n: joined }) : t("clJoined", { n: joined, of: info.students.length })), h("span", { id: "cl-ends" }, classEnds()))),
      h(
        "div",
        { class: "cl-actions" },
        info.state !== "ended" ? startButton() : null,
        h("a", { class: "watch", id: "cl-join-page", href: `/?instructor=1&project=${info.code}`, target: "_blank", rel: "noopener" }, t("clJoinPage")),
        h("a", { class: `watch${info.state === "ended" || allOver() ? " primary" : ""}`, id: "cl-debrief", href: `/?debrief=${info.code}` }, t("clDebrief")),
        h("button", { type: "button", id: "cl-back", onclick: () => D.onBack?.() }, t("clBack")),
      ),
    ),
    D.error ? h("p", { class: "error", role: "alert" }, said(D.error)) : null,
    info.state !== "ended" ? controlsBox("class", t("clClassControls"), h("div", { class: "cl-controls class", id: "class-controls", "data-class": info.code })) : null,
    toolbar(),
    h("div", { id: "cl-rooms", class: "cl-rooms", "aria-live": "off", onclick: roomsClick }),
    studentsPanel(),
  );
  for (const old of keep) el.querySelector(`#${old.id}`)?.replaceWith(old);
  putPanelsBack(el, kept);
  drawRooms(kept);
  focus();
}

// A room under way: its clock started (both sides sat down, or Start all rooms), over or not.
const underWay = () => [...D.rooms.values()].some((room) => room.started && D.info.rooms.includes(room.code));
// The class's own state stays "open" until Start all rooms, though a room's clock starts as
// soon as both its sides sit down: the head says what the rooms are doing.
function stateText() {
  if (D.info.state === "ended") return t("clState_ended");
  if (allOver()) return t("clAllOver");
  return underWay() ? t("clState_playing") : t(`clState_${D.info.state}`);
}
// The head's parts that follow the rooms (drawn with the class, changed with its rooms).
function headFollowsRooms() {
  const over = allOver();
  const state = D.el.querySelector("#cl-state");
  if (state) state.textContent = stateText();
  followStart();
  D.el.querySelector("#cl-debrief")?.classList.toggle("primary", over || D.info?.state === "ended");
}

// When the last room is expected to end (none while every clock stands still).
function classEnds() {
  const ends = [...D.rooms.values()].map((r) => r.expected_end).filter(Boolean);
  return ends.length ? ` · ${t("clClassEnds", { at: clock(Math.max(...ends)) })}` : "";
}

// Give the focus (and the caret) back to the field that had it, if a redraw replaced it.
function holdFocus(el) {
  const had = document.activeElement;
  if (!had || had === document.body || !el.contains(had)) return () => undefined;
  const caret = typeof had.selectionStart === "number" ? [had.selectionStart, had.selectionEnd] : null;
  return () => {
    const now = had.isConnected ? had : had.id ? el.querySelector(`#${CSS.escape(had.id)}`) : null;
    if (!now || document.activeElement === now) return;
    now.focus();
    if (caret && typeof now.setSelectionRange === "function") now.setSelectionRange(...caret);
  };
}

export function drawRooms(earlier = new Map()) {
  const box = D.el?.querySelector("#cl-rooms");
  if (!box) return;
  const ends = D.el.querySelector("#cl-ends");
  if (ends) ends.textContent = classEnds();
  if (D.info) headFollowsRooms();
  const rooms = visibleRooms();
  const kept = new Map([...earlier, ...keepPanels(box)]);
  if (!rooms.length) fill(box, h("p", { class: "help" }, D.info?.rooms.length ? t("clNoneMatch") : t("clNoRoomsYet")));
  else {
    // a card is changed where its room changed, not made again: a click, the focus, what is
    // typed in a card stay while other rooms (or the same room's other parts) change
    const had = new Map([...box.querySelectorAll(":scope > article.cl-room")].map((a) => [a.dataset.code, a]));
    const cards = rooms.map((room) => {
      const fresh = roomCard(room);
      const old = had.get(room.code);
      return old ? morphCard(old, fresh) : fresh;
    });
    const same = box.children.length === cards.length && cards.every((card, i) => box.children[i] === card);
    if (!same) fill(box, cards);
  }
  putPanelsBack(box, kept);
  mountControls();
}


// A click on a room's card, read from the element clicked when it is clicked. The cards are
// changed in place (morphCard): an element kept there keeps its listeners but takes the
// attributes and text of what it now shows, so a handler bound when it was made acted on what it
// showed then (Move opened the dialog for the student who had the seat before a move or a swap).
// So nothing on a card but its controls has a listener of its own: what it acts on is in its
// data attributes, synced by morph like the rest.
function roomsClick(ev) {
  const move = ev.target.closest("button[data-move]");
  if (move && ev.currentTarget.contains(move)) moveDialog(move.dataset.move);
}


// "for how long": the waiting times tick without the server, and a turn that runs long marks
// its room held up (slow) without waiting for the next push.
let slowKey = "";
setInterval(() => {
  for (const el of document.querySelectorAll(".cl-since[data-since]")) el.textContent = ` ${ago(Number(el.dataset.since))}`;
  if (!D.code || !D.info) return;
  const key = [...D.rooms.values()].map((r) => `${r.code}:${heldUp(r)?.reason || ""}`).join(",");
  if (key !== slowKey) {
    slowKey = key;
    drawRooms();
  }
}, 1000);
