// What the replay viewer shows at its step: where things stood (the table's own tracks and
// board, drawn read-only from the view at that step), the sides' private stocks and objectives
// as the viewer knew them, the proposal on the table, the log narrated up to the step (the
// step's own lines highlighted), and the charts up to the step.

import { S, SIDES } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName, varName, fmt, colon, paren } from "./text.js";
import { makeNarrator } from "./narrate.js";
import { logNode } from "./log.js";
import { renderTracks, bar } from "./tracks.js";
import { renderBoard } from "./board.js";
import { newsBox } from "./news.js";
import { lineChart } from "./charts.js";

const BLUE = "#1d4ed8";
const RED = "#b91c1c";

export function replayPanels() {
  return [
    h("div", { class: "rp-status", id: "rp-status", role: "status" }),
    h(
      "div",
      { class: "grid rp-grid" },
      h("div", { class: "col col-left" }, h("section", { class: "panel", id: "rp-tracks", "aria-labelledby": "rp-tracks-h" })),
      h("div", { class: "col col-mid" }, h("section", { class: "panel", id: "rp-board" }), h("section", { class: "panel", id: "rp-talks" })),
      h(
        "div",
        { class: "col col-right" },
        h("section", { class: "panel", id: "rp-sides" }),
        h("section", { class: "panel", id: "rp-logpanel", "aria-labelledby": "rp-log-h" }, h("h2", { id: "rp-log-h" }, t("log")), h("ol", { class: "log", id: "rp-log" })),
        h("section", { class: "panel", id: "rp-charts", "aria-label": t("course") }),
      ),
    ),
  ];
}

// ---------------------------------------------------------------- the narrated log

function initialValues(viewer) {
  const values = {};
  for (const [id, v] of Object.entries(S.rules.variables)) {
    if (v.scope === "public" || v.scope === viewer || viewer === "instructor") values[id] = v.initial;
  }
  return values;
}
export function resetNarration(R) {
  R.lines = []; // {n, node}
  R.narrated = 0; // entries narrated so far
  R.points = []; // {n, round, values} after each change of values, for the charts
  R.narration = null; // {lang, as, say, values, round}
}
export const lineAt = (R, n) => R.lines.some((line) => line.n === n);
function narrate(R) {
  if (!R.narration || R.narration.lang !== S.lang || R.narration.as !== R.as) {
    resetNarration(R);
    const values = initialValues(R.as);
    // narrated as a third person would tell it, even in a side's view ("Beijing draws…")
    // a team role's move named with its player, where the view was told it (its own side's)
    const seats = { names: R.summary?.seats || {}, mine: null };
    R.narration = { lang: S.lang, as: R.as, say: makeNarrator(S.rules, S.lang, null, false, seats), values, round: 0 };
    R.points.push({ n: 0, round: 0, label: t("start"), values: { ...values } });
  }
  const N = R.narration;
  for (const entry of R.entries.slice(R.narrated)) {
    let item = null;
    let line = null;
    if (entry.event) {
      const e = entry.event;
      line = N.say(e, N.values, entry.seat);
      if (e.type === "variables_changed") {
        Object.assign(N.values, e.values);
        R.points.push({ n: entry.n, round: N.round, values: { ...N.values } });
      }
      if (e.type === "round_started") N.round = e.round;
      item = { n: entry.n, event: e };
    } else if (entry.chat) item = { n: entry.n, chat: entry.chat };
    else if (entry.notice) item = { n: entry.n, notice: entry.notice };
    const node = item && logNode(item, line);
    if (node) {
      node.dataset.n = String(entry.n);
      R.lines.push({ n: entry.n, node });
    }
  }
  R.narrated = R.entries.length;
}
function drawLog(R) {
  narrate(R);
  const list = $("#rp-log");
  if (list.childElementCount !== R.lines.length) list.replaceChildren(...R.lines.map((l) => l.node));
  for (const { n, node } of R.lines) {
    node.hidden = n > R.n;
    node.classList.toggle("now", n === R.n);
  }
  list.scrollTop = list.scrollHeight;
}

// ---------------------------------------------------------------- the table at the step

