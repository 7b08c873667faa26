// The debrief (docs/classroom.md, "Debrief"): every room of a class side by side, for projecting
// after the games. /?debrief=CLASSCODE (or /#debrief/CLASSCODE) reads GET
// /api/classes/CLASSCODE/debrief; /?debrief&rooms=A,B,C reads GET /api/debrief?rooms=A,B,C (any
// rooms the signed-in instructor made). The session cookie is the only credential: the server
// refuses anyone else. Turning points and choices link into the replay viewer at their step.

import { S } from "./state.js";
import { BOTS } from "./i18n.js";
import { $, h, fill } from "./dom.js";
import { t } from "./text.js";
import { showScreen, render } from "./ui.js";
import { D, stepLink, nameOf, sideName } from "./debrief-common.js";
import { tariffChart } from "./debrief-chart.js";
import { dealsPanel, timingPanel, divergencePanel } from "./debrief-parts.js";
import { startPresenting } from "./debrief-present.js";
import { keyCodes } from "./remember.js";

// /?debrief=CODE, /?debrief&rooms=A,B or #debrief/CODE: open the debrief and say so
export function routeDebrief(url = new URL(location.href)) {
  const hash = /^#debrief\/([A-Za-z0-9_-]{1,16})$/.exec(url.hash);
  if (hash) {
    openDebrief({ class: hash[1].toUpperCase() }, false);
    return true;
  }
  if (!url.searchParams.has("debrief")) return false;
  const code = (url.searchParams.get("debrief") || "").trim().toUpperCase();
  const rooms = (url.searchParams.get("rooms") || "").toUpperCase();
  openDebrief(code && code !== "1" ? { class: code } : { rooms }, false);
  return true;
}

const api = (src) => (src.class ? `/api/classes/${encodeURIComponent(src.class)}` : "/api/debrief");
const roomsQuery = (src) => (src.class ? "" : `rooms=${encodeURIComponent(src.rooms)}`);
function apiUrl(src, what, extra = "") {
  // a class: /api/classes/C/debrief, /api/classes/C/export.csv; rooms: /api/debrief, /api/debrief/export.csv
  const query = [roomsQuery(src), extra].filter(Boolean).join("&");
  const path = src.class || what !== "debrief" ? `${api(src)}/${what}` : api(src);
  return query ? `${path}?${query}` : path;
}
const sameSource = (a, b) => a && b && a.class === b.class && a.rooms === b.rooms;

export async function openDebrief(source, push = true) {
  const again = sameSource(source, D.source) && D.data;
  D.source = source;
  const url = new URL(location.origin + "/");
  if (source.class) url.searchParams.set("debrief", source.class);
  else {
    url.searchParams.set("debrief", "");
    if (source.rooms) url.searchParams.set("rooms", source.rooms);
  }
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  S.screen = "debrief";
  showScreen("debrief");
  if (again) return render(); // back from a replay: the same debrief, at once
  await load();
}

async function load() {
  const gen = ++D.gen;
  Object.assign(D, { data: null, error: null, loading: true, pick: null });
  render();
  if (!D.source.class && !D.source.rooms) {
    D.loading = false;
    return render();
  }
  try {
    const res = await fetch(apiUrl(D.source, "debrief"), { cache: "no-store" });
    const body = await res.json().catch(() => ({}));
    if (gen !== D.gen) return;
    if (!res.ok) D.error = { status: res.status, ...body };
    else D.data = body;
  } catch (err) {
    if (gen !== D.gen) return;
    D.error = { status: 0, message: err.message };
  }
  D.loading = false;
  if (S.screen === "debrief") render();
}

function errorText(error) {
  if (error.status === 401) return t("db_signIn");
  if (error.status === 404 && error.room) return t("db_notFound", { room: error.room });
  if (error.status === 404 && D.source.class) return t("db_classNotFound", { code: D.source.class });
  return t("db_failed", { why: error.message || error.status || t("offline") });
}

// Rooms asked for that are not shown (not the teacher's, no such room, not a room code): each
// named, the others shown all the same.
function skippedRooms(data) {
  const skipped = data.skipped || [];
  if (!skipped.length) return null;
  return h(
    "div",
    { class: "why db-skipped", id: "db-skipped", role: "status" },
    h("p", null, t("db_skippedIntro", { n: skipped.length })),
    h("ul", null, skipped.map((s) => h("li", { "data-room": s.room }, t(s.why === "bad_room_code" ? "db_skipBadCode" : "db_skipNotYours", { room: s.room })))),
  );
}

