// Glue between i18n.js and the page: t() and L() pick the current language; names of sides,
// variables, cards and seats; the texts of effects, conditions and refusals.

import { TEXTS, REFUSALS } from "./i18n.js";
import { S, landingRoom } from "./state.js";
import { parse, say, evaluate, names } from "./expr.js";
import { internalVars } from "./narrate.js";

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
// the rules' bookkeeping variables (`internal: true`): no view shows them (narrate.js)
export const isInternal = (v) => internalVars(S.rules).has(v);
export const sideName = (s) => (S.rules ? L(S.rules.sides?.[s]?.name, t("side_" + s)) : t("side_" + s));
export const varName = (v) => L(S.rules?.variables?.[v]?.name, v);
export const cardName = (c) => L(S.rules?.cardById?.[c]?.name, c);
// How long a deal of `n` hands struck now lasts, as the engine runs it: settled with the hand it
// is struck in, it runs out as hand round + n − 1 is settled (struck in hand 1 for 2 hands: to
// the end of hand 2); one that would outlast the game lasts to its end, however many hands it
// was struck for (the board says the same, tracks.js)
export function dealLasts(n, view = S.view) {
  const until = view.round + Number(n) - 1;
  if (until <= view.rounds) return t("until", { n: until });
  return t("dealToGameEnd", { n: view.rounds - view.round + 1 });
}
// a card's title in a hand: its name as the rules write it, as the log, the replay and `brink
// play` name it (a name holds no figure that depends on the game: "Raise: +50 points", its text
// says the year's; what playing it now does is its effects' line, effectText)
export function cardTitle(card, id) {
  return L(card?.name, id);
}
// a seat in words ("Beijing · Vice Premier"): its role named by `rules` (a listed game's own), else
// the room's
export function seatLabel(seat, rules = null) {
  if (!seat.includes(":")) return sideName(seat);
  const [side, role] = seat.split(":");
  const roles = rules?.sides?.[side]?.roles || S.rules?.sides?.[side]?.roles || landingRoom.info?.rules?.sides?.[side]?.roles || [];
  const spec = roles.find((r) => r.id === role);
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
      if (id === "and") return S.lang === "zh" ? "且" : "and";
      if (id === "or") return S.lang === "zh" ? "或" : "or";
      if (id === "True") return S.lang === "zh" ? "總是" : "always";
      return NAMING.name(id);
    })
    .replaceAll(">=", "≥")
    .replaceAll("<=", "≤")
    .replaceAll("==", "=")
    .replaceAll("!=", "≠");
}
function flagWord(v, value) {
  return S.rules.variables[v]?.kind === "flag" ? (value ? t("on") : t("off")) : value;
}
// one thing each of a counter adds: "2 per fold by Washington" (Chinese 「華盛頓每棄牌一次 2」)
const PER = {
  folds_washington: { en: "fold by Washington", zh: "華盛頓每棄牌一次" },
  folds_beijing: { en: "fold by Beijing", zh: "北京每棄牌一次" },
  wins_washington: { en: "hand Washington won", zh: "華盛頓每贏一局" },
  wins_beijing: { en: "hand Beijing won", zh: "北京每贏一局" },
  breaches_washington: { en: "deal Washington broke", zh: "華盛頓每違約一次" },
  breaches_beijing: { en: "deal Beijing broke", zh: "北京每違約一次" },
  deals_struck: { en: "deal struck", zh: "每達成一項協議" },
  deals_in_force: { en: "deal in force", zh: "每項生效中的協議" },
};
const NAMING = {
  name: (id) => (S.rules?.variables?.[id] ? varName(id) : COUNTERS[id] ? COUNTERS[id][S.lang] : id.replaceAll("_", " ")),
  per: (id) => PER[id]?.[S.lang] ?? null,
  flag: (id) => S.rules?.variables?.[id]?.kind === "flag",
};
// an expression of the rules in words (prettyExpr's symbols when it does not parse)
export const sayExpr = (expr) => {
  const tree = parse(expr);
  return tree ? say(tree, S.lang, NAMING) : prettyExpr(expr);
};
// what an expression may read in a view: the variables it shows, the counters, the hand
function viewEnv(v) {
  if (!v) return null;
  const privates = Object.values(v.sides || {}).map((s) => s?.private || {});
  return Object.assign({}, ...privates, v.public, v.counters, { round: v.round, rounds: v.rounds, stake: v.stake, deals_in_force: (v.deals || []).length });
}
// the amount of an effect: its value in the view when it can be worked out, and how it is made
// ("−6 (2 + 2 per fold by Washington, at most 10)"), or its words alone ("falls by …")
function amountText(v, val, env, set) {
  const tree = parse(val);
  if (!tree) return `${varName(v)}${colon()}${prettyExpr(val)}`;
  const negative = !set && tree.k === "neg";
  const body = negative ? tree.a : tree;
  const words = say(body, S.lang, NAMING);
  const now = env ? evaluate(tree, env) : null;
  const zh = S.lang === "zh";
  if (set && body.k === "call" && body.fn === "min" && body.args.some((a) => a.k === "name" && a.id === v) && body.args.some((a) => a.k === "num"))
    return `${varName(v)}${colon()}${zh ? "最多 " : "at most "}${body.args.find((a) => a.k === "num").v}`;
  if (now !== null && set) return `${varName(v)}${colon()}${flagWord(v, now)}${String(now) === words ? "" : paren(words)}`;
  if (now !== null) return `${varName(v)} ${now < 0 ? "−" : "+"}${Math.abs(now)}${String(Math.abs(now)) === words ? "" : paren(words)}`;
  if (set) return `${varName(v)}${colon()}${words}`;
  return zh ? `${varName(v)}${negative ? "減少" : "增加"} ${words}` : `${varName(v)} ${negative ? "falls" : "rises"} by ${words}`;
}
export function effectText(effects, view = S.view) {
  const parts = [];
  const env = viewEnv(view);
  for (const eff of effects || []) {
    const when = eff.when ? paren(`${S.lang === "zh" ? "若" : "if"} ${sayExpr(eff.when)}`) : "";
    for (const [op, changes] of [["set", eff.set], ["add", eff.add]]) {
      for (const [v, val] of Object.entries(changes || {})) {
        if (isInternal(v)) continue;
        if (typeof val === "number") {
          parts.push(op === "set" ? `${varName(v)}${colon()}${flagWord(v, val)}${when}` : `${varName(v)} ${val > 0 ? "+" : "−"}${Math.abs(val)}${when}`);
          continue;
        }
        const tree = parse(val);
        const hidden = tree ? [...names(tree)].filter((n) => isInternal(n)) : [];
        if (hidden.length) {
          // the engine's bookkeeping (who raised first): said only when it applies now, by the
          // rules' own name of the amount ("Beijing's leverage +3 (Leverage the other side wins
          // when you raise first in a hand)"); a flag it reads is not said
          const now = env ? evaluate(tree, env) : null;
          const why = hidden.filter((n) => S.rules?.variables?.[n] && S.rules.variables[n].kind !== "flag").map(varName);
          if (!now || !why.length) continue;
          parts.push(`${varName(v)} ${now < 0 ? "−" : "+"}${Math.abs(now)}${paren(why.join(semicolon()))}${when}`);
          continue;
        }
        parts.push(`${amountText(v, val, env, op === "set")}${when}`);
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
  const message = refused.message || "";
  // a request's name refused ("name: a name needs a visible character"): said in the page's words
  if (code === "bad_message" && /^([\w ]+\.)?name: /.test(message)) code = "bad_name";
  const role = code === "role_not_allowed" ? roleWhy(message) : null;
  if (role) return role;
  const tpl = REFUSALS[S.lang][code] ?? REFUSALS.en[code];
  if (!tpl) return humane(message);
  if (code === "rule_failed") {
    // "card boom: expression 'x * 1e308' failed: ..." (rules stored with an older game)
    const found = /expression '(.*)' failed/.exec(message);
    return tpl.replace("{expr}", found ? prettyExpr(found[1]) : "…");
  }
  const needs = extra.needs || (message.includes(" needs ") ? message.slice(message.indexOf(" needs ") + 7) : "");
  const text = tpl.replace("{needs}", needs ? sayExpr(needs) : "…");
  return S.lang === "zh" ? text.replace(/ （/g, "（") : text; // 「需要（…」, not 「需要 （…」
}
// A team role's refusal as the engine words it ("Commerce may not fold", "Commerce may not play
// us_tariff_34", "only the President may accept a deal"), said as the roles of the seat's side
// that may ("Only the President or the Treasury may play this card."); null if none may, or for
// another message
const DOING = { "play cards": "play", bluff: "bluff", call: "call", check: "check", fold: "fold", "call a bluff": "call_bluff", "negotiate deals": "talks" };
function roleWhy(message) {
  const side = (S.room?.seat || "").split(":")[0];
  const roles = S.rules?.sides?.[side]?.roles || [];
  const may = (r, action) => (r.actions || [action]).includes(action) && (action !== "fold" || r.final_say);
  let open = 0; // the roles that may, when nobody holds them or the side's own seat: their number
  const who = (ok) => {
    const able = roles.filter(ok);
    const names = able.map((r) => (S.lang === "zh" ? L(r.name, r.id) : `the ${L(r.name, r.id)}`));
    if (!names.length) return null;
    open = S.seats?.[side] || able.some((r) => S.seats?.[`${side}:${r.id}`]) ? 0 : able.length;
    return names.length < 2 ? names[0] : `${names.slice(0, -1).join(S.lang === "zh" ? "、" : ", ")}${t("listOr")}${names[names.length - 1]}`;
  };
  // a team that took other roles (the game starts with any role of a side) is told nobody may
  const say = (key, names, doing) => names && `${t(key, { who: names, doing: doing && t(`roleDo_${doing}`) })}${open ? `${S.lang === "zh" ? "" : " "}${t("roleNobody", { n: open })}` : ""}`;
  if (/may accept a deal$/.test(message)) return say("roleOnlyDo", who((r) => r.final_say), "accept");
  const card = S.rules?.cardById?.[/ may not play ([a-z0-9_]+)$/.exec(message)?.[1]];
  if (card) return say("roleOnlyCard", who((r) => may(r, "play") && (!card.roles?.length || card.roles.includes(r.id))));
  const action = DOING[/ may not (.+)$/.exec(message)?.[1]];
  return action ? say("roleOnlyDo", who((r) => may(r, action)), action) : null;
}
// ids of cards and deal terms said by their names, then the rest as an expression's names
function humane(message) {
  const named = message.replace(/\b[a-z][a-z0-9_]*\b/g, (id) => (S.rules?.cardById?.[id] ? `‘${cardName(id)}’` : S.rules?.termById?.[id] ? `‘${L(S.rules.termById[id].name, id)}’` : id));
  return named.replace(/\b[a-z][a-z0-9_]*_[a-z0-9_]+\b/g, (id) => prettyExpr(id));
}
