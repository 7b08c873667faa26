// The Games screen: the finished games this browser may replay (GET /api/games with the seat
// tokens it remembers, and the rooms whose instructor key it holds), filters, pages, and a form
// to open a game with an instructor key pasted by hand.

import { BOTS } from "./i18n.js";
import { S } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, seatLabel, colon, paren } from "./text.js";
import { loadRules } from "./rules.js";
import { dateTime } from "./dates.js";
import { showScreen, render } from "./ui.js";
import { remembered, allTokens, keyCodes, keyFor, rememberKey, getJSON, limited } from "./remember.js";
import { openReplay } from "./replay.js";

const VIEWS = ["washington", "beijing", "spectator", "instructor"];
const PER_PAGE = 20;
const CHUNK = 50; // the server reads at most 50 tokens a request
const WHOLE = 500; // and gives at most 500 games a page
const G = { filters: { scenario: "", outcome: "", player: "" }, page: 1, result: null, busy: false, error: null, outcomes: {}, rules: {}, pushed: false, asked: 0, again: null, ticking: null };
const byKey = new Map(); // code -> the summary GET /api/games/CODE gave with the instructor key

export async function openGames(push = true) {
  S.screen = "games";
  showScreen("games");
  const url = new URL(location.origin + "/");
  url.searchParams.set("games", "1");
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  G.pushed = push || G.pushed;
  render();
  for (const s of S.scenarios) {
    loadRules(s.id)
      .then((rules) => {
        G.outcomes[s.id] = rules.outcomes;
        G.rules[s.id] = rules; // its roles' names
        if (S.screen === "games") render();
      })
      .catch(() => {});
  }
  await load();
}
function query(page, perPage = PER_PAGE) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(G.filters)) if (v) q.set(k, v);
  q.set("page", String(page));
  if (perPage !== PER_PAGE) q.set("per_page", String(perPage));
  return q.toString();
}
function matches(game) {
  const f = G.filters;
  if (game.outcome === null || game.outcome === undefined) return false; // still being played
  if (f.scenario && game.scenario !== f.scenario) return false;
  if (f.outcome && game.outcome !== f.outcome) return false;
  const name = f.player.trim().toLocaleLowerCase();
  return !name || names(game).some((n) => n.toLocaleLowerCase().includes(name));
}
// everyone who held a seat of the game (its `holders`, in order), and its last holders
function names(game) {
  const held = Object.values(game.holders || {}).flatMap((line) => line.filter((x) => x.name).map((x) => x.name));
  return [...held, ...Object.values(game.seats || {})];
}
async function listed(page) {
  const tokens = allTokens();
  const chunks = [];
  for (let i = 0; i < tokens.length; i += CHUNK) chunks.push(tokens.slice(i, i + CHUNK).join(","));
  if (chunks.length <= 1) {
    const reply = await getJSON(`/api/games?${query(page)}`, chunks.length ? { "X-Brink-Tokens": chunks[0] } : {});
    return { games: reply.games, total: reply.total };
  }
  // more tokens than one request carries: gather every page of every batch, then page here (in
  // the server's largest pages: each request counts against its limit on listings)
  const all = new Map();
  for (const chunk of chunks) {
    for (let p = 1; p <= 20; p++) {
      const reply = await getJSON(`/api/games?${query(p, WHOLE)}`, { "X-Brink-Tokens": chunk });
      for (const game of reply.games) merge(all, game);
      if (p * reply.per_page >= reply.total) break;
    }
  }
  const games = [...all.values()].sort((a, b) => (b.ended || 0) - (a.ended || 0));
  return { games: games.slice((page - 1) * PER_PAGE, page * PER_PAGE), total: games.length };
}
function merge(into, game) {
  const had = into.get(game.code);
  into.set(game.code, had ? { ...had, views: [...new Set([...had.views, ...game.views])] } : game);
}
// the rooms this browser created (or was given the key of) but never sat in: one request for
// all of them (GET /api/created-rooms, each room with its key); a finished game is kept from then
// on, a running one (or a wrong key) asked again with the others
async function createdHere() {
  const tokenCodes = new Set(remembered().filter((x) => x.token).map((x) => x.code));
  const codes = keyCodes().filter((code) => !tokenCodes.has(code) && ROOM_CODE.test(code)).slice(0, 30);
  const asked = codes.filter((code) => !byKey.has(code));
  if (asked.length) {
    try {
      const keys = asked.map((code) => keyFor(code));
      const reply = await getJSON(`/api/created-rooms?rooms=${asked.join(",")}`, { "X-Brink-Keys": keys.join(",") });
      for (const game of reply.games) if (game.outcome) byKey.set(game.code, game);
    } catch (err) {
      if (err.status === 429) throw err; // refused for now: said, and asked again
    }
  }
  const found = codes.map((code) => byKey.get(code)).filter((game) => game && matches(game));
  return found.sort((a, b) => (b.ended || 0) - (a.ended || 0));
}
// a room's code as the server makes it (server/protocol/codes.py)
const ROOM_CODE = /^[A-HJKMNP-Z2-9]{4,8}$/;
async function load() {
  const asked = ++G.asked; // only the last request's answer is shown
  quiet();
  G.busy = true;
  G.error = null;
  render();
  let result = null;
  let error = null;
  try {
    const [page, mine] = await Promise.all([listed(G.page), createdHere()]);
    result = { ...page, mine };
  } catch (err) {
    error = err.status === 429 ? limited(err) : { status: err.status || 0 };
  }
  if (asked !== G.asked) return;
  G.result = result || G.result; // a refusal keeps what was shown
  G.error = error;
  G.busy = false;
  if (error?.until) wait(error.until);
  if (S.screen === "games") render();
}
// over the server's limit on this address: the seconds left counted down, then asked again
function wait(until) {
  const ms = Math.min(until - Date.now(), 2 ** 31 - 1); // a longer timeout would fire at once
  G.again = setTimeout(() => (S.screen === "games" ? load() : quiet()), ms);
  G.ticking = setInterval(() => {
    const el = document.getElementById("games-wait");
    if (el) el.textContent = String(secondsLeft(until));
  }, 1000);
}
function quiet() {
  clearTimeout(G.again);
  clearInterval(G.ticking);
}
const secondsLeft = (until) => Math.max(1, Math.ceil((until - Date.now()) / 1000));
function errorText(error) {
  if (error.until) {
    // the seconds count down in a part of their own, which a screen reader does not read out again
    const said = t(error.code === "too_many_listings" ? "tooManyListings" : "tooManyReplays").split("{n}");
    return [said[0], h("span", { id: "games-wait", "aria-live": "off" }, String(secondsLeft(error.until))), said.slice(1).join("")];
  }
  return error.status ? `${t("error")} ${error.status}` : t("offline");
}
function watchLinks(game) {
  const views = keyFor(game.code) ? VIEWS : VIEWS.filter((v) => game.views.includes(v));
  return views.map((v) =>
    h(
      "a",
      {
        href: `/?game=${encodeURIComponent(game.code)}&as=${v === "instructor" ? "all" : v}`,
        class: `watch ${v}`,
        "data-view": v,
        onclick: (ev) => {
          if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
          ev.preventDefault();
          openReplay(game.code, v, 0, true);
        },
      },
      t(`as_${v}`),
    ),
  );
}
// each seat's holders in order ("Ann → Dov (Washington)", a bot that stood in among them), then
// the bots no holder line names
function players(game) {
  const botName = (bot) => `${t("bots")}${colon()}${BOTS[S.lang][bot] || bot}`;
  const holders = game.holders || Object.fromEntries(Object.entries(game.seats || {}).map(([seat, name]) => [seat, [{ name }]]));
  const named = Object.entries(holders).filter(([, line]) => line.length);
  const seats = named.map(([seat, line]) => h("span", { class: `who ${seat.split(":")[0]}` }, `${line.map((x) => (x.bot ? botName(x.bot) : x.name)).join(" → ")}${paren(seatLabel(seat, G.rules[game.scenario]))}`));
  const among = (side, bot) => named.some(([seat, line]) => seat.split(":")[0] === side && line.some((x) => x.bot === bot));
  const bots = Object.entries(game.bots || {})
    .filter(([side, bot]) => !among(side, bot))
    .map(([side, bot]) => h("span", { class: `who ${side}` }, `${botName(bot)}${paren(seatLabel(side))}`));
  return [...seats, ...bots];
}
function outcomeName(game) {
  const found = (G.outcomes[game.scenario] || []).find((o) => o.id === game.outcome);
  return L(found?.name, game.outcome || "—");
}
function when(game) {
  if (game.ended) return dateTime(game.ended);
  return game.code === "H2025" ? t("historyWhen") : "—"; // the historical line: what happened in 2025
}
function row(game) {
  return h(
    "li",
    { class: "game-row", "data-code": game.code },
    h("div", { class: "game-when" }, when(game), " · ", h("span", { class: "code" }, game.code), game.public ? h("span", { class: "tag" }, t("publicTag")) : null, game.imported ? h("span", { class: "tag imported", title: t("importedHelp") }, t("importedTag")) : null),
    h("div", { class: "game-title" }, L(game.title, game.scenario)),
    h("div", { class: "game-players" }, players(game)),
    game.forked_from ? h("div", { class: "game-forked muted" }, t("forkedFrom"), " ", h("span", null, t("forkedFromLink", { code: game.forked_from.code, n: game.forked_from.step }))) : null,
    h("div", { class: "game-meta" }, h("span", null, `${t("outcome")}${colon()}`, h("b", null, outcomeName(game))), h("span", null, t("stepsN", { n: game.entries }))),
    h("div", { class: "game-watch" }, h("span", { class: "muted" }, `${t("watchReplay")}${colon()}`), watchLinks(game)),
  );
}
function filterForm() {
  const f = G.filters;
  const outcomes = new Map();
  for (const [scenario, list] of Object.entries(G.outcomes)) {
    if (f.scenario && scenario !== f.scenario) continue;
    for (const o of list) if (!outcomes.has(o.id)) outcomes.set(o.id, L(o.name, o.id));
  }
  const form = h(
    "form",
    { class: "filters", id: "games-filters" },
    h("label", null, t("scenario"), h("select", { id: "games-scenario", name: "scenario" }, h("option", { value: "" }, t("allScenarios")), S.scenarios.map((s) => h("option", { value: s.id, selected: s.id === f.scenario }, L(s.name, s.id))))),
    h("label", null, t("outcome"), h("select", { id: "games-outcome", name: "outcome" }, h("option", { value: "" }, t("allOutcomes")), [...outcomes].map(([id, name]) => h("option", { value: id, selected: id === f.outcome }, name)))),
    h("label", null, t("playerName"), h("input", { id: "games-player", name: "player", value: f.player, maxlength: "40", autocomplete: "off" })),
    h("button", { type: "submit", id: "games-show" }, t("show")),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    G.filters = { scenario: form.elements.scenario.value, outcome: form.elements.outcome.value, player: form.elements.player.value.trim() };
    G.page = 1;
    load();
  });
  return form;
}
function keyForm() {
  const form = h(
    "form",
    { class: "key-form", id: "key-form", autocomplete: "off" },
    h("h3", null, t("openWithKey")),
    h("p", { class: "help" }, t("openWithKeyHelp")),
    h("div", { class: "filters" }, h("label", null, t("roomCode"), h("input", { id: "key-code", name: "code", maxlength: "8", class: "code", required: true })), h("label", null, t("teacherKey"), h("input", { id: "key-key", name: "key", required: true })), h("button", { type: "submit", id: "key-open" }, t("openBtn"))),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const code = form.elements.code.value.trim().toUpperCase();
    const key = form.elements.key.value.trim();
    if (!code || !key) return;
    rememberKey(code, key);
    byKey.delete(code);
    openReplay(code, "instructor", 0, true);
  });
  return form;
}
function back() {
  if (G.pushed) {
    G.pushed = false;
    history.back(); // to the landing page this screen was opened from (popstate shows it)
    return;
  }
  history.replaceState(null, "", "/");
  showScreen("landing");
  render();
}
export function renderGames() {
  const r = G.result;
  const pages = r ? Math.max(1, Math.ceil(r.total / PER_PAGE)) : 1;
  const goPage = (p) => () => {
    G.page = p;
    load();
  };
  // redrawing (results arriving, a language switch) keeps what was typed and where the focus was
  const focused = document.activeElement?.id;
  const typed = [...document.querySelectorAll("#games input, #games select")].map((el) => [el.id, el.value]);
  fill(
    $("#games"),
    h(
      "div",
      { class: "card-panel games" },
      h("div", { class: "games-head" }, h("h2", { id: "games-h" }, t("pastGames")), h("button", { type: "button", id: "games-back", onclick: back }, t("back"))),
      h("p", { class: "help" }, t("pastGamesHelp")),
      filterForm(),
      G.error ? h("p", { class: "why", id: "games-error", role: "alert" }, errorText(G.error)) : null,
      G.busy && !r ? h("div", { class: "spinner", "aria-hidden": "true" }) : null,
      r && r.mine.length ? [h("h3", null, t("createdHere")), h("ul", { class: "game-list", id: "games-mine" }, r.mine.map(row))] : null,
      r && r.mine.length && r.games.length ? h("h3", null, t("playedHere")) : null,
      r ? h("ul", { class: "game-list", id: "games-list", "aria-busy": String(G.busy) }, r.games.map(row)) : null,
      r && !r.games.length && !r.mine.length ? h("p", { class: "muted", id: "games-none" }, t("noGames")) : null,
      r && pages > 1
        ? h(
            "nav",
            { class: "pager", "aria-label": t("pages") },
            h("button", { type: "button", id: "games-prev", disabled: G.page <= 1, onclick: goPage(G.page - 1) }, t("prev")),
            h("span", { id: "games-page" }, t("pageOf", { n: G.page, of: pages })),
            h("button", { type: "button", id: "games-next", disabled: G.page >= pages, onclick: goPage(G.page + 1) }, t("next")),
          )
        : null,
      keyForm(),
    ),
  );
  for (const [id, value] of typed) {
    const el = id && document.getElementById(id);
    if (!el || (el.tagName === "SELECT" && ![...el.options].some((o) => o.value === value))) continue;
    el.value = value;
  }
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
}
