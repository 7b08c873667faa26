// The replay viewer's controls: whose view, the buttons (first, back, play/pause, forward,
// last) and the speed, the timeline slider with a marker for each key moment (and their
// legend), and a button for each hand.

import { $, h } from "./dom.js";
import { t, colon } from "./text.js";

const VIEWS = ["washington", "beijing", "spectator", "instructor"];
export const KINDS = ["hand", "news", "raise", "bluff", "bluff_called", "revealed", "fold", "hand_won", "deal", "deal_broken", "end", "paused", "resumed", "control", "left"];
const SPEEDS = [0.5, 1, 2, 4];

function kindName(kind) {
  return t(`moment_${kind}`);
}
// a marker's tooltip at step `at`: a moment after it only by its step (the replay tells what had
// happened by the step, no more), but a hand's start (the hands' buttons name them all)
function markerTitle(m, at) {
  if (m.n > at && m.kind !== "hand") return t("laterMoment", { n: m.n });
  return `${kindName(m.kind)} · ${t("handN", { n: m.hand })} · ${t("stepN", { n: m.n })}`;
}
export function timelineBar(R, act) {
  const views = VIEWS.filter((v) => R.summary.views.includes(v));
  const viewer = h(
    "div",
    { class: "rp-viewers", role: "group", "aria-label": t("whoseView") },
    h("span", { class: "rp-label" }, `${t("whoseView")}${colon().trim()}`),
    views.map((v) => h("button", { type: "button", id: `rp-as-${v}`, class: `rp-as ${v}`, "aria-pressed": String(v === R.as), onclick: () => act.setViewer(v) }, t(`as_${v}`))),
  );
  const button = (id, label, aria, onclick) => h("button", { type: "button", id, "aria-label": aria, title: aria, onclick }, label);
  const controls = h(
    "div",
    { class: "rp-controls" },
    button("rp-first", "|◀", t("toStart"), () => { act.stop(); act.goTo(0); }),
    button("rp-back1", "◀", t("stepBack"), () => { act.stop(); act.step(-1); }),
    h("button", { type: "button", id: "rp-play", class: "primary", onclick: act.toggle }, "▶"),
    button("rp-fwd1", "▶", t("stepForward"), () => { act.stop(); act.step(1); }),
    button("rp-last", "▶|", t("toEnd"), () => { act.stop(); act.goTo(R.of); }),
    h(
      "label",
      { class: "rp-speed" },
      h("span", { class: "sr" }, t("speed")),
      h(
        "select",
        { id: "rp-speed", title: t("speed"), onchange: (ev) => act.setSpeed(ev.target.value) },
        SPEEDS.map((s) => h("option", { value: String(s), selected: s === R.speed }, `${s}×`)),
      ),
    ),
    h("span", { class: "rp-pos", id: "rp-pos", "aria-live": "polite" }),
  );
  const markers = h(
    "div",
    { class: "rp-markers", "aria-hidden": "true" },
    R.moments.map((m, i) =>
      h("button", {
        type: "button",
        tabindex: "-1",
        class: `mk mk-${m.kind}`,
        style: `left:${(100 * m.n) / Math.max(1, R.of)}%`,
        title: markerTitle(m, R.n),
        "data-n": m.n,
        "data-i": i,
        onclick: () => { act.stop(); act.goTo(m.n); },
      }),
    ),
  );
  const slider = h("input", {
    type: "range",
    id: "rp-slider",
    min: "0",
    max: String(R.of),
    step: "1",
    value: String(R.n),
    "aria-label": t("timeline"),
    oninput: (ev) => {
      const n = Number(ev.target.value);
      act.stop();
      act.goTo(n);
    },
  });
  const hands = R.moments.filter((m) => m.kind === "hand");
  const handGroup = hands.length
    ? h(
        "div",
        { class: "rp-hands", role: "group", "aria-label": t("jumpToHand") },
        h("span", { class: "rp-label" }, `${t("jumpToHand")}${colon().trim()}`),
        hands.map((m) => h("button", { type: "button", class: "rp-hand", id: `rp-hand-${m.hand}`, "data-n": m.n, onclick: () => { act.stop(); act.goTo(m.n); } }, t("handN", { n: m.hand }))),
      )
    : null;
  // the legend of the markers: open where there is room for it
  const seen = KINDS.filter((k) => R.moments.some((m) => m.kind === k));
  const legend = h(
    "details",
    { class: "rp-legend", id: "rp-legend", open: window.matchMedia("(min-width: 721px)").matches },
    h("summary", null, t("legend")),
    h("ul", null, seen.map((k) => h("li", null, h("span", { class: `mk mk-${k}`, "aria-hidden": "true" }), kindName(k)))),
  );
  const handRow = h("div", { class: "rp-row" }, handGroup, legend);
  return h("section", { class: "rp-timeline panel", id: "rp-timeline", "aria-label": t("timeline") }, viewer, controls, h("div", { class: "rp-track" }, markers, slider), handRow);
}
export function updateTimeline(R) {
  const slider = $("#rp-slider");
  if (!slider) return;
  if (R.target === R.n) slider.value = String(R.n); // not while a drag's step is on its way
  slider.setAttribute("aria-valuetext", t("stepOf", { n: R.n, of: R.of }));
  $("#rp-pos").textContent = t("stepOf", { n: R.n, of: R.of });
  const play = $("#rp-play");
  play.textContent = R.playing ? "❚❚" : "▶";
  play.setAttribute("aria-label", R.playing ? t("pause") : t("play_replay"));
  play.title = play.getAttribute("aria-label");
  play.setAttribute("aria-pressed", String(R.playing));
  $("#rp-first").disabled = $("#rp-back1").disabled = R.n <= 0;
  $("#rp-last").disabled = $("#rp-fwd1").disabled = R.n >= R.of;
  // the hand the step falls in
  let hand = 0;
  for (const m of R.moments) if (m.kind === "hand" && m.n <= R.n) hand = m.hand;
  for (const b of document.querySelectorAll(".rp-hand")) b.setAttribute("aria-current", String(b.id === `rp-hand-${hand}`));
  for (const marker of document.querySelectorAll(".rp-markers .mk")) {
    marker.classList.toggle("past", Number(marker.dataset.n) <= R.n);
    const m = R.moments[Number(marker.dataset.i)];
    if (m) marker.title = markerTitle(m, R.n);
  }
}
