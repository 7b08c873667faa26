// The instructor's controls panel, for one room or every room of a class: pause and resume, the
// turn's timer, the default move, a message to every player, a news event (a card of the scenario's
// deck, or a headline with effects the rules offer), a seat given to a new player, a bot for a
// player who left, the end. Each button sends a `control` message over the page's websocket
// (docs/protocol/23-instructor-controls.md §23); the server writes it into the room's log.
//
//   const panel = mountControls(container, { room: "ABC234" }, { scenario: "intro" });
//   const panel = mountControls(container, { class: "K7PQ2" }, { scenario: "classroom" });
//   (options.number: a class's room's number, "Room 3" on its dashboard, heads its panel;
//   options.team: a class's room's students a side, whose seats alone it offers)
//   panel.refresh({ paused, seats });   // paused: the pausing notice or null; seats: code's seats
//   panel.refresh({ allPaused, rooms, roomsKey });   // a class's: its rooms paused by you
//   (rooms.byYou) and by the server (rooms.noSeat, rooms.nobody), each [{code, number, side}]
//   panel.destroy();

import { S, SIDES } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName, seatLabel, refusalText } from "./text.js";
import { send as wsSend } from "./connection.js";
import { loadRules } from "./rules.js";
import { BOTS } from "./i18n.js";
import { currentPause } from "./notices.js";
import { clockTime } from "./dates.js";
import { tidyName, showsName } from "./name-tidy.js";

// the bots the server has, as the landing page and the class form offer them (BOTS names them
// all); offered first, as there: Tit for tat
const BOT_NAMES = Object.keys(BOTS.en);
const FIRST_BOT = "tit_for_tat";
let mounted = 0;

