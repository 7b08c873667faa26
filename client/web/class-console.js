// The class console, inside the instructor's screen once signed in (instructor.js fires
// `brink:signed-in` and leaves #class-console empty for it): the instructor's classes, a new
// class (class-setup.js), a class's live dashboard (class-dash.js) and its projectable join page
// (class-joinpage.js). Its address says what shows: /?instructor=1 (the list),
// &class-dash=CODE (a dashboard), &project=CODE (the join page), &new-class=1 (the form).

import { S } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L } from "./text.js";
import { dateTime } from "./dates.js";
import { openSetup, relabelSetup } from "./class-setup.js";
import { openDash, closeDash, drawDash } from "./class-dash.js";
import { openJoinPage, closeJoinPage, redrawJoinPage } from "./class-joinpage.js";

// instructor.js rewrites the address to /?instructor=1 when it opens: what it said is read first
const first = new URL(location.href).searchParams;
const V = { view: "list", code: null, classes: null, error: "", lang: null };
if (first.get("project")) Object.assign(V, { view: "project", code: first.get("project").toUpperCase() });
else if (first.get("class-dash")) Object.assign(V, { view: "dash", code: first.get("class-dash").toUpperCase() });
else if (first.has("new-class")) V.view = "setup";

function address() {
  const url = new URL(location.origin + "/");
  url.searchParams.set("instructor", "1");
  if (V.view === "dash") url.searchParams.set("class-dash", V.code);
  else if (V.view === "project") url.searchParams.set("project", V.code);
  else if (V.view === "setup") url.searchParams.set("new-class", "1");
  return url;
}

function go(view, code = null, push = true) {
  if (V.view === "dash") closeDash();
  if (V.view === "project") closeJoinPage();
  Object.assign(V, { view, code });
  if (push) history.pushState(null, "", address());
  show();
}

function box() {
  return $("#class-console");
}

async function show() {
  const el = box();
  if (!el || !S.account) return;
  if (new URL(location.href).toString() !== address().toString()) history.replaceState(null, "", address());
  // which view shows (the list's links, such as the debrief of ad-hoc rooms, are the list's)
  $("#instructor")?.setAttribute("data-view", V.view);
  V.lang = S.lang;
  if (V.view === "setup") await openSetup(el, (made) => (made ? go("dash", made.code) : go("list")));
  else if (V.view === "dash") await openDash(el, V.code, () => go("list"));
  else if (V.view === "project") await openJoinPage(el, V.code);
  else await list(el);
}

async function list(el) {
  V.error = "";
  try {
    const res = await fetch("/api/classes", { cache: "no-store" });
    V.classes = res.ok ? await res.json() : [];
  } catch (err) {
    V.error = err.message;
    V.classes = [];
  }
  drawList(el);
}

// Where the class's games stand, from its rooms (the server's `progress`): its own `state` stays
// "open" until Start all rooms, though its rooms are played as soon as both sides sit down.
const progressOf = (c) => c.progress || (c.state === "ended" ? "ended" : "waiting");
// "(2 playing, 1 paused, 1 over)": the rooms by where they stand, while any is under way
function roomStates(c) {
  const counts = c.room_states || {};
  if (!c.rooms || ["waiting", "finished", "ended"].includes(progressOf(c))) return null;
  const parts = ["playing", "paused", "waiting", "finished"].filter((k) => counts[k] > 0).map((k) => t(`clRooms_${k}`, { n: counts[k] }));
  return parts.length ? h("span", { class: "cl-room-states", id: `cl-room-states-${c.code}` }, ` (${parts.join(S.lang === "zh" ? "，" : ", ")})`) : null;
}

function drawList(el) {
  const scenarioName = (id) => L(S.scenarios.find((s) => s.id === id)?.name, id);
  fill(
    el,
    h(
      "section",
      { class: "panel cl-list", "aria-labelledby": "cl-list-h" },
      h("div", { class: "cl-head" }, h("h2", { id: "cl-list-h" }, t("clMyClasses")), h("button", { type: "button", class: "primary", id: "cl-new", onclick: () => go("setup") }, t("clNewClass"))),
      V.error ? h("p", { class: "error", role: "alert" }, V.error) : null,
      V.classes.length
        ? h(
            "ul",
            { class: "game-list", id: "cl-classes" },
            V.classes.map((c) =>
              h(
                "li",
                { class: "game-row cl-class-row" },
                h("span", { class: "game-title" }, c.title, " ", h("span", { class: "code small" }, c.code)),
                h(
                  "span",
                  { class: "game-when" },
                  `${dateTime(c.created_at)} · ${scenarioName(c.scenario)} · `,
                  h("b", { class: `cl-progress ${progressOf(c)}`, id: `cl-progress-${c.code}`, "data-progress": progressOf(c) }, t(`clProgress_${progressOf(c)}`)),
                  ` · ${c.mode === "open" ? t("clJoinedOpen", { n: c.joined }) : t("clJoined", { n: c.joined, of: c.students })} · ${t("clRoomsN", { n: c.rooms })}`,
                  roomStates(c),
                ),
                h("span", { class: "game-watch" }, h("button", { type: "button", id: `cl-open-${c.code}`, onclick: () => go("dash", c.code) }, t("clOpenDash")), h("a", { class: "watch", href: `/?instructor=1&project=${c.code}`, target: "_blank", rel: "noopener" }, t("clJoinPage")), " ", h("a", { class: "watch", id: `cl-debrief-${c.code}`, href: `/?debrief=${c.code}` }, t("clDebrief"))),
              ),
            ),
          )
        : h("p", { class: "help" }, t("clNoClasses")),
    ),
  );
}

// A language switch redraws the screen: the dashboard draws again in the new language.
export function renderClassConsole() {
  if (S.screen !== "instructor" || !S.account) return;
  if (V.view === "dash") drawDash();
  if (V.lang === null || V.lang === S.lang || !box()) return;
  // the other views are drawn once: a new language draws them again (they stayed in the old one)
  V.lang = S.lang;
  if (V.view === "list" && V.classes) drawList(box());
  else if (V.view === "project") redrawJoinPage();
  else if (V.view === "setup") relabelSetup(box());
}

document.addEventListener("brink:signed-in", () => show());
document.addEventListener("brink:signed-out", () => {
  if (V.view === "dash") closeDash();
  if (V.view === "project") closeJoinPage();
  V.view = "list";
});
window.addEventListener("popstate", () => {
  const params = new URL(location.href).searchParams;
  if (!params.has("instructor")) return;
  const view = params.get("project") ? "project" : params.get("class-dash") ? "dash" : params.has("new-class") ? "setup" : "list";
  go(view, (params.get("project") || params.get("class-dash") || "").toUpperCase() || null, false);
});
