// The replay viewer: a finished (or running) game step by step, as one viewer saw it.
// Opened by /?game=CODE&step=N&as=VIEWER, which it keeps up to date (history.replaceState) so a
// teacher can copy or project the link. Reads GET /api/games/CODE (summary, key moments) and
// /api/games/CODE/step (entries since the last step fetched, the view at the step); moving
// forward fetches only the new entries, moving back only the view. Nothing here touches the
// websocket: the table is drawn read-only.

import { BOTS } from "./i18n.js";
import { S, SIDES } from "./state.js";
import { dateTime } from "./dates.js";
import { $, h, fill } from "./dom.js";
import { t, L, seatLabel, paren } from "./text.js";
import { loadRules } from "./rules.js";
import { showScreen, render, toast } from "./ui.js";
import { headersFor, getJSON, limited } from "./remember.js";
import { timelineBar, updateTimeline } from "./replay-timeline.js";
import { replayPanels, drawStep, lineAt, resetNarration } from "./replay-view.js";
import { ledgerPanel, notePanel, updateLedger } from "./replay-ledger.js";
import { evalPanel, updateEval } from "./replay-eval.js";
import { forkPanel, updateFork } from "./replay-fork.js";
import { running, runningNote, keepPolling, stopPolling } from "./replay-live.js";

const ORDER = ["washington", "beijing", "spectator", "instructor"];
const KEPT_VIEWS = 400;
export const R = {
  code: null, as: null, summary: null, moments: [], n: 0, of: 0, entries: [], loadedTo: 0, views: new Map(), view: null, rests: new Map(), rest: 0,
  error: null, loading: false, playing: false, speed: 1, timer: null, chain: Promise.resolve(), target: 0, gen: 0, pushed: false, refreshing: false,
};
const asParam = (v) => (v === "instructor" ? "all" : v);
const fromParam = (p) => (p === "all" ? "instructor" : ORDER.includes(p) ? p : null);

