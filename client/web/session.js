// The seat this browser holds: joining, resuming with the token kept in sessionStorage, the
// updates and presence news of the room, and leaving it.

import { S, SIDES, landingRoom, sideSeated } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, refusalText } from "./text.js";
import { loadRules } from "./rules.js";
import { initValues, addEntries } from "./log.js";
import { send } from "./connection.js";
import { setStatus, showScreen, toast, render } from "./ui.js";
import { renderLanding } from "./landing.js";
import { rememberSeat, rememberKey, keyFor } from "./remember.js";
import { noticesArrived, hideBroadcast } from "./notices.js";
import { rematchArrived } from "./rematch.js";
import { forgetKept, routeClass } from "./class-join.js";
import { tidyName, showsName } from "./name-tidy.js";

// what a reload needs to come back: the seat's token, or (the instructor) the room's key, which
// stays in localStorage (remember.js); a spectator simply watches again
function saveSession() {
  if (!S.room) return;
  const { code, seat, role, token, name } = S.room;
  const over = !!S.view?.outcome; // then / opens the front page, not this room (app.js)
  sessionStorage.setItem("brink.session", JSON.stringify({ code, seat, role, token, name, n: S.n, over }));
}
function clearSession() {
  sessionStorage.removeItem("brink.session");
}
export async function resume() {
  const room = S.room;
  try {
    if (room.token) {
      // a fresh page asks for the whole history (to rebuild the log and charts); a reconnect only for what it missed
      await send({ type: "resume", code: room.code, token: room.token, since: S.log.length ? S.n : 0 });
    } else {
      resetGame();
      const key = room.role === "instructor" ? keyFor(room.code) : null;
      const name = tidyName(room.name); // kept from before names were cleaned, maybe
      const msg = { type: "join", code: room.code, name: showsName(name) ? name : "guest" };
      if (key) msg.instructor_key = key;
      else if (S.ownerRoom === room.code) msg.as_owner = true; // a class room's owner, by account
      await send(msg);
    }
  } catch (err) {
    // the server cannot reach its Redis just now (restarting): it recovers by itself, so the
    // page stays "reconnecting" and asks again on this connection a little later
    if (err.code === "unavailable") {
      if (S.status !== "reconnecting") toast(refusalText(err));
      setStatus("reconnecting");
      render();
      resumeLater();
      return;
    }
    // the room's log is shorter than what this page saw (Redis lost commits): start again from 0
    if (err.code === "bad_since" && S.log.length) {
      resetGame();
      return resume();
    }
    if (["bad_token", "room_not_found", "bad_key", "broken_log"].includes(err.code)) {
      clearSession();
      S.room = null;
      seatWaited(false);
      toast(refusalText(err));
      showScreen("landing");
      renderLanding();
    }
  }
}
function resumeLater() {
  clearTimeout(S.retryTimer);
  const delay = Math.min(5000, 300 * 2 ** S.retries);
  S.retries += 1;
  S.retryTimer = setTimeout(() => S.room && S.wsReady && resume(), delay);
}
// acts whose connection went before their answer wait here for the seat to be back (moves.js)
const seatWaiters = [];
export function seatBack() {
  return new Promise((resolve) => seatWaiters.push(resolve));
}
function seatWaited(back) {
  for (const resolve of seatWaiters.splice(0)) resolve(back);
}
export function resetGame() {
  S.endClosed = false;
  S.log = [];
  S.values = {};
  S.history = [];
  S.n = 0;
  S.presence = {};
  S.left = {}; // seat -> the name of who gave it up, while it is free
  S.given = {}; // seat -> whom the instructor gave it to, until they sit down
  S.lobbySkipped = false;
  $("#log").replaceChildren();
}
export async function onJoined(msg) {
  const fresh = !S.room || S.room.code !== msg.code;
  // the rematch of a room this browser holds the key of: that key opens the rematch too
  const before = fresh && S.room && S.log.some((item) => item.notice?.kind === "rematch" && item.notice.room === msg.code) ? keyFor(S.room.code) : null;
  const again = !fresh && S.log.length > 0; // a reconnect: what it missed happened meanwhile
  // a new room, or this one opened again (a reload: its seat kept, nothing of its game known
  // yet): set up afresh before who is here is read below (it was wiped after: a holder away
  // read as here)
  if (fresh || !S.log.length) resetGame();
  // in_class: the class gives this room's seats (a join with one is refused class_seat)
  // forked_from: a "what if" room's game and step it continues (its table says so)
  S.room = { code: msg.code, seat: msg.seat, role: msg.role, token: msg.token, scenario: msg.scenario, inClass: !!msg.in_class, forkedFrom: msg.forked_from || null, name: S.name || S.room?.name };
  if (msg.role === "instructor" && S.pendingKey) rememberKey(msg.code, S.pendingKey);
  S.pendingKey = null;
  if (before) rememberKey(msg.code, before);
  // the rules the game was played with (its first event names them), not only the files'
  const started = (msg.entries || []).find((e) => e.event?.type === "game_started");
  S.rules = await loadRules(msg.scenario, started?.event.rules_hash);
  // a room opens in its language unless this browser chose one (the button) or is set to English
  // or Chinese: its landing page was in that language, and so stays its table (a class's join
  // page is already in the class's language: tests/web/test_class_language.py)
  const own = navigator.language || "";
  const browserLang = own.startsWith("zh") || own.startsWith("en");
  if (fresh && !localStorage.getItem("brink.lang") && !browserLang && (msg.language === "en" || msg.language === "zh")) S.lang = msg.language;
  S.seats = msg.seats || {};
  // who is connected now (the server's count, on every process); a server without it: assumed here
  const present = msg.present || {};
  for (const [seat, holder] of Object.entries(S.seats)) if (holder) S.presence[seat] = present[seat] || S.presence[seat] || "here";
  if (msg.seat && msg.role === "player") S.presence[msg.seat] = "here";
  // the seats given on whose new holder has not sat down yet, as the server keeps them (a page
  // opened again read such a seat as away: its old holder's connection had closed); a server
  // without `given`: as this page heard it
  if (msg.given) S.given = { ...msg.given };
  if (!Object.keys(S.values).length) initValues();
  addEntries(msg.entries);
  S.view = msg.view;
  S.options = msg.options;
  S.deadline = msg.deadline;
  S.n = msg.n;
  if (S.status === "reconnecting" && S.wsReady) setStatus("connected"); // a resume asked again
  saveSession();
  if (msg.token) rememberSeat(msg.code, msg.seat, msg.token); // for replaying the game later
  const url = new URL(location.href);
  if (url.searchParams.get("room") !== msg.code) {
    url.searchParams.set("room", msg.code);
    history.replaceState(null, "", url);
  }
  seatWaited(true);
  if (again) rematchArrived(msg.entries); // a rematch made meanwhile: move there too
  const arriving = S.screen !== "table" && S.screen !== "lobby";
  if (arriving) showScreen(needLobby() ? "lobby" : "table");
  render();
  // the table from its top (the banner: whose turn), not where the landing page was scrolled to:
  // on a phone, Play a bot and Quick match are screens down, and the table opened at the talks
  if (arriving) window.scrollTo(0, 0);
}
export function onUpdate(msg) {
  if (!S.room) return;
  if (noticesArrived(msg.entries, seatGone)) return;
  S.armedBreak = null; // a card armed to break a deal asks again after any change
  if (S.picks) S.picks.armed = false; // so do cards picked together (picks.js)
  addEntries(msg.entries);
  S.view = msg.view;
  S.options = msg.options;
  S.deadline = msg.deadline;
  S.n = msg.n;
  saveSession();
  if (S.screen === "lobby" && !needLobby()) showScreen("table");
  render();
  rematchArrived(msg.entries); // a rematch made: this page takes its seat there
}
export function onPresence(msg) {
  if (msg.status === "left") {
    // the seat is free again; if it was ours (given up in another tab), we are out of the room
    delete S.seats[msg.seat];
    delete S.presence[msg.seat];
    delete S.given[msg.seat]; // given on, then given up before its new holder sat down
    if (S.room?.role === "player" && S.room.seat === msg.seat) {
      if (S.classFollowing) return; // a class's student: the class says where they sit now
      toast(t("seatGivenUp"));
      leave(false);
      return;
    }
    seatLeft(msg);
  } else if (msg.status === "joined" || msg.status === "here") {
    S.seats[msg.seat] = msg.name;
    S.presence[msg.seat] = "here";
    delete S.left[msg.seat];
    delete S.given[msg.seat];
  } else if (msg.status === "away") S.presence[msg.seat] = "away";
  else if (msg.status === "bot") S.seats[msg.seat] = msg.name; // a bot stands in for the side
  if (S.screen === "lobby" && !needLobby()) showScreen("table");
  render();
}
// Someone gave a seat of the room up: the banner says so while it is free (banner.js, from
// S.left); the log's line for it is the room's own `seat_left` notice (notices.js), which its
// replays show too. A game that is over keeps its seats: no `left`.
function seatLeft(msg) {
  if (!S.view || S.view.outcome) return;
  S.left[msg.seat] = msg.name;
}
// A class's student taken out of their seat by the class (protocol §24): let in again, their seat
// is played from the device they joined on since (bad_class_token); taken out of the class
// (left_class). The server has let the seat go: this page leaves the table for a screen saying
// why, with the way back to the class's join page (which asks for the name afresh).
const CLASS_GONE = ["bad_class_token", "left_class"];
export function onRefused(msg) {
  if (!CLASS_GONE.includes(msg.code) || !S.classFollowing) return false;
  const classCode = (new URL(location.href).searchParams.get("class") || "").toUpperCase();
  forgetKept(classCode); // the class token kept holds no place any more
  S.classFollowing = false;
  leave(false);
  S.gone = { why: msg.code, classCode };
  showScreen("gone");
  render();
  return true;
}
export function renderGone() {
  const { why, classCode } = S.gone || { why: "left_class", classCode: "" };
  fill(
    $("#gone"),
    h(
      "div",
      { class: "card-panel center gone" },
      h("h2", { id: "gone-h" }, t(`goneTitle_${why}`)),
      h("p", { id: "gone-why" }, t(`goneHelp_${why}`)),
      h("a", { href: `/?class=${encodeURIComponent(classCode)}`, id: "gone-back", class: "watch" }, t("goneBack")),
    ),
  );
}
function needLobby() {
  if (!S.room || S.lobbySkipped || S.room.role !== "player") return false;
  if (S.view && S.view.outcome) return false;
  return SIDES.some((s) => !sideSeated(s));
}
// The instructor gave this browser's seat to someone else: say so, and leave the room (the
// server has let the seat go already).
function seatGone(why) {
  // a class's student stays the class's: its join screen follows it again and says where the
  // class seats them now (nowhere, until the teacher moves them: "Waiting for your teacher…")
  const classCode = S.classFollowing ? new URL(location.href).searchParams.get("class") : null;
  leave(false);
  toast(why);
  if (!classCode) return;
  history.replaceState(null, "", `/?class=${encodeURIComponent(classCode)}`);
  routeClass();
}
// Leave the room: a player's seat is given up on the server (free for someone else) unless the
// game is over; `tell` false when the server has already let us go.
export async function leave(tell = true) {
  if (tell && S.room && S.wsReady) {
    try {
      await Promise.race([send({ type: "leave" }), new Promise((resolve) => setTimeout(resolve, 3000))]);
    } catch {
      /* refused or the connection dropped: closing it is all that is left to do */
    }
  }
  clearSession();
  seatWaited(false);
  const ws = S.ws;
  S.room = null;
  S.view = null;
  S.ws = null;
  ws?.close();
  setStatus("idle");
  history.replaceState(null, "", "/");
  landingRoom.info = null;
  resetGame();
  hideBroadcast(); // the teacher's words were for the room left, whichever way it was left
  showScreen("landing");
  $("#end").hidden = true;
  render();
}
