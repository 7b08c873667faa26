// The replay viewer's tools for the game as a whole: "continue from here" (POST
// /api/games/CODE/fork: a new live room that plays on from the step, the other side a bot —
// the original's, the turn timers and the language as the original room had them, unless changed
// here; the browser keeps the new room's instructor key and sits down in it at once, as the
// landing page's forms do), the rooms continued from this game (links to their replays), making a finished
// game public (the instructor's key only) and downloading its record (the all-seeing).

import { BOTS } from "./i18n.js";
import { S, SIDES, other } from "./state.js";
import { $, h } from "./dom.js";
import { t, sideName, refusalText } from "./text.js";
import { send, whenConnected } from "./connection.js";
import { tidyName, showsName } from "./name-tidy.js";
import { headersFor, keyFor, rememberKey } from "./remember.js";

async function post(path, code, body) {
  const res = await fetch(path, { method: "POST", headers: { ...headersFor(code), "Content-Type": "application/json" }, body: JSON.stringify(body), cache: "no-store" });
  if (!res.ok) {
    // the server's reason, where it gave one ({"error": code, "message": …}), not only the status
    const said = await res.json().catch(() => ({}));
    const err = new Error(said.message || `${t("error")} ${res.status}`);
    err.status = res.status;
    if (typeof said.error === "string") err.code = said.error;
    if (typeof said.reason === "string") err.reason = said.reason;
    throw err;
  }
  return res.json();
}
// why a step cannot be played on from (the server's `reason`), in the reader's words
const FORK_REFUSED = { over: "cannotFork", not_begun: "cannotForkNotBegun", no_step: "cannotForkNoStep" };
// the sides one may sit at in the new room: any for the all-seeing; a player, their own (the
// server refuses the other: own_side_only, as it would show the hand they never saw)
const playable = (R) => (R.summary.views.includes("instructor") ? SIDES : SIDES.filter((s) => R.summary.views.includes(s)));
const mayFork = (R) => R.summary.views.includes("instructor") || (!!R.summary.outcome && playable(R).length > 0);

