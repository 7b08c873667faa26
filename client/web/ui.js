// The frame of the page: the header (language, room badge, connection status), which screen
// shows, toasts, and render(), which app.js points at the screens (so screens need not import it).

import { S, mySide } from "./state.js";
import { $ } from "./dom.js";
import { t, seatLabel } from "./text.js";
import { rebuildLog } from "./log.js";

let renderer = () => {};
export function setRenderer(fn) {
  renderer = fn;
}
export function render() {
  renderer();
}

export function setStatus(status) {
  if (status !== S.status) S.statusLog.push(status);
  S.status = status;
  const el = $("#conn");
  const text = { connecting: t("connecting"), connected: t("connected"), reconnecting: t("reconnecting"), idle: "" }[status] ?? "";
  el.textContent = text;
  el.className = `conn ${status}`;
  el.hidden = !text;
}
export function showScreen(name) {
  S.screen = name;
  for (const id of ["landing", "queued", "lobby", "table", "games", "replay", "instructor", "debrief", "classjoin", "gone"]) $("#" + id).hidden = id !== name;
  $("#end").hidden = !(name === "table" && S.view && S.view.outcome);
  $("#table").inert = !$("#end").hidden; // the results cover the table (end.js)
  document.body.dataset.screen = name;
}
export function toast(text, kind = "error") {
  const el = $("#toast");
  el.textContent = text;
  el.className = `toast ${kind}`;
  el.hidden = false;
  clearTimeout(S.toastTimer);
  S.toastTimer = setTimeout(() => (el.hidden = true), 6000);
}
// the error a toast tells goes as the next try begins (it is not that try's: a try that went
// through left it over the next screen)
export function hideToast() {
  clearTimeout(S.toastTimer);
  $("#toast").hidden = true;
}
export function applyStaticTexts() {
  document.documentElement.lang = S.lang === "zh" ? "zh-Hant" : "en";
  document.title = `${t("title")}: ${t("tagline")}`;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  // the skip link leads to the table on the table, to the screen's content elsewhere
  $(".skip").textContent = t(S.screen === "table" ? "skip" : "skipMain");
  for (const b of document.querySelectorAll(".lang button")) b.setAttribute("aria-pressed", String(b.dataset.lang === S.lang));
  $("#chat-text").placeholder = t("say");
  const badge = $("#room-badge");
  badge.hidden = !S.room;
  $("#leave").hidden = !S.room;
  if (S.room) {
    const seat = S.room.role === "player" ? seatLabel(S.room.seat) : S.room.role === "instructor" ? t("teacher") : t("watch");
    const room = document.createElement("span");
    room.className = "badge-room";
    // a class's room by its number, as the dashboard calls it ("Room 2"), its code after it
    const n = S.roomNumbers[S.room.code];
    if (n) {
      room.textContent = S.lang === "zh" ? `（${S.room.code}）` : ` (${S.room.code})`;
      badge.replaceChildren(t("clRoomN", { n }), room, ` · ${seat}`);
    } else {
      room.textContent = `${t("room")} `;
      badge.replaceChildren(room, `${S.room.code} · ${seat}`);
    }
    badge.className = `badge ${mySide() || ""}`;
  }
  setStatus(S.status);
}
export function setLang(lang) {
  S.lang = lang;
  localStorage.setItem("brink.lang", lang);
  if (S.rules && S.log.length) rebuildLog();
  render();
}