export function mountControls(container, target, options = {}) {
  const id = `ctl${++mounted}`;
  const code = target.room || target.class;
  const forClass = !target.room;
  const send = options.send || wsSend;
  const P = { rules: null, info: {}, status: "", error: false, busy: false, handover: null, input: {}, effects: new Set() };
  const root = h("section", { class: "controls panel", id, "aria-labelledby": `${id}-h` });
  container.append(root);
  if (options.scenario) {
    loadRules(options.scenario).then((rules) => {
      P.rules = rules;
      draw();
    });
  }

  async function go(action, params = {}) {
    if (P.busy) return;
    P.busy = true;
    P.handover = null;
    draw();
    const message = { type: "control", action, ...params };
    if (forClass) message.class = code;
    else message.room = code;
    try {
      const done = await send(message);
      // for a class: the rooms whose game is over are counted, not listed as refusals; the
      // time says which click the line answers (one click's line looked like the last one's)
      // (and the rooms a class's Resume leaves to the server, paused until a player is back)
      const over = done.results.filter((r) => r.code === "game_over").length;
      const still = done.results.filter((r) => SERVERS_PAUSE.includes(r.code)).length;
      const refused = done.results.filter((r) => r.code && r.code !== "game_over" && !SERVERS_PAUSE.includes(r.code));
      const ok = done.results.length - refused.length - over - still;
      const at = clockTime(Date.now(), true);
      if (!forClass) P.status = `${at} · ${t("ctlDone")}`;
      // a room whose clock has not started gets no result: nothing to do there (its players
      // are still arriving)
      else if (!done.results.length) P.status = `${at} · ${t("ctlNoRoomStarted")}`;
      else
        P.status = [
          `${at} ·`,
          t("ctlDoneRooms", { ok, all: done.results.length }),
          over ? t("ctlOverRooms", { n: over }) : "",
          still ? t("ctlStillPaused", { n: still }) : "",
          ...refused.map((r) => t("ctlRefusedIn", { room: r.room, why: refusalText(r) })),
        ]
          .filter(Boolean)
          .join(" ");
      P.error = forClass && refused.length > 0;
      if (action === "news" && params.text !== undefined) {
        // a headline sent is not kept ready to go again (a second click injected it twice)
        P.input.headline = "";
        P.effects.clear();
      }
      const token = done.results[0]?.token;
      if (token) P.handover = { token, seat: params.seat, name: params.name };
      options.onDone?.(action, done);
      fade();
      return done;
    } catch (err) {
      P.status = err.code ? refusalText(err) : err.message;
      P.error = true;
      return null;
    } finally {
      P.busy = false;
      draw();
    }
  }
  // a line that says a click worked goes after a while (a "Done." left there looked like the
  // answer to whatever came next); a refusal stays until the next click
  let fading = null;
  function fade() {
    clearTimeout(fading);
    const shown = P.status;
    fading = setTimeout(() => {
      if (P.status === shown && !P.error && !P.busy) {
        P.status = "";
        draw();
      }
    }, STATUS_MS);
  }
  const field = (name) => P.input[name] ?? "";
  const keep = (name) => (ev) => (P.input[name] = ev.target.value);
  const button = (key, action, params, extra = {}) =>
    h("button", { type: "button", id: `${id}-${extra.suffix || action}`, disabled: P.busy || extra.disabled, class: extra.class, onclick: () => (extra.confirm && !confirm(extra.confirm) ? null : go(action, typeof params === "function" ? params() : params)) }, extra.label || t(key));

  // the name the seat goes to, cleaned as the front page cleans a player's (name-tidy.js: the
  // server refuses control and direction characters) and shown so in its field; "player" if
  // it shows nothing
  function holderName() {
    const tidy = tidyName(field("holder"));
    P.input.holder = tidy;
    const typed = root.querySelector(`#${id}-holder`);
    if (typed && typed.value !== tidy) typed.value = tidy;
    return showsName(tidy) ? tidy : "player";
  }
  // a class's room as its dashboard names it ("Room 3", its code beside), else by its code
  function heading() {
    if (forClass) return t("ctlForClass", { code });
    if (!options.number) return t("ctlForRoom", { code });
    return [t("ctlForRoomN", { n: options.number }), " ", h("span", { class: "code" }, code)];
  }
  // the class's rooms paused, by whom: the instructor's go on with Resume, the server's do not
  function classLine() {
    const rooms = P.info.rooms || {};
    const list = (found) => found.map((r) => (r.side ? t("ctlRoomSide", { room: roomName(r), side: sideName(r.side) }) : roomName(r))).join(S.lang === "zh" ? "、" : ", ");
    const lines = [
      rooms.byYou?.length ? t("ctlClassByYou", { rooms: list(rooms.byYou) }) : "",
      rooms.noSeat?.length ? t("ctlClassNoSeat", { rooms: list(rooms.noSeat) }) : "",
      rooms.nobody?.length ? t("ctlClassNobody", { rooms: list(rooms.nobody) }) : "",
    ].filter(Boolean);
    if (!lines.length) return null;
    return h("div", { class: "ctl-state paused", id: `${id}-state` }, ...lines.map((line) => h("p", null, line)));
  }
  const roomName = (r) => (r.number ? t("ctlForRoomN", { n: r.number }) : r.code);
  function statusLine() {
    const paused = P.info.paused;
    if (forClass) return classLine();
    let text = t("ctlRunning");
    if (paused?.reason === "waiting_for_players") text = t("ctlWaiting");
    else if (paused?.by === "system" && paused.reason === "no_seat") text = t("ctlIsPausedNoSeat", { side: sideName((paused.seat || "").split(":")[0]) });
    else if (paused) text = paused.by === "system" ? t("ctlIsPausedSystem") : t("ctlIsPaused", { who: paused.by });
    return h("p", { class: `ctl-state ${paused ? "paused" : ""}`, id: `${id}-state` }, text);
  }
  function newsPart() {
    const rules = P.rules;
    if (!rules) return null;
    const deck = [...new Set([...(rules.scenario.news_deck || []), ...Object.values(rules.scenario.scripted_news || {})])];
    const news = (idOf) => L(rules.newsById?.[idOf]?.name, idOf);
    const effects = rules.instructor_news || [];
    return h(
      "fieldset",
      { class: "ctl-news" },
      h("legend", null, t("ctlNewsTitle")),
      h("label", { for: `${id}-deck` }, t("ctlFromDeck")),
      h(
        "div",
        { class: "ctl-row" },
        h("select", { id: `${id}-deck`, onchange: keep("deck") }, deck.map((n) => h("option", { value: n, selected: field("deck") === n }, news(n)))),
        button("ctlInject", "news", () => ({ news: field("deck") || deck[0] }), { suffix: "inject" }),
      ),
      h("label", { for: `${id}-headline` }, t("ctlCustom")),
      h("input", { id: `${id}-headline`, maxlength: "300", placeholder: t("ctlCustomText"), value: field("headline"), oninput: keep("headline") }),
      h(
        "div",
        { class: "ctl-effects", role: "group", "aria-label": t("ctlEffects") },
        effects.map((e) =>
          h(
            "label",
            { title: L(e.text, "") },
            h("input", { type: "checkbox", id: `${id}-fx-${e.id}`, value: e.id, checked: P.effects.has(e.id), onchange: (ev) => (ev.target.checked ? P.effects.add(e.id) : P.effects.delete(e.id)) }),
            ` ${L(e.name, e.id)}`,
          ),
        ),
      ),
      button("ctlInjectCustom", "news", () => ({ text: field("headline").trim(), effects: [...P.effects] }), { suffix: "inject-custom" }),
    );
  }
  // a seat by its role's name in this room's rules (on the class dashboard no room's rules are
  // the page's, and seatLabel fell back to the role's id: "Beijing · vice_premier")
  function roleLabel(seat) {
    const [side, role] = seat.split(":");
    const spec = role ? (P.rules?.sides?.[side]?.roles || []).find((r) => r.id === role) : null;
    return spec ? `${sideName(side)} · ${L(spec.name, role)}` : seatLabel(seat);
  }
  function seatsPart() {
    if (forClass) return null;
    const rules = P.rules;
    // a class's room has the seats of the class's teams only: the side itself for one student
    // a side, else its first `team` roles (a team of two was offered a third role, and the
    // whole side); any other room, the side and every role
    const team = options.team;
    const seats = [];
    for (const side of SIDES) {
      const roles = (rules?.sides?.[side]?.roles || []).map((role) => `${side}:${role.id}`);
      if (!team) seats.push(side, ...roles);
      else seats.push(...(team === 1 || !roles.length ? [side] : roles.slice(0, team)));
    }
    const bots = BOT_NAMES.map((b) => h("option", { value: b, selected: (field("bot") || FIRST_BOT) === b }, BOTS[S.lang]?.[b] || b));
    const handover = P.handover;
    let link = null;
    if (handover) {
      const url = `${location.origin}/?room=${code}#seat=${encodeURIComponent(handover.seat)}&token=${encodeURIComponent(handover.token)}&name=${encodeURIComponent(handover.name)}`;
      link = h(
        "div",
        { class: "ctl-handover", id: `${id}-handover` },
        h("p", null, t("ctlHandover", { name: handover.name })),
        h("input", { readonly: true, id: `${id}-link`, value: url, onfocus: (ev) => ev.target.select() }),
        h("button", { type: "button", onclick: () => navigator.clipboard?.writeText(url) }, t("ctlCopy")),
      );
    }
    return [
      h(
        "fieldset",
        { class: "ctl-seats" },
        h("legend", null, t("ctlSeats")),
        h("label", { for: `${id}-seat` }, t("ctlSeat")),
        h("select", { id: `${id}-seat`, onchange: keep("seat") }, seats.map((s) => h("option", { value: s, selected: field("seat") === s }, roleLabel(s)))),
        h("label", { for: `${id}-holder` }, t("ctlNewHolder")),
        h("input", { id: `${id}-holder`, maxlength: "40", value: field("holder"), oninput: keep("holder") }),
        button("ctlReassign", "reassign", () => ({ seat: field("seat") || seats[0], name: holderName() })),
        link,
      ),
      h(
        "fieldset",
        { class: "ctl-bots" },
        h("legend", null, t("ctlBots")),
        h("label", { for: `${id}-side` }, t("ctlSide")),
        h("select", { id: `${id}-side`, onchange: keep("side") }, SIDES.map((s) => h("option", { value: s, selected: field("side") === s }, sideName(s)))),
        h("label", { for: `${id}-bot` }, t("ctlBot")),
        h("select", { id: `${id}-bot`, onchange: keep("bot") }, bots),
        h(
          "div",
          { class: "ctl-row" },
          button("ctlBotIn", "bot_in", () => ({ seat: field("side") || SIDES[0], bot: field("bot") || FIRST_BOT })),
          button("ctlBotOut", "bot_out", () => ({ seat: field("side") || SIDES[0] })),
        ),
      ),
    ];
  }
  function draw() {
    const paused = P.info.paused;
    fill(
      root,
      h("h2", { id: `${id}-h` }, t("ctlTitle"), " ", h("small", null, heading())),
      statusLine(),
      // what the last click did, or why it was refused: here at the top, where it is seen (at
      // the panel's foot it came after "End the game")
      h("p", { class: `ctl-status ${P.error ? "error" : ""}`, id: `${id}-status`, role: "status", hidden: !P.status }, P.status),
      h(
        "div",
        { class: "ctl-row" },
        // a room still waiting for its players is paused already (by the server): Pause is refused
        button("ctlPause", "pause", {}, { class: P.info.allPaused ? "" : "primary", disabled: !forClass && paused && (paused.by !== "system" || paused.reason === "waiting_for_players") }),
        button("ctlResume", "resume", {}, { class: P.info.allPaused ? "primary" : "", disabled: !forClass && !paused }),
      ),
      h(
        "div",
        { class: "ctl-row", role: "group", "aria-label": t("ctlTimer") },
        h("span", { class: "ctl-label" }, `${t("ctlTimer")}:`),
        button("", "timer", { seconds: -30 }, { suffix: "less30", label: t("ctlLess", { s: 30 }) }),
        button("", "timer", { seconds: 30 }, { suffix: "more30", label: t("ctlMore", { s: 30 }) }),
        button("", "timer", { seconds: 60 }, { suffix: "more60", label: t("ctlMore", { s: 60 }) }),
      ),
      h("div", { class: "ctl-row" }, button("ctlForce", "force", {}, { suffix: "force" }), h("small", { class: "ctl-help" }, t("ctlForceHelp"))),
      h(
        "form",
        {
          class: "ctl-row ctl-message",
          onsubmit: (ev) => {
            ev.preventDefault();
            const text = field("message").trim();
            if (text) go("broadcast", { text }).then((done) => done && ((P.input.message = ""), draw()));
          },
        },
        h("label", { for: `${id}-message`, class: "sr" }, t("ctlMessage")),
        h("input", { id: `${id}-message`, maxlength: "300", placeholder: t("ctlMessage"), value: field("message"), oninput: keep("message") }),
        h("button", { type: "submit", id: `${id}-broadcast`, disabled: P.busy }, t("ctlSend")),
      ),
      newsPart(),
      seatsPart(),
      h(
        "div",
        { class: "ctl-row" },
        button(forClass ? "ctlEndClass" : "ctlEnd", "end", {}, { class: "danger", confirm: forClass ? t("ctlEndClassConfirm") : t("ctlEndConfirm") }),
      ),
    );
  }
  draw();
  return {
    root,
    refresh(info = {}) {
      if (P.lang === S.lang && P.info.paused === info.paused && P.info.allPaused === info.allPaused && P.info.roomsKey === info.roomsKey) return;
      if (P.info.paused !== info.paused && !P.error) P.status = ""; // the room has moved on
      P.lang = S.lang;
      P.info = info;
      draw();
    },
    destroy() {
      root.remove();
    },
  };
}

