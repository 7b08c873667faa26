// Brinkmanship browser client: plain ES modules, no build step, nothing from a CDN.
// The protocol is docs/protocol.md; the rules (names, texts, cards, terms) come from
// GET /api/rules/{scenario}; what a seat may do now comes with each update's `options`.

import { PHASE_HELP } from "./i18n.js";
import { SIDES, S, other, mySide, isPlayer } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, HIDDEN_VARS, sideName, varName, cardName, fmt, prettyExpr, effectText, refusalText } from "./text.js";
import { setRenderer, setStatus, showScreen, toast, applyStaticTexts, setLang } from "./ui.js";
import { onServer, connect, send } from "./connection.js";
import { resume, onJoined, onUpdate, onPresence, leave } from "./session.js";
import { renderLanding, renderQueued } from "./landing.js";
import { seatList, renderLobby } from "./lobby.js";

const PAIRS = [
  ["us_market", "cn_market"],
  ["us_output", "cn_output"],
  ["us_pressure", "cn_pressure"],
  ["us_credibility", "cn_credibility"],
  ["us_leverage", "cn_leverage"],
];

// --- screens ---------------------------------------------------------------------------
function render() {
  applyStaticTexts();
  const focused = document.activeElement && document.activeElement.id;
  if (S.screen === "landing") renderLanding();
  else if (S.screen === "queued") renderQueued();
  else if (S.screen === "lobby") renderLobby();
  else if (S.screen === "table" && S.view) renderTable();
  if (focused && document.activeElement?.id !== focused) {
    const again = document.getElementById(focused);
    if (again) again.focus();
  }
}