// The rooms this browser made (their instructor keys kept): offered to pick, not typed in.
const OFFERED = 24;
function roomsForm() {
  const input = () => $("#db-rooms-input");
  const listed = () => input().value.toUpperCase().split(/[\s,;]+/).filter(Boolean);
  const submit = (ev) => {
    ev.preventDefault();
    const rooms = listed().join(",");
    if (rooms) openDebrief({ rooms }, true);
  };
  const pick = (code) => (ev) => {
    const now = listed();
    const next = now.includes(code) ? now.filter((c) => c !== code) : [...now, code];
    input().value = next.join(", ");
    ev.currentTarget.setAttribute("aria-pressed", String(next.includes(code)));
  };
  const chosen = new Set((D.source?.rooms || "").toUpperCase().split(",").filter(Boolean));
  const mine = keyCodes().slice(0, OFFERED);
  const offer = mine.length
    ? h(
        "div",
        { class: "db-my-rooms", id: "db-my-rooms", role: "group", "aria-label": t("db_myRooms") },
        h("span", { class: "rp-label" }, t("db_myRooms")),
        mine.map((code) => h("button", { type: "button", class: "db-my-room code", "data-code": code, "aria-pressed": String(chosen.has(code)), onclick: pick(code) }, code)),
        h("button", { type: "button", id: "db-my-all", onclick: () => ((input().value = mine.join(", ")), $("#db-my-rooms").querySelectorAll(".db-my-room").forEach((b) => b.setAttribute("aria-pressed", "true"))) }, t("db_myRoomsAll")),
      )
    : null;
  return h(
    "form",
    { id: "db-rooms-form", class: "db-rooms-form", onsubmit: submit },
    h("label", { for: "db-rooms-input" }, t("db_roomsForm")),
    h("input", { id: "db-rooms-input", placeholder: t("db_roomsHelp"), value: D.source?.rooms || "", autocomplete: "off" }),
    h("button", { type: "submit" }, t("db_show")),
    offer,
  );
}

function head() {
  const src = D.source || {};
  const count = D.data?.rooms.length ?? (src.rooms ? src.rooms.split(",").length : 0);
  const named = D.data?.class_title;
  const title = src.class ? t(named ? "db_classTitleNamed" : "db_classTitle", { code: src.class, title: named }) : t("db_roomsTitle", { n: count });
  const downloads = D.data
    ? h(
        "div",
        { class: "db-downloads", role: "group", "aria-label": t("db_downloads") },
        h("span", { class: "rp-label" }, t("db_downloads")),
        h("a", { id: "db-csv-events", class: "watch", href: apiUrl(src, "export.csv", "rows=events"), download: "" }, t("db_csvEvents")),
        h("a", { id: "db-csv-games", class: "watch", href: apiUrl(src, "export.csv", "rows=games"), download: "" }, t("db_csvGames")),
        h("a", { id: "db-json", class: "watch", href: apiUrl(src, "export.json"), download: "" }, t("db_json")),
      )
    : null;
  return h(
    "div",
    { class: "db-head" },
    h("h1", { id: "db-title" }, title),
    D.data ? h("button", { type: "button", id: "db-refresh", onclick: load }, t("db_refresh")) : null,
    downloads,
  );
}

function players(room) {
  const bySide = { washington: [], beijing: [] };
  // a seat an instructor gave on (Cy, then Dana): "Cy → Dana", as the replay names its holders
  for (const [seat, name] of Object.entries(room.seats || {})) bySide[seat.split(":")[0]]?.push([...(room.given_from?.[seat] || []), name].join(" → "));
  const colon = S.lang === "zh" ? "：" : ": ";
  // a bot by its name ("Planner (easy)"), not its id
  for (const [side, bot] of Object.entries(room.bots || {})) bySide[side]?.push(`${t("db_bot")}${colon}${BOTS[S.lang]?.[bot] || bot}`);
  // a class's students moved out of the room mid-game: credited with the hands they played
  const earlier = { washington: [], beijing: [] };
  for (const p of room.earlier_seats || []) {
    const [a, b] = p.hands;
    // "then moved", "then removed" for a student the teacher took out of the class, or "then
    // left" for one who gave the seat up themselves (the table's Leave: `left`)
    const how = p.removed ? "Removed" : p.left ? "Left" : "";
    earlier[p.seat.split(":")[0]]?.push(t(a === b ? `db_earlier${how}One` : `db_earlier${how}`, { name: p.name, a, b }));
  }
  const sep = S.lang === "zh" ? "、" : ", ";
  // a side nobody plays at the end but somebody played before: their names, not "—" then them
  const before = (side) => `${bySide[side].length ? sep : ""}${earlier[side].join(sep)}`;
  return ["washington", "beijing"].map((side) =>
    h("div", { class: `who ${side}` }, h("b", null, sideName(side)), colon, bySide[side].join(sep) || (earlier[side].length ? "" : "—"), earlier[side].length ? h("span", { class: "muted db-earlier" }, before(side)) : null),
  );
}

function turningPoints(room) {
  return h(
    "ul",
    { class: "db-tps" },
    room.turning_points.map((p) =>
      h("li", null, stepLink(room.code, p.n, [h("span", { class: `db-tp-kind tp-${p.kind}` }, t(`tp_${p.kind}`)), " ", h("span", { class: "muted" }, t("db_handN", { n: p.hand }))], { class: `db-tp ${p.side || ""}`, "data-kind": p.kind })),
    ),
  );
}

