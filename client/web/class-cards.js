// A room's card on the class dashboard (class-dash.js): its hand, phase, whose turn and for how
// long, tariffs, deals in force, each seat's holder and connection, whether it is held up and by
// whom, and when it is expected to end; and which rooms the toolbar's filter, sort and search show.

import { S } from "./state.js";
import { h } from "./dom.js";
import { t, L, listOf, colon } from "./text.js";
import { BOTS } from "./i18n.js";
import { clockTime as clock } from "./dates.js"; // "18:21", as the player's table says times
import { D, sideName, seatName, roomLabel, controllable } from "./class-dash-state.js";
import { controlsBox } from "./class-panels.js";

const TARIFFS = { tariff_on_china: "clTariffOnChina", tariff_on_us: "clTariffOnUs" };
export function ago(ms) {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function heldUp(room) {
  if (room.finished) return null;
  if (room.held_up) return room.held_up;
  const phase = D.rules?.scenario.phases.find((p) => p.id === room.phase);
  const limit = (room.deadline && room.since ? room.deadline - room.since : (phase?.seconds || 90) * 1000) || 90000;
  if (room.since && room.waiting_on.length && Date.now() - room.since > 0.75 * limit) {
    const seats = room.seats.filter((s) => room.waiting_on.includes(s.seat.split(":")[0]) && !s.bot).map((s) => s.seat);
    return { reason: "slow", seats };
  }
  return null;
}
function holdText(room, held) {
  const nameOf = (seat) => room.seats.find((s) => s.seat === seat)?.name || seatName(seat);
  const who = listOf(held.seats.map(nameOf).filter(Boolean));
  // the seat given up waits for a student moved there whose page has not taken it: name them
  if (held.reason === "paused" && held.by === "system") return held.why === "no_seat" ? (who ? t("clNoSeatFor", { who }) : t("clNoSeat")) : t("clNobody");
  if (held.reason === "no_lead") {
    // nobody holds the side's seat with the final say: its players can neither fold nor accept
    const [side, role] = held.seats[0].split(":");
    const spec = (D.rules?.sides?.[side]?.roles || []).find((r) => r.id === role);
    return t("clHeld_no_lead", { side: sideName(side), role: role ? L(spec?.name, role) : sideName(side) });
  }
  if (held.reason === "paused") return t("clHeldPaused", { by: held.by });
  if (held.reason === "away") {
    // a student placed there who never joined is not "away" (a dropped connection): say so
    const never = (seat) => room.seats.find((s) => s.seat === seat)?.joined === false;
    const away = listOf(held.seats.filter((seat) => !never(seat)).map(nameOf).filter(Boolean));
    const absent = listOf(held.seats.filter(never).map(nameOf).filter(Boolean));
    if (absent) return away ? `${t("clHeld_away", { who: away })}${S.lang === "zh" ? "；" : "; "}${t("clNotJoined", { who: absent })}` : t("clHeld_not_joined", { who: absent });
  }
  if (held.reason === "not_started") {
    // an open class's room waiting for its next student: nobody is named for the side yet
    const empty = ["washington", "beijing"].filter((side) => !room.seats.some((s) => s.seat.split(":")[0] === side && (s.name || s.bot)));
    const sides = listOf(empty.map(sideName));
    if (!who) return t("clHeld_no_player", { sides: sides || "—" });
    // a student named for one side who has not sat down, and nobody yet for the other
    if (sides) return t("clHeld_not_started_and", { who, sides });
  }
  return t(`clHeld_${held.reason}`, { who: who || "—" });
}

export function visibleRooms() {
  const rank = (r) => (heldUp(r) ? 0 : r.finished ? 2 : 1);
  let rooms = (D.info?.rooms || []).map((code) => D.rooms.get(code)).filter(Boolean);
  const q = D.search.trim().toLowerCase();
  if (q) rooms = rooms.filter((r) => r.code.toLowerCase().includes(q) || r.seats.some((s) => s.name.toLowerCase().includes(q)));
  if (D.filter === "held") rooms = rooms.filter((r) => heldUp(r));
  else if (D.filter === "waiting") rooms = rooms.filter((r) => !r.started && !r.finished);
  else if (D.filter === "playing") rooms = rooms.filter((r) => r.started && !r.finished);
  else if (D.filter === "finished") rooms = rooms.filter((r) => r.finished);
  const by = {
    room: (a, b) => a.index - b.index,
    held: (a, b) => rank(a) - rank(b) || a.index - b.index,
    hand: (a, b) => a.hand - b.hand || a.index - b.index,
    end: (a, b) => (b.expected_end ?? 0) - (a.expected_end ?? 0) || a.index - b.index,
  };
  return rooms.sort(by[D.sort] || by.room);
}

export function roomCard(room) {
  const held = heldUp(room);
  const phase = D.rules?.scenario.phases.find((p) => p.id === room.phase);
  const turn = room.finished
    ? t("clOutcome", { outcome: L(D.rules?.outcomes.find((o) => o.id === room.outcome)?.name, room.outcome || "") })
    : !room.started
      ? t("clNotStarted")
      : room.paused
        ? t("clPaused")
        : room.waiting_on.length
          ? t("clWaitingOn", { who: listOf(room.waiting_on.map(sideName)) })
          : "";
  // the two headline tariffs with short names (every tariff if the scenario names them otherwise)
  const headline = Object.entries(room.tariffs).filter(([v]) => TARIFFS[v]);
  const tariffs = (headline.length ? headline : Object.entries(room.tariffs)).map(([v, value]) =>
    h("span", { class: "cl-tariff", title: L(D.rules?.variables?.[v]?.name, v) }, TARIFFS[v] ? t(TARIFFS[v]) : L(D.rules?.variables?.[v]?.name, v), " ", h("b", null, `${value}%`)),
  );
  // a deal that outlasts the game: "until the end of the game", as the table's talks say
  const deals = room.deals.map((d) => h("li", null, d.terms.map((term) => L(D.rules?.deal_terms.find((x) => x.id === term)?.name, term)).join(" + "), " ", h("small", { class: "cl-deal-until" }, d.until > room.rounds ? t("untilGameEnd") : t("untilHand", { n: d.until }))));
  return h(
    "article",
    { class: `cl-room${held ? " held" : ""}${room.finished ? " done" : ""}`, id: `room-card-${room.code}`, "data-code": room.code, "aria-labelledby": `rc-h-${room.code}` },
    // the room; its Controls beside it when open (class.css: the card then takes a whole row)
    h(
      "div",
      { class: "cl-room-body" },
      h("header", null, h("h3", { id: `rc-h-${room.code}` }, roomLabel(room.code), " ", h("span", { class: "code small" }, room.code)), held ? h("span", { class: `cl-held ${held.reason}`, role: "status" }, holdText(room, held)) : null),
      h("p", { class: "cl-where" }, t("clHandOf", { hand: room.hand, rounds: room.rounds }), phase ? ` · ${L(phase.name, room.phase)}` : "", turn ? ` · ${turn}` : "", room.since && room.started && !room.finished && !room.paused ? h("span", { class: "cl-since", "data-since": room.since }, ` ${ago(room.since)}`) : null),
      h("p", { class: "cl-tariffs" }, tariffs),
      deals.length ? h("ul", { class: "cl-deals", "aria-label": t("clDeals") }, deals) : h("p", { class: "cl-deals none" }, t("clNoDeals")),
      h(
        "ul",
        { class: "cl-seats" },
        room.seats.map((s) =>
          h(
            "li",
            // a seat of the class's teams nobody holds (its student removed, say): "empty", to fill
            // a student who gave the seat up (the table's Leave): nobody holds it, "left"
            { class: `cl-seat ${s.seat.split(":")[0]}${s.empty || s.left ? " empty" : ""}` },
            h("span", { class: `dot ${s.bot ? "bot" : s.empty || s.left ? "empty" : s.here ? "here" : "away"}`, title: s.bot ? t("bots") : s.empty ? t("empty") : s.left ? t("clLeftSeat") : s.here ? t("clHere") : t("clAway") }),
            h("span", { class: "cl-seat-name" }, s.bot ? `${t("bots")}${colon()}${BOTS[S.lang]?.[s.bot] || s.bot}` : s.name || t("empty"), s.left ? h("small", { class: "cl-left" }, ` (${t("clLeftSeat")})`) : null),
            h("small", null, ` ${seatName(s.seat)}`),
            // no handler of its own: a click is read from the button (roomsClick)
            s.student && D.info.state !== "ended" ? h("button", { type: "button", class: "link", "data-move": s.student }, t("clMove")) : null,
          ),
        ),
      ),
      h("p", { class: "cl-end" }, room.expected_end ? t("clExpectedEnd", { at: clock(room.expected_end) }) : room.finished ? t("clEnded") : t("clNoEnd")),
      h("div", { class: "cl-room-actions" }, h("a", { class: "watch instructor", href: `/?room=${room.code}&as=owner&n=${room.index + 1}&team=${D.info.team}`, target: "_blank", rel: "noopener", id: `open-${room.code}` }, t("clOpenRoom"))),
    ),
    // a room whose game is over (or of a class that has ended) has nothing left to control:
    // every control would be refused (game_over)
    controllable(room) ? controlsBox(room.code, t("clRoomControls"), h("div", { class: "cl-controls", id: `controls-${room.code}`, "data-room": room.code })) : null,
  );
}