export async function openReplay(code, as, n = 0, push = false) {
  stop();
  stopPolling();
  const gen = R.gen + 1;
  Object.assign(R, { code: String(code).toUpperCase(), as: fromParam(as), summary: null, moments: [], n: Math.max(0, Number(n) || 0), of: 0, error: null, gen, pushed: push });
  clearSteps();
  S.screen = "replay";
  showScreen("replay");
  setUrl(push);
  render();
  try {
    await loadSummary(gen);
    S.rules = await loadRules(R.summary.scenario, R.summary.rules_hash);
    if (gen !== R.gen) return;
    render();
    keepPolling(R.summary, refresh);
    await goTo(R.n);
  } catch (err) {
    failed(err, gen);
  }
}
function failed(err, gen = R.gen) {
  if (gen !== R.gen) return;
  stop();
  R.loading = false;
  if (err.status === 429 && R.summary && S.rules && document.getElementById("rp-timeline")) {
    // over the server's limit on this address: the step shown stays, and the page says when to
    // step on (a class behind one address shares the limit)
    if (S.screen === "replay") toast(errorText(limited(err)));
    return;
  }
  R.error = err.status === 429 ? limited(err) : { status: err.status || 0 }; // put in words when drawn
  if (S.screen === "replay") render();
}
function errorText(error) {
  if (error.until) return t("tooManyReplays", { n: Math.max(1, Math.ceil((error.until - Date.now()) / 1000)) });
  if (error.status === 404) return t("gameNotFound");
  if (error.status === 403) return t("viewNotAllowed");
  return error.status ? `${t("error")} ${error.status}` : t("offline");
}
function clearSteps() {
  Object.assign(R, { entries: [], loadedTo: 0, views: new Map(), view: null, rests: new Map(), rest: 0 });
  resetNarration(R);
}
function defaultView(views) {
  // as the server picks it: all-seeing, else the first side held, else a spectator
  if (views.includes("instructor")) return "instructor";
  return views.filter((v) => v !== "spectator" && v !== "instructor").sort()[0] || "spectator";
}
async function loadSummary(gen) {
  // the views this browser may open first (asking for another would be refused), unless they
  // are known; then the key moments as the chosen viewer saw them
  const base = `/api/games/${encodeURIComponent(R.code)}`;
  const known = R.summary?.views.includes(R.as);
  let summary = known ? null : await getJSON(base, headersFor(R.code));
  if (summary && !summary.views.includes(R.as)) R.as = defaultView(summary.views);
  if (!summary || R.as !== defaultView(summary.views)) summary = await getJSON(`${base}?as=${asParam(R.as)}`, headersFor(R.code));
  if (gen !== R.gen) return;
  R.summary = summary;
  R.moments = summary.moments;
  R.of = summary.entries;
  R.n = Math.min(R.n, R.of);
}
// a game still being played: its summary asked for again, and the page redrawn if moves were
// made meanwhile; a page at the last step follows the game to its new last step
async function refresh() {
  if (S.screen !== "replay") return stopPolling(); // left (the browser's Back button)
  if (!running(R.summary) || R.refreshing) return;
  const gen = R.gen;
  const atEnd = R.n >= R.of && !R.playing;
  R.refreshing = true;
  try {
    const summary = await getJSON(`/api/games/${encodeURIComponent(R.code)}?as=${asParam(R.as)}`, headersFor(R.code));
    if (gen !== R.gen || S.screen !== "replay") return;
    const was = R.summary;
    Object.assign(R, { summary, moments: summary.moments, of: summary.entries });
    if (!running(summary)) stopPolling();
    if (summary.entries === was.entries && summary.outcome === was.outcome && summary.moves === was.moves) return;
    const focused = document.activeElement?.id; // the redrawn page keeps the keyboard's place
    render();
    if (focused) document.getElementById(focused)?.focus();
    if (atEnd) await goTo(R.of);
  } catch {
    /* the next turn of the poll (or the button) asks again */
  } finally {
    R.refreshing = false;
  }
}
function setUrl(push = false) {
  const url = new URL(location.origin + "/");
  url.searchParams.set("game", R.code);
  url.searchParams.set("step", String(R.n));
  if (R.as) url.searchParams.set("as", asParam(R.as));
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}
const stepUrl = (n, since) => `/api/games/${encodeURIComponent(R.code)}/step?n=${n}&as=${asParam(R.as)}&since=${since}`;

