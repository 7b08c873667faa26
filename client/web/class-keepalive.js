// Keeping the class pages that hold no seat connected: the dashboard and the projected join page.
// The page's socket reconnects by itself only while it holds a room's seat (connection.js); these
// pages hold none, so a server restarted mid-class (or the teacher's Wi-Fi dropping for a moment)
// left them as they were, for good: every student still shown connected, the clocks counting,
// nobody who joined since. While one of them is open and
// the socket is gone, this connects again (backing off up to 5 s, as connection.js does), and
// says so ("reconnecting…" in the header, and a line saying what is shown is as it was when the
// connection went). Each page watches its class again after the welcome (their onWelcome), which
// draws it afresh.

import { S } from "./state.js";
import { h } from "./dom.js";
import { connect } from "./connection.js";
import { setStatus } from "./ui.js";
import { clockTime } from "./dates.js";

// (its own texts: this line is the module's only one)
const STALE = {
  en: "Connection lost: reconnecting… What you see is as it was at {at}.",
  zh: "連線中斷，正在重新連線……以下是 {at} 時的狀況。",
};
const keepers = [];
let lostAt = 0;
let tries = 0;
let nextTry = 0;

// Keep the socket up while `wanted()` holds; `where()`: the element to show the stale line in
// (null: none, the header says it).
export function keepConnected(wanted, where = () => null) {
  keepers.push({ wanted, where });
}

const clock = (ms) => clockTime(ms, true);

function staleLine(into) {
  let line = into.querySelector(":scope > .cl-stale");
  const text = (STALE[S.lang] || STALE.en).replace("{at}", clock(lostAt));
  if (!line) {
    line = h("p", { class: "cl-stale", id: "cl-stale", role: "status" }, text);
    into.prepend(line);
  } else if (line.textContent !== text) line.textContent = text;
}

function tick() {
  const active = keepers.filter((k) => k.wanted());
  const up = S.wsReady || !!S.room; // a seat: connection.js reconnects by itself
  if (!up && active.length && !lostAt) lostAt = Date.now(); // before the line says it
  for (const k of keepers) {
    const into = k.where();
    if (!into) continue;
    if (up || !active.includes(k)) into.querySelector(":scope > .cl-stale")?.remove();
    else staleLine(into);
  }
  if (up || !active.length) {
    lostAt = 0;
    tries = 0;
    nextTry = 0;
    return;
  }
  const now = Date.now();
  if (S.status !== "reconnecting") setStatus("reconnecting");
  const open = S.ws && (S.ws.readyState === WebSocket.OPEN || S.ws.readyState === WebSocket.CONNECTING);
  if (open || now < nextTry) return;
  nextTry = now + Math.min(5000, 300 * 2 ** tries);
  tries += 1;
  connect();
}

setInterval(tick, 250);
