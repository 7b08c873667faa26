// The talks: the proposal on the table, the answers to it, and the deal builder.

import { S, mySide, isPlayer } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName, refusalText, colon, paren, whyNot, dealLasts } from "./text.js";
import { legalOf, reasonFor, actionButton, act, sharedReason, panelReason } from "./moves.js";

export function renderTalks() {
  const v = S.view;
  const me = mySide();
  const player = isPlayer();
  const inTalks = v.phase_kind === "talks" && !v.outcome;
  const p = v.proposal;
  const termsText = (terms) =>
    terms.map((x) => {
      const term = S.rules.termById[x.term];
      const params = Object.entries(x.params || {}).map(([k, val]) => `${L(term?.params?.[k]?.name, k)}${colon()}${val}`);
      return h("li", null, h("b", null, L(term?.name, x.term)), params.length ? paren(params.join(S.lang === "zh" ? "，" : ", ")) : "", h("div", { class: "muted small" }, L(term?.text)));
    });
  const parts = [h("h2", { id: "talks-h", tabindex: "-1" }, t("talks"))];
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
      p ? [h("p", null, h("b", null, t("proposedBy", { side: sideName(p.side) })), " ", t("forHands", { n: p.rounds }), paren(dealLasts(p.rounds))), h("ul", null, termsText(p.terms))] : h("p", { class: "muted" }, t("noProposal")),
      v.passed.length ? h("p", { class: "muted" }, v.passed.map(sideName).join(S.lang === "zh" ? "、" : ", "), colon(), t("passed")) : null,
    ),
  );
  if (player) {
    const a = (k) => legalOf("actions", k);
    const kinds = [...(p && p.side !== me ? ["accept", "reject"] : []), ...(p && p.side === me ? ["withdraw"] : []), "pass"];
    // one reason for every control (paused, …): said once, above them (the proposal's button too)
    const shared = sharedReason([...kinds.map(a), ...termIds().map((id) => legalOf("terms", id))]);
    const said = shared ? "talks-why" : null;
    const row = [];
    if (p && p.side !== me) {
      row.push(actionButton("accept", t("accept"), t("explain_accept"), a("accept"), () => act({ type: "accept", proposal: p.id }), {}, said));
      row.push(actionButton("reject", t("reject"), t("explain_reject"), a("reject"), () => act({ type: "reject", proposal: p.id }), {}, said));
    }
    if (p && p.side === me) row.push(actionButton("withdraw", t("withdraw"), t("explain_withdraw"), a("withdraw"), () => act({ type: "withdraw", proposal: p.id }), {}, said));
    row.push(actionButton("pass", t("pass"), t("explain_pass"), a("pass"), () => act({ type: "pass" }), {}, said));
    if (shared) parts.push(panelReason(said, shared, { kind: "talks" }));
    parts.push(h("div", { class: "action-row" }, row));
    parts.push(renderBuilder(said));
  }
  fill($("#talks"), parts);
}
// a scenario lists its deal terms, or offers every term of the rule files (deal_terms: null)
const termIds = () => S.rules.scenario.deal_terms || S.rules.deal_terms.map((term) => term.id);
// `said`: the id of the panel's one reason, when every control is refused for it
function renderBuilder(said) {
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
  const terms = termIds().map((id) => S.rules.termById[id]).filter(Boolean);
  const rows = terms.map((term) => {
    const refused = legalOf("terms", term.id);
    // a term not on offer cannot be ticked (by mouse, label or keyboard); it stays focusable,
    // its reason under it and read with it (aria-describedby), and on hover (title)
    const off = !!refused && refused.code !== "_waiting" && refused.code !== SAME;
    const reason = off ? whyNot(reasonFor(refused, { needs: term.requires, kind: "talks" })) : "";
    if (off) B.terms[term.id] = false;
    const checked = !!B.terms[term.id];
    const params = Object.entries(term.params || {}).map(([k, spec]) => {
      const key = `${term.id}.${k}`;
      if (!(key in B.params)) B.params[key] = spec.default;
      const inputId = `param-${term.id}-${k}`;
      return h(
        "div",
        { class: "param" },
        h("label", { for: inputId }, `${L(spec.name, k)}${paren(`${spec.min}–${spec.max}`)}`),
        h("input", {
          id: inputId,
          type: "number",
          min: spec.min,
          max: spec.max,
          value: B.params[key],
          disabled: !checked,
          oninput: (e) => {
            B.params[key] = Number(e.target.value);
            drawSend();
          },
        }),
      );
    });
    const boxId = `term-${term.id}`;
    return h(
      "div",
      { class: `term ${checked ? "chosen" : ""} ${off ? "off" : ""}` },
      h(
        "label",
        { class: "check", for: boxId, title: off ? reason : null },
        h("input", {
          type: "checkbox",
          id: boxId,
          checked,
          "aria-disabled": off ? "true" : null,
          "aria-describedby": off ? (said || `why-${boxId}`) : null,
          onclick: off ? (e) => e.preventDefault() : null,
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
      off && !said ? h("p", { class: "why", id: `why-${boxId}` }, reason) : null,
      params.length ? h("div", { class: "params" }, params) : null,
    );
  });
  const chosen = terms.filter((term) => B.terms[term.id]);
  let refused = null;
  // nothing chosen: "choose a term", unless no term may be chosen, all for the one same reason
  // (one's own proposal on the table, the proposals used up): then that reason
  const offs = terms.map((term) => legalOf("terms", term.id)).filter((r) => r && r.code !== "_waiting" && r.code !== SAME);
  const shared = terms.length && offs.length === terms.length && offs.every((r) => r.code === offs[0].code && r.message === offs[0].message) ? offs[0] : null;
  if (!chosen.length) refused = shared || { code: "_pick" };
  else for (const term of chosen) refused = refused || termRefusal(term.id);
  // a counter that asks for just what is on the table is not sent (same_as_proposal, the page's
  // own reason): say so at once, and again as a number or the length is changed (without drawing
  // the form anew)
  const sendRefusal = () => refused || (counter && sameAsTable(p, chosen, B) ? { code: SAME, message: "" } : null);
  const label = counter ? t("counter") : t("propose");
  const send = h("div", { class: "send", id: "builder-send" });
  const drawSend = () => fill(send, sendParts(label, sendRefusal(), said));
  drawSend();
  // what the length chosen means in this game: to the end of which hand, or of the game (a deal
  // of 3 hands struck in hand 2 of 3 lasts 2)
  const lasts = h("span", { class: "help", id: "deal-lasts" }, dealLasts(B.rounds));
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
        act(command).then((accepted) => {
          // sent: the builder starts afresh (its update came first and drew it still ticked)
          if (!accepted) return;
          S.builder.terms = {};
          renderTalks();
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
      h(
        "select",
        {
          id: "deal-rounds",
          onchange: (e) => {
            B.rounds = Number(e.target.value);
            lasts.textContent = dealLasts(B.rounds);
            drawSend();
          },
        },
        roundsOptions,
      ),
      lasts,
    ),
    send,
  );
}
const SAME = "same_as_proposal";
// A term's own answer (a server that refused such a counter said so per term, at its defaults;
// the builder asks it of what it holds instead: sameAsTable).
function termRefusal(id) {
  const refused = legalOf("terms", id);
  return refused && refused.code === SAME ? null : refused;
}
// Whether the builder holds the proposal on the table: its terms (in any order) with the same
// numbers (a term's defaults filled in, as the server does) and the same length.
function sameAsTable(p, chosen, B) {
  if (Number(B.rounds) !== p.rounds || chosen.length !== p.terms.length) return false;
  const onTable = new Map(p.terms.map((x) => [x.term, x.params || {}]));
  return chosen.every((term) => {
    const params = onTable.get(term.id);
    return params && Object.entries(term.params || {}).every(([k, spec]) => Number(B.params[`${term.id}.${k}`] ?? spec.default) === (params[k] ?? spec.default));
  });
}
function sendParts(label, refused, said) {
  const own = refused && refused.code !== "_pick" && refused.code !== "_waiting";
  return [
    h("button", { type: "submit", id: "propose-btn", class: refused ? "" : "primary", disabled: !!refused, "aria-describedby": own ? said || "propose-why" : null }, label),
    refused && refused.code === "_pick" ? h("small", { class: "muted" }, " ", t("pickTerm")) : null,
    own && !said ? h("p", { class: "why", id: "propose-why" }, whyNot(refusalText(refused, { kind: "talks" }))) : null,
  ];
}
