// Log entries in plain language (English or traditional Chinese), after server/narrate.py.

import { TEXTS } from "./i18n.js";

// The variables the rules keep for their own bookkeeping (`internal: true`, rules/README.md): the
// engine and the log of events keep them, but no view tells them (tracks, log, effects). Rules
// stored before the field existed mark none: theirs are the shipped library's bookkeeping
// variables (server/ruleset/model.py `UNMARKED_INTERNAL`).
const UNMARKED_INTERNAL = ["us_raised", "cn_raised", "aggressor", "first_raise_blame", "aggressor_blame"];
const INTERNAL = new WeakMap();
export function internalVars(rules) {
  if (!rules?.variables) return new Set();
  let found = INTERNAL.get(rules);
  if (!found) {
    const vars = Object.entries(rules.variables);
    const marked = vars.filter(([, v]) => v.internal).map(([id]) => id);
    found = new Set(marked.length ? marked : UNMARKED_INTERNAL.filter((id) => id in rules.variables));
    INTERNAL.set(rules, found);
  }
  return found;
}

// the moves whose events may name the team role that made them (`who`)
const ACTS = new Set(["card_played", "card_played_face_down", "action_submitted", "checked", "called", "bluff_called", "folded", "deal_proposed", "deal_rejected", "deal_withdrawn", "deal_broken", "talks_passed"]);