function say(id, text) {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
}
// the bot the original room had on the side, else the planner
const botOf = (R, side) => (R.summary.bots?.[side] in BOTS.en ? R.summary.bots[side] : "planner");
// the all-seeing may leave a seat free for a player (the new room's invite link then shows, as
// the lobby's does), and need not sit down at all: they watch all-seeing (WATCH)
const WATCH = "instructor";
function botSelect(R, id, side, free) {
  const bots = Object.keys(BOTS.en).map((b) => h("option", { value: b, selected: b === botOf(R, side) }, BOTS[S.lang][b]));
  return h("select", { id, name: id }, free ? [...bots, h("option", { value: "" }, t("forkNoBot"))] : bots);
}
function forkForm(R, act) {
  const sides = playable(R);
  const mine = sides.includes(R.as) ? R.as : sides[0]; // the side watched, if it is a side's view
  const seeing = R.summary.views.includes("instructor");
  // the original room's settings (a game kept before they were: a new room's)
  const kept = R.summary.settings || { timers: true, language: S.lang };
  // the form's seats: the other side's (#fork-bot), or, watching, each side's (the second's:
  // #fork-bot-2, Washington's, shown only then). A choice is its side's: a select shows the
  // choice of the side it stands for now (the original room's bot until one is chosen), so a
  // bot chosen for Beijing while watching is not Washington's once you play Beijing
  const choice = {}; // side -> a bot, or "" (the all-seeing's "Nobody")
  const botFor = (side) => (side in choice ? choice[side] : botOf(R, side));
  const sideOf = (id, picked) => (id === "fork-bot-2" ? "washington" : picked === WATCH ? "beijing" : other(picked));
  const seats = (picked) => {
    const watching = picked === WATCH;
    $("#fork-bot-2-field").hidden = !watching;
    $("#fork-bot-label").textContent = watching ? sideName("beijing") : t("otherBot");
    $("#fork-bot").value = botFor(sideOf("fork-bot", picked));
    $("#fork-bot-2").value = botFor("washington");
  };
  const form = h(
    "form",
    { id: "fork-form", class: "fork-form" },
    h("p", { class: "help small" }, t("continueHelp")),
    h(
      "fieldset",
      { class: "seats-pick" },
      h("legend", null, t("youPlay")),
      [...sides, ...(seeing ? [WATCH] : [])].map((s) =>
        h("label", { class: `pick ${s}` }, h("input", { type: "radio", name: "side", value: s, id: `fork-side-${s}`, checked: s === mine, onchange: () => seats(s) }), s === WATCH ? t("forkWatch") : sideName(s)),
      ),
    ),
    h("label", { class: "fork-field", id: "fork-bot-2-field", hidden: true }, h("span", null, sideName("washington")), botSelect(R, "fork-bot-2", "washington", seeing)),
    h("label", { class: "fork-field" }, h("span", { id: "fork-bot-label" }, t("otherBot")), botSelect(R, "fork-bot", other(mine), seeing)),
    seeing ? h("p", { class: "help small" }, t("forkNoBotHelp")) : null,
    h("p", { class: "help small" }, t("forkKept")),
    h("label", { class: "check" }, h("input", { type: "checkbox", id: "fork-timers", name: "timers", checked: kept.timers !== false }), " ", t("timers")),
    h(
      "label",
      { class: "fork-field" },
      h("span", null, t("language")),
      h("select", { id: "fork-language", name: "language" }, h("option", { value: "en", selected: kept.language !== "zh" }, "English"), h("option", { value: "zh", selected: kept.language === "zh" }, "中文")),
    ),
    h("label", { class: "fork-field" }, h("span", null, t("yourName")), h("input", { id: "fork-name", name: "name", maxlength: "40", value: S.name, placeholder: S.lang === "zh" ? "小明" : "Ada", autocomplete: "nickname" })),
    h("button", { type: "submit", class: "primary", id: "fork-go" }, t("startFrom", { n: R.rest })),
    h("p", { class: "why", id: "fork-error", role: "alert" }),
  );
  for (const id of ["fork-bot", "fork-bot-2"]) {
    const select = form.querySelector(`#${id}`);
    select.addEventListener("change", () => (choice[sideOf(id, form.elements.side.value)] = select.value));
  }
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const button = $("#fork-go");
    button.disabled = true;
    say("fork-error", "");
    const side = form.elements.side.value;
    // cleaned as the front page cleans a name (the server refuses control and direction
    // characters), and shown so in its field
    const tidy = tidyName(form.elements.name.value);
    form.elements.name.value = tidy;
    const name = showsName(tidy) ? tidy : S.lang === "zh" ? "玩家" : "player";
    try {
      // each seat not taken here: a bot, or (the all-seeing's choice) free for a player — as
      // the form shows it: the selects shown, each for the side it stands for now
      const watching = side === WATCH;
      const bots = {};
      for (const id of watching ? ["fork-bot", "fork-bot-2"] : ["fork-bot"]) {
        const bot = form.elements[id].value;
        if (bot) bots[sideOf(id, side)] = bot;
      }
      const body = { step: R.rest, bots, language: form.elements.language.value, timers: form.elements.timers.checked };
      const got = await post(`/api/games/${encodeURIComponent(R.code)}/fork`, R.code, body);
      rememberKey(got.code, got.instructor_key); // none for a player's fork
      S.instructorKey = got.instructor_key ? { code: got.code, key: got.instructor_key } : null;
      S.name = name;
      localStorage.setItem("brink.name", name);
      act.leave(); // the replay stops; the live room takes the page
      history.replaceState(null, "", "/");
      await whenConnected();
      // the all-seeing who does not sit down watches the new room with its key (as the landing
      // page's teacher does); a free seat's invite link shows there, as in any lobby
      if (watching) await send({ type: "join", code: got.code, name, instructor_key: got.instructor_key });
      else await send({ type: "join", code: got.code, seat: side, name });
    } catch (err) {
      say("fork-error", err.status === 409 ? t(FORK_REFUSED[err.reason] || "cannotFork") : err.code ? refusalText(err) : err.message);
      button.disabled = false;
    }
  });
  return form;
}
function publicTools(R) {
  if (R.as !== "instructor" || !R.summary.outcome || !keyFor(R.code)) return null;
  const state = () => (R.summary.public ? t("isPublic") : "");
  const button = h("button", { type: "button", id: "rp-public", "aria-pressed": String(!!R.summary.public) }, R.summary.public ? t("makePrivate") : t("makePublic"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const want = !R.summary.public;
      await post(`/api/games/${encodeURIComponent(R.code)}/public`, R.code, { public: want });
      R.summary.public = want;
      button.textContent = want ? t("makePrivate") : t("makePublic");
      button.setAttribute("aria-pressed", String(want));
      say("rp-public-state", state());
    } catch (err) {
      say("rp-public-state", err.status === 409 ? t("onlyFinished") : err.message);
    } finally {
      button.disabled = false;
    }
  });
  return h("div", { class: "rp-public" }, button, h("span", { id: "rp-public-state", class: "small", role: "status" }, state()));
}
// the record itself (GET /api/games/CODE/record: whoever may open the game all-seeing), saved as
// CODE.jsonl for `brink replay FILE --verify` or `brink games import` on another server; asked
// for with the browser's credentials, which a plain link would not send
function recordTools(R) {
  if (!R.summary.views.includes("instructor")) return null;
  const button = h("button", { type: "button", id: "rp-record" }, t("downloadRecord"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    say("rp-record-state", "");
    try {
      const res = await fetch(`/api/games/${encodeURIComponent(R.code)}/record`, { headers: headersFor(R.code), cache: "no-store" });
      if (res.ok) {
        const url = URL.createObjectURL(await res.blob());
        const link = h("a", { href: url, download: `${R.code.replace(/[^A-Za-z0-9_-]/g, "_")}.jsonl` });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
      } else say("rp-record-state", `${t("error")} ${res.status}`);
    } catch {
      say("rp-record-state", t("offline"));
    }
    button.disabled = false;
  });
  return h("div", { class: "rp-record" }, h("div", { class: "rp-public" }, button, h("span", { id: "rp-record-state", class: "small", role: "status" })), h("p", { class: "help small" }, t("downloadRecordHelp")));
}
export function forkPanel(R, act) {
  const forks = R.summary.forks || [];
  const open = (code) => (ev) => {
    ev.preventDefault();
    act.open(code);
  };
  const parts = [
    mayFork(R) ? h("details", { class: "rp-continue", id: "rp-continue" }, h("summary", { id: "rp-continue-btn" }, t("continueHere")), forkForm(R, act)) : null,
    forks.length ? [h("h3", null, t("forks")), h("ul", { id: "rp-forks", class: "rp-forks" }, forks.map((code) => h("li", null, h("a", { href: `/?game=${encodeURIComponent(code)}`, class: "watch code", "data-code": code, onclick: open(code) }, code))))] : null,
    publicTools(R),
    recordTools(R),
  ].filter(Boolean);
  return parts.length ? h("section", { class: "panel rp-tools", id: "rp-tools" }, parts) : null;
}
export function updateFork(R) {
  const go = $("#fork-go");
  const at = `${R.n}/${R.rest}`; // the step, and where a game from it starts (known once loaded)
  if (!go || go.dataset.at === at) return;
  go.dataset.at = at;
  // a step inside a move plays on from before that move: the button says which step
  go.textContent = t("startFrom", { n: R.rest });
  // where there is surely nothing to play on from (before the first move, at a finished game's
  // end) the button is not offered, and the page says why, as the server would refuse it
  const why = R.rest === 0 ? "cannotForkNotBegun" : R.summary.outcome && R.rest >= R.of ? "cannotFork" : null;
  go.disabled = !!why;
  say("fork-error", why ? t(why) : ""); // else: said of another step
}