// Go to step n: requests run one at a time, and a request overtaken by a later goTo is skipped.
export function goTo(n) {
  const to = Math.max(0, Math.min(R.of, Math.round(n)));
  const gen = R.gen;
  R.target = to;
  R.chain = R.chain
    .then(() => (gen === R.gen && R.target === to && R.summary ? load(to, gen) : null))
    .catch((err) => failed(err, gen));
  return R.chain;
}
async function load(n, gen) {
  if (n > R.loadedTo) {
    R.loading = true;
    const got = await getJSON(stepUrl(n, R.loadedTo), headersFor(R.code));
    if (gen !== R.gen) return;
    R.entries.push(...got.entries.filter((e) => e.n > R.loadedTo));
    R.loadedTo = n;
    keepView(n, got.view, got.rest);
  } else if (!R.views.has(n)) {
    R.loading = true;
    const got = await getJSON(stepUrl(n, n), headersFor(R.code));
    if (gen !== R.gen) return;
    keepView(n, got.view, got.rest);
  }
  R.loading = false;
  R.n = n;
  R.view = R.views.get(n);
  R.rest = R.rests.get(n) ?? n; // where a "what if" from this step starts (before a move under way)
  if (S.screen !== "replay") return stop(); // left meanwhile (the browser's Back button)
  setUrl();
  document.dispatchEvent(new CustomEvent("brink:replay-step", { detail: { code: R.code, n, as: R.as } })); // a presenter follows
  draw();
}
function keepView(n, view, rest) {
  R.views.set(n, view);
  R.rests.set(n, rest ?? n);
  if (R.views.size > KEPT_VIEWS) {
    const oldest = R.views.keys().next().value;
    R.views.delete(oldest);
    R.rests.delete(oldest);
  }
}
function draw() {
  if (S.screen !== "replay" || !document.getElementById("rp-timeline")) return;
  updateTimeline(R);
  updateLedger(R);
  updateEval(R);
  updateFork(R);
  drawStep(R);
}
export const step = (d) => goTo((R.target ?? R.n) + d);
export function stop() {
  const was = R.playing;
  R.playing = false;
  clearTimeout(R.timer);
  if (was && S.screen === "replay" && document.getElementById("rp-timeline")) updateTimeline(R);
}
async function play() {
  R.playing = true;
  updateTimeline(R);
  await R.chain; // a step on its way first (a hand just clicked)
  if (R.playing && R.n >= R.of) await goTo(0);
  if (!R.playing) return;
  clearTimeout(R.timer);
  R.timer = setTimeout(tick, 200);
}
async function tick() {
  if (!R.playing) return;
  if (R.n >= R.of || S.screen !== "replay") return stop();
  const gen = R.gen;
  await goTo(R.n + 1);
  if (!R.playing || gen !== R.gen) return;
  // a step that shows this viewer nothing new is passed over at once
  R.timer = setTimeout(tick, lineAt(R, R.n) ? 1000 / R.speed : 30);
}
export const toggle = () => (R.playing ? stop() : play());
export function setSpeed(speed) {
  R.speed = Number(speed) || 1;
}
export async function setViewer(viewer) {
  if (viewer === R.as || !R.summary?.views.includes(viewer)) return;
  stop();
  const gen = ++R.gen;
  R.as = viewer;
  clearSteps();
  try {
    await loadSummary(gen);
    if (gen !== R.gen) return;
    render();
    keepPolling(R.summary, refresh);
    await goTo(R.n);
  } catch (err) {
    failed(err, gen);
  }
}
function leave() {
  stop();
  stopPolling();
  R.gen += 1;
}
function back() {
  leave();
  if (R.pushed) history.back();
  else import("./games.js").then((m) => m.openGames(false));
}
async function copyLink() {
  try {
    await navigator.clipboard.writeText(location.href);
    const b = document.getElementById("rp-copy");
    if (b) b.textContent = t("copied");
  } catch {
    /* the address bar has the same link */
  }
}
// Washington's players first, then Beijing's (the record keeps seats in the order they were
// taken), a side's bot with its players; a seat held by several, all of them in order
// ("Ada → bot Hawk → Cy (Washington)"), a bot that stood in among them
function players(s) {
  const botName = (bot) => `${t("bots")} ${BOTS[S.lang][bot] || bot}`;
  const holders = s.holders || Object.fromEntries(Object.entries(s.seats).map(([seat, name]) => [seat, [{ name }]]));
  const named = Object.entries(holders).filter(([, line]) => line.length);
  const seats = named.map(([seat, line]) => [seat, `${line.map((x) => (x.bot ? botName(x.bot) : x.name)).join(" → ")}${paren(seatLabel(seat))}`]);
  const among = (side, bot) => named.some(([seat, line]) => seat.split(":")[0] === side && line.some((x) => x.bot === bot));
  const bots = Object.entries(s.bots || {})
    .filter(([side, bot]) => !among(side, bot))
    .map(([side, bot]) => [side, `${botName(bot)}${paren(seatLabel(side))}`]);
  const rank = (seat) => {
    const i = SIDES.indexOf(seat.split(":")[0]);
    return i < 0 ? SIDES.length : i;
  };
  return [...seats, ...bots]
    .sort((a, b) => rank(a[0]) - rank(b[0]))
    .map(([, said]) => said)
    .join(" · ");
}
// a "what if" game says which game and step it continues, with a link to that point
function forkedFrom(from) {
  const open = (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
    ev.preventDefault();
    openReplay(from.code, R.as, from.step, true);
  };
  const label = t("forkedFromLink", { code: from.code, n: from.step });
  const link = h("a", { href: `/?game=${encodeURIComponent(from.code)}&step=${encodeURIComponent(from.step)}`, id: "rp-forked-from", onclick: open }, label);
  return h("span", { class: "rp-forked muted", id: "rp-forked" }, t("forkedFrom"), " ", link, madeOn(R.summary.started));
}
// when a "what if" was made (its own start, not the original game's)
function madeOn(ms) {
  if (!ms) return null;
  return [t("forkedMade"), h("time", { id: "rp-forked-when", datetime: new Date(ms).toISOString() }, dateTime(ms))];
}
export function renderReplay() {
  const s = R.summary;
  const head = h(
    "div",
    { class: "rp-head" },
    h("button", { type: "button", id: "rp-back", onclick: back }, `← ${t("backToGames")}`),
    h("h2", { id: "rp-title" }, `${t("replay")} · `, s ? L(s.title, s.scenario) : "…", " ", h("span", { class: "code" }, R.code), s?.imported ? h("span", { class: "tag imported", id: "rp-imported", title: t("importedHelp") }, t("importedTag")) : null),
    s ? h("span", { class: "rp-players muted", id: "rp-players" }, players(s)) : null,
    s?.forked_from ? forkedFrom(s.forked_from) : null,
    s ? h("button", { type: "button", id: "rp-copy", title: t("copyLinkHelp") }, t("copyLink")) : null,
    runningNote(s, refresh),
  );
  const copy = head.querySelector("#rp-copy");
  if (copy) copy.addEventListener("click", copyLink);
  if (R.error || !s || !S.rules) {
    fill($("#replay"), head, R.error ? h("p", { class: "why", id: "rp-error", role: "alert" }, errorText(R.error)) : h("div", { class: "spinner", "aria-hidden": "true" }));
    return;
  }
  const jump = (n) => {
    stop();
    goTo(n);
  };
  const analysis = h("div", { class: "rp-analysis" }, ledgerPanel(R, jump), evalPanel(R, jump), forkPanel(R, { leave, open: (code) => openReplay(code, null, 0, true) }));
  fill($("#replay"), head, timelineBar(R, { goTo, step, toggle, setSpeed, setViewer, stop }), notePanel(), analysis, replayPanels());
  draw();
}

