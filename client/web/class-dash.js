// The live dashboard of a class, pushed over the websocket (watch_class → class_view, then
// class_rooms with the rooms that changed and class_info when the class did): every room's hand,
// phase, whose turn and for how long, tariffs, deals in force, each seat's holder and connection,
// which rooms are held up and by whom, and when each is expected to end; sort and filter; open any
// room all-seeing; move students (class-students.js). Room controls come from controls.js: each
// room card has a container `#controls-ROOM`, the class one `#class-controls`, filled by
// mountControls() below when that module is there.

import { S } from "./state.js";
import { h, fill } from "./dom.js";
import { t, L, listOf, colon } from "./text.js";
import { send, whenConnected, onMessageType, onWelcome } from "./connection.js";
import { loadRules } from "./rules.js";
import { BOTS } from "./i18n.js";
import { studentsPanel, moveDialog, startButton, followStart } from "./class-students.js";
import { watchRefusal, said } from "./class-refusal.js";
import { keepConnected } from "./class-keepalive.js";
import { morphCard } from "./class-morph.js";
import { timeOfDay as clock } from "./dates.js"; // "9:00 AM", as the past games say times

export const D = { open: new Set(), code: null, info: null, rooms: new Map(), rules: null, filter: "all", sort: "room", search: "", el: null, onBack: null, error: "" };

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
  for (const room of msg.rooms) D.rooms.set(room.code, room);
  D.lastPush = Date.now();
  drawRooms();
});
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

