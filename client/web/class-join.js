// A student in a class: join by the class code and one's name (/?class=CODE, the link or QR code
// the teacher shows), then follow the class over the websocket and sit in the seat it gives.
// The class token is kept in localStorage ("brink.classes": code -> {token, name}), so a reload,
// another tab or coming back later finds the seat again; when the teacher moves the student, the
// server says so (a pushed class_followed) and the page moves to the new seat by itself. A pushed
// class_followed for the seat held already brings whom the room's other seats wait for now.
// Also: the owner of a class room opens it all-seeing by account (/?room=CODE&as=owner).

import { S } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, seatLabel, refusalText } from "./text.js";
import { send, connect, whenConnected, onMessageType, onWelcome } from "./connection.js";
import { showScreen, toast, render, setStatus } from "./ui.js";
import { classRefusal } from "./class-refusal.js";
import { keepPresenting } from "./debrief-present.js";

const KEY = "brink.classes";
const C = { code: "", info: null, error: "", busy: false, following: null, place: null, asking: false, resuming: "" };

function kept() {
  try {
    const found = JSON.parse(localStorage.getItem(KEY) || "{}");
    return found && typeof found === "object" ? found : {};
  } catch {
    return {};
  }
}
// the class token kept for class `code`, dropped (it holds no place any more: session.js)
export function forgetKept(code) {
  keep(code, null);
}
function keep(code, entry) {
  const all = kept();
  if (entry) all[code] = entry;
  else delete all[code];
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    /* storage refused: the student joins again by name after a reload (the teacher lets them in) */
  }
}

// The page was opened as /?class=CODE (or /?class= to type the code), or as a class room's
// owner: handle it here and return true; else return false.
export function routeClass() {
  const url = new URL(location.href);
  if (url.searchParams.get("as") === "owner" && url.searchParams.get("room")) {
    S.ownerRoom = url.searchParams.get("room").toUpperCase();
    // its number in the class, as the dashboard's link says it (a link without it: the code)
    const n = Number(url.searchParams.get("n"));
    if (Number.isInteger(n) && n > 0 && n < 1000) S.roomNumbers[S.ownerRoom] = n;
    // its class's students a side: its controls offer those seats only
    const team = Number(url.searchParams.get("team"));
    if ([1, 2, 3].includes(team)) S.roomTeams[S.ownerRoom] = team;
    S.room = { code: S.ownerRoom, seat: "instructor", role: "instructor", token: null, scenario: null, name: "" };
    showScreen("table");
    setStatus("connecting");
    // the link's number and team are only the dashboard's word: the server says, whatever link
    // or reload opened the page, before the table (and its Controls) is drawn
    classOfRoom(S.ownerRoom).finally(() => connect()); // welcome → resume → join as the owner (session.js)
    return true;
  }
  if (!url.searchParams.has("class")) return false;
  C.code = cleanCode(url.searchParams.get("class"));
  showScreen("classjoin");
  render();
  if (C.code) lookUp(C.code);
  return true;
}

