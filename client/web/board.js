// The board: the news, the hands (backs of the other side's, faces of one's own), cards on
// the table face down, and the betting moves.

import { S, SIDES, other, mySide, isPlayer } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName, cardName, cardTitle, effectText, sayExpr, colon, semicolon, paren } from "./text.js";
import { legalOf, reasonFor, actionButton, act, sharedReason, panelReason } from "./moves.js";
import { render } from "./ui.js";
import { newsBox } from "./news.js";
import { cardsPerTurn, dealsBroken, pickBar, pickButton, picked, tooDear } from "./picks.js";

// the deals in force a card would break (the options' `breaks`), named by their terms
function breakWarning(id, safe) {
  const ids = dealsBroken(id);
  if (!ids.length) return null;
  const names = S.view.deals.filter((d) => ids.includes(d.id)).map((d) => d.terms.map((x) => L(S.rules.termById[x.term]?.name, x.term)).join(" + "));
  const cost = effectText(S.rules.sides?.[mySide()]?.breach_effects);
  return h("p", { class: "breaks", id: `breaks-${safe}`, role: "note" }, "⚠ ", t("breaksDeal", { deal: names.join(S.lang === "zh" ? "、" : ", ") }), cost ? `${S.lang === "zh" ? "" : " "}${t("breachCost", { cost })}` : "");
}
// playing a card that breaks a deal asks first: the first click arms it, the second plays it
function playButton(id, safe, refused, warning, said) {
  const armed = warning && S.armedBreak === id;
  const play = () => {
    if (warning && !armed) {
      S.armedBreak = id;
      render();
      document.getElementById(`play-${safe}`)?.focus();
      return;
    }
    S.armedBreak = null;
    act({ type: "play", cards: [id] });
  };
  const button = h(
    "button",
    { type: "button", id: `play-${safe}`, class: refused ? "" : armed || warning ? "danger" : "primary", disabled: !!refused, "aria-labelledby": `play-${safe} name-${safe}`, "aria-describedby": warning ? `breaks-${safe}` : said || `why-play-${safe}`, onclick: play, title: t("explain_play") },
    armed ? t("playAnyway") : t("play"),
  );
  const keep = armed ? h("button", { type: "button", id: `keep-${safe}`, onclick: () => { S.armedBreak = null; render(); } }, t("keepDeal")) : null;
  return [button, keep];
}
function cardView(id, opts = {}) {
  const c = S.rules.cardById[id];
  if (!c) return h("div", { class: "card" }, id);
  const eff = effectText(c.effects, opts.view);
  const playRefused = opts.playable ? legalOf("play", id) : null;
  const said = opts.said; // every move refused for one reason: said once, above them
  const bluffRefused = opts.playable ? legalOf("bluff", id) : null;
  const safe = id.replace(/[^a-z0-9_]/gi, "");
  const warning = opts.playable ? breakWarning(id, safe) : null;
  // several cards a turn: the card is picked (its toggle, or a click on the card), then played;
  // one the cards picked leave too dear cannot be
  const several = opts.playable && cardsPerTurn() > 1;
  const dear = several && !playRefused ? tooDear(id) : null;
  // why it may not be played (or picked): "Play: why not", or "Select: why not" under a Select
  const why = (text) => h("div", { class: "why", id: `why-play-${safe}` }, `${several ? t("pick") : t("play")}${colon()}${text}`);
  const buttons = opts.playable
    ? h(
        "div",
        { class: "card-actions" },
        several ? pickButton(id, safe, playRefused, warning, dear) : playButton(id, safe, playRefused, warning, said),
        c.bluff
          ? h("button", { type: "button", id: `bluff-${safe}`, disabled: !!bluffRefused, "aria-labelledby": `bluff-${safe} name-${safe}`, "aria-describedby": said || `why-bluff-${safe}`, onclick: () => act({ type: "bluff", card: id }), title: t("explain_bluff") }, t("bluffBtn"))
          : null,
        warning,
        said ? null : playRefused && playRefused.code !== "_waiting" ? why(reasonFor(playRefused, { needs: c.requires, kind: "betting" })) : dear ? why(dear) : null,
        c.bluff && !said && bluffRefused && bluffRefused.code !== "_waiting" && bluffRefused.code !== playRefused?.code
          ? h("div", { class: "why", id: `why-bluff-${safe}` }, `${t("bluffBtn")}${colon()}${reasonFor(bluffRefused, { needs: c.requires, kind: "betting" })}`)
          : null,
      )
    : null;
  return h(
    "article",
    {
      class: `card ${c.side}${several ? " pickable" : ""}${several && picked().includes(id) ? " picked" : ""}`,
      "data-card": id,
      "aria-label": cardTitle(c, id, opts.view),
      onclick: several ? (e) => e.target.closest("button") || document.getElementById(`pick-${safe}`)?.click() : null,
    },
    h("header", null, h("h4", { id: `name-${safe}` }, cardTitle(c, id, opts.view)), h("span", { class: "cost", title: t("cost") }, t("costN", { n: c.cost }))),
    h("p", { class: "card-text" }, L(c.text)),
    eff ? h("p", { class: "effect" }, h("b", null, `${t("effect")}${colon()}`), eff, c.stake ? `${semicolon()}${t("raisesStake", { n: c.stake })}` : "") : null,
    c.lasting && effectText(c.lasting.effects, opts.view)
      ? h("p", { class: "effect" }, h("b", null, `${t("everyHand")}${colon()}`), effectText(c.lasting.effects, opts.view), paren(c.lasting.rounds ? t("handsLeft", { n: c.lasting.rounds }) : t("forGame")))
      : null,
    c.requires ? h("p", { class: "needs" }, h("b", null, `${t("needs")}${colon()}`), sayExpr(c.requires)) : null,
    // in Chinese a dash of two ems, and no space after the full-width colon bluffIsReal ends with
    c.bluff ? h("p", { class: "bluff-note" }, h("span", { class: "card-back mini", "aria-hidden": "true" }), t("bluffable"), S.lang === "zh" ? "——" : " — ", t("bluffIsReal"), S.lang === "zh" ? "" : " ", sayExpr(c.bluff.means)) : null,
    buttons,
  );
}
// The replay viewer draws a past view read-only (`replay`): hands as the view has them, no moves.
// (The news took effect as the hand began: its effects are told in words, not worked out from
// the table as it is now.)
export function renderBoard(target = $("#board"), v = S.view, replay = false) {
  const me = mySide();
  const player = !replay && isPlayer();
  const opp = player ? other(me) : null;
  const backs = (side) =>
    h(
      "div",
      { class: `hand-backs ${side}` },
      h("h3", null, t("theirHand", { side: sideName(side) }), h("small", null, ` · ${t("handCards", { n: v.sides[side].hand_count })} · ${t("cardsInDeck", { n: v.sides[side].deck_count })}`)),
      h(
        "div",
        { class: "backs", role: "img", "aria-label": t("backsLabel", { side: sideName(side), n: v.sides[side].hand_count }) },
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
            h("li", { class: f.side }, h("span", { class: `card-back mini ${f.side}`, "aria-hidden": "true" }), f.card ? t(player ? "faceDownMine" : "faceDownSeen", { card: cardName(f.card), side: sideName(f.side) }) : t("faceDownTheirs", { side: sideName(f.side) })),
          ),
        ),
      )
    : null;
  const actions = [];
  const hand = player ? v.sides[me].hand || [] : [];
  const betting = player && v.phase_kind === "betting";
  // one reason for every move of the betting (paused, …): said once, above them, not on each
  const moves = ["check", "call", "call_bluff", "fold"];
  const shared = betting && !v.outcome ? sharedReason([...moves.map((k) => legalOf("actions", k)), ...hand.flatMap((id) => [legalOf("play", id), ...(S.rules.cardById[id]?.bluff ? [legalOf("bluff", id)] : [])])]) : null;
  const said = shared ? "board-why" : null;
  if (betting) {
    const a = (k) => legalOf("actions", k);
    actions.push(
      actionButton("check", t("check"), t("explain_check"), a("check"), () => act({ type: "check" }), {}, said),
      actionButton("call", t("call"), t("explain_call"), a("call"), () => act({ type: "call" }), {}, said),
      actionButton("call_bluff", t("call_bluff"), t("explain_call_bluff"), a("call_bluff"), () => act({ type: "call_bluff" }), {}, said),
      actionButton("fold", t("fold"), t("explain_fold"), a("fold"), () => act({ type: "fold" }), {}, said),
    );
  }
  fill(
    target,
    newsBox(v, replay ? null : S.log),
    player ? backs(opp) : SIDES.map((s) => (v.sides[s].hand ? h("section", { class: `open-hand ${s}` }, h("h3", null, sideName(s)), h("div", { class: "cards" }, v.sides[s].hand.map((id) => cardView(id, { view: v })))) : backs(s))),
    faceDown,
    betting ? h("section", { class: "actions", "aria-labelledby": "actions-h" }, h("h3", { id: "actions-h" }, t("actions")), shared ? panelReason(said, shared, { kind: "betting" }) : null, h("div", { class: "action-row" }, actions)) : null,
    player
      ? h(
          "section",
          { class: "my-hand", "aria-labelledby": "hand-h" },
          h("h3", { id: "hand-h" }, t("yourHand"), h("small", null, ` · ${t("handCards", { n: hand.length })} · ${t("cardsInDeck", { n: v.sides[me].deck_count })}`)),
          v.phase_kind === "betting" ? h("p", { class: "help" }, [t("explain_play"), cardsPerTurn(v) > 1 ? t("explain_picks", { n: cardsPerTurn(v) }) : null, t("explain_bluff")].filter(Boolean).join(S.lang === "zh" ? "" : " ")) : null,
          v.phase_kind === "betting" && !v.outcome && cardsPerTurn(v) > 1 ? pickBar() : null,
          h("div", { class: "cards" }, hand.map((id) => cardView(id, { playable: v.phase_kind === "betting" && !v.outcome, said }))),
        )
      : replay
        ? null
        : h("p", { class: "muted", id: "viewer-note" }, S.room?.role === "instructor" ? t("allSeeing") : t("watching")),
  );
}
