// Brinkmanship browser client: plain ES modules, no build step, nothing from a CDN.
// The protocol is docs/protocol.md; the rules (names, texts, cards, terms) come from
// GET /api/rules/{scenario}; what a seat may do now comes with each update's `options`.
//
// This file only wires the modules together: what the server sends goes to session.js, render()
// draws the screen that shows, and start() sets the page up.

import { S } from "./state.js";
import { $ } from "./dom.js";
import { refusalText } from "./text.js";
import { tidySaid } from "./name-tidy.js";
import { connect, send, onServer, newCid } from "./connection.js";
import { setStatus, showScreen, toast, setRenderer, applyStaticTexts, setLang } from "./ui.js";
import { resume, onJoined, onUpdate, onPresence, onRefused, renderGone } from "./session.js";
import { wireLeave, givesUpGame, closeLeaveAsk } from "./leave.js";
import { renderLanding, renderQueued } from "./landing.js";
import { renderLobby } from "./lobby.js";
import { renderTable } from "./table.js";
import { chatToChosen } from "./chat-to.js";
import { tickTimer } from "./banner.js";
import { act } from "./moves.js";
import { renderGames, openGames } from "./games.js";
import { renderReplay, openReplay } from "./replay.js";
import { renderInstructor, openInstructor } from "./instructor.js";
import { routeClass, renderClassJoin } from "./class-join.js";
import { renderClassConsole } from "./class-console.js";
import { seatFromLink } from "./notices.js";
import { renderDebrief, routeDebrief } from "./debrief.js";

// Where the keyboard was: a control that a move disables or an update redraws away leaves the
// focus on the page's body, and a keyboard user would start again from the top. The control takes
// the focus back at the next drawing; while it is gone or disabled, the panel it was in holds the
// focus ("parked"), and hands it back to the control once it is there again. (After a mouse
// press the browser shows no focus ring there: :focus-visible follows the last input.)
let lastFocus = null;
let parked = null;
document.addEventListener("focusin", (e) => {
  const el = e.target;
  if (!(el instanceof HTMLElement) || !el.id || el.id === parked) return;
  parked = null;
  const panel = el.closest("section[id]");
  lastFocus = { id: el.id, panel: panel && panel !== el ? panel.id : null };
});

const focusable = (el) => el && !el.disabled && el.offsetParent !== null;

function refocus(focused) {
  const active = document.activeElement;
  const parkedHere = parked !== null && active?.id === parked;
  const lost = !active || active === document.body || parkedHere;
  const wanted = lost ? lastFocus?.id : focused;
  if (!wanted || active?.id === wanted) return;
  const again = document.getElementById(wanted);
  if (focusable(again)) {
    again.focus({ preventScroll: true });
    return;
  }
  const panel = lost && !parkedHere && lastFocus?.panel ? document.getElementById(lastFocus.panel) : null;
  if (focusable(panel)) {
    if (!panel.hasAttribute("tabindex")) panel.setAttribute("tabindex", "-1");
    parked = panel.id;
    panel.focus({ preventScroll: true });
  }
}

function render() {
  applyStaticTexts();
  const focused = document.activeElement && document.activeElement.id;
  if (S.screen === "landing") renderLanding();
  else if (S.screen === "queued") renderQueued();
  else if (S.screen === "lobby") renderLobby();
  else if (S.screen === "table" && S.view) renderTable();
  else if (S.screen === "games") renderGames();
  else if (S.screen === "replay") renderReplay();
  else if (S.screen === "instructor") {
    renderInstructor();
    renderClassConsole();
  } else if (S.screen === "classjoin") renderClassJoin();
  else if (S.screen === "debrief") renderDebrief();
  else if (S.screen === "gone") renderGone();
  if (!givesUpGame()) closeLeaveAsk(); // the game ended, or the seat went, while it was asked
  refocus(focused);
}
// Past games: /?game=CODE&step=N&as=VIEWER opens the replay viewer, /?games=1 the Games screen.
function routePastGames() {
  const url = new URL(location.href);
  const game = url.searchParams.get("game");
  if (game) openReplay(game, url.searchParams.get("as"), url.searchParams.get("step"));
  else if (routeDebrief(url)) return true;
  else if (url.searchParams.has("games")) openGames(false);
  else if (url.searchParams.has("instructor")) {
    openInstructor(false);
    connect(); // the class console talks over the socket, signed in by the session cookie
  }
  else return false;
  return true;
}
async function start() {
  for (const b of document.querySelectorAll(".lang button")) b.addEventListener("click", () => setLang(b.dataset.lang));
  wireLeave();
  $("#chat-team").addEventListener("change", chatToChosen);
  $("#chat-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const input = $("#chat-text");
    const text = tidySaid(input.value);
    if (!text) return;
    try {
      await send({ type: "chat", cid: newCid(), text, team: $("#chat-team").checked });
      input.value = "";
    } catch (err) {
      toast(err.code ? refusalText(err) : err.message);
    }
  });
  setInterval(tickTimer, 250);
  // for tests and for people debugging in the console
  window.brink = { state: S, drop: () => S.ws && S.ws.close(), setLang, act };
  applyStaticTexts();
  try {
    S.scenarios = await (await fetch("/api/scenarios")).json();
    S.scenarios.sort((a, b) => (a.id === "intro" ? -1 : b.id === "intro" ? 1 : a.rounds - b.rounds));
  } catch {
    S.scenarios = [{ id: "intro", rounds: 3, name: { en: "intro", zh: "intro" } }];
  }
  seatFromLink(); // a seat the instructor handed over: /?room=CODE#seat=…&token=…
  const saved = JSON.parse(sessionStorage.getItem("brink.session") || "null");
  const code = (new URL(location.href).searchParams.get("room") || "").toUpperCase();
  window.addEventListener("popstate", () => {
    if (S.room) return;
    if (!routeClass() && !routePastGames()) {
      showScreen("landing");
      render();
    }
  });
  if (routeClass()) {
    // a class's student (/?class=CODE) or a class room's owner (/?room=CODE&as=owner)
  } else if (!code && routePastGames()) {
    // a replay needs no websocket; the landing page connects when it is used
  } else if (saved && saved.code && (code === saved.code || (!code && !saved.over))) {
    // a reload comes back to the room: a player with the seat's token, the instructor with the key;
    // the front page (/) once its game is over (its link, /?room=CODE, still opens it)
    S.room = { code: saved.code, seat: saved.seat, role: saved.role || "player", token: saved.token, scenario: null, name: saved.name };
    showScreen("table");
    setStatus("connecting");
    connect(); // welcome → resume
  } else {
    showScreen("landing");
    render();
    connect();
  }
  document.body.dataset.ready = "1";
}
onServer({ resume, joined: onJoined, update: onUpdate, presence: onPresence, refused: onRefused });
setRenderer(render);
start();
