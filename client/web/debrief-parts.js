// The debrief's panels below the chart: deals and bluffs across the rooms, time per decision,
// and where the rooms dealt the same game chose differently.

import { h } from "./dom.js";
import { S } from "./state.js";
import { t } from "./text.js";
import { nameOf, sideName, seconds, stepLink, roomName } from "./debrief-common.js";

const SIDES = ["washington", "beijing"];
const section = (id, title, ...body) => h("section", { class: "db-section", id, "aria-labelledby": `${id}-h` }, h("h2", { id: `${id}-h` }, title), ...body);
const big = (n, label, cls = "") => h("div", { class: `db-tile ${cls}` }, h("div", { class: "db-big" }, n), h("div", null, label));

export function dealsPanel(data) {
  const deals = data.totals.deals;
  const sides = data.totals.sides;
  const metrics = [
    ["proposals", "db_proposals"],
    ["deals_proposed", "db_proposedDeals"],
    ["deals_broken", "db_brokeDeals"],
    ["threats", "db_threats"],
    ["called", "db_called"],
    ["caught_bluffing", "db_caught"],
    ["backed_when_called", "db_backed"],
    ["not_called", "db_notCalled"],
    ["folds", "db_folds"],
  ];
  const table = h(
    "table",
    { class: "db-table db-sides", id: "db-side-totals" },
    h("thead", null, h("tr", null, h("th", null, ""), SIDES.map((s) => h("th", { scope: "col", class: s }, sideName(s))))),
    h("tbody", null, metrics.map(([key, label]) => h("tr", null, h("th", { scope: "row" }, t(label)), SIDES.map((s) => h("td", { class: "num" }, sides[s][key]))))),
  );
  const broken = data.deals.filter((d) => d.status === "broken");
  const called = data.threats.filter((x) => x.status === "called");
  const card = (id) => (id ? nameOf("cards", id) : t("db_aCard"));
  // a deal by its terms' names ("Tariff truce + TikTok deal"), as the table and the log name it
  const dealName = (d) => d.terms.map((x) => nameOf("terms", x.term)).join(" + ");
  const list = (items, text) => (items.length ? h("ul", { class: "db-list" }, items.map(text)) : h("p", { class: "muted" }, t("db_none")));
  return section(
    "db-deals",
    t("db_dealsBluffs"),
    h("div", { class: "db-tiles" }, big(deals.struck, t("db_dealsStruck")), big(deals.kept, t("db_kept")), big(deals.broken, t("db_broken"), deals.broken ? "bad" : ""), big(deals.in_force, t("db_inForce"))),
    h(
      "div",
      { class: "db-cols" },
      table,
      h(
        "div",
        null,
        h("h3", null, t("db_brokenList")),
        list(broken, (d) => h("li", null, stepLink(d.room, d.ended_at, roomName(d.room), { class: "code" }), " ", t("db_brokenBy", { side: sideName(d.by), deal: dealName(d), card: card(d.card) }))),
        h("h3", null, t("db_calledList")),
        list(called, (x) =>
          h("li", null, stepLink(x.room, x.settled_at, roomName(x.room), { class: "code" }), " ", t("db_calledOf", { side: sideName(x.side), card: card(x.card), what: x.backed ? t("db_wasBacked") : t("db_wasBluff") })),
        ),
      ),
    ),
  );
}

