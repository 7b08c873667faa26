// What the debrief's modules share: its state, names by id, links into the replay viewer.

import { h } from "./dom.js";
import { t, L } from "./text.js";
import { openReplay } from "./replay.js";

// source: {class: CODE} or {rooms: "A,B"}; data: GET …/debrief; mode and align: the chart's
// switches; pick: the room picked out on the chart
export const D = { source: null, data: null, error: null, loading: false, gen: 0, mode: "tariff_on_china", align: "hand", pick: null };

export const nameOf = (kind, id) => L(D.data?.names?.[kind]?.[id], id || "");
export const sideName = (side) => t(`side_${side}`);
export const seconds = (ms) => (ms === null || ms === undefined ? "—" : t("db_seconds", { s: (ms / 1000).toFixed(ms < 10000 ? 1 : 0) }));

// a room as a class's dashboard names it ("Room 2 K7QX2M"), or its code alone outside a class
export const roomName = (code) => {
  const n = D.data?.room_numbers?.[code];
  return n ? `${t("db_roomN", { n })} ${code}` : code;
};

// a link into the replay viewer at a step, all-seeing; opened in place (Back returns here)
export function stepLink(code, n, label, attrs = {}) {
  return h(
    "a",
    {
      href: `/?game=${encodeURIComponent(code)}&step=${n}&as=all`,
      title: t("db_openAt", { code, n }),
      ...attrs,
      onclick: (ev) => {
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button) return;
        ev.preventDefault();
        openReplay(code, "all", n, true);
      },
    },
    label,
  );
}