// a class's debrief: step through a game on the projector, the students' browsers following
function presentButton(room, label = t("db_present")) {
  if (!D.source?.class) return null;
  const code = D.source.class;
  return h("div", null, h("button", { type: "button", class: "db-present", "data-room": room, title: t("db_presentHelp"), onclick: () => startPresenting(code, room) }, label));
}

// A class's room as its dashboard names it ("Room 2"), above its code.
function numbered(data, code) {
  const n = data.room_numbers?.[code];
  return n ? h("div", { class: "db-room-n" }, t("db_roomN", { n })) : null;
}

const percent = (value) => (value === undefined || value === null ? "—" : `${value}%`);

function outcomes(data) {
  const tiles = Object.entries(data.outcomes).map(([id, n]) =>
    h("div", { class: `db-tile ${id === "running" ? "running" : ""}` }, h("div", { class: "db-big" }, n), h("div", null, id === "running" ? t("db_running") : id === "not_played" ? t("db_notPlayed") : nameOf("outcomes", id))),
  );
  const rows = data.rooms.map((room) => {
    const fin = room.final || {};
    const scored = room.over && room.played !== false; // a room whose game never started: no winner
    const winner = scored ? (room.winner ? sideName(room.winner) : t("db_draw")) : "—";
    return h(
      "tr",
      { class: "db-room", "data-code": room.code },
      h("th", { scope: "row" }, numbered(data, room.code), stepLink(room.code, room.entries, room.code, { class: "code" }), room.played === false ? null : presentButton(room.code)),
      h("td", null, players(room)),
      h("td", null, room.played === false ? h("span", { class: "muted db-not-played" }, t("db_notPlayed")) : room.over ? nameOf("outcomes", room.outcome) : h("span", { class: "muted" }, t("db_running")), room.played === false ? null : h("div", { class: "muted small" }, `${room.hands}/${room.of_hands}`)),
      h("td", { class: room.winner || "" }, winner, scored ? h("div", { class: "small muted" }, `${room.scores.washington} : ${room.scores.beijing}`) : null),
      // a game never played ended nowhere: no tariffs "at the end" (its starting ones read so)
      h("td", { class: "num" }, room.played === false ? "—" : `${percent(fin.tariff_on_china)} | ${percent(fin.tariff_on_us)}`),
      h("td", null, turningPoints(room)),
    );
  });
  return h(
    "section",
    { class: "db-section", "aria-labelledby": "db-outcomes-h" },
    h("h2", { id: "db-outcomes-h" }, t("db_outcomes")),
    h("div", { class: "db-tiles" }, tiles),
    h("p", { class: "help db-scroll-hint", id: "db-rooms-scroll", hidden: true }, t("db_scrollSideways")),
    h(
      "table",
      { class: "db-table", id: "db-rooms" },
      h("thead", null, h("tr", null, [t("db_room"), t("db_players"), t("db_outcome"), t("db_winner"), [t("db_tariffsEnd"), h("div", { class: "small" }, t("db_tariffsEach"))], t("db_turningPoints")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, rows),
    ),
    h("p", { class: "help" }, t("db_tpHelp")),
  );
}

// the way in for ad-hoc rooms: a link on the instructor's screen once signed in
document.addEventListener("brink:signed-in", () => {
  const screen = $("#instructor");
  if (!screen || $("#db-entry")) return;
  screen.append(h("p", { id: "db-entry", class: "db-entry" }, h("a", { href: "/?debrief=", "data-t": "db_openRooms", onclick: (ev) => { ev.preventDefault(); openDebrief({ rooms: "" }, true); } }, t("db_openRooms"))));
});

export function renderDebrief() {
  const el = $("#debrief");
  const parts = [head()];
  if (!D.source?.class) parts.push(roomsForm());
  if (D.loading) parts.push(h("p", { class: "db-wait" }, h("span", { class: "spinner", "aria-hidden": "true" }), " ", t("db_loading")));
  else if (D.error) {
    parts.push(h("p", { class: "why", id: "db-error", role: "alert" }, errorText(D.error)));
    if (D.error.status === 401) parts.push(h("a", { href: "/?instructor=1", class: "watch" }, t("db_signInLink")));
  } else if (D.data) {
    const redraw = () => render();
    parts.push(
      skippedRooms(D.data),
      outcomes(D.data),
      tariffChart(D, redraw),
      D.data.trajectories.history ? presentButton("H2025", t("db_present2025")) : null,
      dealsPanel(D.data),
      timingPanel(D.data),
      divergencePanel(D.data),
    );
  }
  fill(el, h("div", { class: "debrief" }, parts));
  markScrolling();
}

// The rooms table scrolls sideways in its card on a phone: say so while it does not fit.
function markScrolling() {
  const table = $("#db-rooms");
  const hint = $("#db-rooms-scroll");
  if (!table || !hint) return;
  const scrolls = table.scrollWidth > table.clientWidth + 1;
  table.toggleAttribute("data-scrolls", scrolls);
  hint.hidden = !scrolls;
}
window.addEventListener("resize", () => {
  if ($("#db-rooms")) markScrolling();
});