// `me`: the side the reader plays (its secret choices are told); `team`: the reader holds one
// role of a team, so a choice of that side may be a teammate's ("Your side chose…"); `seats`:
// who holds which seat (`{seat: name}`) and the reader's own seat (`mine`), to name the team
// role that acted (an entry's `seat`, told to its own side and the instructor only).
export function makeNarrator(rules, lang, me = null, team = false, seats = { names: {}, mine: null }) {
  const zh = lang === "zh";
  // a dash: in Chinese two ems and no spaces
  const dash = zh ? "——" : " — ";
  const name = (obj, fallback) => (obj && (obj[lang] || obj.en)) || fallback;
  const side = (s) => name(rules.sides?.[s]?.name, TEXTS[lang]["side_" + s] || s);
  const card = (id) => name(rules.cardById[id]?.name, id);
  const variable = (id) => name(rules.variables[id]?.name, id);
  const hands = (n) => (n === 1 ? "1 hand" : `${n} hands`);
  const terms = (list) =>
    list
      .map((choice) => {
        const term = rules.termById[choice.term];
        const params = Object.entries(choice.params || {})
          .map(([k, v]) => `${name(term?.params?.[k]?.name, k)} ${v}`)
          .join(zh ? "，" : ", ");
        const label = name(term?.name, choice.term);
        return params ? (zh ? `${label}（${params}）` : `${label} (${params})`) : label;
      })
      .join(zh ? "；" : "; ");
  const instructorNews = (id) => name((rules.instructor_news || []).find((x) => x.id === id)?.name, id);
  const cause = (c) => {
    if (!c) return "";
    const [kind, what] = c.split(":");
    if (kind === "card" || kind === "cost" || kind === "bluff") {
      if (what === "face_down") return zh ? "暗牌成本" : "cost of the face-down card";
      const label = card(what);
      if (kind === "cost") return zh ? `「${label}」的成本` : `cost of ${label}`;
      return `${label}`;
    }
    if (kind === "news") return name(rules.newsById[what]?.name, what);
    if (kind === "instructor") return `${TEXTS[lang].ctlInstructorCause}${zh ? "：" : ": "}${instructorNews(what)}`;
    if (kind === "deal") return dealLabel(Number(what));
    // the loser's fold effects, whether it folded or lost a called bluff (betting.lose_hand)
    if (kind === "fold") return zh ? `${side(what)}輸掉這一局` : `${side(what)} loses the hand`;
    if (kind === "breach") return zh ? `${side(what)}違約` : `${side(what)} broke a deal`;
    if (kind === "resolution") return zh ? "本局結算" : "end of the hand";
    return c;
  };
  // a number as the scenario writes a variable of its kind: `34%`, `7 wk` (「7 週」), `100`
  const unit = (kind, x) => (kind === "percent" ? `${x}%` : kind === "weeks" ? (zh ? `${x} 週` : `${x} wk`) : x);
  const hidden = internalVars(rules);
  // The deals struck in the events told so far (id → terms; the id is the engine's, the accepted
  // proposal's, never shown: the first deal of a game may be 3), their numbers in the order
  // struck (id → 1, 2, …), and those still in force: a deal is told by its name, its terms'
  // names as the rules name them; by its number too if another deal in force has the same name,
  // as "a deal" if it was struck before the events told.
  // (A deal's end's effects come after it expired: it is named from the deals struck.)
  const struck = new Map();
  const numbers = new Map();
  const deals = new Map();
  const dealName = (list) => list.map((choice) => name(rules.termById[choice.term]?.name, choice.term)).join(" + ");
  let stake = null; // the betting's stake as told so far
  const follow = (e) => {
    if (e.type === "phase_started" || e.type === "stake_raised") stake = e.stake ?? 0;
    if (e.type === "deal_struck") {
      deals.set(e.deal, e.terms);
      struck.set(e.deal, e.terms);
      numbers.set(e.deal, numbers.size + 1);
    } else if (e.type === "deal_broken" || e.type === "deal_expired") deals.delete(e.deal);
    else if (e.type === "game_started") {
      deals.clear();
      struck.clear();
      numbers.clear();
    }
  };
  const dealLabel = (id) => {
    if (!struck.has(id)) return zh ? "一項協議" : "a deal";
    const called = dealName(struck.get(id));
    const twin = [...deals].some(([other, list]) => other !== id && dealName(list) === called);
    const n = numbers.get(id);
    if (zh) return `協議「${called}」${twin ? `（協議 ${n}）` : ""}`;
    return `the deal ‘${called}’${twin ? ` (deal ${n})` : ""}`;
  };
  const broken = (e) => {
    const actor = who(e);
    if (zh) return `${actor}打出「${card(e.card)}」，違反${dealLabel(e.deal)}。`;
    return `${actor} breaks ${dealLabel(e.deal)} by playing ${card(e.card)}.`;
  };
  const capital = (text) => (text ? `${text[0].toUpperCase()}${text.slice(1)}` : text);
  const expired = (e) => (zh ? `${dealLabel(e.deal)}到期。` : `${capital(dealLabel(e.deal))} expires.`);

  // The team role that made a move, after its side: "Washington (Treasury — Ada)", the
  // player's name as the seats know it ("you" for the reader's own seat); the side alone for a
  // move no role's seat is named for (a side's own seat, a bot, the other side's).
  let by = null; // the seat named on the event being told
  // the role of the seat named on a move of its side, or null
  const named = (e) => {
    const [bySide, byRole] = (by || "").split(":");
    if (!byRole || !ACTS.has(e.type) || bySide !== e.side) return null;
    return (rules.sides?.[e.side]?.roles || []).find((r) => r.id === byRole) || null;
  };
  // " (Treasury — Ada)", or "" for a move no role is named for
  const role = (e) => {
    const found = named(e);
    if (!found) return "";
    const holder = by === seats.mine ? (zh ? "你" : "you") : seats.names?.[by];
    const label = name(found.name, found.id) + (holder ? `${dash}${holder}` : "");
    return zh ? `（${label}）` : ` (${label})`;
  };
  const who = (e) => side(e.side) + role(e);
  // Returns [text, kind] or null for bookkeeping events; `values` holds the variables as known;
  // `seat`, the entry's: the team role that acted. One narrator tells one game's events in
  // order (it remembers the deals struck).
  return function say(event, values, seat = null) {
    by = seat;
    const line = tell(event, values);
    follow(event);
    return line;
  };
  function tell(e, values) {
    switch (e.type) {
      case "game_started":
        return [zh ? "遊戲開始。" : "The game begins.", "big"];
      case "objectives_dealt": {
        const dealt = Object.entries(e.objectives || {}).filter(([, id]) => id);
        if (!dealt.length) return null;
        if (me && dealt.length === 1 && dealt[0][0] === me) {
          const obj = rules.objectiveById[dealt[0][1]];
          return [(zh ? "你的秘密目標：" : "Your secret objective: ") + name(obj?.name, dealt[0][1]), "info"];
        }
        return [
          (zh ? "秘密目標：" : "Secret objectives: ") +
            dealt.map(([s, id]) => `${side(s)}${dash}${name(rules.objectiveById[id]?.name, id)}`).join(zh ? "；" : "; "),
          "info",
        ];
      }
      case "round_started":
        return [zh ? `— 第 ${e.round} 局（共 ${rules.scenario.rounds} 局）—` : `— Hand ${e.round} of ${rules.scenario.rounds} —`, "round"];
      case "cards_drawn":
        if (e.cards && e.cards.length) {
          const head = e.side === me ? (zh ? "你抽到：" : "You draw: ") : zh ? `${who(e)}抽到：` : `${who(e)} draws: `;
          return [head + e.cards.map(card).join(zh ? "、" : ", "), "info"];
        }
        return [zh ? `${who(e)}抽了 ${e.count} 張牌。` : `${who(e)} draws ${e.count} ${e.count === 1 ? "card" : "cards"}.`, "dim"];
      case "news_drawn": {
        const news = rules.newsById[e.news];
        return [(zh ? "新聞：" : "News: ") + name(news?.name, e.news) + dash + name(news?.text, ""), "news"];
      }
      case "news_injected": {
        const head = TEXTS[lang].ctlNewsFrom;
        if (e.news) {
          const news = rules.newsById[e.news];
          return [head + name(news?.name, e.news) + dash + name(news?.text, ""), "news instructor"];
        }
        const effects = (e.effects || []).map(instructorNews);
        return [head + (e.text || "") + (effects.length ? (zh ? `（${effects.join("；")}）` : ` (${effects.join("; ")})`) : ""), "news instructor"];
      }
      case "variables_changed": {
        const parts = [];
        for (const [v, value] of Object.entries(e.values)) {
          const before = values[v];
          if (hidden.has(v)) continue;
          // a value is told as `brink replay` tells it (server/game/values.py): a switch "off →
          // on", in Chinese 「否 → 是」, not "0 → 1 (+1)"; a percent "30% → 54% (+24)", weeks
          // "7 wk → 8 wk (+1)" (「7 週 → 8 週」), not "30 → 54 (+24)"
          const kind = rules.variables[v]?.kind;
          const flag = kind === "flag";
          const said = (x) => (flag ? (x ? (zh ? "是" : "on") : zh ? "否" : "off") : unit(kind, x));
          const delta = typeof before === "number" && !flag ? value - before : null;
          const change = delta > 0 ? `+${delta}` : `−${-delta}`;
          const sign = delta === null || delta === 0 ? "" : zh ? `（${change}）` : ` (${change})`;
          parts.push(`${variable(v)} ${typeof before === "number" ? said(before) + " → " : ""}${said(value)}${sign}`);
        }
        if (!parts.length) return null;
        return [`${capital(cause(e.cause))}${zh ? "：" : ": "}${parts.join(zh ? "；" : "; ")}`, "vars"];
      }
      case "phase_started": {
        const phase = rules.scenario.phases.find((p) => p.id === e.phase);
        if (e.kind === "news") return null;
        return [(zh ? "階段：" : "Phase: ") + name(phase?.name, e.phase) + (e.stake ? (zh ? `（賭注 ${e.stake}）` : ` (stake ${e.stake})`) : ""), "phase"];
      }
      case "card_played":
        return [zh ? `${who(e)}打出「${card(e.card)}」。` : `${who(e)} plays ${card(e.card)}.`, "play"];
      case "card_played_face_down":
        return [
          e.card && e.side === me && !named(e)
            ? zh ? `你蓋下「${card(e.card)}」。` : `You put ${card(e.card)} face down.`
            : e.card
            ? zh ? `${who(e)}蓋下「${card(e.card)}」。` : `${who(e)} puts ${card(e.card)} face down.`
            : zh ? `${who(e)}蓋下一張牌：一個威脅。` : `${who(e)} puts a card face down: a threat.`,
          "play",
        ];
      case "stake_raised":
        // a card of stake 0 raises nothing: the stake is where it was
        if (e.stake === stake) return [zh ? `賭注仍為 ${e.stake}。` : `The stake stays at ${e.stake}.`, "dim"];
        return [zh ? `賭注升至 ${e.stake}。` : `The stake rises to ${e.stake}.`, "dim"];
      case "action_submitted":
        return [
          e.action && e.side !== me
            ? zh ? `${who(e)}已秘密選擇：${TEXTS.zh[e.action.type] || e.action.type}。` : `${who(e)} chose in secret: ${TEXTS.en[e.action.type] || e.action.type}.`
            : e.action
            ? zh ? `${team ? `你方${role(e)}` : "你"}已秘密選擇：${TEXTS.zh[e.action.type] || e.action.type}。` : `${team ? `Your side${role(e)}` : "You"} chose in secret: ${TEXTS.en[e.action.type] || e.action.type}.`
            : zh ? `${who(e)}已秘密選擇。` : `${who(e)} has chosen in secret.`,
          "dim",
        ];
      case "checked":
        return [zh ? `${who(e)}過牌。` : `${who(e)} checks.`, "act"];
      case "called":
        return [zh ? `${who(e)}跟注。` : `${who(e)} calls.`, "act"];
      case "bluff_called":
        return [zh ? `${who(e)}要求亮牌！` : `${who(e)} calls the bluff!`, "act"];
      case "card_revealed":
        return e.backed
          ? [zh ? `${who(e)}亮牌「${card(e.card)}」：威脅是真的。` : `${who(e)} shows ${card(e.card)}: the threat was real.`, "play"]
          : [zh ? `${who(e)}亮牌「${card(e.card)}」：虛張聲勢！` : `${who(e)} shows ${card(e.card)}: a bluff without the means!`, "play"];
      case "folded":
        return e.forced
          ? [zh ? `${who(e)}承受不住壓力，被迫棄牌。` : `${who(e)} cannot bear the pressure and folds.`, "act"]
          : [zh ? `${who(e)}棄牌。` : `${who(e)} folds.`, "act"];
      case "hand_won":
        return [zh ? `${who(e)}贏得這一局（賭注 ${e.stake}）。` : `${who(e)} wins the hand (stake ${e.stake}).`, "big"];
      case "betting_closed":
        return [zh ? "下注結束。" : "Betting is over.", "dim"];
      case "deal_proposed": {
        const verb = e.counters ? (zh ? "還價" : "counters") : zh ? "提議" : "proposes";
        return [zh ? `${who(e)}${verb}：${terms(e.terms)}，為期 ${e.rounds} 局。` : `${who(e)} ${verb}: ${terms(e.terms)} for ${hands(e.rounds)}.`, "deal"];
      }
      case "deal_rejected":
        return [zh ? `${who(e)}拒絕提議。` : `${who(e)} rejects the proposal.`, "deal"];
      case "deal_withdrawn":
        return [zh ? `${who(e)}撤回提議。` : `${who(e)} withdraws the proposal.`, "deal"];
      case "deal_lapsed":
        return [zh ? "提議失效。" : "The proposal lapses.", "dim"];
      case "deal_struck":
        // it runs out as hand `expires_after` is settled (struck in hand 1 for 2 hands: at the end
        // of hand 2); one that outlasts the game lasts to its end (as the board says, tracks.js)
        if (e.expires_after > rules.scenario.rounds) return [zh ? `達成協議：${terms(e.terms)}（有效至遊戲結束）。` : `Deal struck: ${terms(e.terms)} (in force until the end of the game).`, "big"];
        return [zh ? `達成協議：${terms(e.terms)}（有效至第 ${e.expires_after} 局結束）。` : `Deal struck: ${terms(e.terms)} (in force until the end of hand ${e.expires_after}).`, "big"];
      case "deal_broken":
        return [broken(e), "act"];
      case "deals_extended":
        return [zh ? `協議延長 ${e.rounds} 局。` : `Deals extended by ${hands(e.rounds)}.`, "deal"];
      case "deal_expired":
        return [expired(e), "deal"];
      case "talks_passed":
        return [zh ? `${who(e)}結束談判。` : `${who(e)} passes in the talks.`, "dim"];
      case "talks_closed":
        return [zh ? "談判結束。" : "Talks are over.", "dim"];
      case "timed_out":
        return [zh ? `時間到：${e.sides.map(side).join("、")}。` : `Time is up for ${e.sides.map(side).join(" and ")}.`, "act"];
      case "lasting_effect_ended":
        return [zh ? `「${card(e.card)}」的持續效果結束。` : `The lasting effect of ${card(e.card)} ends.`, "dim"];
      case "round_resolved":
        return [zh ? `第 ${e.round} 局結算完畢。` : `Hand ${e.round} is settled.`, "dim"];
      case "game_ended": {
        const outcome = rules.outcomeById[e.outcome];
        const scores = Object.entries(e.scores).map(([s, v]) => `${side(s)} ${v}`).join(zh ? "，" : ", ");
        return [(zh ? "遊戲結束：" : "Game over: ") + name(outcome?.name, e.outcome) + `${dash}${scores}`, "big"];
      }
      default:
        return null;
    }
  }
}