// the keyboard: ←/→ a step, space plays or pauses, Home/End the ends (not while typing)
document.addEventListener("keydown", (ev) => {
  if (S.screen !== "replay" || !R.summary || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const el = ev.target;
  if (el.matches?.("input:not([type=range]), select, textarea")) return;
  const slider = el.id === "rp-slider"; // it moves itself with the arrows, Home and End
  // a space on a control of the keyboard's (a hand's button, a view, a summary) is that control's:
  // it plays or pauses on the play button, elsewhere on the page, and on the timeline's markers
  if (ev.key === " " && !el.closest?.("#rp-play") && el.closest?.("button:not([tabindex='-1']), summary, a[href]")) return;
  const keys = { ArrowLeft: () => step(-1), ArrowRight: () => step(1), Home: () => goTo(0), End: () => goTo(R.of), " ": toggle };
  const fn = keys[ev.key];
  if (!fn || (slider && ev.key !== " ")) return;
  ev.preventDefault();
  if (ev.key !== " ") stop();
  fn();
});
// a space on the play button (or a marker the mouse left focused) would also click it: the key
// plays or pauses, nothing else
document.addEventListener("keyup", (ev) => {
  if (S.screen === "replay" && ev.key === " " && ev.target.matches?.("#rp-play, #replay button[tabindex='-1']")) ev.preventDefault();
});