// The class of a room its owner opened (its number there and the class's team size), from the
// server; nothing changes if it cannot say (another's room, the network away).
async function classOfRoom(room) {
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(room)}/class`, { cache: "no-store" });
    if (!res.ok) return;
    const found = await res.json();
    if (Number.isInteger(found.number)) S.roomNumbers[room] = found.number;
    if ([1, 2, 3].includes(found.team)) S.roomTeams[room] = found.team;
  } catch {
    /* the link's number and team (if any) stand */
  }
}

async function lookUp(code) {
  C.error = "";
  C.info = null;
  try {
    const res = await fetch(`/api/classes/${encodeURIComponent(code)}/public`, { cache: "no-store" });
    if (res.status === 404) C.error = t("clNoClass");
    else if (res.ok) C.info = await res.json();
  } catch (err) {
    C.error = err.message;
  }
  // the class opens in its teacher's language unless this browser chose one (the button): not
  // kept as the student's own choice, so the front page and a stranger's room afterwards are in
  // the browser's language still, and a class in the other language opens in its own
  if (C.info && !localStorage.getItem("brink.lang") && C.info.language !== S.lang) {
    S.lang = C.info.language;
    render();
  }
  const mine = kept()[code];
  // an ended class takes nobody new: renderClassJoin says so, with no form (a link from last week)
  if (C.info && mine?.token) await follow(code, mine.token);
  else render();
}

async function joinClass(ev) {
  ev.preventDefault();
  const form = ev.target;
  const code = cleanCode(form.elements.code.value);
  const name = form.elements.name.value.trim();
  if (!code || !name) return;
  if (code !== C.code || !C.info) {
    C.code = code;
    const url = new URL(location.href);
    url.searchParams.set("class", code);
    history.replaceState(null, "", url);
    await lookUp(code);
    if (!C.info) return;
  }
  C.busy = true;
  C.error = "";
  render();
  try {
    const res = await fetch(`/api/classes/${code}/join`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name }),
    });
    const body = await res.json();
    if (!res.ok) {
      C.error = classRefusal(body, res.status);
      return;
    }
    S.name = body.name;
    localStorage.setItem("brink.name", body.name);
    keep(code, { token: body.token, name: body.name });
    await follow(code, body.token);
  } catch (err) {
    C.error = err.message;
  } finally {
    C.busy = false;
    render();
  }
}

async function follow(code, token) {
  C.following = { code, token };
  S.classFollowing = true;
  // asking: the welcome of the socket this opens must not follow the class a second time (two
  // answers would resume the seat twice, and the second is refused: already_joined)
  C.asking = true;
  try {
    await whenConnected();
    const reply = await send({ type: "follow_class", code, token });
    C.asking = false;
    await placed(reply, false);
  } catch (err) {
    C.asking = false;
    if (err.code === "bad_class_token" || err.code === "class_not_found") {
      keep(code, null); // the teacher let this student in again, or the class is gone
      C.following = null;
      S.classFollowing = false;
      C.error = err.code === "bad_class_token" ? t("clTokenGone") : t("clNoClass");
      showScreen("classjoin");
    } else C.error = err.message;
    render();
  }
}

// Where the class seats the student: go there (a room's seat, with its token), or wait.
async function placed(msg, moved) {
  C.place = msg;
  if (msg.room && msg.room_number) S.roomNumbers[msg.room] = msg.room_number;
  // whom the class gives each seat of the room (seat -> name): a seat nobody sits in yet waits
  // for that student (texts clSeatAwaits, clLobbyWaitingFor, for the room's lobby)
  S.classSeats = msg.room ? { room: msg.room, names: msg.room_seats || {} } : null;
  if (!msg.room || !msg.token) {
    showScreen("classjoin");
    render();
    return;
  }
  // the seat it holds already: told again as the class changed (a classmate moved in or out of
  // the room, the room renumbered), the lobby names whom each seat waits for now
  if (S.room && S.room.code === msg.room && S.room.seat === msg.seat && S.room.token === msg.token && S.screen !== "classjoin") {
    render();
    return;
  }
  const seat = `${msg.room}|${msg.seat}|${msg.token}`;
  if (C.resuming === seat) return; // that seat is being resumed already
  // the room as the dashboard names it ("Room 2"), if the server said its number
  if (moved) toast(msg.room_number ? t("clMovedN", { seat: seatLabel(msg.seat), n: msg.room_number, room: msg.room }) : t("clMoved", { seat: seatLabel(msg.seat), room: msg.room }), "info");
  S.room = { code: msg.room, seat: msg.seat, role: "player", token: msg.token, scenario: null, name: msg.name };
  S.name = msg.name;
  S.log = [];
  S.n = 0;
  // not awaited: a push is handled inside the socket's message loop, which the reply must pass
  C.resuming = seat;
  send({ type: "resume", code: msg.room, token: msg.token, since: 0 })
    .then(keepPresenting) // the seat is back while the class watches the teacher's presentation
    .catch((err) => toast(refusalText(err)))
    .finally(() => {
      if (C.resuming === seat) C.resuming = "";
    });
}

// After every welcome (a reconnect): follow the class again (the seat may have moved meanwhile).
onWelcome(() => {
  if (C.following && !C.asking) send({ type: "follow_class", code: C.following.code, token: C.following.token }).then((m) => placed(m, false)).catch(() => {});
});
onMessageType("class_followed", (msg, answered) => {
  if (!answered) placed(msg, true);
});

// A class code as typed: the join page shows it letter-spaced, so students type the spaces (and
// may type lower case). Dropped before the field's limit of 8, which would otherwise keep "W V B 9".
export function cleanCode(text) {
  return String(text || "").replace(/\s+/g, "").toUpperCase().slice(0, 8);
}
function codeInput(attrs) {
  const input = h("input", { ...attrs, maxlength: "24", autocapitalize: "characters", class: "code", spellcheck: "false", autocomplete: "off" });
  input.addEventListener("input", () => {
    const clean = cleanCode(input.value);
    if (clean !== input.value) input.value = clean;
  });
  return input;
}

// A card for the landing page: type the class code, and go to the class's join screen.
export function classJoinCard() {
  const form = h(
    "form",
    { class: "card-panel", id: "class-card", "aria-labelledby": "class-card-h" },
    h("h2", { id: "class-card-h" }, t("clJoinTitle")),
    h("p", { class: "help" }, t("clJoinCardHelp")),
    h("div", { class: "field" }, h("label", { for: "class-card-code" }, t("clCode")), codeInput({ id: "class-card-code", name: "code", placeholder: "K7QX2", required: true })),
    h("button", { type: "submit", id: "class-card-go" }, t("clGo")),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const code = cleanCode(form.elements.code.value);
    if (!code) return;
    history.pushState(null, "", `/?class=${encodeURIComponent(code)}`);
    routeClass();
  });
  return form;
}

export function renderClassJoin() {
  const el = $("#classjoin");
  if (C.following && C.place && !C.place.room) {
    fill(el, h("div", { class: "card-panel center class-wait" }, h("div", { class: "spinner", "aria-hidden": "true" }), h("h2", null, t("clIn", { name: C.place.name })), h("p", null, t("clWaitSeat"))));
    return;
  }
  if (C.following && !C.error) {
    fill(el, h("div", { class: "card-panel center class-wait" }, h("div", { class: "spinner", "aria-hidden": "true" }), h("p", null, t("clFindingSeat"))));
    return;
  }
  // an ended class takes nobody: no form, but what a student can still do (this device kept no
  // place in it: one that did follows the class to its game's end)
  if (C.info?.state === "ended" && !C.following) {
    fill(
      el,
      h(
        "div",
        { class: "card-panel center class-join class-ended", id: "class-ended" },
        h("h1", { id: "class-join-h" }, C.info.title),
        h("p", { class: "class-ended-said", role: "status" }, t("clErr_class_over")),
        h("p", { class: "help" }, t("clEndedHelp")),
        h("p", null, h("a", { href: "/?class=", id: "class-other" }, t("clOtherClass"))),
      ),
    );
    return;
  }
  const title = C.info ? C.info.title : t("clJoinTitle");
  fill(
    el,
    h(
      "form",
      { class: "card-panel center class-join", id: "class-join-form", onsubmit: joinClass },
      h("h1", { id: "class-join-h" }, title),
      // no class found (yet): what is asked for is the code
      h("p", { class: "help" }, t(!C.info ? "clJoinCardHelp" : C.info.mode === "roster" ? "clRosterHelp" : "clOpenHelp")),
      h("div", { class: "field" }, h("label", { for: "class-code" }, t("clCode")), codeInput({ id: "class-code", name: "code", value: C.code, required: true })),
      h("div", { class: "field" }, h("label", { for: "class-name" }, t("clYourName")), h("input", { id: "class-name", name: "name", maxlength: "40", value: $("#class-name")?.value || S.name || "", autocomplete: "name", required: true })),
      h("button", { type: "submit", class: "primary", id: "class-join-btn", disabled: C.busy }, t("clJoinBtn")),
      C.error ? h("p", { class: "error", role: "alert", id: "class-join-error" }, C.error) : null,
    ),
  );
}