// --- the table -------------------------------------------------------------------------
function bar(v, value, side) {
  const spec = S.rules.variables[v] || { min: 0, max: 100 };
  const pct = Math.max(0, Math.min(100, ((value - spec.min) / (spec.max - spec.min || 1)) * 100));
  return h(
    "div",
    { class: `bar ${side || ""}`, role: "meter", "aria-valuemin": spec.min, "aria-valuemax": spec.max, "aria-valuenow": value, "aria-label": varName(v) },
    h("span", { style: `width:${pct}%` }),
  );
}
function turnInfo() {
  const v = S.view;
  const me = mySide();
  const opp = me ? other(me) : null;
  if (v.outcome) return { mine: false, text: t("gameOver"), hint: L(S.rules.outcomeById[v.outcome]?.name, v.outcome) };
  const phaseHelp = PHASE_HELP[S.lang][v.phase_kind] || "";
  if (v.phase_kind === "betting") {
    if (v.to_act) {
      if (isPlayer() && v.to_act === me) {
        const hint = v.facing
          ? S.lang === "zh"
            ? `${sideName(opp)}加注到 ${v.stake}：跟注、出牌再加注${v.bluff_slot ? "、要求亮牌" : ""}或棄牌。`
            : `${sideName(opp)} raised the stake to ${v.stake}: call, raise with a card${v.bluff_slot ? ", call the bluff" : ""} or fold.`
          : S.lang === "zh"
            ? "過牌、出牌加注，或棄牌。"
            : "Check, raise with a card, or fold.";
        return { mine: true, text: `${t("yourTurn")} — ${sideName(me)}`, hint };
      }
      return { mine: false, text: t("waitingFor", { side: sideName(v.to_act) }), hint: phaseHelp };
    }
    if (isPlayer() && !v.sides[me].submitted) return { mine: true, text: `${t("yourTurn")} — ${t("simultaneous")}`, hint: phaseHelp };
    if (isPlayer()) return { mine: false, text: t("youChose", { side: sideName(opp) }), hint: phaseHelp };
    return { mine: false, text: t("simultaneous"), hint: phaseHelp };
  }
  if (v.phase_kind === "talks") {
    if (!isPlayer()) return { mine: false, text: t("bothAct"), hint: phaseHelp };
    const p = v.proposal;
    if (p && p.side !== me)
      return {
        mine: true,
        text: `${t("yourTurn")} — ${t("talks")}`,
        hint: S.lang === "zh" ? `${sideName(p.side)}提出了協議：接受、拒絕、還價或不再發言。` : `${sideName(p.side)} proposes a deal: accept, reject, counter or pass.`,
      };
    if (p && p.side === me)
      return { mine: false, text: t("waitingFor", { side: sideName(opp) }), hint: S.lang === "zh" ? "對方正在考慮你的提議。你也可以撤回。" : "They are considering your proposal. You may withdraw it." };
    if (v.passed.includes(me)) return { mine: false, text: t("waitingFor", { side: sideName(opp) }), hint: S.lang === "zh" ? "你已不再發言；對方也不再發言時談判結束。" : "You passed; the talks end when they pass too." };
    return { mine: true, text: `${t("yourTurn")} — ${t("talks")}`, hint: S.lang === "zh" ? "提出協議，或不再發言。" : "Propose a deal, or pass." };
  }
  return { mine: false, text: "…", hint: phaseHelp };
}
function renderBanner() {
  const info = turnInfo();
  const v = S.view;
  const steps = S.rules.scenario.phases.map((p) =>
    h("li", { class: p.id === v.phase ? "now" : "", "aria-current": p.id === v.phase ? "step" : null, title: PHASE_HELP[S.lang][p.kind] || "" }, L(p.name, p.id)),
  );
  fill(
    $("#banner"),
    h(
      "div",
      { class: `turn ${info.mine ? "mine" : "theirs"}` },
      h("div", { class: "turn-text", id: "turn-text" }, info.text),
      h("div", { class: "turn-hint", id: "turn-hint" }, info.hint),
    ),
    h(
      "div",
      { class: "meta" },
      h(
        "div",
        { class: "hand-no" },
        S.lang === "zh" ? `第 ${v.round} 局／共 ${v.rounds} 局` : `${t("hand")} ${v.round} ${t("of")} ${v.rounds}`,
        h("span", { class: "phase-now" }, ` · ${L(S.rules.scenario.phases.find((p) => p.id === v.phase)?.name, v.phase || "")}`),
      ),
      h("ol", { class: "steps", "aria-label": t("phaseSteps") }, steps),
      v.phase_kind === "betting" ? h("div", { class: "stake" }, `${t("stake")}: `, h("b", null, v.stake)) : null,
      timerText() ? h("div", { class: "timer", id: "timer", "aria-live": "off" }, timerText()) : null,
    ),
    awayNotice(),
    v.outcome && S.endClosed ? h("button", { type: "button", id: "show-end", onclick: () => { S.endClosed = false; render(); } }, t("showResults")) : null,
  );
}
function awayNotice() {
  if (S.status === "reconnecting") return h("div", { class: "away-note", role: "status" }, t("selfAway"));
  const away = SIDES.filter((s) => S.presence[s] === "away" && s !== mySide());
  if (!away.length || S.view.outcome) return null;
  return h("div", { class: "away-note", role: "status" }, away.map((s) => t("awayNote", { side: sideName(s) })).join(" "));
}
function timerText() {
  if (!S.view || S.view.outcome) return "";
  if (!S.deadline) return t("noTimer");
  const left = Math.max(0, Math.round((S.deadline - Date.now()) / 1000));
  const m = Math.floor(left / 60);
  const s = String(left % 60).padStart(2, "0");
  return `${m}:${s} ${t("timeLeft")}`;
}
function tickTimer() {
  const el = document.getElementById("timer");
  if (!el || !S.view) return;
  el.textContent = timerText();
  const left = S.deadline ? (S.deadline - Date.now()) / 1000 : 999;
  el.classList.toggle("urgent", left < 15 && !S.view.outcome && !!S.deadline);
}

