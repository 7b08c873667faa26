// What the class dashboard (class-dash.js) holds and names: the class, its rooms as last pushed,
// what is filtered, sorted and open; a seat's and a room's names as the dashboard says them.

import { t, L } from "./text.js";

export const D = { open: new Set(), code: null, info: null, rooms: new Map(), rules: null, filter: "all", sort: "room", search: "", el: null, onBack: null, error: "" };

export const sideName = (side) => L(D.rules?.sides?.[side]?.name, t(`side_${side}`));
export function seatName(seat) {
  const [side, role] = seat.split(":");
  if (!role) return sideName(side);
  const spec = (D.rules?.sides?.[side]?.roles || []).find((r) => r.id === role);
  return `${sideName(side)} · ${L(spec?.name, role)}`;
}
export const roomLabel = (code) => t("clRoomN", { n: (D.info?.rooms.indexOf(code) ?? -1) + 1 });

// A room whose game is over (or of a class that has ended) has nothing left to control.
export const controllable = (room) => D.info?.state !== "ended" && !room.finished;
// Every room's game is over (the class not ended yet): what comes next is the debrief, not
// starting rooms, whatever the class's state says.
export function allOver() {
  const rooms = D.info ? D.info.rooms.map((code) => D.rooms.get(code)) : [];
  return rooms.length > 0 && rooms.every((room) => room?.finished);
}
