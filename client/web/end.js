// The end screen: the outcome, the scores and objectives, and the charts of the game.

import { S, SIDES, mySide, isPlayer } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName, paren, colon, sayExpr } from "./text.js";
import { lineChart } from "./charts.js";
import { leave } from "./session.js";
import { render } from "./ui.js";
import { keyFor, remembered } from "./remember.js";
import { rematchControls } from "./rematch.js";

// The game's replay, in a new tab (the results stay here), for a browser that may open it: a
// seat's token or the room's instructor key that it keeps (a spectator's is refused).
function replayLink() {
  const code = S.room?.code;
  const key = code && keyFor(code);
  const seat = code && remembered().some((x) => x.code === code && x.token);
  if (!key && !seat) return null;
  const as = key ? "all" : mySide();
  const cls = `watch ${key ? "instructor" : as}`;
  return h("a", { href: `/?game=${encodeURIComponent(code)}&as=${as}`, id: "watch-replay", class: cls, target: "_blank", rel: "noopener" }, t("watchReplay"));
}
// The results cover the table: while they show, the table behind them is inert (Tab does not
// wander through controls hidden under them), the keyboard's focus moves onto them as they open,
// and Escape closes them as × does, handing the focus to the banner's "Show the results".
let wasOpen = false;
function closeEnd() {
  S.endClosed = true;
  $("#end").hidden = true;
  render();
  document.getElementById("show-end")?.focus();
}
document.addEventListener("keydown", (ev) => {
  if (ev.key !== "Escape" || ev.defaultPrevented || $("#end").hidden) return;
  ev.preventDefault();
  closeEnd();
});
function toFront(ev) {
  if (ev.button || ev.ctrlKey || ev.metaKey || ev.shiftKey) return; // a new tab or window: the link's own way
  ev.preventDefault();
  leave();
}
// What a score is made of: each side's sum as the rules make it, and the objective's points
function scoreHow() {
  const scoring = S.rules.scenario.scoring || {};
  const sums = SIDES.filter((s) => scoring[s]).map((s) => h("li", null, h("b", null, `${sideName(s)}${colon()}`), sayExpr(scoring[s])));
  if (!sums.length) return null;
  return h("div", { class: "score-how small muted", id: "score-how" }, h("p", null, t("scoreHow")), h("ul", null, sums), h("p", null, t("scoreHowObjective")));
}
export function renderEnd() {
  const v = S.view;
  const el = $("#end");
  if (!v.outcome) {
    el.hidden = true;
    $("#table").inert = false;
    wasOpen = false;
    return;
  }
  el.hidden = !!S.endClosed;
  $("#table").inert = !el.hidden;
  const opening = !el.hidden && !wasOpen;
  wasOpen = !el.hidden;
  // The page behind stops scrolling while they show (style.css) and opens at its top: the header
  // (Leave, the languages) stays above them, with nothing between it and them — scrolled, the
  // header was out of sight and the page above the results showed the sticky banner's empty place.
  if (opening) window.scrollTo(0, 0);
  // The header stays above the results: start them below it (it wraps on narrow screens).
  el.style.paddingTop = `${Math.max(20, $(".top").getBoundingClientRect().bottom + 12)}px`;
  const outcome = S.rules.outcomeById[v.outcome];
  const scores = Object.entries(v.scores);
  const best = scores.length ? Math.max(...scores.map(([, s]) => s)) : 0;
  const winners = scores.filter(([, s]) => s === best);
  const BLUE = "#1d4ed8";
  const RED = "#b91c1c";
  const me = mySide();
  const stock = isPlayer() ? Object.keys(v.sides[me].private || {}).filter((id) => S.rules.variables[id]?.kind === "weeks" || id.includes("capital")) : [];
  const stockColors = ["#0f766e", "#a16207", "#7c3aed"];
  const rematch = rematchControls();
  fill(
    el,
    h(
      "div",
      { class: "end-inner" },
      h("h2", { id: "end-h", tabindex: "-1" }, t("endTitle")),
      h("div", { class: "outcome" }, h("div", { class: "outcome-label" }, t("outcome")), h("h3", { id: "outcome-name" }, L(outcome?.name, v.outcome)), h("p", null, L(outcome?.text))),
      rematch.box,
      h(
        "div",
        { class: "scores" },
        h("h3", null, t("scores")),
        h("p", { class: "winner" }, winners.length === 1 ? t("winner", { side: sideName(winners[0][0]) }) : t("draw")),
        h(
          "table",
          { class: "score-table" },
          h("thead", null, h("tr", null, h("th", { scope: "col" }, ""), h("th", { scope: "col" }, t("score")), h("th", { scope: "col" }, t("objectives")))),
          h(
            "tbody",
            null,
            SIDES.map((s) => {
              const objId = v.sides[s].objective;
              const obj = objId ? S.rules.objectiveById[objId] : null;
              const met = v.objectives_met[s];
              return h(
                "tr",
                { class: s },
                h("th", { scope: "row" }, h("span", { class: "who" }, sideName(s)), s === me ? paren(t("you")) : ""),
                h("td", { class: "score" }, v.scores[s] ?? "—"),
                h("td", null, obj ? [h("b", null, L(obj.name)), `${S.lang === "zh" ? "——" : " — "}${met ? "✔ " + t("met") : "✘ " + t("notMet")}`, h("div", { class: "small muted" }, L(obj.text))] : "—"),
              );
            }),
          ),
        ),
        scoreHow(),
      ),
      h("h3", null, t("course")),
      h(
        "div",
        { class: "charts" },
        lineChart(t("chartTariffs"), [
          { id: "tariff_on_china", color: BLUE },
          { id: "tariff_on_us", color: RED },
        ], { percent: true }),
        lineChart(t("chartMarkets"), [
          { id: "us_market", color: BLUE },
          { id: "cn_market", color: RED },
          { id: "us_output", color: BLUE, dash: true },
          { id: "cn_output", color: RED, dash: true },
        ], { tight: true }),
        lineChart(t("chartPressure"), [
          { id: "us_pressure", color: BLUE },
          { id: "cn_pressure", color: RED },
        ]),
        stock.length ? lineChart(t("chartStock"), stock.map((id, i) => ({ id, color: stockColors[i % 3] }))) : null,
      ),
      h(
        "div",
        { class: "end-buttons" },
        replayLink(),
        rematch.buttons,
        // the way out: the front page (a new game, past games), this game's seat kept for its replay
        h("a", { href: "/", class: `front${rematch.buttons.length ? "" : " primary"}`, id: "to-front", onclick: toFront }, t("toFront")),
        h("button", { type: "button", id: "close-end", "aria-label": t("closeResults"), onclick: closeEnd }, "×"),
      ),
    ),
  );
  if (opening) $("#end-h").focus({ preventScroll: true });
}
