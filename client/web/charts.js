// Line charts (inline SVG) of the values over the game, from the history the log keeps.

import { S, mySide } from "./state.js";
import { h } from "./dom.js";
import { t, varName } from "./text.js";

export function lineChart(title, series, opts = {}) {
  // The chart is drawn 420 wide and shown 250 to 450 pixels wide: its labels are 16 units high,
  // 9 to 17 pixels on the screen (they were 10, 6 pixels high on a phone or in the results'
  // three columns).
  const W = 420;
  const Hh = 180; // the hands' labels along the bottom at y 174 (tests find them there)
  const FONT = 16; // .chart svg.lines .axis (style.css)
  const pad = { l: 46, r: 10, t: 12, b: 28 };
  // opts.points: the replay viewer's own history, up to its step
  const pts = opts.points || S.history.concat([{ round: S.view.round, values: { ...S.values, ...S.view.public, ...(S.view.sides[mySide()]?.private || {}) } }]);
  const all = series.flatMap((s) => pts.map((p) => p.values[s.id]).filter((x) => typeof x === "number"));
  if (!all.length) return null;
  // opts.percent: a percent axis from 0% to a multiple of 10% (tariffs that stayed at 0% read
  // 0% to 10%, not 0 to 1)
  let max = opts.percent ? Math.ceil(Math.max(...all, 10) / 10) * 10 : Math.max(...all, 1);
  const unit = opts.percent ? "%" : "";
  let min = opts.tight ? Math.min(...all) : Math.min(0, ...all);
  if (opts.tight) {
    const room = Math.max(2, Math.round((max - min) * 0.15));
    min -= room;
    max += room;
  }
  // the values' labels, bottom, middle and top; the room left of the chart as wide as the widest
  // ("250%" was cut at the edge: the room was one for "100%"), each figure counted wide (0.7 of
  // the font's size, a "%" a whole one: digits are wider than most letters)
  const marks = [0, 0.5, 1].map((frac) => Math.round(min + frac * (max - min)));
  const across = (text) => [...text].reduce((w, c) => w + (c === "%" ? FONT : FONT * 0.7), 0);
  pad.l = Math.max(pad.l, Math.ceil(Math.max(...marks.map((val) => across(`${val}${unit}`)))) + 8);
  // Each hand is as wide as every other, its points spread over it (the last at its end): a hand
  // of one change is not a sliver whose label has no room (they were placed one change apart).
  const hands = [...new Set(pts.map((p) => p.round).filter((r) => r > 0))];
  const span = (W - pad.l - pad.r) / Math.max(1, hands.length);
  const xs = handPlaces(pts, hands, pad.l, span);
  const x = (i) => xs[i];
  const y = (val) => pad.t + (1 - (val - min) / (max - min || 1)) * (Hh - pad.t - pad.b);
  const grid = [];
  for (const val of marks) {
    grid.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(val)}" y2="${y(val)}" class="grid"/><text x="${pad.l - 4}" y="${y(val) + 5}" text-anchor="end" class="axis">${val}${unit}</text>`);
  }
  // each hand starts with a line; its label is under the middle of it: "Hand 2" where every
  // hand's fits, else its number; where even the numbers do not fit (many hands on a phone),
  // every second, third… hand is labelled, evenly, from the first
  const width = (text) => [...text].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? FONT : FONT * 0.6), 0);
  const full = (round) => (S.lang === "zh" ? `第${round}局` : `${t("hand")} ${round}`);
  const widest = (say) => Math.max(0, ...hands.map((round) => width(say(round)))) + 6;
  const say = widest(full) <= span ? full : String;
  const every = Math.ceil(widest(say) / span);
  // numbers alone are said to be hands, under the values' axis
  if (say === String && hands.length) grid.push(`<text x="${pad.l - 4}" y="${Hh - 6}" text-anchor="end" class="axis hand-title">${S.lang === "zh" ? "局" : t("hand")}</text>`);
  hands.forEach((round, k) => {
    const at = pad.l + k * span;
    grid.push(`<line x1="${at}" x2="${at}" y1="${pad.t}" y2="${Hh - pad.b}" class="grid v"/>`);
    if (k % every === 0) grid.push(`<text x="${at + span / 2}" y="${Hh - 6}" text-anchor="middle" class="axis hand-label">${say(round)}</text>`);
  });
  const lines = series
    .map((s) => {
      const d = pts.map((p, i) => (typeof p.values[s.id] === "number" ? `${x(i).toFixed(1)},${y(p.values[s.id]).toFixed(1)}` : null)).filter(Boolean).join(" ");
      return `<polyline points="${d}" fill="none" stroke="${s.color}" stroke-width="2.5" stroke-linejoin="round"${s.dash ? ' stroke-dasharray="5 3"' : ""}/>`;
    })
    .join("");
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const svg = `<svg class="lines" viewBox="0 0 ${W} ${Hh}" role="img" aria-label="${esc(title)}">${grid.join("")}${lines}</svg>`;
  return h(
    "figure",
    { class: "chart" },
    h("figcaption", null, title),
    h("div", { html: svg }),
    h("ul", { class: "legend" }, series.map((s) => h("li", null, h("span", { class: s.dash ? "swatch dashed" : "swatch", style: `--c:${s.color}` }), varName(s.id)))),
  );
}

// Where each point is drawn along the chart: the start (hand 0) at the left edge, a hand's points
// spread evenly over its own span, the last at its end.
function handPlaces(pts, hands, left, span) {
  const counts = new Map();
  for (const p of pts) counts.set(p.round, (counts.get(p.round) || 0) + 1);
  const seen = new Map();
  return pts.map((p) => {
    const k = hands.indexOf(p.round);
    if (k < 0) return left;
    const j = (seen.get(p.round) || 0) + 1;
    seen.set(p.round, j);
    return left + (k + j / counts.get(p.round)) * span;
  });
}
