// A replay of a game still being played: the page says so (how many moves so far) and picks up
// the moves made since, by itself every POLL_MS while the page is in view and at once with its
// Refresh button. It asks only for what the viewer may open (the server's rule), so a side's
// replay grows with its own side's view, as the live table did.

import { h } from "./dom.js";
import { t } from "./text.js";

const POLL_MS = 5000;
let timer = null;

export const running = (summary) => Boolean(summary) && (summary.outcome === null || summary.outcome === undefined);

export function runningNote(summary, refresh) {
  if (!running(summary)) return null;
  const moves = summary.moves ?? 0;
  const said = t(moves === 1 ? "stillPlayed1" : "stillPlayed", { moves, steps: summary.entries });
  return h(
    "div",
    { class: "rp-running", id: "rp-running", role: "status" },
    h("span", { id: "rp-running-text" }, said),
    " ",
    h("button", { type: "button", id: "rp-refresh", onclick: refresh }, t("refreshNow")),
    h("span", { class: "muted" }, ` ${t("refreshAuto")}`),
  );
}
// ask every POLL_MS while the game runs and the page is shown (stopped once it is over)
export function keepPolling(summary, refresh) {
  stopPolling();
  if (!running(summary)) return;
  timer = setInterval(() => {
    if (document.visibilityState === "visible") refresh();
  }, POLL_MS);
}
export function stopPolling() {
  clearInterval(timer);
  timer = null;
}
