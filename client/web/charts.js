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
  const x = (i) => pad.l + (i / Math.max(1, pts.length - 1)) * (W - pad.l - pad.r);
  const y = (val) => pad.t + (1 - (val - min) / (max - min || 1)) * (Hh - pad.t - pad.b);
  const grid = [];
  for (const frac of [0, 0.5, 1]) {
    const val = Math.round(min + frac * (max - min));
    grid.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(val)}" y2="${y(val)}" class="grid"/><text x="${pad.l - 4}" y="${y(val) + 5}" text-anchor="end" class="axis">${val}${unit}</text>`);
  }
  // each hand starts with a line and its label ("Hand 2") within the hand's own width; a label
  // that does not fit there (a short hand) is cut to its number, or left out
  const starts = [];
  pts.forEach((p, i) => {
    if (p.round > 0 && p.round !== pts[i - 1]?.round) starts.push([p.round, x(i)]);
  });
  const width = (text) => [...text].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? FONT : FONT * 0.6), 0);
  let free = 0; // where the last label drawn ends
  starts.forEach(([round, at], k) => {
    grid.push(`<line x1="${at}" x2="${at}" y1="${pad.t}" y2="${Hh - pad.b}" class="grid v"/>`);
    const end = k + 1 < starts.length ? starts[k + 1][1] : W;
    const left = Math.max(at + 3, free);
    const full = S.lang === "zh" ? `第${round}局` : `${t("hand")} ${round}`;
    const label = [full, String(round)].find((text) => left + width(text) <= end);
    if (label) {
      grid.push(`<text x="${left}" y="${Hh - 6}" class="axis hand-label">${label}</text>`);
      free = left + width(label) + 3;
    }
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