function renderTracks() {
  const v = S.view;
  const pub = v.public;
  const vars = S.rules.variables;
  const used = new Set(HIDDEN_VARS);
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
        ? h("small", null, " (", d.terms.flatMap((x) => Object.entries(x.params || {}).map(([k, val]) => `${L(S.rules.termById[x.term]?.params?.[k]?.name, k)} ${val}`)).join(", "), ")")
        : null,
      h("div", { class: "expires" }, d.expires_after >= v.rounds ? t("untilGameEnd") : t("until", { n: d.expires_after })),
    ),
  );
  const lasting = v.lasting.map((l) => h("li", null, `${sideName(l.side)}: ${cardName(l.card)} — `, l.remaining === null ? t("forGame") : t("handsLeft", { n: l.remaining })));
  fill(
    $("#tracks"),
    h("h2", { id: "tracks-h" }, t("publicTracks")),
    h("h3", null, t("tariffs")),
    tariffRows,
    h("h3", null, t("economy")),
    pairTable,
    h("h3", null, t("controls")),
    controls.length ? h("ul", { class: "chips" }, controls.map((id) => h("li", { class: `chip ${id.startsWith("cn_") || id.includes("ree") || id.includes("boeing") || id.includes("superhard") || id.includes("battery") ? "beijing" : "washington"}` }, varName(id)))) : h("p", { class: "muted" }, t("noControls")),
    h("ul", { class: "status-list" }, running.map((id) => h("li", { class: pub[id] ? "ok" : "bad" }, `${pub[id] ? "●" : "○"} ${varName(id)}: ${fmt(id, pub[id])}`))),
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

function legalOf(kind, key) {
  // null: legal; {code,message}: refused; undefined: not offered now (not our turn / spectator)
  if (!S.wsReady) return { code: "_waiting" };
  const opts = S.options && (S.options[S.room.seat] || S.options[mySide()]);
  if (!opts) return { code: "_waiting" };
  const group = kind === "actions" ? opts.actions : opts[kind];
  if (!group || !(key in group)) return { code: "_waiting" };
  return group[key];
}
function reasonFor(refused, extra) {
  if (!refused) return "";
  if (refused.code === "_waiting") {
    const v = S.view;
    if (v.outcome) return t("gameOver");
    const who = v.to_act && v.to_act !== mySide() ? v.to_act : other(mySide());
    return t("waitingFor", { side: sideName(who) });
  }
  return refusalText(refused, extra);
}
function actionButton(kind, label, explain, refused, onclick, extra = {}) {
  const id = `act-${kind}`;
  const danger = kind === "fold" || kind === "reject";
  const reason = reasonFor(refused, extra);
  return h(
    "div",
    { class: `action ${refused ? "off" : "on"}` },
    h("button", { type: "button", id, class: refused ? "" : danger ? "danger" : "primary", disabled: !!refused, "aria-describedby": `${id}-why`, onclick }, label),
    h("div", { class: "explain", id: `${id}-why` }, explain, refused && refused.code !== "_waiting" ? h("div", { class: "why", id: `${id}-reason` }, `${t("whyNot")} ${reason}`) : null),
  );
}
async function act(command) {
  try {
    await send({ type: "act", command });
  } catch (err) {
    toast(err.code ? refusalText(err, {}) : err.message);
  }
}
function cardView(id, opts = {}) {
  const c = S.rules.cardById[id];
  if (!c) return h("div", { class: "card" }, id);
  const eff = effectText(c.effects);
  const playRefused = opts.playable ? legalOf("play", id) : null;
  const bluffRefused = opts.playable ? legalOf("bluff", id) : null;
  const safe = id.replace(/[^a-z0-9_]/gi, "");
  const buttons = opts.playable
    ? h(
        "div",
        { class: "card-actions" },
        h("button", { type: "button", id: `play-${safe}`, class: playRefused ? "" : "primary", disabled: !!playRefused, "aria-describedby": `why-play-${safe}`, onclick: () => act({ type: "play", cards: [id] }), title: t("explain_play") }, t("play")),
        c.bluff
          ? h("button", { type: "button", id: `bluff-${safe}`, disabled: !!bluffRefused, "aria-describedby": `why-bluff-${safe}`, onclick: () => act({ type: "bluff", card: id }), title: t("explain_bluff") }, t("bluffBtn"))
          : null,
        playRefused && playRefused.code !== "_waiting" ? h("div", { class: "why", id: `why-play-${safe}` }, `${t("play")}: ${reasonFor(playRefused, { needs: c.requires, kind: "betting" })}`) : null,
        c.bluff && bluffRefused && bluffRefused.code !== "_waiting" && bluffRefused.code !== playRefused?.code
          ? h("div", { class: "why", id: `why-bluff-${safe}` }, `${t("bluffBtn")}: ${reasonFor(bluffRefused, { needs: c.requires, kind: "betting" })}`)
          : null,
      )
    : null;
  return h(
    "article",
    { class: `card ${c.side}`, "data-card": id, "aria-label": L(c.name, id) },
    h("header", null, h("h4", null, L(c.name, id)), h("span", { class: "cost", title: t("cost") }, t("costN", { n: c.cost }))),
    h("p", { class: "card-text" }, L(c.text)),
    eff ? h("p", { class: "effect" }, h("b", null, `${t("effect")}: `), eff, c.stake ? `; ${t("raisesStake", { n: c.stake })}` : "") : null,
    c.lasting && effectText(c.lasting.effects)
      ? h("p", { class: "effect" }, h("b", null, `${t("everyHand")}: `), effectText(c.lasting.effects), " (", c.lasting.rounds ? t("handsLeft", { n: c.lasting.rounds }) : t("forGame"), ")")
      : null,
    c.requires ? h("p", { class: "needs" }, h("b", null, `${t("needs")}: `), prettyExpr(c.requires)) : null,
    c.bluff ? h("p", { class: "bluff-note" }, h("span", { class: "card-back mini", "aria-hidden": "true" }), t("bluffable"), " — ", t("bluffIsReal"), " ", prettyExpr(c.bluff.means)) : null,
    buttons,
  );
}
function renderBoard() {
  const v = S.view;
  const me = mySide();
  const player = isPlayer();
  const opp = player ? other(me) : null;
  const newsCard = v.news ? S.rules.newsById[v.news] : null;
  const backs = (side) =>
    h(
      "div",
      { class: `hand-backs ${side}` },
      h("h3", null, t("theirHand", { side: sideName(side) }), h("small", null, ` · ${v.sides[side].hand_count} · ${t("cardsInDeck", { n: v.sides[side].deck_count })}`)),
      h(
        "div",
        { class: "backs", role: "img", "aria-label": `${v.sides[side].hand_count}` },
        Array.from({ length: v.sides[side].hand_count }, () => h("div", { class: `card-back ${side}` })),
      ),
    );
  const faceDown = v.face_down.length
    ? h(
        "div",
        { class: "face-down" },
        h("h3", null, t("tableCards")),
        h(
          "ul",
          null,
          v.face_down.map((f) =>
            h("li", { class: f.side }, h("span", { class: `card-back mini ${f.side}`, "aria-hidden": "true" }), f.card ? t("faceDownMine", { card: cardName(f.card) }) : t("faceDownTheirs", { side: sideName(f.side) })),
          ),
        ),
      )
    : null;
  const actions = [];
  if (player && v.phase_kind === "betting") {
    const a = (k) => legalOf("actions", k);
    actions.push(
      actionButton("check", t("check"), t("explain_check"), a("check"), () => act({ type: "check" })),
      actionButton("call", t("call"), t("explain_call"), a("call"), () => act({ type: "call" })),
      actionButton("call_bluff", t("call_bluff"), t("explain_call_bluff"), a("call_bluff"), () => act({ type: "call_bluff" })),
      actionButton("fold", t("fold"), t("explain_fold"), a("fold"), () => act({ type: "fold" })),
    );
  }
  const hand = player ? v.sides[me].hand || [] : [];
  fill(
    $("#board"),
    newsCard ? h("div", { class: "news" }, h("div", { class: "news-label" }, t("news")), h("h3", null, L(newsCard.name, v.news)), h("p", null, L(newsCard.text)), effectText(newsCard.effects) ? h("p", { class: "effect" }, effectText(newsCard.effects)) : null) : null,
    player ? backs(opp) : SIDES.map((s) => (v.sides[s].hand ? h("section", { class: "open-hand" }, h("h3", null, sideName(s)), h("div", { class: "cards" }, v.sides[s].hand.map((id) => cardView(id)))) : backs(s))),
    faceDown,
    player && v.phase_kind === "betting" ? h("section", { class: "actions", "aria-labelledby": "actions-h" }, h("h3", { id: "actions-h" }, t("actions")), h("div", { class: "action-row" }, actions)) : null,
    player
      ? h(
          "section",
          { class: "my-hand", "aria-labelledby": "hand-h" },
          h("h3", { id: "hand-h" }, t("yourHand"), h("small", null, ` · ${hand.length} · ${t("cardsInDeck", { n: v.sides[me].deck_count })}`)),
          v.phase_kind === "betting" ? h("p", { class: "help" }, t("explain_play"), " ", t("explain_bluff")) : null,
          h("div", { class: "cards" }, hand.map((id) => cardView(id, { playable: v.phase_kind === "betting" && !v.outcome }))),
        )
      : h("p", { class: "muted" }, t("watching")),
  );
}
function renderTalks() {
  const v = S.view;
  const me = mySide();
  const player = isPlayer();
  const inTalks = v.phase_kind === "talks" && !v.outcome;
  const p = v.proposal;
  const termsText = (terms) =>
    terms.map((x) => {
      const term = S.rules.termById[x.term];
      const params = Object.entries(x.params || {}).map(([k, val]) => `${L(term?.params?.[k]?.name, k)}: ${val}`);
      return h("li", null, h("b", null, L(term?.name, x.term)), params.length ? ` (${params.join(", ")})` : "", h("div", { class: "muted small" }, L(term?.text)));
    });
  const parts = [h("h2", { id: "talks-h" }, t("talks"))];
  if (!inTalks) {
    parts.push(h("p", { class: "muted" }, t("talksClosedNote")));
    fill($("#talks"), parts);
    $("#talks").classList.add("quiet");
    return;
  }
  $("#talks").classList.remove("quiet");
  parts.push(
    h(
      "div",
      { class: `proposal ${p ? p.side : ""}`, id: "proposal" },
      h("h3", null, t("onTable")),
      p ? [h("p", null, h("b", null, t("proposedBy", { side: sideName(p.side) })), " ", t("forHands", { n: p.rounds })), h("ul", null, termsText(p.terms))] : h("p", { class: "muted" }, t("noProposal")),
      v.passed.length ? h("p", { class: "muted" }, v.passed.map(sideName).join(", "), ": ", t("passed")) : null,
    ),
  );
  if (player) {
    const a = (k) => legalOf("actions", k);
    const row = [];
    if (p && p.side !== me) {
      row.push(actionButton("accept", t("accept"), t("explain_accept"), a("accept"), () => act({ type: "accept", proposal: p.id })));
      row.push(actionButton("reject", t("reject"), t("explain_reject"), a("reject"), () => act({ type: "reject", proposal: p.id })));
    }
    if (p && p.side === me) row.push(actionButton("withdraw", t("withdraw"), t("explain_withdraw"), a("withdraw"), () => act({ type: "withdraw", proposal: p.id })));
    row.push(actionButton("pass", t("pass"), t("explain_pass"), a("pass"), () => act({ type: "pass" })));
    parts.push(h("div", { class: "action-row" }, row));
    parts.push(renderBuilder());
  }
  fill($("#talks"), parts);
}
function renderBuilder() {
  const v = S.view;
  const me = mySide();
  const p = v.proposal;
  const counter = p && p.side !== me;
  const B = S.builder;
  if (!p && B.prefilled) {
    B.prefilled = null;
    B.terms = {};
  }
  if (counter && B.prefilled !== p.id) {
    // a counter starts from what is on the table
    B.prefilled = p.id;
    B.terms = {};
    for (const x of p.terms) {
      B.terms[x.term] = true;
      for (const [k, val] of Object.entries(x.params || {})) B.params[`${x.term}.${k}`] = val;
    }
    B.rounds = p.rounds;
  }
  const opts = S.options && (S.options[S.room.seat] || S.options[me]);
  const [low, high] = S.rules.scenario.deal_rounds;
  if (B.rounds === null || B.rounds < low || B.rounds > high) B.rounds = opts?.deal_rounds || low;
  // a scenario lists its deal terms, or offers every term of the rule files (deal_terms: null)
  const termIds = S.rules.scenario.deal_terms || S.rules.deal_terms.map((term) => term.id);
  const terms = termIds.map((id) => S.rules.termById[id]).filter(Boolean);
  const rows = terms.map((term) => {
    const refused = legalOf("terms", term.id);
    const checked = !!B.terms[term.id];
    const params = Object.entries(term.params || {}).map(([k, spec]) => {
      const key = `${term.id}.${k}`;
      if (!(key in B.params)) B.params[key] = spec.default;
      const inputId = `param-${term.id}-${k}`;
      return h(
        "div",
        { class: "param" },
        h("label", { for: inputId }, `${L(spec.name, k)} (${spec.min}–${spec.max})`),
        h("input", {
          id: inputId,
          type: "number",
          min: spec.min,
          max: spec.max,
          value: B.params[key],
          disabled: !checked,
          oninput: (e) => (B.params[key] = Number(e.target.value)),
        }),
      );
    });
    const boxId = `term-${term.id}`;
    return h(
      "div",
      { class: `term ${checked ? "chosen" : ""}` },
      h(
        "label",
        { class: "check", for: boxId },
        h("input", {
          type: "checkbox",
          id: boxId,
          checked,
          onchange: (e) => {
            B.terms[term.id] = e.target.checked;
            renderTalks();
            document.getElementById(boxId)?.focus();
          },
        }),
        " ",
        h("b", null, L(term.name, term.id)),
      ),
      h("p", { class: "muted small" }, L(term.text)),
      refused && refused.code !== "_waiting" ? h("p", { class: "why" }, `${t("whyNot")} ${reasonFor(refused, { needs: term.requires, kind: "talks" })}`) : null,
      params.length ? h("div", { class: "params" }, params) : null,
    );
  });
  const chosen = terms.filter((term) => B.terms[term.id]);
  let refused = null;
  if (!chosen.length) refused = { code: "_pick" };
  else for (const term of chosen) refused = refused || legalOf("terms", term.id);
  const label = counter ? t("counter") : t("propose");
  const roundsOptions = [];
  for (let r = low; r <= high; r++) roundsOptions.push(h("option", { value: r, selected: r === B.rounds }, r));
  return h(
    "form",
    {
      class: "builder",
      id: "builder",
      onsubmit: (e) => {
        e.preventDefault();
        const list = chosen.map((term) => ({
          term: term.id,
          params: Object.fromEntries(Object.keys(term.params || {}).map((k) => [k, Number(B.params[`${term.id}.${k}`])])),
        }));
        if (!list.length) return;
        const command = counter ? { type: "counter", proposal: p.id, terms: list, rounds: Number(B.rounds) } : { type: "propose", terms: list, rounds: Number(B.rounds) };
        act(command).then(() => {
          S.builder.terms = {};
        });
      },
    },
    h("h3", null, t("builder")),
    h("p", { class: "help" }, t("explain_propose")),
    rows,
    h(
      "div",
      { class: "field inline" },
      h("label", { for: "deal-rounds" }, t("lengthHands")),
      h("select", { id: "deal-rounds", onchange: (e) => (B.rounds = Number(e.target.value)) }, roundsOptions),
    ),
    h("button", { type: "submit", id: "propose-btn", class: refused ? "" : "primary", disabled: !!refused }, label),
    refused && refused.code === "_pick" ? h("small", { class: "muted" }, " ", t("pickTerm")) : null,
    refused && refused.code !== "_pick" && refused.code !== "_waiting" ? h("p", { class: "why" }, `${t("whyNot")} ${refusalText(refused, { kind: "talks" })}`) : null,
  );
}
function renderMine() {
  const v = S.view;
  const me = mySide();
  if (!isPlayer()) {
    fill($("#mine"), h("h2", null, S.room.role === "instructor" ? t("teacherView") : t("viewing")), seatList());
    return;
  }
  const mine = v.sides[me];
  const priv = Object.entries(mine.private || {});
  const obj = mine.objective ? S.rules.objectiveById[mine.objective] : null;
  fill(
    $("#mine"),
    h("h2", { class: `side-title ${me}` }, sideName(me)),
    h("h3", null, t("privateVars")),
    h("dl", { class: "private" }, priv.map(([id, val]) => [h("dt", null, varName(id)), h("dd", null, fmt(id, val), bar(id, val, me))])),
    obj ? h("div", { class: "objective" }, h("h3", null, t("objective")), h("b", null, L(obj.name)), " · ", t("points", { n: obj.points }), h("p", { class: "small" }, L(obj.text))) : null,
    h("details", { class: "seatlist" }, h("summary", null, t("seats")), seatList()),
  );
  $("#team-wrap").hidden = false;
}
function renderTable() {
  renderBanner();
  renderTracks();
  renderBoard();
  renderTalks();
  renderMine();
  const canChat = S.room.role !== "spectator";
  $("#chat-form").hidden = !canChat;
  $("#team-wrap").hidden = !isPlayer();
  renderEnd();
}

// --- the end screen and its charts ------------------------------------------------------
function lineChart(title, series, opts = {}) {
  const W = 420;
  const Hh = 180;
  const pad = { l: 36, r: 10, t: 10, b: 24 };
  const pts = S.history.concat([{ round: S.view.round, values: { ...S.values, ...S.view.public, ...(S.view.sides[mySide()]?.private || {}) } }]);
  const all = series.flatMap((s) => pts.map((p) => p.values[s.id]).filter((x) => typeof x === "number"));
  if (!all.length) return null;
  let max = Math.max(...all, 1);
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
    grid.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(val)}" y2="${y(val)}" class="grid"/><text x="${pad.l - 4}" y="${y(val) + 4}" text-anchor="end" class="axis">${val}</text>`);
  }
  let lastRound = -1;
  pts.forEach((p, i) => {
    if (p.round !== lastRound) {
      lastRound = p.round;
      if (p.round > 0) {
        const label = S.lang === "zh" ? `第${p.round}局` : `${t("hand")} ${p.round}`;
        grid.push(`<line x1="${x(i)}" x2="${x(i)}" y1="${pad.t}" y2="${Hh - pad.b}" class="grid v"/><text x="${x(i) + 3}" y="${Hh - 6}" class="axis">${label}</text>`);
      }
    }
  });
  const lines = series
    .map((s) => {
      const d = pts.map((p, i) => (typeof p.values[s.id] === "number" ? `${x(i).toFixed(1)},${y(p.values[s.id]).toFixed(1)}` : null)).filter(Boolean).join(" ");
      return `<polyline points="${d}" fill="none" stroke="${s.color}" stroke-width="2.5" stroke-linejoin="round"${s.dash ? ' stroke-dasharray="5 3"' : ""}/>`;
    })
    .join("");
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const svg = `<svg viewBox="0 0 ${W} ${Hh}" role="img" aria-label="${esc(title)}">${grid.join("")}${lines}</svg>`;
  return h(
    "figure",
    { class: "chart" },
    h("figcaption", null, title),
    h("div", { html: svg }),
    h("ul", { class: "legend" }, series.map((s) => h("li", null, h("span", { class: s.dash ? "swatch dashed" : "swatch", style: `--c:${s.color}` }), varName(s.id)))),
  );
}
function renderEnd() {
  const v = S.view;
  const el = $("#end");
  if (!v.outcome) {
    el.hidden = true;
    return;
  }
  el.hidden = !!S.endClosed;
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
  fill(
    el,
    h(
      "div",
      { class: "end-inner" },
      h("h2", { id: "end-h" }, t("endTitle")),
      h("div", { class: "outcome" }, h("div", { class: "outcome-label" }, t("outcome")), h("h3", { id: "outcome-name" }, L(outcome?.name, v.outcome)), h("p", null, L(outcome?.text))),
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
                h("th", { scope: "row" }, sideName(s), s === me ? ` (${t("you")})` : ""),
                h("td", { class: "score" }, v.scores[s] ?? "—"),
                h("td", null, obj ? [h("b", null, L(obj.name)), ` — ${met ? "✔ " + t("met") : "✘ " + t("notMet")}`, h("div", { class: "small muted" }, L(obj.text))] : "—"),
              );
            }),
          ),
        ),
      ),
      h("h3", null, t("course")),
      h(
        "div",
        { class: "charts" },
        lineChart(t("chartTariffs"), [
          { id: "tariff_on_china", color: BLUE },
          { id: "tariff_on_us", color: RED },
        ]),
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
        h("button", { type: "button", class: "primary", id: "new-game", onclick: leave }, t("newGame")),
        h("button", { type: "button", id: "close-end", "aria-label": t("closeResults"), onclick: () => { S.endClosed = true; el.hidden = true; render(); } }, "×"),
      ),
    ),
  );
}

