// A presenter-led replay (docs/debrief.md): the instructor steps through one game on the
// projector, and every student's browser that follows the class opens the same game at the same
// step, from the same view: come back to it after a reload or a reconnect too (keepPresenting).
//
// The instructor: startPresenting(class, room) opens the replay viewer; each step it shows (the
// replay viewer's `brink:replay-step` event) is sent as `present {code, room, step, viewer}` over
// the websocket, the latest only when the last is still on its way. A bar at the bottom says so,
// with Stop. The students: the server pushes `presented {code, room, step, viewer, grant}`; the
// grant opens that game from that view for this tab, and the replay viewer goes there. While
// it follows, the page is the presentation's (body[data-following], debrief.css): not the old
// table's room badge, Leave and the teacher's last message to its players; when it ends, a
// student whose table the replay took the place of is back at that table.

import { S } from "./state.js";
import { h } from "./dom.js";
import { t } from "./text.js";
import { send, whenConnected, onPush } from "./connection.js";
import { R, openReplay, goTo, setViewer, stop } from "./replay.js";
import { loadRules } from "./rules.js";
import { rememberGrant } from "./remember.js";
import { toast, showScreen, render } from "./ui.js";
import { hideBroadcast } from "./notices.js";

export const P = { class: null, room: null, step: 0, next: null, sending: false, failed: false, following: null };
const asParam = (v) => (v === "instructor" ? "all" : v);
const fromParam = (p) => (p === "all" ? "instructor" : p);

// ---------------------------------------------------------------- the instructor

export async function startPresenting(classCode, room, step = 0, viewer = "all") {
  Object.assign(P, { class: classCode, room, step, failed: false });
  bar();
  await whenConnected(); // signed in by the session cookie at the socket's handshake
  await openReplay(room, viewer, step, true); // its first step is sent from the event below
}

export async function stopPresenting() {
  const code = P.class;
  Object.assign(P, { class: null, room: null, next: null });
  bar();
  if (code) await send({ type: "present", code, stop: true }).catch(() => {});
}

document.addEventListener("brink:replay-step", (ev) => {
  if (!P.class) return;
  const { code, n, as } = ev.detail;
  P.next = { room: code, step: n, viewer: asParam(as) };
  if (!P.sending) flush();
});

async function flush() {
  P.sending = true;
  while (P.next && P.class) {
    const step = P.next;
    P.next = null;
    try {
      await send({ type: "present", code: P.class, ...step });
      Object.assign(P, { room: step.room, step: step.step, failed: false });
    } catch (err) {
      P.failed = true;
      toast(err.code === "not_over" ? t("pr_notOver") : `${t("pr_failed")} ${err.message}`);
    }
    bar();
  }
  P.sending = false;
}

function bar() {
  document.body.toggleAttribute("data-following", !!P.following);
  let el = document.getElementById("present-bar");
  if (!P.class && !P.following) {
    if (el) el.remove();
    return;
  }
  if (!el) {
    el = h("div", { id: "present-bar", class: "present-bar", role: "status", "aria-live": "polite" });
    document.body.append(el);
  }
  el.className = `present-bar${P.failed ? " failed" : ""}`;
  if (P.class) {
    el.replaceChildren(
      h("span", { class: "present-dot", "aria-hidden": "true" }),
      h("span", { id: "present-what" }, t("pr_presenting", { code: P.class, room: P.room || "", n: P.step })),
      h("button", { type: "button", id: "present-stop", onclick: stopPresenting }, t("pr_stop")),
    );
  } else {
    el.replaceChildren(
      h("span", { class: "present-dot", "aria-hidden": "true" }),
      h("span", { id: "present-what" }, t("pr_following", { code: P.following })),
    );
  }
}

// ---------------------------------------------------------------- a student following the class

let chain = Promise.resolve();
onPush("presented", (msg) => {
  chain = chain.then(() => follow(msg)).catch((err) => console.error(err));
  return chain;
});

// what the page showed before it followed (a student's table, its address and rules)
const before = { screen: null, url: null, rules: null };

async function follow(msg) {
  if (!msg.room) {
    P.following = null;
    bar();
    toast(t("pr_ended"), "info");
    backToTable();
    return;
  }
  if (!P.following) Object.assign(before, { screen: S.screen, url: location.href, rules: S.rules });
  hideBroadcast(); // said to the players of a game now over: it was still over the presentation
  if (msg.grant) rememberGrant(msg.room, msg.grant);
  P.following = msg.code;
  bar();
  const viewer = fromParam(msg.viewer);
  if (S.screen === "replay" && R.code === msg.room && R.summary) {
    stop();
    if (R.as !== viewer) await setViewer(viewer);
    await goTo(msg.step);
  } else {
    await openReplay(msg.room, msg.viewer, msg.step, false);
  }
  classInUrl();
}

// The page's address names the class too (/?game=…&class=CODE): a reload opens the class's link,
// which follows the class again, and so the presentation, not a replay that no longer follows.
function classInUrl() {
  if (!P.following || S.screen !== "replay") return;
  const url = new URL(location.href);
  if (url.searchParams.get("class") === P.following) return;
  url.searchParams.set("class", P.following);
  history.replaceState(null, "", url);
}

// The student's seat was taken (back) while the page follows the presentation: the class's link
// opened again, a reload, a move. Its `joined` showed the table, arriving after the presentation's
// step (the class answers before the seat resumes): the presentation is put back in front, the
// table being what the page goes back to when it ends.
export async function keepPresenting() {
  if (!P.following || S.screen === "replay" || !S.room) return;
  const url = new URL(location.href);
  const table = new URL(url);
  for (const p of ["game", "step", "as"]) table.searchParams.delete(p);
  Object.assign(before, { screen: S.screen, url: table.href, rules: S.rules });
  url.searchParams.delete("room");
  history.replaceState(null, "", url);
  showScreen("replay");
  if (R.summary) S.rules = await loadRules(R.summary.scenario, R.summary.rules_hash);
  render();
  window.scrollTo(0, 0);
}

// The presentation is over: a student who was at their table (their game's results, say) is
// back there, as it was (the replay had loaded its own game's rules into the page); a page that
// followed from elsewhere stays on the replay.
function backToTable() {
  const { screen, url, rules } = before;
  Object.assign(before, { screen: null, url: null, rules: null });
  if (!S.room || S.screen !== "replay" || !["table", "lobby"].includes(screen)) return;
  stop();
  if (rules) S.rules = rules;
  history.replaceState(null, "", url);
  showScreen(screen);
  render();
  window.scrollTo(0, 0);
}
