// Invite links that work on the students' machines. A page opened as localhost (the teacher's own
// machine) builds them from the server's network addresses (GET /api/server), one chosen in a
// select when there are several (kept in localStorage "brink.inviteBase"); any other page uses its
// own address, which is already one the students reach. inviteBase() is for other links too (the
// class's QR code).

import { h } from "./dom.js";
import { t } from "./text.js";
import { render } from "./ui.js";

const LOCAL = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const CHOSEN = "brink.inviteBase";
// what GET /api/server said: null until asked
export const server = { addresses: null, localOnly: false };

export function isLocalPage() {
  return LOCAL.has(location.hostname) || location.hostname.endsWith(".localhost");
}
// ask the server once, on a local page, then draw again
export async function loadAddresses() {
  if (server.addresses !== null || !isLocalPage()) return;
  server.addresses = [];
  try {
    const info = await (await fetch("/api/server", { cache: "no-store" })).json();
    server.addresses = Array.isArray(info.addresses) ? info.addresses : [];
    server.localOnly = !!info.local_only;
  } catch {
    return; // the page's own address it is
  }
  render();
}
// the address invite links start with: the chosen reachable one, else the page's own
export function inviteBase() {
  const list = isLocalPage() ? server.addresses || [] : [];
  if (!list.length) return `${location.origin}/`;
  const chosen = localStorage.getItem(CHOSEN);
  return list.includes(chosen) ? chosen : list[0];
}
export function inviteUrl(code) {
  return `${inviteBase()}?room=${code}`;
}
async function copy(input, button) {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select();
    document.execCommand?.("copy");
  }
  button.textContent = t("copied");
}
// the invite box: the link, a copy button, the address to build it from when there are several,
// and a warning when only this machine can open it
export function inviteBox(code) {
  loadAddresses();
  const list = isLocalPage() ? server.addresses || [] : [];
  const input = h("input", { id: "invite-link", readonly: true, value: inviteUrl(code), onfocus: (e) => e.target.select() });
  const button = h("button", { type: "button", id: "copy-link", onclick: () => copy(input, button) }, t("copy"));
  const base = inviteBase();
  const pick =
    list.length > 1
      ? h(
          "div",
          { class: "field inline invite-base" },
          h("label", { for: "invite-base" }, t("inviteAddress")),
          h(
            "select",
            { id: "invite-base", onchange: (e) => { localStorage.setItem(CHOSEN, e.target.value); render(); } },
            list.map((a) => h("option", { value: a, selected: a === base }, a)),
          ),
        )
      : null;
  const note = isLocalPage() && server.localOnly ? h("p", { class: "why", id: "invite-local" }, t("inviteLocalOnly")) : null;
  return h("div", { class: "invite-box" }, h("div", { class: "invite" }, h("label", { for: "invite-link" }, t("inviteLink")), input, button), pick, note);
}