// --- start -----------------------------------------------------------------------------
async function start() {
  for (const b of document.querySelectorAll(".lang button")) b.addEventListener("click", () => setLang(b.dataset.lang));
  $("#leave").addEventListener("click", leave);
  $("#chat-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const input = $("#chat-text");
    const text = input.value.trim();
    if (!text) return;
    try {
      await send({ type: "chat", text, team: $("#chat-team").checked });
      input.value = "";
    } catch (err) {
      toast(err.code ? refusalText(err) : err.message);
    }
  });
  setInterval(tickTimer, 250);
  // for tests and for people debugging in the console
  window.brink = { state: S, drop: () => S.ws && S.ws.close(), setLang, act };
  applyStaticTexts();
  try {
    S.scenarios = await (await fetch("/api/scenarios")).json();
    S.scenarios.sort((a, b) => (a.id === "intro" ? -1 : b.id === "intro" ? 1 : a.rounds - b.rounds));
  } catch {
    S.scenarios = [{ id: "intro", rounds: 3, name: { en: "intro", zh: "intro" } }];
  }
  const saved = JSON.parse(sessionStorage.getItem("brink.session") || "null");
  const code = (new URL(location.href).searchParams.get("room") || "").toUpperCase();
  if (saved && saved.token && (!code || code === saved.code)) {
    S.room = { code: saved.code, seat: saved.seat, role: "player", token: saved.token, scenario: null, name: saved.name };
    showScreen("table");
    setStatus("connecting");
    connect(); // welcome → resume
  } else {
    showScreen("landing");
    render();
    connect();
  }
  document.body.dataset.ready = "1";
}
onServer({ resume, joined: onJoined, update: onUpdate, presence: onPresence });
setRenderer(render);
start();