export function timingPanel(data) {
  // a room whose game ended without ever starting (not played) has no row: nobody decided
  // anything there, nor ever will (one still waiting for its players may yet play)
  const rows = data.rooms.filter((r) => r.played !== false || !r.over).map((r) => ({ code: roomName(r.code), ms: Object.fromEntries(SIDES.map((s) => [s, r.timing[s].median_ms])) }));
  rows.push({ code: t("db_classMedian"), ms: Object.fromEntries(SIDES.map((s) => [s, data.timing.sides[s].median_ms])), all: true });
  const top = Math.max(1, ...rows.flatMap((r) => SIDES.map((s) => r.ms[s] || 0)));
  const bar = (side, ms) =>
    h("div", { class: "db-bar-row" }, h("span", { class: `db-bar ${side}`, style: `width:${ms ? Math.max(1, (ms / top) * 100) : 0}%` }), h("span", { class: "db-bar-label" }, seconds(ms)));
  const slowest = data.timing.slowest.map((m) =>
    h("li", null, stepLink(m.room, m.n, roomName(m.room), { class: "code" }), " ", t("db_slowLine", { side: sideName(m.side), n: m.hand }), h("b", null, seconds(m.took_ms))),
  );
  return section(
    "db-timing",
    t("db_timing"),
    h("p", { class: "help" }, t("db_timingHelp")),
    h(
      "div",
      { class: "db-bars", id: "db-bars" },
      rows.map((r) => h("div", { class: `db-bars-room${r.all ? " all" : ""}` }, h("div", { class: "code" }, r.code), h("div", null, SIDES.map((s) => bar(s, r.ms[s]))))),
    ),
    h("div", { class: "db-legend-sides" }, SIDES.map((s) => h("span", { class: `who ${s}` }, h("span", { class: `db-bar ${s} key` }), sideName(s)))),
    slowest.length ? [h("h3", null, t("db_slowest")), h("ol", { class: "db-list" }, slowest)] : null,
    data.timing.timeouts ? h("p", null, t("db_timeouts", { n: data.timing.timeouts })) : null,
  );
}

export function moveText(choice) {
  const cmd = choice.command || {};
  const who = choice.sides?.[0] || choice.seat.split(":")[0];
  const side = who === "instructor" || who === "system" ? t("db_teacher") : sideName(who);
  const terms = (cmd.terms || []).map((x) => nameOf("terms", x.term)).join(", ");
  if (cmd.type === "bluff") return cmd.card ? t("mv_bluff", { side, card: nameOf("cards", cmd.card) }) : t("mv_bluffHidden", { side });
  if (cmd.type === "play") return t("mv_play", { side, cards: cmd.cards.map((c) => nameOf("cards", c)).join(", ") });
  if (cmd.type === "propose" || cmd.type === "counter") return t(`mv_${cmd.type}`, { side, terms, n: cmd.rounds });
  return t(`mv_${cmd.type}`, { side });
}

function moment(point) {
  const phase = nameOf("phases", point.phase);
  const bits = [t("db_moment", { hand: point.hand, phase }), t("db_decisionN", { n: point.decision })];
  bits.push(point.to_act ? t("db_toAct", { side: sideName(point.to_act) }) : t("db_bothAct"));
  if (point.stake !== null && point.stake !== undefined) bits.push(t("db_stakeN", { n: point.stake }));
  if (point.values?.tariff_on_china !== undefined) bits.push(t("db_tariffsAt", { a: point.values.tariff_on_china, b: point.values.tariff_on_us }));
  return bits.join(" · ");
}

export function divergencePanel(data) {
  let body;
  if (!data.same_deal.length) body = h("p", { class: "muted", id: "db-no-same-deal" }, t("db_noSameDeal"));
  else if (!data.divergences.length && !data.unaligned?.length) body = h("p", { class: "muted" }, t("db_noDivergence"));
  else if (!data.divergences.length) body = unalignedList(data);
  else {
    body = [
      h("p", { class: "help" }, t("db_divergenceHelp")),
      h(
        "ol",
        { class: "db-points", id: "db-points" },
        data.divergences.map((point) =>
          h(
            "li",
            { class: "db-point" },
            h("div", { class: "db-moment" }, moment(point)),
            h(
              "ul",
              { class: "db-choices" },
              point.choices.map((choice) =>
                h(
                  "li",
                  { class: `db-choice ${choice.sides?.[0] || ""}` },
                  h("span", { class: "db-move" }, moveText(choice)),
                  h("span", { class: "db-where" }, choice.rooms.map((w) => stepLink(w.code, w.n, roomName(w.code), { class: "watch instructor" }))),
                ),
              ),
            ),
          ),
        ),
      ),
      unalignedList(data),
    ];
  }
  return section("db-divergence", t("db_divergence"), body);
}
// rooms the walk could not follow past a point: how far they chose alike (never "all the way")
function unalignedList(data) {
  if (!data.unaligned?.length) return null;
  return h(
    "ul",
    { class: "db-unaligned muted", id: "db-unaligned" },
    data.unaligned.map((stop) => h("li", null, t(stop.decision > 1 ? "db_unaligned" : "db_unalignedFirst", { rooms: stop.rooms.map((code) => roomName(code)).join(S.lang === "zh" ? "、" : ", "), n: stop.decision - 1 }))),
  );
}
