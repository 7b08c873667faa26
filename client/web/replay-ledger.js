// The replay viewer's words-and-deeds ledger (GET /api/games/CODE's `ledger`: every threat made
// face down, every deal struck, every fold, as the chosen viewer saw them), each row a button
// that goes to its step; only the rows made by the step are shown (a replay at step N tells what
// had happened by then: a deal struck later is not "still in force" at N); and the historical
// line's notes (the note of the latest position at or before the step).

import { S } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName, cardName, colon, paren } from "./text.js";

function stepTag(n) {
  return h("span", { class: "lg-step" }, t("atStep", { n }));
}
// a row's text can depend on the step (what was known by then): `parts(R)` draws it, again
// whenever `state(R)` changes
const DRAWERS = new WeakMap();
function row(kind, n, side, parts, go, state = () => "") {
  const text = h("span", { class: "lg-text" });
  const button = h("button", { type: "button", class: `lg-row ${kind} ${side || ""}`, "data-n": String(n), onclick: () => go(n) }, text, stepTag(n));
  DRAWERS.set(button, { text, parts, state, drawn: null });
  return h("li", null, button);
}
const settled = (R, at) => typeof at === "number" && R.n >= at;
function threatRow(x, go) {
  const parts = (R) => {
    // a side is told the other side's card, and how the threat ended, only when it happened:
    // a call is settled the step before the card is shown (revealed_at; older summaries lack it)
    const known = settled(R, x.settled_at);
    const shown = settled(R, x.revealed_at ?? x.settled_at);
    const card = x.card && (shown || R.as === "instructor" || R.as === x.side) ? x.card : null;
    const backed = !shown ? null : x.backed === true ? t("backed") : x.backed === false ? t("bluff") : null;
    const status = known ? x.status || "open" : "open";
    return [
      h("b", { class: `who ${x.side}` }, sideName(x.side)),
      ` · ${t("handN", { n: x.hand })}${colon()}`,
      h("span", { class: card ? "lg-card" : "lg-card hidden" }, card ? cardName(card) : t("hiddenCard")),
      " — ",
      h("span", { class: `lg-status ${status}` }, t(`threat_${status}`)),
      backed ? [" · ", h("span", { class: `lg-backed ${x.backed ? "yes" : "no"}` }, backed)] : null,
    ];
  };
  return row("threat", x.n, x.side, parts, go, (R) => `${settled(R, x.settled_at)}|${settled(R, x.revealed_at ?? x.settled_at)}`);
}
function termText(x) {
  const term = S.rules.termById[x.term];
  const params = Object.entries(x.params || {}).map(([k, val]) => `${L(term?.params?.[k]?.name, k)}${colon()}${val}`);
  return `${L(term?.name, x.term)}${params.length ? paren(params.join(S.lang === "zh" ? "，" : ", ")) : ""}`;
}
function dealRow(d, go) {
  const parts = (R) => {
    const status = settled(R, d.ended_at) ? d.status : "in_force";
    const end =
      status === "broken"
        ? [h("span", { class: "lg-status broken" }, t("brokenBy", { side: sideName(d.by) })), d.card ? ` ${t("withCard", { card: cardName(d.card) })}` : "", paren(t("atStep", { n: d.ended_at }))]
        : h("span", { class: `lg-status ${status}` }, t(`deal_${status}`));
    return [
      h("b", null, t("dealN", { n: d.number })),
      ` · ${t("handN", { n: d.hand })} · ${t("proposedByShort", { side: sideName(d.proposed_by) })}`,
      typeof d.expires_after === "number" ? ` · ${t("untilHand", { n: d.expires_after })}` : "",
      h("ul", { class: "lg-terms" }, d.terms.map((x) => h("li", null, termText(x)))),
      end,
    ];
  };
  return row("deal", d.n, d.proposed_by, parts, go, (R) => `${settled(R, d.ended_at)}`);
}
function foldRow(f, go) {
  return row("fold", f.n, f.side, () => [h("b", { class: `who ${f.side}` }, t("foldOf", { side: sideName(f.side) })), ` · ${t("handN", { n: f.hand })}`, f.forced ? paren(t("forced")) : ""], go);
}
// a group's "none" is shown while none of its rows is (none made by the step)
function group(id, title, items, draw, go) {
  return [h("h3", { id }, title), h("ol", { class: "lg-list" }, items.map((x) => draw(x, go))), h("p", { class: "muted small lg-none" }, t("noneYet"))];
}
export function ledgerPanel(R, go) {
  const lg = R.summary.ledger || { threats: [], deals: [], folds: [] };
  return h(
    "section",
    { class: "panel rp-ledger", id: "rp-ledger", "aria-labelledby": "rp-ledger-h" },
    h("h2", { id: "rp-ledger-h" }, t("ledger")),
    h("p", { class: "help small" }, t("ledgerHelp")),
    group("lg-threats-h", t("threats"), lg.threats, threatRow, go),
    group("lg-deals-h", t("deals"), lg.deals, dealRow, go),
    group("lg-folds-h", t("folds"), lg.folds, foldRow, go),
  );
}
export function notePanel() {
  return h("aside", { class: "rp-note", id: "rp-note", role: "note", hidden: true }, h("b", null, `${t("historyNote")}${colon()}`), h("span", { id: "rp-note-text" }));
}
export function updateLedger(R) {
  for (const b of document.querySelectorAll("#rp-ledger .lg-row")) {
    const n = Number(b.dataset.n);
    b.parentElement.hidden = n > R.n;
    b.setAttribute("aria-current", String(n === R.n));
    const d = DRAWERS.get(b);
    const state = d && `${S.lang}|${d.state(R)}`;
    if (d && d.drawn !== state) {
      fill(d.text, d.parts(R));
      d.drawn = state;
    }
  }
  for (const list of document.querySelectorAll("#rp-ledger .lg-list")) {
    const none = [...list.children].every((li) => li.hidden);
    list.hidden = none;
    list.nextElementSibling.hidden = !none;
  }
  const box = $("#rp-note");
  if (!box) return;
  let at = -1;
  for (const k of Object.keys(R.summary.notes || {})) if (Number(k) <= R.n && Number(k) > at) at = Number(k);
  box.hidden = at < 0;
  // a note in one language, or in each ({"en": …, "zh": …}: the page's, else English)
  const note = at < 0 ? "" : R.summary.notes[String(at)];
  $("#rp-note-text").textContent = typeof note === "string" ? note : L(note);
}
