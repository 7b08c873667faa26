// The debrief's chart: one tariff (on China, or on the US) in every room, as step lines over the
// hands, with the 2025 line laid over them (thick, dashed). Inline SVG, drawn like charts.js.
// "Hand by hand" lines the hands up; "Whole game" stretches each game to the width.

import { h } from "./dom.js";
import { t, colon } from "./text.js";
import { D, nameOf } from "./debrief-common.js";

export const COLORS = ["#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#c2410c", "#0e7490", "#a16207", "#be185d", "#4d7c0f", "#475569"];
export const colorOf = (i) => COLORS[i % COLORS.length];
const dashOf = (i) => (i >= COLORS.length ? "7 4" : "");
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

// the points of a line as [x in 0..1, value] steps, to the end of its game
function steps(line, name, span) {
  const width = D.align === "hand" ? span : Math.max(1, line.hands);
  const out = [];
  let last = null;
  for (const p of line.points) {
    const x = p.x / width;
    const v = p.values[name];
    if (v === undefined) continue;
    if (last !== null) out.push([x, last]);
    out.push([x, v]);
    last = v;
  }
  if (last !== null) out.push([Math.max(1, line.hands) / width, last]);
  return out;
}

export function tariffChart(state, redraw) {
  const data = state.data;
  const name = state.mode;
  const lines = data.trajectories;
  // a room whose game never started (not played) has no line: nothing happened there
  const rooms = data.rooms.filter((r) => r.played !== false).map((r) => r.code);
  const history = lines.history;
  const span = Math.max(1, ...rooms.map((c) => lines.rooms[c]?.hands || 0), history?.hands || 0);
  const all = [...rooms.map((c) => lines.rooms[c]), history].filter(Boolean).flatMap((l) => l.points.map((p) => p.values[name] ?? 0));
  const top = Math.max(50, Math.ceil(Math.max(0, ...all) / 50) * 50);
  const W = 960;
  const H = 380;
  const pad = { l: 56, r: 16, t: 14, b: 40 };
  const x = (f) => pad.l + f * (W - pad.l - pad.r);
  const y = (v) => pad.t + (1 - v / top) * (H - pad.t - pad.b);
  const grid = [];
  for (let v = 0; v <= top; v += top > 200 ? 100 : 50) {
    grid.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${pad.l - 8}" y="${y(v) + 6}" text-anchor="end" class="axis">${v}%</text>`);
  }
  if (state.align === "hand") {
    for (let hand = 1; hand <= span; hand++) {
      const left = x((hand - 1) / span);
      grid.push(`<line x1="${left}" x2="${left}" y1="${pad.t}" y2="${H - pad.b}" class="grid v"/>`);
      grid.push(`<text x="${x((hand - 0.5) / span)}" y="${H - 12}" text-anchor="middle" class="axis">${esc(t("db_handN", { n: hand }))}</text>`);
    }
  }
  // rooms whose tariffs were the same lie a little apart, so that none hides another
  const path = (pts, lift = 0) => pts.map(([px, v], i) => `${i ? "L" : "M"}${x(px).toFixed(1)},${(y(v) - lift).toFixed(1)}`).join(" ");
  const lift = (i) => (i - (rooms.length - 1) / 2) * Math.min(3, 24 / Math.max(1, rooms.length));
  const drawn = rooms.map((code, i) => {
    const line = lines.rooms[code];
    if (!line) return "";
    const faded = state.pick && state.pick !== code ? " faded" : "";
    const picked = state.pick === code ? " picked" : "";
    const dash = dashOf(i) ? ` stroke-dasharray="${dashOf(i)}"` : "";
    return `<path class="db-line${faded}${picked}" data-room="${esc(code)}" d="${path(steps(line, name, span), lift(i))}" stroke="${colorOf(i)}"${dash}><title>${esc(code)}</title></path>`;
  });
  if (history) {
    drawn.push(`<path class="db-line history" data-room="H2025" d="${path(steps(history, name, span))}"><title>${esc(t("db_history"))}</title></path>`);
  }
  const title = `${t("db_chart")}${colon()}${nameOf("variables", name) || t(name === "tariff_on_china" ? "db_onChina" : "db_onUs")}`;
  const svg = `<svg id="db-chart-svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${grid.join("")}${drawn.join("")}</svg>`;
  const toggle = (key, value, label, id) =>
    h("button", { type: "button", id, "aria-pressed": String(state[key] === value), onclick: () => { state[key] = value; redraw(); } }, label);
  const legend = rooms.map((code, i) =>
    h(
      "li",
      null,
      h(
        "button",
        { type: "button", class: "db-pick", "data-room": code, "aria-pressed": String(state.pick === code), onclick: () => { state.pick = state.pick === code ? null : code; redraw(); } },
        h("span", { class: dashOf(i) ? "swatch dashed" : "swatch", style: `--c:${colorOf(i)}` }),
        // a class's room as its dashboard names it too ("Room 2 K7QX2M")
        data.room_numbers?.[code] ? `${t("db_roomN", { n: data.room_numbers[code] })} ` : "",
        code,
      ),
    ),
  );
  if (history) legend.push(h("li", { class: "db-history-key" }, h("span", { class: "swatch history" }), t("db_history")));
  return h(
    "section",
    { class: "db-section", id: "db-chart", "aria-labelledby": "db-chart-h" },
    h("h2", { id: "db-chart-h" }, t("db_chart")),
    h(
      "div",
      { class: "db-switches" },
      h("div", { role: "group", class: "db-switch" }, toggle("mode", "tariff_on_china", t("db_onChina"), "db-on-china"), toggle("mode", "tariff_on_us", t("db_onUs"), "db-on-us")),
      h("div", { role: "group", class: "db-switch" }, toggle("align", "hand", t("db_byHand"), "db-by-hand"), toggle("align", "game", t("db_stretched"), "db-stretched")),
    ),
    h("figure", { class: "db-figure" }, h("figcaption", { class: "sr" }, title), h("div", { html: svg })),
    h("ul", { class: "legend db-legend" }, legend),
    h("p", { class: "help" }, t("db_chartHelp")),
  );
}