const STATUS_MS = 6000;
// a class's Resume leaves these rooms paused: the server's to resume (a seat taken, a player back)
const SERVERS_PAUSE = ["waits_for_seat", "nobody_there"];

// The controls on the all-seeing room screen (joined with the instructor key): shown to a
// signed-in instructor (the server checks that they own the room); a hint to sign in otherwise.
let roomPanel = null;
export function renderRoomControls() {
  const column = document.querySelector("#table .col-right");
  if (!column || !S.room) return;
  let slot = $("#room-controls");
  if (!slot) {
    slot = h("div", { id: "room-controls" });
    column.prepend(slot);
  }
  // the game is over: every control would be refused (game_over), so none is offered
  if (S.room.role !== "instructor" || S.view?.outcome) {
    slot.hidden = true;
    roomPanel?.destroy();
    roomPanel = null;
    return;
  }
  slot.hidden = false;
  if (!S.account) {
    roomPanel?.destroy();
    roomPanel = null;
    fill(slot, h("p", { class: "panel ctl-signin" }, t("ctlSignIn"), " ", h("a", { href: "/?instructor=1", target: "_blank" }, t("ctlSignInLink"))));
    return;
  }
  if (!roomPanel || roomPanel.code !== S.room.code) {
    slot.replaceChildren();
    // a class's room by its number ("Room 2", as the dashboard says), when the page knows it
    roomPanel = mountControls(slot, { room: S.room.code }, { scenario: S.room.scenario, number: S.roomNumbers[S.room.code], team: S.roomTeams[S.room.code] });
    roomPanel.code = S.room.code;
  }
  roomPanel.refresh({ paused: currentPause() });
}
