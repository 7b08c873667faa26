// The seats a form offers (landing.js): radios for the sides and roles, watching, or the
// teacher's "do not sit"; and, for a game that is over, its replay and its last table.

import { SIDES } from "./state.js";
import { h } from "./dom.js";
import { t, seatLabel, colon, paren } from "./text.js";
import { openReplay } from "./replay.js";

// the seats to choose from, a seat this browser held chosen, else the first free one; `extra`: "spectator" (watch: chosen, and
// said plainly, when every seat is taken) or "instructor" (create without sitting); `mine`: the
// taken seats whose token this browser holds (a tab closed mid-game): they may be taken back
// byClass: a class's room, whose seats its class gives (a join with one is refused class_seat):
// only a seat this browser held before (its token) or watching may be chosen
// picked: the seat the user chose (kept when the radios are drawn again, if still open)
export const userPicked = {};
export function seatRadios(name, extra, taken = {}, roles = [], mine = {}, byClass = false, picked = null) {
  const seats = [...SIDES, ...roles];
  const free = byClass ? [] : seats.filter((s) => !taken[s]);
  const back = seats.filter((s) => taken[s] && mine[s]);
  const open = (s) => s === extra || free.includes(s) || back.includes(s);
  // a seat this browser held comes first: its player is back (in a game with team roles, the
  // first free seat may be a role on the other side)
  const chosen = picked && open(picked) ? picked : back[0] || free[0] || extra;
  const label = (s) => (s === "spectator" ? t("watch") : s === "instructor" ? t("onlyCreate") : seatLabel(s));
  return h(
    "fieldset",
    { class: "seats-pick" },
    h("legend", null, extra === "spectator" ? t("seat") : t("playAs")),
    [...seats, ...(extra ? [extra] : [])].map((s) =>
      h(
        "label",
        { class: `pick ${s}` },
        h("input", { type: "radio", name, value: s, id: `${name}-${s.replace(":", "-")}`, checked: s === chosen, onchange: () => (userPicked[name] = s), disabled: (byClass || !!taken[s]) && !mine[s] }),
        // the radio's words in one box beside it: a long label wraps there, not under the radio
        h(
          "span",
          { class: "pick-text" },
          h("span", null, label(s)),
          taken[s] ? h("small", { class: "taken" }, paren(mine[s] ? t("seatBack", { name: taken[s] }) : `${t("taken")}${colon()}${taken[s]}`)) : null,
        ),
      ),
    ),
    extra === "spectator" && !free.length && !back.length ? h("p", { class: "why", id: `${name}-full`, role: "status" }, t(byClass ? "clSeatsByClass" : "seatsFull")) : null,
  );
}
// A game that is over (a finished game's invite link): no seat to take, but its replay (when this
// browser may open it) and its last table, watched, or as the seat this browser held
export function overSeats(info) {
  const open = [...Object.keys(info.mine), "spectator"];
  const picked = open.includes(userPicked["join-seat"]) ? userPicked["join-seat"] : open[0];
  const replay = (ev) => {
    ev.preventDefault();
    openReplay(info.code, null, 0, true);
  };
  return [
    h("p", { class: "why", id: "join-over", role: "status" }, t(info.replay ? "roomOver" : "roomOverNoReplay")),
    info.replay ? h("p", null, h("a", { href: `/?game=${info.code}`, id: "join-replay", class: "watch", onclick: replay }, t("roomReplay"))) : null,
    h(
      "fieldset",
      { class: "seats-pick" },
      h("legend", null, t("seat")),
      open.map((s) =>
        h(
          "label",
          { class: `pick ${s}` },
          h("input", { type: "radio", name: "join-seat", value: s, id: `join-seat-${s.replace(":", "-")}`, checked: s === picked, onchange: () => (userPicked["join-seat"] = s) }),
          h("span", { class: "pick-text" }, h("span", null, s === "spectator" ? t("watchEnd") : seatLabel(s)), s === "spectator" ? null : h("small", { class: "taken" }, paren(t("seatBack", { name: info.takenSeats[s] })))),
        ),
      ),
    ),
  ];
}
