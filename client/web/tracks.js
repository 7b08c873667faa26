// The public tracks: tariffs, the two economies side by side, controls, deals in force.

import { S } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, isInternal, sideName, varName, cardName, fmt, colon, paren } from "./text.js";

const PAIRS = [
  ["us_market", "cn_market"],
  ["us_output", "cn_output"],
  ["us_pressure", "cn_pressure"],
  ["us_credibility", "cn_credibility"],
  ["us_leverage", "cn_leverage"],
];
export function bar(v, value, side) {
  const spec = S.rules.variables[v] || { min: 0, max: 100 };
  const pct = Math.max(0, Math.min(100, ((value - spec.min) / (spec.max - spec.min || 1)) * 100));
  return h(
    "div",
    { class: `bar ${side || ""}`, role: "meter", "aria-valuemin": spec.min, "aria-valuemax": spec.max, "aria-valuenow": value, "aria-label": varName(v) },
    h("span", { style: `width:${pct}%` }),
  );
}
// `target` and `v` let the replay viewer draw a past view into its own panel.
export function renderTracks(target = $("#tracks"), v = S.view) {
  // the rules' bookkeeping (`internal`) is left out: it is the engine's, not the table's
  const pub = Object.fromEntries(Object.entries(v.public).filter(([id]) => !isInternal(id)));
  const vars = S.rules.variables;
  const used = new Set();
  const tariffs = Object.keys(pub).filter((id) => vars[id]?.kind === "percent" && id.includes("tariff"));
  tariffs.forEach((id) => used.add(id));
  const tariffRows = tariffs.map((id) =>
    h("div", { class: "track" }, h("div", { class: "track-label" }, h("span", null, varName(id)), h("b", null, fmt(id, pub[id]))), bar(id, pub[id], id === "tariff_on_china" ? "washington" : id === "tariff_on_us" ? "beijing" : "")),
  );
  const pairs = PAIRS.filter(([a, b]) => a in pub && b in pub);
  pairs.flat().forEach((id) => used.add(id));
  const pairTable = h(
    "table",
    { class: "pairs" },
    h("thead", null, h("tr", null, h("th", { scope: "col" }, h("span", { class: "sr" }, "—")), h("th", { scope: "col", class: "washington" }, sideName("washington")), h("th", { scope: "col", class: "beijing" }, sideName("beijing")))),
    h(
      "tbody",
      null,
      pairs.map(([a, b]) => {
        const label = varName(a).replace(/^(US|Washington's|美國|華盛頓)\s*/i, "");
        return h(
          "tr",
          null,
          h("th", { scope: "row" }, pairLabel(a, label)),
          h("td", { class: "washington" }, h("b", null, pub[a]), bar(a, pub[a], "washington")),
          h("td", { class: "beijing" }, h("b", null, pub[b]), bar(b, pub[b], "beijing")),
        );
      }),
    ),
  );
  const flags = Object.keys(pub).filter((id) => vars[id]?.kind === "flag" && !used.has(id));
  const running = flags.filter((id) => id.endsWith("_running"));
  const controls = flags.filter((id) => !id.endsWith("_running") && pub[id]);
  flags.forEach((id) => used.add(id));
  const rest = Object.keys(pub).filter((id) => !used.has(id) && vars[id]);
  const deals = v.deals.map((d) =>
    h(
      "li",
      { class: "deal" },
      h("b", null, d.terms.map((x) => L(S.rules.termById[x.term]?.name, x.term)).join(" + ")),
      d.terms.some((x) => Object.keys(x.params || {}).length)
        ? h("small", null, paren(d.terms.flatMap((x) => Object.entries(x.params || {}).map(([k, val]) => `${L(S.rules.termById[x.term]?.params?.[k]?.name, k)} ${val}`)).join(S.lang === "zh" ? "，" : ", ")))
        : null,
      h("div", { class: "expires" }, d.expires_after > v.rounds ? t("untilGameEnd") : t("until", { n: d.expires_after })),
    ),
  );
  const lasting = v.lasting.map((l) => h("li", null, `${sideName(l.side)}${colon()}${cardName(l.card)}${S.lang === "zh" ? "——" : " — "}`, l.remaining === null ? t("forGame") : t("handsLeft", { n: l.remaining })));
  fill(
    target,
    h("h2", { id: `${target.id}-h` }, t("publicTracks")),
    h("h3", null, t("tariffs")),
    tariffRows,
    h("h3", null, t("economy")),
    pairTable,
    h("h3", null, t("controls")),
    controls.length ? h("ul", { class: "chips" }, controls.map((id) => h("li", { class: `chip ${id.startsWith("cn_") || id.includes("ree") || id.includes("boeing") || id.includes("superhard") || id.includes("battery") ? "beijing" : "washington"}` }, varName(id)))) : h("p", { class: "muted" }, t("noControls")),
    h("ul", { class: "status-list" }, running.map((id) => h("li", { class: pub[id] ? "ok" : "bad" }, `${pub[id] ? "●" : "○"} ${varName(id)}${colon()}${fmt(id, pub[id])}`))),
    h("h3", null, t("deals")),
    deals.length ? h("ul", { class: "deals" }, deals) : h("p", { class: "muted" }, t("noDeals")),
    lasting.length ? [h("h3", null, t("lasting")), h("ul", { class: "lasting" }, lasting)] : null,
    h(
      "details",
      { class: "more" },
      h("summary", null, t("other")),
      h("dl", { class: "rest" }, rest.map((id) => [h("dt", null, varName(id)), h("dd", null, fmt(id, pub[id]))])),
    ),
  );
}
function pairLabel(a, fallback) {
  const key = a.slice(3);
  const labels = {
    en: { market: "Market index", output: "Industrial output", pressure: "Pressure at home (100 = must fold)", credibility: "Credibility", leverage: "Leverage won" },
    zh: { market: "市場指數", output: "工業產出", pressure: "國內壓力（100 即被迫棄牌）", credibility: "信譽", leverage: "已贏得的籌碼" },
  };
  return labels[S.lang][key] || fallback;
}