function statusLine(R) {
  const v = R.view;
  const rules = S.rules;
  if (v.outcome) {
    const scores = SIDES.map((s) => `${sideName(s)} ${v.scores[s] ?? "—"}`).join(" · ");
    return [h("div", { class: "turn-text" }, `${t("gameOver")}${colon()}${L(rules.outcomeById[v.outcome]?.name, v.outcome)}`), h("div", { class: "turn-hint" }, `${t("scores")}${colon()}${scores}`)];
  }
  if (!v.round) return [h("div", { class: "turn-text" }, t("beforeStart"))];
  const phase = rules.scenario.phases.find((p) => p.id === v.phase);
  const hand = S.lang === "zh" ? `第 ${v.round} 局／共 ${v.rounds} 局` : `${t("hand")} ${v.round} ${t("of")} ${v.rounds}`;
  return [
    h("div", { class: "turn-text" }, hand, phase ? ` · ${L(phase.name, v.phase)}` : ""),
    h(
      "div",
      { class: "meta" },
      v.phase_kind === "betting" ? h("span", { class: "stake" }, `${t("stake")}${colon()}`, h("b", null, v.stake)) : null,
      // whose turn it is, only where the game rests between moves: inside a move's events the
      // view is the game as it stood at that event, its turn still the mover's ("Beijing to
      // act" just after Beijing played, "Washington to act" after a bluff was called)
      v.to_act && R.rest === R.n ? h("span", null, t("toAct", { side: sideName(v.to_act) })) : null,
    ),
  ];
}
function sidesPanel(R) {
  const v = R.view;
  const shown = SIDES.filter((s) => v.sides[s].private || v.sides[s].objective);
  if (!shown.length) return [h("h2", null, t("sidesSecrets")), h("p", { class: "muted" }, t("secretsHidden"))];
  return [
    h("h2", null, t("sidesSecrets")),
    shown.map((s) => {
      const side = v.sides[s];
      const obj = side.objective ? S.rules.objectiveById[side.objective] : null;
      const met = v.outcome ? v.objectives_met[s] : null;
      return h(
        "div",
        { class: `rp-side ${s}` },
        h("h3", { class: `side-title ${s}` }, sideName(s)),
        side.private ? h("dl", { class: "private" }, Object.entries(side.private).map(([id, val]) => [h("dt", null, varName(id)), h("dd", null, fmt(id, val), bar(id, val, s))])) : null,
        obj ? h("p", { class: "small" }, h("b", null, `${t("objectiveOf")}${colon()}`), L(obj.name), met === null ? "" : met ? ` — ✔ ${t("met")}` : ` — ✘ ${t("notMet")}`) : null,
      );
    }),
  ];
}
function talksPanel(R) {
  const v = R.view;
  const p = v.proposal;
  if (!p) return [h("h2", null, t("talks")), h("p", { class: "muted" }, v.phase_kind === "talks" ? t("noProposal") : t("talksClosedNote"))];
  const terms = p.terms.map((x) => {
    const term = S.rules.termById[x.term];
    const params = Object.entries(x.params || {}).map(([k, val]) => `${L(term?.params?.[k]?.name, k)}${colon()}${val}`);
    return h("li", null, h("b", null, L(term?.name, x.term)), params.length ? paren(params.join(S.lang === "zh" ? "，" : ", ")) : "");
  });
  return [
    h("h2", null, t("talks")),
    h("div", { class: `proposal ${p.side}` }, h("p", null, h("b", null, t("proposedBy", { side: sideName(p.side) })), " ", t("forHands", { n: p.rounds })), h("ul", null, terms)),
  ];
}
function charts(R) {
  const v = R.view;
  const past = R.points.filter((p) => p.n <= R.n);
  const now = { ...(past.length ? past[past.length - 1].values : {}), ...v.public };
  for (const s of SIDES) Object.assign(now, v.sides[s].private || {});
  const points = past.concat([{ round: v.round, values: now }]);
  return [
    h("h2", null, t("course")),
    h(
      "div",
      { class: "rp-chart-list" },
      lineChart(t("chartTariffs"), [{ id: "tariff_on_china", color: BLUE }, { id: "tariff_on_us", color: RED }], { points, percent: true }),
      lineChart(t("chartMarkets"), [{ id: "us_market", color: BLUE }, { id: "cn_market", color: RED }, { id: "us_output", color: BLUE, dash: true }, { id: "cn_output", color: RED, dash: true }], { points, tight: true }),
      lineChart(t("chartPressure"), [{ id: "us_pressure", color: BLUE }, { id: "cn_pressure", color: RED }], { points }),
    ),
  ];
}
// The board's news box as it stood at the step: the hand's news so far, an instructor's news
// event included (the view names only the news drawn as the hand began), none from later on.
function newsSoFar(R) {
  const board = $("#rp-board");
  const box = newsBox(R.view, R.entries.filter((e) => e.n <= R.n));
  board.querySelector("#news-box")?.remove();
  if (box) board.prepend(box);
}
export function drawStep(R) {
  if (!R.view || !$("#rp-log")) return;
  fill($("#rp-status"), statusLine(R));
  renderTracks($("#rp-tracks"), R.view);
  renderBoard($("#rp-board"), R.view, true);
  newsSoFar(R);
  fill($("#rp-talks"), talksPanel(R));
  fill($("#rp-sides"), sidesPanel(R));
  drawLog(R);
  fill($("#rp-charts"), charts(R));
}
