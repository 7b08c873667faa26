// The replay viewer's evaluation graph: Washington's chance of winning along a finished game
// (GET /api/games/CODE/evaluation, worked out by the server once, in a few seconds: a spinner
// meanwhile), drawn as charts.js draws its charts, a line at the step, a click goes to the
// nearest point's step. Drawn up to the step only, as the other charts are (a replay at step N
// tells what had happened by then, not how the chances went later). Hidden for a running game
// (409) or when the server cannot say.

import { $, h, fill } from "./dom.js";
import { t } from "./text.js";
import { headersFor, getJSON } from "./remember.js";

const W = 420;
const Hh = 170;
const pad = { l: 40, r: 10, t: 10, b: 22 };
const BLUE = "#1d4ed8";
const cache = new Map(); // code → Promise of the points (null: none to show)

function pointsOf(code) {
  if (!cache.has(code)) {
    const asked = getJSON(`/api/games/${encodeURIComponent(code)}/evaluation`, headersFor(code)).then(
      (got) => (Array.isArray(got.points) && got.points.length ? got.points : null),
      () => null,
    );
    cache.set(code, asked);
    asked.then((pts) => pts || cache.delete(code)); // a refusal may not last (a game ending)
  }
  return cache.get(code);
}
const x = (n, of) => pad.l + (n / Math.max(1, of)) * (W - pad.l - pad.r);
const y = (p) => pad.t + (1 - p) * (Hh - pad.t - pad.b);

function graph(points, R, go) {
  const grid = [0, 0.5, 1].map((p) => `<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(p)}" y2="${y(p)}" class="grid"/><text x="${pad.l - 4}" y="${y(p) + 4}" text-anchor="end" class="axis">${Math.round(p * 100)}%</text>`);
  const hands = R.moments.filter((m) => m.kind === "hand");
  for (const m of hands) grid.push(`<g class="ev-hand" data-at="${m.n}"><line x1="${x(m.n, R.of)}" x2="${x(m.n, R.of)}" y1="${pad.t}" y2="${Hh - pad.b}" class="grid v"/><text x="${x(m.n, R.of) + 3}" y="${Hh - 6}" class="axis">${t("handN", { n: m.hand })}</text></g>`);
  const dots = points
    .map((p) => `<circle cx="${x(p.n, R.of).toFixed(1)}" cy="${y(p.washington).toFixed(1)}" r="3.5" fill="${BLUE}" class="ev-pt" data-n="${p.n}"><title>${t("chanceAt", { n: p.n, w: Math.round(p.washington * 100) })}</title></circle>`)
    .join("");
  const now = `<line id="rp-eval-now" x1="0" x2="0" y1="${pad.t}" y2="${Hh - pad.b}" stroke="#ca8a04" stroke-width="2.5"/>`;
  const svg = `<svg viewBox="0 0 ${W} ${Hh}" role="img" aria-label="${t("evaluation")}">${grid.join("")}<polyline id="rp-eval-line" points="" fill="none" stroke="${BLUE}" stroke-width="2.5" stroke-linejoin="round"/>${now}${dots}</svg>`;
  const box = h("div", { class: "ev-svg", html: svg });
  box.addEventListener("click", (ev) => {
    const el = ev.target.closest?.("[data-n]");
    if (el) return go(Number(el.dataset.n));
    // elsewhere on the graph: the nearest point drawn, left or right
    const rect = box.querySelector("svg").getBoundingClientRect();
    const at = ((ev.clientX - rect.left) / rect.width) * W;
    const drawn = points.filter((p) => p.n <= R.n);
    let best = drawn[0];
    for (const p of drawn) if (Math.abs(x(p.n, R.of) - at) < Math.abs(x(best.n, R.of) - at)) best = p;
    if (best) go(best.n);
  });
  return h("figure", { class: "chart ev-chart" }, box);
}
export function evalPanel(R, go) {
  // a running game has none; worked out from the true position, it is only for those who may
  // see all (GET …/evaluation refuses the others: all_seeing_only)
  if (!R.summary.outcome || !R.summary.views.includes("instructor")) return null;
  const panel = h("section", { class: "panel rp-eval", id: "rp-eval", "aria-labelledby": "rp-eval-h", "aria-busy": "true" }, h("h2", { id: "rp-eval-h" }, t("evaluation")), h("p", { class: "help small" }, t("evaluationHelp")), h("div", { class: "ev-wait" }, h("div", { class: "spinner", "aria-hidden": "true" }), h("span", { class: "muted small" }, t("evaluating"))));
  const code = R.code;
  pointsOf(code).then((points) => {
    if (R.code !== code || !panel.isConnected) return;
    if (!points) {
      panel.remove();
      return;
    }
    panel.setAttribute("aria-busy", "false");
    fill(panel, h("h2", { id: "rp-eval-h" }, t("evaluation")), h("p", { class: "help small" }, t("evaluationHelp")), graph(points, R, go));
    updateEval(R);
  });
  return panel;
}
export function updateEval(R) {
  const now = $("#rp-eval-now");
  if (!now) return;
  const at = x(R.n, R.of).toFixed(1);
  now.setAttribute("x1", at);
  now.setAttribute("x2", at);
  // the points (and hands begun) up to the step, the line through them
  const line = [];
  for (const dot of document.querySelectorAll("#rp-eval circle.ev-pt")) {
    const later = Number(dot.dataset.n) > R.n;
    dot.toggleAttribute("hidden", later);
    if (!later) line.push(`${dot.getAttribute("cx")},${dot.getAttribute("cy")}`);
  }
  for (const hand of document.querySelectorAll("#rp-eval .ev-hand")) hand.toggleAttribute("hidden", Number(hand.dataset.at) > R.n);
  $("#rp-eval-line").setAttribute("points", line.join(" "));
}
