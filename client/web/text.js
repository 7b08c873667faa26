// Glue between i18n.js and the page: t() and L() pick the current language; names of sides,
// variables, cards and seats; the texts of effects, conditions and refusals.

import { TEXTS, REFUSALS } from "./i18n.js";
import { S, landingRoom } from "./state.js";

export const t = (key, vars) => {
  const one = vars && Number(vars.n) === 1 ? TEXTS[S.lang][`${key}_one`] : undefined;
  let s = one ?? TEXTS[S.lang][key] ?? TEXTS.en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
};
export const L = (obj, fallback = "") => (obj && (obj[S.lang] || obj.en)) || fallback;
// punctuation between the parts of a line, as the interface's language writes it: full-width in
// Chinese (no space after it), ASCII in English
export const colon = () => (S.lang === "zh" ? "：" : ": ");
export const semicolon = () => (S.lang === "zh" ? "；" : "; ");
export const paren = (s) => (S.lang === "zh" ? `（${s}）` : ` (${s})`);
// items of a list in a line: "Washington, Beijing"; Chinese 「華盛頓、北京」
export const listOf = (items) => items.join(S.lang === "zh" ? "、" : ", ");
// "Why not: REASON" (Chinese: 「原因：REASON」, its colon full-width, no space after it)
export const whyNot = (reason) => `${t("whyNot")}${S.lang === "zh" ? "" : " "}${reason}`;
export const HIDDEN_VARS = new Set(["us_raised", "cn_raised", "aggressor", "first_raise_blame", "aggressor_blame"]);
export const sideName = (s) => (S.rules ? L(S.rules.sides?.[s]?.name, t("side_" + s)) : t("side_" + s));
export const varName = (v) => L(S.rules?.variables?.[v]?.name, v);
export const cardName = (c) => L(S.rules?.cardById?.[c]?.name, c);
export function seatLabel(seat) {
  if (!seat.includes(":")) return sideName(seat);
  const [side, role] = seat.split(":");
  const spec = (S.rules?.sides?.[side]?.roles || landingRoom.info?.rules?.sides?.[side]?.roles || []).find((r) => r.id === role);
  return `${sideName(side)} · ${L(spec?.name, role)}`;
}
export function fmt(v, value) {
  const spec = S.rules.variables[v];
  if (!spec) return String(value);
  if (spec.kind === "percent") return `${value}%`;
  if (spec.kind === "flag") return value ? t("yes") : t("no");
  if (spec.kind === "weeks") return S.lang === "zh" ? `${value} 週` : `${value} wk`;
  return String(value);
}
const COUNTERS = {
  deals_in_force: { en: "deals in force", zh: "生效中的協議數" },
  stake: { en: "the stake", zh: "賭注" },
  round: { en: "the hand number", zh: "局數" },
  deals_struck: { en: "deals struck", zh: "已達成的協議數" },
  folds_washington: { en: "Washington's folds", zh: "華盛頓棄牌次數" },
  folds_beijing: { en: "Beijing's folds", zh: "北京棄牌次數" },
  wins_washington: { en: "hands Washington won", zh: "華盛頓贏的局數" },
  wins_beijing: { en: "hands Beijing won", zh: "北京贏的局數" },
  breaches_washington: { en: "Washington's breaches", zh: "華盛頓違約次數" },
  breaches_beijing: { en: "Beijing's breaches", zh: "北京違約次數" },
};
export function prettyExpr(expr) {
  if (!expr) return "";
  return String(expr)
    .replace(/\b([a-z_][a-z0-9_]*) == ([01])\b/g, (all, id, val) =>
      S.rules?.variables?.[id]?.kind === "flag" ? `${id}${colon()}${val === "1" ? t("yes") : t("no")}` : all,
    )
    .replace(/[a-z_][a-z0-9_]*/g, (id) => {
      if (S.rules?.variables?.[id]) return varName(id);
      if (COUNTERS[id]) return COUNTERS[id][S.lang];
      if (id === "and") return S.lang === "zh" ? "且" : "and";
      if (id === "or") return S.lang === "zh" ? "或" : "or";
      if (id === "True") return S.lang === "zh" ? "總是" : "always";
      return id.replaceAll("_", " ");
    })
    .replaceAll(">=", "≥")
    .replaceAll("<=", "≤")
    .replaceAll("==", "=")
    .replaceAll("!=", "≠");
}
function flagWord(v, value) {
  return S.rules.variables[v]?.kind === "flag" ? (value ? t("on") : t("off")) : value;
}
export function effectText(effects) {
  const parts = [];
  for (const eff of effects || []) {
    const when = eff.when ? paren(`${S.lang === "zh" ? "若" : "if"} ${prettyExpr(eff.when)}`) : "";
    for (const [v, val] of Object.entries(eff.set || {})) {
      if (HIDDEN_VARS.has(v)) continue;
      parts.push(`${varName(v)}${colon()}${typeof val === "number" ? flagWord(v, val) : prettyExpr(val)}${when}`);
    }
    for (const [v, val] of Object.entries(eff.add || {})) {
      if (HIDDEN_VARS.has(v)) continue;
      if (typeof val === "number") parts.push(`${varName(v)} ${val > 0 ? "+" : "−"}${Math.abs(val)}${when}`);
      else if (!/ if /.test(val)) {
        const expr = val.trim();
        const negative = expr.startsWith("-");
        const body = prettyExpr(negative ? expr.slice(1) : expr);
        parts.push(`${varName(v)} ${negative ? "−" : "+"}${/^\(.*\)$/.test(body) || !/\s/.test(body) ? body : `(${body})`}${when}`);
      }
    }
  }
  return parts.join(semicolon());
}
// a refusal in people's words: the template of its code, with the condition it names ("X needs
// EXPR", from the caller or read from the server's message) said with the rules' names; a code
// without a template keeps the server's message, its ids replaced by names
export function refusalText(refused, extra = {}) {
  if (!refused) return "";
  let code = refused.code;
  if (code === "wrong_phase" && extra.kind) code = `wrong_phase_${extra.kind}`;
  if (code === "paused" && refused.message) code = /instructor/.test(refused.message) ? "paused_by_instructor" : "paused_nobody";
  const tpl = REFUSALS[S.lang][code] ?? REFUSALS.en[code];
  const message = refused.message || "";
  if (!tpl) return humane(message);
  const needs = extra.needs || (message.includes(" needs ") ? message.slice(message.indexOf(" needs ") + 7) : "");
  return tpl.replace("{needs}", needs ? prettyExpr(needs) : "…");
}
// ids of cards and deal terms said by their names, then the rest as an expression's names
function humane(message) {
  const named = message.replace(/\b[a-z][a-z0-9_]*\b/g, (id) => (S.rules?.cardById?.[id] ? `‘${cardName(id)}’` : S.rules?.termById?.[id] ? `‘${L(S.rules.termById[id].name, id)}’` : id));
  return named.replace(/\b[a-z][a-z0-9_]*_[a-z0-9_]+\b/g, (id) => prettyExpr(id));
}
