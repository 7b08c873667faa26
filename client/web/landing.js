// The landing page (create a room, join one, play a bot, quick match) and the queue screen.

import { BOTS } from "./i18n.js";
import { S, SIDES, landingRoom } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, seatLabel, refusalText, colon, paren } from "./text.js";
import { loadRules } from "./rules.js";
import { send, whenConnected } from "./connection.js";
import { showScreen, toast, render, setLang } from "./ui.js";
import { rememberKey, remembered } from "./remember.js";
import { openGames } from "./games.js";
import { openReplay } from "./replay.js";
import { classJoinCard } from "./class-join.js";

// a room's code as the server makes it (server/protocol/codes.py): no I, L, O, 0 or 1
const ROOM_CODE = /^[A-HJKMNP-Z2-9]{4,8}$/;

function field(label, control, help) {
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, help ? h("small", null, help) : null);
}
// the create form's turn times: the scenario's own, as long as the user changes none
const changedSeconds = {};
function secondsFields(scenarioId) {
  const phases = S.scenarios.find((s) => s.id === scenarioId)?.phases || [];
  const kinds = phases.map((p) => p.kind);
  const label = (p) => (kinds.indexOf(p.kind) === kinds.lastIndexOf(p.kind) ? t(p.kind === "betting" ? "secondsBetting" : "secondsTalks") : t("secondsPhase", { phase: L(p.name, p.id) }));
  return h(
    "div",
    { class: "row2" },
    phases.map((p) =>
      field(
        label(p),
        h("input", { id: `create-sec-${p.id}`, name: `seconds-${p.id}`, type: "number", min: "5", max: "3600", value: changedSeconds[p.id] ?? p.seconds, oninput: (e) => (changedSeconds[p.id] = e.target.value) }),
      ),
    ),
  );
}
function scenarioChanged(ev) {
  for (const k of Object.keys(changedSeconds)) delete changedSeconds[k];
  const box = document.getElementById("create-seconds");
  if (box) fill(box, secondsFields(ev.target.value));
}
function scenarioSelect(id, value) {
  return h(
    "select",
    { id, name: "scenario", onchange: id === "create-scenario" ? scenarioChanged : null },
    S.scenarios.map((s) => {
      const length = s.minutes ? t("scenarioLength", { n: s.rounds, engaged: s.minutes.engaged, most: s.minutes.at_most }) : s.rounds;
      return h("option", { value: s.id, selected: s.id === (value || "intro") }, `${L(s.name, s.id)} (${length})`);
    }),
  );
}
// the seats to choose from, the first free one chosen; `extra`: "spectator" (watch: chosen, and
// said plainly, when every seat is taken) or "instructor" (create without sitting)
function seatRadios(name, extra, taken = {}, roles = []) {
  const seats = [...SIDES, ...roles];
  const free = seats.filter((s) => !taken[s]);
  const chosen = free[0] || extra;
  const label = (s) => (s === "spectator" ? t("watch") : s === "instructor" ? t("onlyCreate") : seatLabel(s));
  return h(
    "fieldset",
    { class: "seats-pick" },
    h("legend", null, extra === "spectator" ? t("seat") : t("playAs")),
    [...seats, ...(extra ? [extra] : [])].map((s) =>
      h(
        "label",
        { class: `pick ${s}` },
        h("input", { type: "radio", name, value: s, id: `${name}-${s.replace(":", "-")}`, checked: s === chosen, disabled: !!taken[s] }),
        label(s),
        taken[s] ? h("small", { class: "taken" }, paren(`${t("taken")}${colon()}${taken[s]}`)) : null,
      ),
    ),
    extra === "spectator" && !free.length ? h("p", { class: "why", id: `${name}-full`, role: "status" }, t("seatsFull")) : null,
  );
}
function nameInput(id) {
  return h("input", { id, name: "name", maxlength: "40", value: S.name, placeholder: S.lang === "zh" ? "小明" : "Ada", autocomplete: "nickname" });
}
function rememberName(form) {
  const name = (form.elements.name.value || "").trim() || (S.lang === "zh" ? "玩家" : "player");
  S.name = name;
  localStorage.setItem("brink.name", name);
  return name;
}
async function busy(form, fn) {
  const buttons = form.querySelectorAll("button");
  buttons.forEach((b) => (b.disabled = true));
  try {
    await whenConnected();
    await fn();
  } catch (err) {
    toast(err.code ? refusalText(err) : err.message);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}
// the seat this browser held in a room (remember.js), taken again with its token, as a reload does
async function backToSeat({ code, seat, token }) {
  S.room = { code, seat, role: "player", token, scenario: null, name: "" };
  try {
    await send({ type: "resume", code, token, since: 0 });
  } catch (err) {
    S.room = null;
    throw err;
  }
}
export function renderLanding() {
  const url = new URL(location.href);
  const code = (url.searchParams.get("room") || "").toUpperCase();
  const scenario = (document.getElementById("create-scenario") || {}).value;
  const held = code ? remembered().find((x) => x.code === code && x.token && x.seat) : null;
  const create = h(
    "form",
    { class: "card-panel", id: "create-form", "aria-labelledby": "create-h" },
    h("h2", { id: "create-h" }, t("create")),
    h("p", { class: "help" }, t("createHelp")),
    field(t("yourName"), nameInput("create-name")),
    field(t("scenario"), scenarioSelect("create-scenario", scenario)),
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
    h("div", { id: "join-seats" }, seatRadios("join-seat", "spectator", landingRoom.info?.takenSeats || {}, landingRoom.info?.roles || [])),
    h("details", { class: "teacher" }, h("summary", null, t("teacher")), field(t("teacherKey"), h("input", { id: "join-key", name: "key", autocomplete: "off" }), t("teacherHelp"))),
    h("button", { type: "submit", class: "primary", id: "join-btn" }, t("joinBtn")),
    // the link opened again after the game's tab was closed: this browser's seat is "taken"
    held ? h("button", { type: "button", id: "resume-seat", onclick: (ev) => busy(ev.target.form, () => backToSeat(held)) }, t("backToSeat", { seat: seatLabel(held.seat) })) : null,
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
      const seat = f.querySelector("input[name=join-seat]:checked")?.value;
      const key = f.elements.key.value.trim();
      if (!seat && !key) {
        toast(t("pickSeat"));
        return;
      }
      const msg = { type: "join", code, name };
      if (key) {
        msg.instructor_key = key;
        S.pendingKey = key; // kept with the room once it is accepted (session.js)
      } else if (seat !== "spectator") msg.seat = seat;
      try {
        await send(msg);
      } catch (err) {
        if (err.code === "seat_taken") lookUpRoom(code); // someone was quicker: show what is free now
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
    field(t("scenario"), scenarioSelect("quick-scenario")),
    h("button", { type: "submit", id: "quick-btn" }, t("quickBtn")),
  );
  quick.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = ev.target;
    busy(f, async () => {
      const name = rememberName(f);
      const reply = await send({ type: "quick_match", scenario: f.elements.scenario.value, name, language: S.lang });
      if (reply.type === "queued") {
        showScreen("queued");
        render();
      }
    });
  });

  const bot = h(
    "form",
    { class: "card-panel", id: "bot-form", "aria-labelledby": "bot-h" },
    h("h2", { id: "bot-h" }, t("bot")),
    h("p", { class: "help" }, t("botHelp")),
    field(t("yourName"), nameInput("bot-name")),
    field(t("scenario"), scenarioSelect("bot-scenario")),
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
async function lookUpRoom(raw) {
  const code = (raw || "").trim().toUpperCase();
  if (!ROOM_CODE.test(code)) return;
  try {
    const res = await fetch(`/api/rooms/${code}`);
    if (!res.ok) return;
    const info = await res.json();
    const takenSeats = {};
    for (const [s, holder] of Object.entries(info.seats || {})) if (holder) takenSeats[s] = holder;
    for (const [s, b] of Object.entries(info.bots || {})) takenSeats[s] = `${t("bots")}${colon()}${BOTS[S.lang][b] || b}`;
    const rules = await loadRules(info.scenario);
    const roles = [];
    for (const side of SIDES) for (const role of rules.sides?.[side]?.roles || []) if (info.scenario !== "intro") roles.push(`${side}:${role.id}`);
    landingRoom.info = { code, takenSeats, roles, rules };
    const box = document.getElementById("join-seats");
    if (box) fill(box, seatRadios("join-seat", "spectator", takenSeats, roles));
  } catch {
    /* the join itself will say what is wrong */
  }
}
export function renderQueued() {
  fill(
    $("#queued"),
    h(
      "div",
      { class: "card-panel center" },
      h("div", { class: "spinner", "aria-hidden": "true" }),
      h("h2", null, t("queued")),
      h("p", null, t("queuedHelp")),
      h("button", { type: "button", id: "queue-cancel", onclick: () => { S.ws?.close(); S.screen = "landing"; showScreen("landing"); render(); } }, t("cancel")),
    ),
  );
}
