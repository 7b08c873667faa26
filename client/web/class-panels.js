// The dashboard's controls panels (controls.js): a room's and the class's, folded away, mounted
// the first time each is opened and kept across the dashboard's redraws (class-dash.js).

import { S } from "./state.js";
import { h } from "./dom.js";
import { D, controllable } from "./class-dash-state.js";

// The controls (a room's, the class's) fold away: a panel is mounted the first time it is opened,
// and what is open stays open across redraws.
export function controlsBox(key, label, box) {
  const details = h("details", { class: "cl-ctl", id: `ctl-${key}`, open: D.open.has(key) }, h("summary", null, label), box);
  details.addEventListener("toggle", () => {
    if (details.open) D.open.add(key);
    else D.open.delete(key);
    mountControls();
  });
  return details;
}

// Each controls panel is mounted once and kept across redraws (what is typed in it stays).
export function keepPanels(el) {
  return new Map([...el.querySelectorAll(".cl-controls")].filter((p) => p.childElementCount).map((p) => [p.dataset.room || "class", p]));
}
export function putPanelsBack(el, kept) {
  for (const box of el.querySelectorAll(".cl-controls")) {
    const old = kept.get(box.dataset.room || "class");
    if (old && old !== box) box.replaceWith(old);
  }
}

// Room controls (helper B's controls.js): a panel mounted into each room's container and one
// for the class, once; told when a room's pause changes.
let controls = null;
const panels = new Map();
export async function mountControls() {
  if (controls === null) controls = import("./controls.js").catch(() => false);
  const mod = await controls;
  const mount = mod && mod.mountControls;
  if (typeof mount !== "function" || !D.el || !D.info) return;
  // the panels of a room that is over, or of a class that has ended, go (their box went)
  for (const [key, panel] of panels) {
    const room = D.rooms.get(key);
    const over = D.info.state === "ended" || (room && !controllable(room));
    if (over && !D.el.contains(panel.root)) {
      panel.destroy?.();
      panels.delete(key);
    }
  }
  for (const box of D.el.querySelectorAll(".cl-controls")) {
    if (!box.closest("details")?.open) continue;
    const key = box.dataset.room || `class:${D.code}`;
    let panel = panels.get(key);
    if (!panel || !box.contains(panel.root)) {
      if (box.dataset.mounted) continue;
      box.dataset.mounted = "1";
      const number = D.info.rooms.indexOf(box.dataset.room) + 1; // as the card heads it: "Room 3"
      panel = mount(box, box.dataset.room ? { room: box.dataset.room } : { class: D.code }, { scenario: D.info.scenario, number: number || null, team: D.info.team });
      panels.set(key, panel);
    }
    // told when its room's pause changes, and when the language does (the class's panel too:
    // it stayed in the language it was opened in while the dashboard around it changed)
    const room = D.rooms.get(box.dataset.room);
    if (panel?.refresh && (room || !box.dataset.room)) {
      // the class's panel: whether every room still to play is paused (Pause then no longer the
      // button to press)
      // button to press): paused by the instructor, that is; the rooms the server paused (a
      // player left and nobody took the seat, or nobody is at the table) are told apart, as
      // Resume leaves them paused
      const playing = [...D.rooms.values()].filter((r) => controllable(r));
      const rooms = room ? null : pausedRooms(playing);
      const allPaused = !room && playing.length > 0 && playing.every((r) => r.paused && r.paused.reason !== "waiting_for_players") && rooms.byYou.length > 0;
      const roomsKey = JSON.stringify(rooms);
      const paused = room?.paused ? JSON.stringify(room.paused) : `all:${allPaused}:${roomsKey}`;
      if (panel.pausedKey !== paused || panel.lang !== S.lang) {
        panel.pausedKey = paused;
        panel.lang = S.lang;
        panel.refresh(room ? { paused: room.paused, seats: Object.fromEntries(room.seats.map((x) => [x.seat, x.name])) } : { allPaused, rooms, roomsKey });
      }
    }
  }
}


// The class's rooms paused, by whom: by the instructor (`byYou`), by the server because a player
// left and nobody took the seat (`noSeat`, with the side), or because nobody is at the table
// (`nobody`); a room waiting for its players is none of them. Each {code, number, side}.
export function pausedRooms(rooms) {
  const found = { byYou: [], noSeat: [], nobody: [] };
  for (const r of rooms) {
    const paused = r.paused;
    if (!paused || paused.reason === "waiting_for_players") continue;
    const one = { code: r.code, number: D.info.rooms.indexOf(r.code) + 1 || null, side: null };
    if (paused.by !== "system") found.byYou.push(one);
    else if (paused.reason === "no_seat") found.noSeat.push({ ...one, side: (paused.seat || "").split(":")[0] || null });
    else found.nobody.push(one);
  }
  for (const list of Object.values(found)) list.sort((a, b) => (a.number || 0) - (b.number || 0));
  return found;
}
