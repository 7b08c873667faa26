// The log ("What happened") and the history of the values the charts are drawn from.

import { makeNarrator } from "./narrate.js";
import { S, mySide, myRole, isPlayer } from "./state.js";
import { $, h } from "./dom.js";
import { t, colon, paren } from "./text.js";
import { noticeNode } from "./notices.js";

// Whether the page is shown a variable's changes (the instructor sees every side's): the log says
// them as a change from its start ("4 → 3 (−1)"), the way a side's own page does.
const seen = (v) => v.scope === "public" || v.scope === mySide() || S.room?.role === "instructor";
export function initValues() {
  S.values = {};
  for (const [id, v] of Object.entries(S.rules.variables)) {
    if (seen(v)) S.values[id] = v.initial;
  }
  S.history = [{ round: 0, label: t("start"), values: { ...S.values } }];
  S.roundOf = 1;
}
// The log's narrator, kept from one batch of entries to the next (it remembers the deals struck,
// to name a broken one): a new one, for another language or seat or game, first follows the log
// told so far.
function narrator() {
  const me = isPlayer() ? mySide() : null;
  const team = Boolean(me && myRole());
  const N = S.narrator;
  if (N && N.rules === S.rules && N.lang === S.lang && N.me === me && N.team === team && N.told === S.log.length) return N;
  const say = makeNarrator(S.rules, S.lang, me, team, seatsKnown());
  const values = {};
  for (const item of S.log) if (item.event) say(item.event, values, item.by);
  S.narrator = { rules: S.rules, lang: S.lang, me, team, say, told: S.log.length };
  return S.narrator;
}
// Who holds which seat (the seats' names, read when a line is told) and the page's own seat: the
// narrator names the team role that made a move, and its player.
function seatsKnown() {
  return {
    get names() {
      return S.seats;
    },
    get mine() {
      return S.room?.seat || null;
    },
  };
}
export function addEntries(entries) {
  const N = narrator();
  const list = $("#log");
  for (const entry of entries || []) {
    if (S.log.some((x) => x.n === entry.n)) continue;
    let line = null;
    if (entry.event) {
      const e = entry.event;
      line = N.say(e, S.values, entry.seat);
      if (e.type === "variables_changed") {
        Object.assign(S.values, e.values);
        S.history.push({ round: S.roundOf, values: { ...S.values } });
      }
      if (e.type === "round_started") S.roundOf = e.round;
      S.log.push({ n: entry.n, event: e, by: entry.seat || null }); // by: the team role that acted
    } else if (entry.chat) {
      S.log.push({ n: entry.n, chat: entry.chat });
    } else if (entry.notice) {
      S.log.push({ n: entry.n, notice: entry.notice });
    } else {
      continue;
    }
    const node = logNode(S.log[S.log.length - 1], line);
    if (node) {
      node.dataset.n = entry.n;
      list.append(node);
    }
  }
  N.told = S.log.length;
  list.scrollTop = list.scrollHeight;
}
// one line of the log (the replay viewer draws its own log with it)
export function logNode(item, line) {
  if (!item) return null;
  if (item.chat) {
    const c = item.chat;
    const side = c.seat.split(":")[0];
    return h(
      "li",
      { class: `chat ${side}${c.team ? " team" : ""}` },
      h("b", null, `${c.name}${c.team ? paren(t("teamChat")) : ""}${colon()}`),
      c.text,
    );
  }
  if (item.notice) return noticeNode(item.notice);
  if (!line) return null;
  const [text, kind] = line;
  return h("li", { class: `ev ${kind} ${item.event.side || ""}` }, text);
}
// a notice's text (notices.js): the server's pauses by their reason, an instructor's controls
export { noticeText } from "./notices.js";
// The log told again in another language: each line it shows is the same element, its words
// changed (no line is added again, none is duplicated), while the log is not a live region (a
// screen reader would read the whole log out again); the reader's place in it is kept: at the
// end it stays at the end, else the line at the top of the view stays there.
export function rebuildLog() {
  const me = isPlayer() ? mySide() : null;
  const team = Boolean(me && myRole());
  const say = makeNarrator(S.rules, S.lang, me, team, seatsKnown());
  const values = {};
  for (const [id, v] of Object.entries(S.rules.variables)) if (seen(v)) values[id] = v.initial;
  const list = $("#log");
  const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  const anchor = atEnd ? null : topLine(list);
  const shift = anchor ? below(anchor, list) : 0;
  const shown = new Map([...list.children].map((node) => [node.dataset.n, node]));
  hush(list);
  let at = list.firstElementChild;
  for (const item of S.log) {
    let line = null;
    if (item.event) {
      line = say(item.event, values, item.by);
      if (item.event.type === "variables_changed") Object.assign(values, item.event.values);
    }
    const fresh = logNode(item, line);
    const old = shown.get(String(item.n));
    if (old && fresh) {
      relabel(old, fresh);
      if (old !== at) list.insertBefore(old, at);
      at = old.nextElementSibling;
    } else if (old) {
      if (old === at) at = old.nextElementSibling;
      old.remove();
    } else if (fresh) {
      fresh.dataset.n = item.n;
      list.insertBefore(fresh, at);
    }
  }
  while (at) {
    const next = at.nextElementSibling; // a line of no entry of the log (none should be)
    at.remove();
    at = next;
  }
  S.narrator = { rules: S.rules, lang: S.lang, me, team, say, told: S.log.length };
  if (atEnd) list.scrollTop = list.scrollHeight;
  else if (anchor?.isConnected) list.scrollTop += below(anchor, list) - shift;
}
// a line given another's words and attributes, its place in the log kept
function relabel(old, fresh) {
  for (const name of old.getAttributeNames()) if (name !== "data-n" && !fresh.hasAttribute(name)) old.removeAttribute(name);
  for (const name of fresh.getAttributeNames()) old.setAttribute(name, fresh.getAttribute(name));
  old.replaceChildren(...fresh.childNodes);
}
// how far a line's top is below the top of the log's view
const below = (node, list) => node.getBoundingClientRect().top - list.getBoundingClientRect().top;
// the first line of the log in view
function topLine(list) {
  return [...list.children].find((node) => below(node, list) + node.offsetHeight > 0) || null;
}
// The log stops being a live region while its lines change words, and is one again once the
// page has drawn them (two frames): only lines added after that are read out.
function hush(list) {
  list.setAttribute("aria-live", "off");
  const again = ++hushes;
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (again === hushes) list.setAttribute("aria-live", "polite");
    }),
  );
}
let hushes = 0;
