// What the server or an instructor did to a room (a log `notice`: who, when, what), told in the
// current language for the room's log and the replay viewer; the box that shows an instructor's
// broadcast over the table; a seat handed over by link (#seat=…&token=…).

import { S } from "./state.js";
import { $, h } from "./dom.js";
import { t, sideName, seatLabel } from "./text.js";
import { BOTS } from "./i18n.js";

const botName = (bot) => BOTS[S.lang]?.[bot] || bot || "";
function clock(at) {
  if (!at) return "";
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

// The server's notices told by their reason when there is one for it (the room waits for its
// players, it started), an instructor's starting the clock too.
const NOTICE_REASONS = { waiting_for_players: "noticeWaiting", seats_filled: "noticeSeated", started: "noticeStarted" };

// One line for a notice: an instructor's control starts with the time it was made.
export function noticeText(notice) {
  const who = notice.by;
  const system = who === "system";
  const side = notice.seat ? sideName(notice.seat.split(":")[0]) : "";
  let text;
  // the clock waits for a side whose player left (server/live/vacancy.py), and goes on
  if (notice.kind === "paused" && system && notice.reason === "no_seat") return t("noticeNoSeat", { side });
  if (notice.kind === "resumed" && system && notice.reason === "seat_taken") return t("noticeSeatTaken");
  const reason = NOTICE_REASONS[notice.reason];
  if (reason && (notice.kind === "paused" || notice.kind === "resumed")) return system ? t(reason) : `${clock(notice.at)} · ${t(reason)}`;
  switch (notice.kind) {
    case "paused":
      text = system ? t("noticePaused") : t("ctlPausedBy", { who });
      break;
    case "resumed":
      text = system ? t("noticeResumed") : t("ctlResumedBy", { who });
      break;
    case "broadcast":
      text = t("ctlBroadcast", { who, text: notice.text || "" });
      break;
    case "news":
      text = t("ctlNews", { who });
      break;
    case "timer":
      text = (notice.seconds || 0) >= 0 ? t("ctlTimerMore", { who, s: notice.seconds }) : t("ctlTimerLess", { who, s: -notice.seconds });
      break;
    case "forced":
      text = t("ctlForced", { who });
      break;
    case "reassigned":
      text = t("ctlReassigned", { who, seat: notice.seat ? seatLabel(notice.seat) : "", name: notice.name || "" });
      break;
    case "bot_in":
      text = t("ctlLogBotIn", { who, side, bot: botName(notice.name) });
      break;
    case "bot_out":
      // by the server: the side's player is back, or someone given the seat takes it (`name`)
      if (system) text = notice.name ? t("ctlLogBotTaken", { side, name: notice.name }) : t("ctlLogBotBack", { side });
      else text = t("ctlLogBotOut", { who, side });
      break;
    case "ended":
      text = t("ctlEnded", { who });
      break;
    case "rematch_offered":
      text = t(notice.reason === "swap" ? "noticeRematchSwap" : "noticeRematchOffered", { name: notice.name || "" });
      break;
    case "rematch":
      text = t("noticeRematch", { code: notice.room || "" });
      break;
    case "seat_left": // a player gave their seat up (the room's log says so)
      text = t("noticeSeatLeft", { name: notice.name || "", side: notice.seat ? seatLabel(notice.seat) : "" });
      break;
    case "rematch_declined":
      text = t("noticeRematchDeclined", { name: notice.name || "" });
      break;
    default:
      text = notice.kind;
  }
  return system ? text : `${clock(notice.at)} · ${text}`;
}

// The log's node for a notice (log.js and the replay viewer draw their logs with it).
export function noticeNode(notice) {
  const by = notice.by === "system" ? "system" : "instructor";
  return h("li", { class: `ev notice notice-${notice.kind} by-${by}`, "data-kind": notice.kind }, noticeText(notice));
}

// The latest pause of the log, if the room is paused now.
export function currentPause(log = S.log) {
  let paused = null;
  for (const item of log) {
    const kind = item.notice?.kind;
    if (kind === "paused") paused = item.notice;
    else if (kind === "resumed" || kind === "ended") paused = null;
  }
  return paused;
}

// An instructor's broadcast, shown over the table until dismissed (the newest replaces it). On
// the all-seeing view it is the instructor's own message, sent: a small line that does not cover
// the banner (the room's state, the turn's timer) and goes by itself after a while.
const SENT_MS = 8000;
let sentTimer = null;
export function showBroadcast(notice) {
  const sent = S.room?.role === "instructor";
  let box = $("#broadcast");
  if (!box) {
    box = h("div", { id: "broadcast" });
    $("#main").prepend(box);
  }
  box.className = sent ? "broadcast broadcast-sent" : "broadcast";
  box.setAttribute("role", sent ? "status" : "alert");
  box.replaceChildren(
    h("div", { class: "broadcast-from" }, `${t(sent ? "ctlSentBy" : "ctlFromInstructor", { who: notice.by })} · ${clock(notice.at)}`),
    h("div", { class: "broadcast-text", id: "broadcast-text" }, notice.text || ""),
    h("button", { type: "button", id: "broadcast-close", onclick: hideBroadcast }, t("ctlDismiss")),
  );
  box.hidden = false;
  clearTimeout(sentTimer);
  if (sent) sentTimer = setTimeout(hideBroadcast, SENT_MS);
}
export function hideBroadcast() {
  clearTimeout(sentTimer);
  const box = $("#broadcast");
  if (box) box.hidden = true;
}

// New entries of an update: show a broadcast; a seat this browser held and the instructor gave
// away: say so and leave the room (returns true then).
export function noticesArrived(entries, onSeatLost) {
  for (const entry of entries || []) {
    const notice = entry.notice;
    if (!notice) continue;
    if (notice.kind === "broadcast") showBroadcast(notice);
    if (notice.kind === "reassigned" && S.room?.role === "player" && notice.seat === S.room.seat) {
      onSeatLost(t("ctlSeatGone"));
      return true;
    }
    // a bot stepped aside: its side is no longer the bot's (the team chat names it no more)
    if (notice.kind === "bot_out" && notice.seat && S.seats[notice.seat]?.startsWith("bot:")) delete S.seats[notice.seat];
    // another seat given: the banner and the seats say whom it waits for (the seat is theirs, as
    // the server says, unless a bot stands in for the side meanwhile), not that its old holder
    // is away
    if (notice.kind === "reassigned" && notice.seat) {
      S.given[notice.seat] = notice.name || "";
      if (!S.seats[notice.seat]?.startsWith("bot:")) S.seats[notice.seat] = notice.name || "";
      delete S.presence[notice.seat];
    }
  }
  return false;
}

// A link the instructor sent with a reassigned seat (/?room=CODE#seat=…&token=…): keep the seat
// as this browser's own (as a join would) and take the token out of the address bar.
export function seatFromLink() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const code = (new URL(location.href).searchParams.get("room") || "").toUpperCase();
  const token = hash.get("token");
  const seat = hash.get("seat");
  if (!code || !token || !seat) return;
  sessionStorage.setItem("brink.session", JSON.stringify({ code, seat, token, name: hash.get("name") || "", n: 0 }));
  history.replaceState(null, "", location.pathname + location.search);
}
