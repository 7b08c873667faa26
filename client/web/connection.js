// The websocket: hello/welcome, requests and their replies, and reconnecting by itself.
// What the server sends is handed to the handlers app.js registers with onServer().

import { S } from "./state.js";
import { t, refusalText } from "./text.js";
import { setStatus, toast, render } from "./ui.js";

// refused: an error pushed (not an answer) that the page handles itself (true), else toasted
const handlers = { resume: () => {}, joined: async () => {}, update: () => {}, presence: () => {}, refused: () => false };
export function onServer(given) {
  Object.assign(handlers, given);
}
// Other modules' messages (the classroom's pushes: class_followed, class_rooms, ...) by type,
// and what to do after each welcome (follow a class again after a reconnect).
const byType = {};
const onWelcomes = [];
export function onMessageType(type, fn) {
  (byType[type] ||= []).push(fn);
}
export function onWelcome(fn) {
  onWelcomes.push(fn);
}
// messages the server pushes to other modules (the presenter's step: debrief-present.js)
const pushes = {};
export function onPush(type, fn) {
  pushes[type] = fn;
}

// The room this page is at, named in the URL: a server with several workers hands the
// connection to the one that holds the room (server/web/steer.py); anything else is served as is.
function wsUrl() {
  const code = S.room?.code || new URL(location.href).searchParams.get("room");
  const room = code && /^[A-Za-z0-9]{4,8}$/.test(code) ? `?room=${code.toUpperCase()}` : "";
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws${room}`;
}
export function connect() {
  if (S.ws && (S.ws.readyState === WebSocket.OPEN || S.ws.readyState === WebSocket.CONNECTING)) return;
  S.wsReady = false;
  if (S.status !== "reconnecting" && !S.moving) setStatus("connecting");
  const ws = new WebSocket(wsUrl());
  S.ws = ws;
  ws.addEventListener("open", () => {
    ws.send(JSON.stringify({ type: "hello", id: "hello", protocol_version: 2, client: "brink-web/2" }));
  });
  // one message at a time: a `joined` waits for the rules, and the updates behind it wait too
  let chain = Promise.resolve();
  ws.addEventListener("message", (ev) => {
    if (S.ws !== ws) return; // a socket this page left (moveToRoom): its last words are not ours
    chain = chain.then(() => onMessage(JSON.parse(ev.data))).catch((err) => console.error(err));
  });
  ws.addEventListener("close", () => lost(ws));
}
// The connection `ws` is gone (closed, or the browser went offline): requests awaiting their
// answer fail as sent-but-unanswered, and the page reconnects (the seat resumes on its own).
function lost(ws) {
  if (S.ws !== ws) return;
  S.wsReady = false;
  S.moving = false;
  leave(); // the move failed: the socket it left goes too, and the page reconnects as ever
  // sent, and the connection went before the answer: it may or may not have been applied
  for (const [, p] of S.pending) p.reject(Object.assign(new Error(t("offline")), { inFlight: true }));
  S.pending.clear();
  if (S.room || S.screen === "queued") {
    if (S.screen === "queued") S.queueLost = Date.now(); // queued again once back (landing.js)
    scheduleReconnect();
    render();
  } else setStatus("idle");
}
// The browser says the network went (wifi lost, airplane mode): a socket may stay open for a
// minute before anything notices, the page saying "connected", its moves live, the other side's
// going unseen. It is let go at once: the page says it is reconnecting, and does so as soon as
// the network is back (not after the back-off's wait).
// A queued page keeps its socket instead (the queue screen says it is offline): closed, its
// ticket would stay queued on the server until the server gave the socket up (its close cannot
// be sent), and the page, queued again once back, would be in the queue twice — the next player
// matched with the ticket nobody answers. Kept, it is either still there when the network is back
// (it answers a ping: the page is queued once, as it was, and a match made meanwhile comes in on
// it) or it is not (no answer: let go, and queued again, once).
window.addEventListener("offline", () => {
  const ws = S.ws;
  if (!ws || S.moving) return;
  if (S.screen === "queued" && S.wsReady && ws.readyState === WebSocket.OPEN) {
    setStatus("reconnecting"); // (the header's word too, not "connected")
    render();
    return;
  }
  dropSocket(ws);
});
function dropSocket(ws) {
  lost(ws);
  S.ws = null;
  ws.close();
}
const STILL_THERE_MS = 4000;
function stillQueued(ws) {
  S.queueCheck = ws;
  render();
  const settle = (alive) => {
    if (S.queueCheck !== ws) return;
    S.queueCheck = null;
    if (!alive && S.ws === ws && ws.readyState === WebSocket.OPEN) dropSocket(ws);
    else {
      if (alive && S.ws === ws) setStatus("connected");
      render();
    }
  };
  send({ type: "ping" }).then(() => settle(true), () => settle(false));
  setTimeout(() => settle(false), STILL_THERE_MS);
}
window.addEventListener("online", () => {
  if (!S.room && S.screen !== "queued") return;
  if (S.screen === "queued" && S.wsReady && S.ws?.readyState === WebSocket.OPEN) {
    stillQueued(S.ws);
    return;
  }
  clearTimeout(S.retryTimer);
  S.retries = 0;
  connect();
});
// `joined` said the room lives on another worker of this server (`elsewhere`, protocol §5):
// connect at once naming it (wsUrl) and resume there, quietly — once a room, so a page whose
// room's worker cannot take it (restarting) stays where it is. The socket it leaves is closed
// only once the new one holds the seat (its own presence counted there, or a watcher's
// `joined`): closed first, the seat's last connection would go and the others see it away.
const moved = new Set();
let leaving = null;
let leavingTimer = null;
function moveToRoom(code) {
  const ws = S.ws;
  if (moved.has(code) || !ws || ws.readyState !== WebSocket.OPEN || S.pending.size) return;
  moved.add(code);
  leave();
  S.moving = true;
  leaving = ws;
  leavingTimer = setTimeout(leave, 10000); // the new socket never took the seat: let it go anyway
  S.ws = null;
  connect(); // (no "connecting" shown meanwhile)
}
function leave() {
  clearTimeout(leavingTimer);
  if (leaving) leaving.close(1000, "moved to the room's worker");
  leaving = null;
}
// the moved page's seat is held on the new socket: a watcher's `joined`, a player's own presence
function movedIn(msg) {
  if (!leaving || !S.room || msg.code && msg.code !== S.room.code) return false;
  if (msg.type === "joined") return msg.role !== "player";
  return msg.type === "presence" && S.room.role === "player" && msg.seat === S.room.seat && msg.status !== "away" && msg.status !== "left";
}
function scheduleReconnect() {
  setStatus("reconnecting");
  clearTimeout(S.retryTimer);
  const delay = Math.min(5000, 300 * 2 ** S.retries);
  S.retries += 1;
  S.retryTimer = setTimeout(connect, delay);
}
export function send(msg) {
  const id = String(S.nextId++);
  msg.id = id;
  return new Promise((resolve, reject) => {
    if (!S.ws || !S.wsReady) {
      reject(new Error(t("offline")));
      return;
    }
    S.pending.set(id, { resolve, reject });
    S.ws.send(JSON.stringify(msg));
  });
}
// a fresh id for an act or a chat line (`cid`, docs/protocol/10-game-commands.md §10): the server
// applies a message sent again with the same one at most once. From getRandomValues: randomUUID
// needs a secure context, and a classroom's server is often plain http on the local network.
export function newCid() {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0")).join("");
}
export function whenConnected() {
  connect();
  if (S.wsReady) return Promise.resolve();
  return new Promise((resolve) => S.welcomeWaiters.push(resolve));
}
class ServerError extends Error {
  constructor(msg) {
    super(msg.message);
    this.code = msg.code;
  }
}
async function onMessage(msg) {
  if (msg.type === "welcome") {
    S.wsReady = true;
    S.retries = 0;
    S.account = msg.account ?? null; // the instructor signed in on this socket, if any
    S.moving = false;
    setStatus("connected");
    if (S.room) handlers.resume();
    for (const fn of onWelcomes) fn();
    for (const w of S.welcomeWaiters.splice(0)) w();
    return;
  }
  const waiting = msg.id && S.pending.get(msg.id);
  if (msg.type === "error") {
    if (waiting) {
      S.pending.delete(msg.id);
      waiting.reject(new ServerError(msg));
    } else if (msg.code !== "hello_first" && !handlers.refused(msg)) toast(refusalText(msg));
    return;
  }
  if (msg.type === "joined") await handlers.joined(msg);
  else if (msg.type === "update") handlers.update(msg);
  else if (msg.type === "presence") handlers.presence(msg);
  else if (msg.type === "resync_required") send({ type: "resync" }).catch(() => {});
  else if (pushes[msg.type] || byType[msg.type]) {
    if (pushes[msg.type]) await pushes[msg.type](msg);
    for (const fn of byType[msg.type] || []) await fn(msg, !!waiting);
  }
  if (waiting && msg.type !== "presence") {
    S.pending.delete(msg.id);
    waiting.resolve(msg);
  }
  if (msg.type === "joined" && msg.elsewhere && S.room?.code === msg.code) setTimeout(() => moveToRoom(msg.code), 0);
  if (movedIn(msg)) leave();
}
