// Raising with several cards at once, where the betting phase allows it (the phase's
// `cards_per_turn` in the rules): the player picks up to that many playable cards, each with its
// toggle, and raises with them with one button. With one card a turn, a card's Play button plays
// it (board.js). As cards are picked, a card their costs leave too dear cannot be picked (the
// rules' costs and the side's capital, as the page has them); the server still judges the raise:
// a combination it refuses is told in a toast, as every refusal, and the picks stay to be changed.

import { S, mySide } from "./state.js";
import { h } from "./dom.js";
import { t, varName } from "./text.js";
import { legalOf, act } from "./moves.js";
import { render } from "./ui.js";

// how many cards the phase now being played lets a side raise with at once
export function cardsPerTurn(v = S.view) {
  if (!v || v.phase_kind !== "betting") return 1;
  return S.rules?.scenario?.phases.find((p) => p.id === v.phase)?.cards_per_turn ?? 1;
}
// the ids of the deals in force that playing `id` face up would break (the options' `breaks`)
export function dealsBroken(id) {
  const opts = S.options && (S.options[S.room.seat] || S.options[mySide()]);
  return opts?.breaks?.[id] || [];
}
// The cards picked this turn: the picks belong to one turn of one hand, and clear when it passes
// (or a card leaves the hand). Alternating betting numbers its turns; in simultaneous betting the
// other side's choice starts a new turn too (docs/protocol.md), so there a turn ends when this
// side has chosen or the choices are carried out (a raise made, or the betting closed).
function turnOf(v) {
  const mine = v.sides[mySide()] || {};
  if (v.to_act) return `${v.round}:${v.phase}:${v.turn}`;
  return `${v.round}:${v.phase}:${mine.submitted}:${Object.values(v.sides).map((s) => s.raises)}`;
}
export function picked() {
  const v = S.view;
  const key = turnOf(v);
  if (!S.picks || S.picks.key !== key) S.picks = { key, ids: [], armed: false };
  const hand = v.sides[mySide()]?.hand || [];
  S.picks.ids = S.picks.ids.filter((id) => hand.includes(id));
  return S.picks.ids;
}
// What the side may spend on cards: the rules' `capital` variable and its value as the side's view
// has it (its private values, else the public ones); null where the side pays for nothing
function capitalOf(v = S.view) {
  const me = mySide();
  const capital = S.rules?.sides?.[me]?.capital;
  const value = capital ? (v.sides[me]?.private?.[capital] ?? v.public?.[capital]) : undefined;
  return value === undefined ? null : { capital, value };
}
const costOf = (id) => S.rules.cardById[id]?.cost || 0;
// Why `id` may not be picked with the cards picked already: their costs and its own come to more
// than the side's capital (the server refuses such a raise: `cannot_afford`); null if it may, or
// if no card may be picked now anyway (the most a turn are picked)
export function tooDear(id) {
  const ids = picked();
  const capital = ids.length && ids.length < cardsPerTurn() && !ids.includes(id) ? capitalOf() : null;
  if (!capital) return null;
  const total = ids.reduce((sum, x) => sum + costOf(x), costOf(id));
  return costOf(id) && total > capital.value ? t("pickTooDear", { total, capital: varName(capital.capital), have: capital.value }) : null;
}
function toggle(id, safe) {
  const ids = picked();
  S.picks.ids = ids.includes(id) ? ids.filter((x) => x !== id) : ids.length < cardsPerTurn() ? [...ids, id] : ids;
  S.picks.armed = false;
  render();
  document.getElementById(`pick-${safe}`)?.focus();
}
// A card's toggle, in place of its Play button: pressed while the card is picked. A card the
// server would not let be played alone cannot be picked; nor can a card past the limit, nor one
// too dear with those picked (`dear`: why, from tooDear).
export function pickButton(id, safe, refused, warning, dear = null) {
  const on = picked().includes(id);
  const full = !on && picked().length >= cardsPerTurn();
  return h(
    "button",
    {
      type: "button",
      id: `pick-${safe}`,
      class: on ? "picked" : "",
      "aria-pressed": String(on),
      "aria-labelledby": `pick-${safe} name-${safe}`,
      disabled: !!refused || full || !!dear,
      "aria-describedby": warning ? `breaks-${safe}${dear ? ` why-play-${safe}` : ""}` : `why-play-${safe}`,
      title: full ? t("pickFull", { n: cardsPerTurn() }) : dear || t("explain_pick"),
      onclick: () => toggle(id, safe),
    },
    on ? `✓ ${t("pickedOne")}` : t("pick"),
  );
}
// "2 of 3 picked", and the one button that raises with them (asking first, like a card's Play
// button, if one of them breaks a deal in force). It stays in sight, below the banner, while the
// hand is scrolled to pick its last cards (style.css).
export function pickBar() {
  const ids = picked();
  const n = ids.length;
  const most = cardsPerTurn();
  const breaks = ids.some((id) => dealsBroken(id).length);
  const armed = breaks && S.picks.armed;
  const refused = n === 0 || ids.some((id) => legalOf("play", id));
  const raise = async () => {
    if (breaks && !armed) {
      S.picks.armed = true;
      render();
      document.getElementById("play-picked")?.focus();
      return;
    }
    S.picks.armed = false;
    const sent = [...ids];
    if (await act({ type: "play", cards: sent })) S.picks.ids = [];
  };
  const clear = () => {
    S.picks.ids = [];
    S.picks.armed = false;
    render();
  };
  // keeping the deal unselects the cards that would break it, and no other: the rest may still
  // be raised with
  const keep = () => {
    S.picks.ids = ids.filter((id) => !dealsBroken(id).length);
    S.picks.armed = false;
    render();
    document.getElementById("play-picked")?.focus();
  };
  return watchHeight(h(
    "div",
    { class: "pick-bar", role: "group", "aria-labelledby": "pick-count" },
    h("span", { id: "pick-count", class: n ? "on" : "", "aria-live": "polite" }, t("pickCount", { n, most })),
    h(
      "button",
      { type: "button", id: "play-picked", class: refused ? "" : breaks ? "danger" : "primary", disabled: refused, title: t("explain_play"), onclick: raise },
      armed ? t("playAnyway") : n ? t("raiseWith", { n }) : t("raiseWithNone"),
    ),
    n ? h("button", { type: "button", id: "pick-clear", onclick: armed ? keep : clear }, armed ? t("keepDeal") : t("pickClear")) : null,
  ));
}
// The bar's height (it wraps on a phone), kept in --picks-h: a button of the hand the keyboard
// moves to stops below the bar, as below the banner, not under it (style.css). Each render draws
// the bar anew: the one drawn last is watched.
const heights = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(([entry]) => document.getElementById("table")?.style.setProperty("--picks-h", `${entry.target.offsetHeight}px`));
function watchHeight(bar) {
  heights?.disconnect();
  heights?.observe(bar);
  return bar;
}