const TARIFFS = { tariff_on_china: "clTariffOnChina", tariff_on_us: "clTariffOnUs" };
function ago(ms) {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
const sideName = (side) => L(D.rules?.sides?.[side]?.name, t(`side_${side}`));
export function seatName(seat) {
  const [side, role] = seat.split(":");
  if (!role) return sideName(side);
  const spec = (D.rules?.sides?.[side]?.roles || []).find((r) => r.id === role);
  return `${sideName(side)} · ${L(spec?.name, role)}`;
}
export const roomLabel = (code) => t("clRoomN", { n: (D.info?.rooms.indexOf(code) ?? -1) + 1 });

function heldUp(room) {
  if (room.finished) return null;
  if (room.held_up) return room.held_up;
  const phase = D.rules?.scenario.phases.find((p) => p.id === room.phase);
  const limit = (room.deadline && room.since ? room.deadline - room.since : (phase?.seconds || 90) * 1000) || 90000;
  if (room.since && room.waiting_on.length && Date.now() - room.since > 0.75 * limit) {
    const seats = room.seats.filter((s) => room.waiting_on.includes(s.seat.split(":")[0]) && !s.bot).map((s) => s.seat);
    return { reason: "slow", seats };
  }
  return null;
}
function holdText(room, held) {
  const nameOf = (seat) => room.seats.find((s) => s.seat === seat)?.name || seatName(seat);
  const who = listOf(held.seats.map(nameOf).filter(Boolean));
  if (held.reason === "paused") return held.by === "system" ? t("clNobody") : t("clHeldPaused", { by: held.by });
  if (held.reason === "away") {
    // a student placed there who never joined is not "away" (a dropped connection): say so
    const never = (seat) => room.seats.find((s) => s.seat === seat)?.joined === false;
    const away = listOf(held.seats.filter((seat) => !never(seat)).map(nameOf).filter(Boolean));
    const absent = listOf(held.seats.filter(never).map(nameOf).filter(Boolean));
    if (absent) return away ? `${t("clHeld_away", { who: away })}${S.lang === "zh" ? "；" : "; "}${t("clNotJoined", { who: absent })}` : t("clHeld_not_joined", { who: absent });
  }
  if (held.reason === "not_started" && !who) {
    // an open class's room waiting for its next student: nobody is named for the side yet
    const empty = ["washington", "beijing"].filter((side) => !room.seats.some((s) => s.seat.split(":")[0] === side && (s.name || s.bot)));
    return t("clHeld_no_player", { sides: listOf(empty.map(sideName)) || "—" });
  }
  return t(`clHeld_${held.reason}`, { who: who || "—" });
}

function visibleRooms() {
  const rank = (r) => (heldUp(r) ? 0 : r.finished ? 2 : 1);
  let rooms = (D.info?.rooms || []).map((code) => D.rooms.get(code)).filter(Boolean);
  const q = D.search.trim().toLowerCase();
  if (q) rooms = rooms.filter((r) => r.code.toLowerCase().includes(q) || r.seats.some((s) => s.name.toLowerCase().includes(q)));
  if (D.filter === "held") rooms = rooms.filter((r) => heldUp(r));
  else if (D.filter === "waiting") rooms = rooms.filter((r) => !r.started && !r.finished);
  else if (D.filter === "playing") rooms = rooms.filter((r) => r.started && !r.finished);
  else if (D.filter === "finished") rooms = rooms.filter((r) => r.finished);
  const by = {
    room: (a, b) => a.index - b.index,
    held: (a, b) => rank(a) - rank(b) || a.index - b.index,
    hand: (a, b) => a.hand - b.hand || a.index - b.index,
    end: (a, b) => (b.expected_end ?? 0) - (a.expected_end ?? 0) || a.index - b.index,
  };
  return rooms.sort(by[D.sort] || by.room);
}

function roomCard(room) {
  const held = heldUp(room);
  const phase = D.rules?.scenario.phases.find((p) => p.id === room.phase);
  const turn = room.finished
    ? t("clOutcome", { outcome: L(D.rules?.outcomes.find((o) => o.id === room.outcome)?.name, room.outcome || "") })
    : !room.started
      ? t("clNotStarted")
      : room.paused
        ? t("clPaused")
        : room.waiting_on.length
          ? t("clWaitingOn", { who: listOf(room.waiting_on.map(sideName)) })
          : "";
  // the two headline tariffs with short names (every tariff if the scenario names them otherwise)
  const headline = Object.entries(room.tariffs).filter(([v]) => TARIFFS[v]);
  const tariffs = (headline.length ? headline : Object.entries(room.tariffs)).map(([v, value]) =>
    h("span", { class: "cl-tariff", title: L(D.rules?.variables?.[v]?.name, v) }, TARIFFS[v] ? t(TARIFFS[v]) : L(D.rules?.variables?.[v]?.name, v), " ", h("b", null, `${value}%`)),
  );
  const deals = room.deals.map((d) => h("li", null, d.terms.map((term) => L(D.rules?.deal_terms.find((x) => x.id === term)?.name, term)).join(" + "), " ", h("small", null, t("untilHand", { n: d.until }))));
  return h(
    "article",
    { class: `cl-room${held ? " held" : ""}${room.finished ? " done" : ""}`, id: `room-card-${room.code}`, "data-code": room.code, "aria-labelledby": `rc-h-${room.code}` },
    // the room; its Controls beside it when open (class.css: the card then takes a whole row)
    h(
      "div",
      { class: "cl-room-body" },
      h("header", null, h("h3", { id: `rc-h-${room.code}` }, roomLabel(room.code), " ", h("span", { class: "code small" }, room.code)), held ? h("span", { class: `cl-held ${held.reason}`, role: "status" }, holdText(room, held)) : null),
      h("p", { class: "cl-where" }, t("clHandOf", { hand: room.hand, rounds: room.rounds }), phase ? ` · ${L(phase.name, room.phase)}` : "", turn ? ` · ${turn}` : "", room.since && room.started && !room.finished && !room.paused ? h("span", { class: "cl-since", "data-since": room.since }, ` ${ago(room.since)}`) : null),
      h("p", { class: "cl-tariffs" }, tariffs),
      deals.length ? h("ul", { class: "cl-deals", "aria-label": t("clDeals") }, deals) : h("p", { class: "cl-deals none" }, t("clNoDeals")),
      h(
        "ul",
        { class: "cl-seats" },
        room.seats.map((s) =>
          h(
            "li",
            // a seat of the class's teams nobody holds (its student removed, say): "empty", to fill
            { class: `cl-seat ${s.seat.split(":")[0]}${s.empty ? " empty" : ""}` },
            h("span", { class: `dot ${s.bot ? "bot" : s.empty ? "empty" : s.here ? "here" : "away"}`, title: s.bot ? t("bots") : s.empty ? t("empty") : s.here ? t("clHere") : t("clAway") }),
            h("span", { class: "cl-seat-name" }, s.bot ? `${t("bots")}${colon()}${BOTS[S.lang]?.[s.bot] || s.bot}` : s.name || t("empty")),
            h("small", null, ` ${seatName(s.seat)}`),
            // no handler of its own: a click is read from the button (roomsClick)
            s.student && D.info.state !== "ended" ? h("button", { type: "button", class: "link", "data-move": s.student }, t("clMove")) : null,
          ),
        ),
      ),
      h("p", { class: "cl-end" }, room.expected_end ? t("clExpectedEnd", { at: clock(room.expected_end) }) : room.finished ? t("clEnded") : t("clNoEnd")),
      h("div", { class: "cl-room-actions" }, h("a", { class: "watch instructor", href: `/?room=${room.code}&as=owner&n=${room.index + 1}&team=${D.info.team}`, target: "_blank", rel: "noopener", id: `open-${room.code}` }, t("clOpenRoom"))),
    ),
    // a room whose game is over (or of a class that has ended) has nothing left to control:
    // every control would be refused (game_over)
    controllable(room) ? controlsBox(room.code, t("clRoomControls"), h("div", { class: "cl-controls", id: `controls-${room.code}`, "data-room": room.code })) : null,
  );
}

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

const controllable = (room) => D.info?.state !== "ended" && !room.finished;

// Every room's game is over (the class not ended yet): what comes next is the debrief, not
// starting rooms, whatever the class's state says.
export function allOver() {
  const rooms = D.info ? D.info.rooms.map((code) => D.rooms.get(code)) : [];
  return rooms.length > 0 && rooms.every((room) => room?.finished);
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

// The controls (a room's, the class's) fold away: a panel is mounted the first time it is opened,
// and what is open stays open across redraws.
function controlsBox(key, label, box) {
  const details = h("details", { class: "cl-ctl", id: `ctl-${key}`, open: D.open.has(key) }, h("summary", null, label), box);
  details.addEventListener("toggle", () => {
    if (details.open) D.open.add(key);
    else D.open.delete(key);
    mountControls();
  });
  return details;
}

// Each controls panel is mounted once and kept across redraws (what is typed in it stays).
function keepPanels(el) {
  return new Map([...el.querySelectorAll(".cl-controls")].filter((p) => p.childElementCount).map((p) => [p.dataset.room || "class", p]));
}
function putPanelsBack(el, kept) {
  for (const box of el.querySelectorAll(".cl-controls")) {
    const old = kept.get(box.dataset.room || "class");
    if (old && old !== box) box.replaceWith(old);
  }
}

// Room controls (helper B's controls.js): a panel mounted into each room's container and one
// for the class, once; told when a room's pause changes.
let controls = null;
const panels = new Map();
async function mountControls() {
  if (controls === null) controls = import("./controls.js").catch(() => false);
  const mod = await controls;
  const mount = mod && mod.mountControls;
  if (typeof mount !== "function" || !D.el || !D.info) return;
  // the panels of a room that is over, or of a class that has ended, go (their box went)
  for (const [key, panel] of panels) {
    const room = D.rooms.get(key);
    const over = D.info.state === "ended" || (room && !controllable(room));
    if (over && !D.el.contains(panel.root)) {
      panel.destroy?.();
      panels.delete(key);
    }
  }
  for (const box of D.el.querySelectorAll(".cl-controls")) {
    if (!box.closest("details")?.open) continue;
    const key = box.dataset.room || `class:${D.code}`;
    let panel = panels.get(key);
    if (!panel || !box.contains(panel.root)) {
      if (box.dataset.mounted) continue;
      box.dataset.mounted = "1";
      const number = D.info.rooms.indexOf(box.dataset.room) + 1; // as the card heads it: "Room 3"
      panel = mount(box, box.dataset.room ? { room: box.dataset.room } : { class: D.code }, { scenario: D.info.scenario, number: number || null, team: D.info.team });
      panels.set(key, panel);
    }
    // told when its room's pause changes, and when the language does (the class's panel too:
    // it stayed in the language it was opened in while the dashboard around it changed)
    const room = D.rooms.get(box.dataset.room);
    if (panel?.refresh && (room || !box.dataset.room)) {
      const paused = room?.paused ? JSON.stringify(room.paused) : null;
      if (panel.pausedKey !== paused || panel.lang !== S.lang) {
        panel.pausedKey = paused;
        panel.lang = S.lang;
        panel.refresh(room ? { paused: room.paused, seats: Object.fromEntries(room.seats.map((x) => [x.seat, x.name])) } : {});
      }
    }
  }
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
