// The credentials this browser has held, kept for replaying past games: the seat tokens it was
// given ({code, seat, token}) and the instructor keys of the rooms it created or was handed
// ({code, key}). localStorage "brink.games", newest first, at most LIMIT items. (Resuming a seat
// in a live room is session.js's business: sessionStorage "brink.session".)

const KEY = "brink.games";
const LIMIT = 200;

export function remembered() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(list) ? list.filter((x) => x && typeof x.code === "string") : [];
  } catch {
    return [];
  }
}
function keep(item) {
  const same = (x) => x.code === item.code && (item.key ? x.key === item.key : x.token === item.token);
  const list = [item, ...remembered().filter((x) => !same(x))].slice(0, LIMIT);
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    /* storage full or refused: replays of this game need the key pasted by hand */
  }
}
export function rememberSeat(code, seat, token) {
  if (code && token) keep({ code, seat, token });
}
export function rememberKey(code, key) {
  if (code && key) keep({ code, key });
}
// every seat token held, newest first, without repeats
export function allTokens() {
  return [...new Set(remembered().filter((x) => x.token).map((x) => x.token))];
}
export function keyFor(code) {
  return remembered().find((x) => x.code === code && x.key)?.key || null;
}
// codes of the rooms whose instructor key this browser holds, newest first
export function keyCodes() {
  return [...new Set(remembered().filter((x) => x.key).map((x) => x.code))];
}
// grants a presenting instructor handed this tab (debrief-present.js): each opens one game from
// one view while the class follows the presentation; sessionStorage "brink.grants"
export function rememberGrant(code, grant) {
  try {
    const held = JSON.parse(sessionStorage.getItem("brink.grants") || "[]").filter((x) => x.grant !== grant);
    sessionStorage.setItem("brink.grants", JSON.stringify([{ code, grant }, ...held].slice(0, 20)));
  } catch {
    /* storage refused: the presented view is refused too */
  }
}
function grantsFor(code) {
  try {
    return JSON.parse(sessionStorage.getItem("brink.grants") || "[]").filter((x) => x.code === code).map((x) => x.grant);
  } catch {
    return [];
  }
}
// the headers that open `code` with what this browser holds for it
export function headersFor(code) {
  const headers = {};
  const grants = grantsFor(code);
  if (grants.length) headers["X-Brink-Present"] = grants.slice(0, 5).join(",");
  const key = keyFor(code);
  if (key) headers.Authorization = `Bearer ${key}`;
  const tokens = remembered().filter((x) => x.code === code && x.token).map((x) => x.token);
  if (tokens.length) headers["X-Brink-Tokens"] = [...new Set(tokens)].slice(0, 50).join(",");
  return headers;
}
// GET a JSON document; a refusal becomes an Error with the HTTP status (404, 403, 429…), the
// server's code for it (`too_many_listings`…) and, for a limit, the seconds until it lifts
export async function getJSON(path, headers = {}) {
  const res = await fetch(path, { headers, cache: "no-store" });
  if (!res.ok) {
    const err = new Error(`${res.status}`);
    err.status = res.status;
    err.code = await res.json().then((body) => body?.error, () => undefined);
    err.retryAfter = Number(res.headers.get("Retry-After")) || null;
    throw err;
  }
  return res.json();
}
// what a refusal of a per-address limit (429) says, in the language of the moment: what was
// refused and in how many seconds to try again (`until`: when, in ms since 1970)
export function limited(err) {
  return { status: 429, code: err.code, until: Date.now() + Math.max(1, err.retryAfter || 60) * 1000 };
}
