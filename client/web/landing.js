// The landing page (create a room, join one, play a bot, quick match) and the queue screen.

import { BOTS } from "./i18n.js";
import { S, SIDES, landingRoom } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, refusalText, colon } from "./text.js";
import { loadRules } from "./rules.js";
import { send, whenConnected, onWelcome } from "./connection.js";
import { showScreen, toast, hideToast, render, setLang } from "./ui.js";
import { tidyName, showsName } from "./name-tidy.js";
import { headersFor, rememberKey, remembered } from "./remember.js";
import { openGames } from "./games.js";
import { openReplay } from "./replay.js";
import { seatRadios, overSeats, userPicked } from "./seat-pick.js";
import { classJoinCard } from "./class-join.js";
import { field, changedSeconds, secondsFields, scenarioField } from "./landing-fields.js";

// a room's code as the server makes it (server/protocol/codes.py): no I, L, O, 0 or 1
const ROOM_CODE = /^[A-HJKMNP-Z2-9]{4,8}$/;

function nameInput(id) {
  return h("input", { id, name: "name", maxlength: "40", value: S.name, placeholder: S.lang === "zh" ? "小明" : "Ada", autocomplete: "nickname" });
}
// the name typed, cleaned (name-tidy.js: no control or direction characters, which the server
// refuses) and shown so in its field; one with nothing to show is the default name
function rememberName(form) {
  const typed = form.elements.name;
  const tidy = tidyName(typed.value);
  if (tidy !== typed.value) typed.value = tidy;
  const name = showsName(tidy) ? tidy : S.lang === "zh" ? "玩家" : "player";
  S.name = name;
  localStorage.setItem("brink.name", name);
  return name;
}
async function busy(form, fn) {
  const buttons = form.querySelectorAll("button");
  buttons.forEach((b) => (b.disabled = true));
  try {
    hideToast(); // what was refused before is not what this try is told
    await whenConnected();
    await fn();
  } catch (err) {
    toast(err.code ? refusalText(err) : err.message);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}
export function renderLanding() {
  const url = new URL(location.href);
  const code = (url.searchParams.get("room") || "").toUpperCase();
  const scenario = (document.getElementById("create-scenario") || {}).value;
  const create = h(
    "form",
    { class: "card-panel", id: "create-form", "aria-labelledby": "create-h" },
    h("h2", { id: "create-h" }, t("create")),
    h("p", { class: "help" }, t("createHelp")),
    field(t("yourName"), nameInput("create-name")),
    scenarioField("create-scenario", scenario),
    field(
      t("language"),
      h("select", { id: "create-language", name: "language" }, h("option", { value: "en", selected: S.lang === "en" }, "English"), h("option", { value: "zh", selected: S.lang === "zh" }, "中文")),
    ),
    h("label", { class: "check" }, h("input", { type: "checkbox", id: "create-timers", name: "timers", checked: true }), " ", t("timers")),
    h("div", { id: "create-seconds" }, secondsFields(scenario || "intro")),
    seatRadios("create-seat", "instructor"),
    h("button", { type: "submit", class: "primary", id: "create-btn" }, t("createBtn")),
  );
  create.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = ev.target;
    busy(f, async () => {
      const name = rememberName(f);
      const timers = f.elements.timers.checked;
      const language = f.elements.language.value;
      const request = { type: "create_room", scenario: f.elements.scenario.value, language, timers };
      // only the times the user changed: the scenario's own hold otherwise
      const seconds = {};
      for (const [phase, value] of Object.entries(changedSeconds)) if (Number(value) > 0) seconds[phase] = Math.max(5, Math.min(3600, Math.round(Number(value))));
      if (timers && Object.keys(seconds).length) request.seconds = seconds;
      const created = await send(request);
      if (language !== S.lang) setLang(language);
      const seat = f.querySelector("input[name=create-seat]:checked").value;
      S.instructorKey = { code: created.code, key: created.instructor_key };
      rememberKey(created.code, created.instructor_key);
      // the creator sits down, or (the teacher) only watches, all-seeing
      if (seat === "instructor") await send({ type: "join", code: created.code, name, instructor_key: created.instructor_key });
      else await send({ type: "join", code: created.code, seat, name });
    });
  });

  const join = h(
    "form",
    { class: "card-panel", id: "join-form", "aria-labelledby": "join-h" },
    h("h2", { id: "join-h" }, t("join")),
    h("p", { class: "help" }, t("joinHelp")),
    field(t("yourName"), nameInput("join-name")),
    field(t("roomCode"), h("input", { id: "join-code", name: "code", value: code, maxlength: "8", autocapitalize: "characters", placeholder: "ABC234", class: "code", oninput: (ev) => lookUpRoom(ev.target.value) })),
    h("div", { id: "join-seats" }, joinSeats()),
    h("details", { class: "teacher" }, h("summary", null, t("teacher")), field(t("teacherKey"), h("input", { id: "join-key", name: "key", autocomplete: "off" }), t("teacherHelp"))),
    h("button", { type: "submit", class: "primary", id: "join-btn" }, t(landingRoom.info?.over ? "joinOverBtn" : "joinBtn")),
  );
  join.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = ev.target;
    busy(f, async () => {
      const name = rememberName(f);
      const code = f.elements.code.value.trim().toUpperCase();
      if (!ROOM_CODE.test(code)) {
        // said plainly here, rather than the server's validation text
        f.elements.code.setAttribute("aria-invalid", "true");
        f.elements.code.focus();
        toast(t("badCode"));
        return;
      }
      f.elements.code.removeAttribute("aria-invalid");
      // Join pressed before the room's seats were known (a remembered name, a slow network): they
      // are looked up first, else the first radio (Washington, maybe taken) was sent
      if (landingRoom.info?.code !== code) await lookUpRoom(code);
      const seat = f.querySelector("input[name=join-seat]:checked")?.value;
      const key = f.elements.key.value.trim();
      if (!seat && !key) {
        toast(t("pickSeat"));
        return;
      }
      const token = !key && landingRoom.info?.code === code && landingRoom.info.mine[seat];
      const msg = token ? { type: "resume", code, token, since: 0 } : { type: "join", code, name };
      if (token) {
        /* this browser's own seat, taken back with its token (session.js keeps it from here) */
      } else if (key) {
        msg.instructor_key = key;
        S.pendingKey = key; // kept with the room once it is accepted (session.js)
      } else if (seat !== "spectator") msg.seat = seat;
      try {
        await send(msg);
      } catch (err) {
        // someone was quicker, or the seat was given to another: show what is free now
        if (err.code === "seat_taken" || err.code === "bad_token") lookUpRoom(code);
        throw err;
      }
    });
  });

  const quick = h(
    "form",
    { class: "card-panel", id: "quick-form", "aria-labelledby": "quick-h" },
    h("h2", { id: "quick-h" }, t("quick")),
    h("p", { class: "help" }, t("quickHelp")),
    field(t("yourName"), nameInput("quick-name")),
    scenarioField("quick-scenario"),
    h("button", { type: "submit", id: "quick-btn" }, t("quickBtn")),
  );
  quick.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = ev.target;
    busy(f, async () => {
      const name = rememberName(f);
      S.quick = { type: "quick_match", scenario: f.elements.scenario.value, name, language: S.lang };
      S.queueLost = null;
      S.queueNamed = false;
      clearTimeout(requeue);
      const reply = await send({ ...S.quick });
      if (reply.type === "queued") {
        S.quick.replaces = reply.ticket || undefined; // queued again after a loss, it replaces this one
        S.queueNamed = !!reply.ticket;
        showScreen("queued");
        render();
        // the button that was pressed is gone with the form: the keyboard goes on from Cancel
        document.getElementById("queue-cancel")?.focus();
      }
    });
  });

  const bot = h(
    "form",
    { class: "card-panel", id: "bot-form", "aria-labelledby": "bot-h" },
    h("h2", { id: "bot-h" }, t("bot")),
    h("p", { class: "help" }, t("botHelp")),
    field(t("yourName"), nameInput("bot-name")),
    scenarioField("bot-scenario"),
    field(t("botKind"), h("select", { id: "bot-kind", name: "bot" }, Object.keys(BOTS.en).map((b) => h("option", { value: b, selected: b === "tit_for_tat" }, BOTS[S.lang][b])))),
    seatRadios("bot-seat", null),
    h("button", { type: "submit", id: "bot-btn" }, t("botBtn")),
  );
  bot.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = ev.target;
    busy(f, async () => {
      const name = rememberName(f);
      const side = f.querySelector("input[name=bot-seat]:checked").value;
      await send({ type: "play_bot", scenario: f.elements.scenario.value, side, bot: f.elements.bot.value, name, language: S.lang });
    });
  });

  const intro = h(
    "div",
    { class: "intro" },
    h("h1", null, t("tagline")),
    h("p", null, t("lessons")),
    h(
      "div",
      { class: "intro-links" },
      h("button", { type: "button", id: "games-btn", onclick: () => openGames(true) }, t("pastGames")),
      h("a", { href: "/?game=H2025&as=all", id: "h2025-link", class: "watch", onclick: (ev) => { ev.preventDefault(); openReplay("H2025", "all", 0, true); } }, t("history2025")),
    ),
  );
  const forms = code ? [join, create, bot, quick, classJoinCard()] : [classJoinCard(), create, join, bot, quick];
  // redrawing (e.g. on a language switch) keeps what was typed and chosen
  const kept = [...document.querySelectorAll("#landing input, #landing select")].map((el) => [el.id, el.value, el.checked]);
  fill($("#landing"), intro, h("div", { class: "forms" }, forms));
  for (const [id, value, checked] of kept) {
    const el = id && document.getElementById(id);
    if (!el) continue;
    if (el.type === "checkbox" || el.type === "radio") {
      if (!el.disabled) el.checked = checked;
    } else if (el.id !== "create-language") el.value = value;
  }
  if (code && !landingRoom.info) lookUpRoom(code);
}
// the join form's seats as the room looked up has them, and, for a code no room has (a mistyped
// code, a room that has ended and gone), a line saying so at once: not only once Join is pressed
function joinSeats() {
  const info = landingRoom.info;
  if (info?.over) return overSeats(info);
  const radios = seatRadios("join-seat", "spectator", info?.takenSeats || {}, info?.roles || [], info?.mine || {}, !!info?.inClass, userPicked["join-seat"]);
  return info?.gone ? [radios, h("p", { class: "why", id: "join-gone", role: "status" }, t("roomGone"))] : radios;
}
// the join form's seats and its button, once the room is looked up
function showSeats() {
  const box = document.getElementById("join-seats");
  if (box) fill(box, joinSeats());
  const button = document.getElementById("join-btn");
  if (button) button.textContent = t(landingRoom.info?.over ? "joinOverBtn" : "joinBtn");
}
// one lookup of a code at a time: Join awaits the one under way (the link's, as the page opens)
const lookingUp = new Map();
function lookUpRoom(raw) {
  const code = (raw || "").trim().toUpperCase();
  if (!lookingUp.has(code)) lookingUp.set(code, lookUp(code).finally(() => lookingUp.delete(code)));
  return lookingUp.get(code);
}
async function lookUp(code) {
  if ((landingRoom.info?.gone || landingRoom.info?.over) && landingRoom.info.code !== code) {
    // the code is being changed: "no such room" was said of the one before
    landingRoom.info = null;
    showSeats();
  }
  if (!ROOM_CODE.test(code)) return;
  try {
    const res = await fetch(`/api/rooms/${code}`, { headers: headersFor(code), cache: "no-store" });
    // the answer of a code since typed over is not the room now in the field
    const typed = () => (document.getElementById("join-code")?.value || "").trim().toUpperCase() === code;
    if (res.status === 404 && typed()) {
      landingRoom.info = { code, gone: true, takenSeats: {}, roles: [], mine: {}, inClass: false };
      showSeats();
    }
    if (!res.ok || !typed()) return;
    const info = await res.json();
    const takenSeats = {};
    for (const [s, holder] of Object.entries(info.seats || {})) if (holder) takenSeats[s] = holder;
    for (const [s, b] of Object.entries(info.bots || {})) takenSeats[s] = `${t("bots")}${colon()}${BOTS[S.lang][b] || b}`;
    const rules = await loadRules(info.scenario);
    const roles = [];
    for (const side of SIDES) for (const role of rules.sides?.[side]?.roles || []) if (info.scenario !== "intro") roles.push(`${side}:${role.id}`);
    // the seats this browser held in the room (a tab closed mid-game): their tokens
    const mine = {};
    for (const x of remembered()) if (x.code === code && x.token && x.seat && takenSeats[x.seat] && !mine[x.seat]) mine[x.seat] = x.token;
    const inClass = !!info.in_class;
    // a finished game: its replay is offered if this browser may open it (its seat's token, the
    // key, a public game): the room's answer says, for what this browser holds
    const over = !!info.finished;
    const replay = over && !!info.replay;
    if (!typed()) return;
    landingRoom.info = { code, takenSeats, roles, rules, mine, inClass, over, replay };
    // a seat chosen while the room was looked up stays chosen (it was put back to the first free)
    showSeats();
  } catch {
    /* the join itself will say what is wrong */
  }
}
// A connection lost while queued left the queue: queue again once connected, naming the lost
// queueing's ticket (`replaces`, protocol §17): if the server had not noticed the loss (a socket
// dead without a word), that ticket leaves the queue, or the match made for it meanwhile is this
// page's — so at once. Lost before the `queued` that told the ticket, the page cannot name it:
// it waits until QUEUE_AGAIN ms after the loss, as a ticket of a server process that died stays
// queued until that process has been silent for 5 s (docs/redis/08-quick-match.md): sooner, we
// could be matched with our own.
const QUEUE_AGAIN = 6000;
let requeue = null;
onWelcome(() => {
  if (S.screen !== "queued" || !S.quick || S.queueLost === null) return;
  render(); // "connected again"
  clearTimeout(requeue);
  requeue = setTimeout(() => {
    if (S.screen !== "queued" || !S.wsReady || S.queueLost === null) return; // cancelled, or lost again: the next welcome
    S.queueLost = null;
    S.queueNamed = false; // until this queueing's ticket is told
    render();
    send({ ...S.quick }).then((reply) => {
      if (reply?.type === "queued") {
        S.quick.replaces = reply.ticket || undefined;
        S.queueNamed = !!reply.ticket;
      }
      render();
    }, (err) => {
      // the connection went again before the answer: it left the queue with it (lost() has
      // noted when), and the next welcome queues again; the server's refusal ends the wait
      if (err.inFlight || !err.code) return;
      toast(refusalText(err));
      showScreen("landing");
      render();
    });
  }, S.queueNamed ? 0 : Math.max(0, S.queueLost + QUEUE_AGAIN - Date.now()));
});
// the cancel button: out of the queue (the socket closed), and no queuing again after it
function cancelQueue() {
  clearTimeout(requeue);
  S.queueLost = null;
  S.queueCheck = null;
  S.ws?.close();
  S.screen = "landing";
  showScreen("landing");
  render();
  document.getElementById("quick-btn")?.focus(); // back where the wait began
}
// where the wait stands when the connection is not there: offline, or back and queuing again
function queueNotice() {
  if (!navigator.onLine) return t("queuedOffline");
  if (!S.wsReady) return t("queuedLost");
  if (S.queueCheck || S.queueLost !== null) return t("queuedBack");
  return "";
}
export function renderQueued() {
  // the notice is a live region kept from one drawing to the next (a screen reader tells what
  // is written into it, not a region put in already written), as are the button and its focus
  const box = $("#queued");
  const notice = queueNotice();
  const kept = box.querySelector("#queue-state");
  if (kept && box.dataset.lang === S.lang) {
    kept.textContent = notice;
    kept.className = notice ? "why" : "";
    return;
  }
  box.dataset.lang = S.lang;
  fill(
    box,
    h(
      "div",
      { class: "card-panel center" },
      h("div", { class: "spinner", "aria-hidden": "true" }),
      h("h2", null, t("queued")),
      h("p", null, t("queuedHelp")),
      h("p", { id: "queue-state", class: notice ? "why" : "", role: "status" }, notice),
      h("button", { type: "button", id: "queue-cancel", onclick: cancelQueue }, t("cancel")),
    ),
  );
}
