// The lobby: the invite link and who sits where, until both sides are taken.

import { BOTS } from "./i18n.js";
import { S, SIDES, sideSeated } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName } from "./text.js";
import { showScreen, render } from "./ui.js";
import { inviteBox } from "./invite.js";
import { keyBox } from "./teacher.js";

export function seatList() {
  const rows = [];
  for (const s of SIDES) {
    const holder = S.seats[s];
    const mine = S.room.seat === s;
    const status = !holder ? t("empty") : holder.startsWith("bot:") ? `${t("bots")}: ${BOTS[S.lang][holder.slice(4)] || holder.slice(4)}` : holder;
    rows.push(
      h(
        "li",
        { class: `seat ${s}${holder ? "" : " open"}` },
        h("span", { class: "seat-side" }, sideName(s)),
        h("span", { class: "seat-holder" }, status, mine ? ` (${t("you")})` : "", S.presence[s] === "away" ? ` · ${t("away")}` : ""),
      ),
    );
  }
  for (const [seat, holder] of Object.entries(S.seats)) {
    if (!seat.includes(":") || !holder) continue;
    const [side, role] = seat.split(":");
    const roleSpec = (S.rules.sides?.[side]?.roles || []).find((r) => r.id === role);
    rows.push(h("li", { class: `seat ${side} role` }, h("span", { class: "seat-side" }, `${sideName(side)} · ${L(roleSpec?.name, role)}`), h("span", { class: "seat-holder" }, holder)));
  }
  return h("ul", { class: "seats" }, rows);
}
export function renderLobby() {
  const waitingFor = SIDES.find((s) => !sideSeated(s));
  fill(
    $("#lobby"),
    h(
      "div",
      { class: "card-panel lobby" },
      h("h2", null, `${t("lobby")} · ${t("room")} `, h("span", { class: "code" }, S.room.code)),
      h("p", { class: "scenario-name" }, L(S.rules.scenario.name), " — ", L(S.rules.scenario.text)),
      h("p", null, t("lobbyHelp")),
      inviteBox(S.room.code),
      h("h3", null, t("seats")),
      seatList(),
      keyBox(S.room.code),
      h("h3", null, t("spectators")),
      h("p", { class: "help" }, t("spectatorsHelp")),
      waitingFor ? h("p", { class: "waiting" }, h("span", { class: "spinner small", "aria-hidden": "true" }), t("lobbyWaiting", { side: sideName(waitingFor) })) : null,
      h("button", { type: "button", id: "to-table", onclick: () => { S.lobbySkipped = true; showScreen("table"); render(); } }, t("toTable")),
    ),
  );
}
