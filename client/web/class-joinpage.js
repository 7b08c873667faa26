// The projectable join page of a class (/?instructor=1&project=CODE): the class code in large
// letters, the link and its QR code (an inline SVG made by the server), and the names of the
// students who have joined, filled in live as they arrive (the class_info pushes of watch_class).
// The link uses an address students' machines can reach: one of the machine's own addresses
// (GET /api/server) when the page was opened on localhost, else the page's own address.

import { S } from "./state.js";
import { h, fill } from "./dom.js";
import { t } from "./text.js";
import { send, whenConnected, onMessageType, onWelcome } from "./connection.js";
import { watchRefusal, said } from "./class-refusal.js";
import { keepConnected } from "./class-keepalive.js";

const P = { code: null, info: null, base: null, bases: [], el: null, error: "" };

async function addresses() {
  const own = location.origin;
  let found = [];
  try {
    const res = await fetch("/api/server", { cache: "no-store" });
    if (res.ok) {
      const body = await res.json();
      P.localOnly = !!body.local_only;
      const listed = body.urls || body.addresses || [];
      found = listed.map((a) => (typeof a === "string" ? a : a.url)).filter((a) => typeof a === "string" && /^https?:\/\//.test(a));
    }
  } catch {
    /* an older server: the page's own address */
  }
  const local = /^(localhost|127\.|\[::1\])/.test(location.hostname);
  const bases = [...new Set(local ? [...found, own] : [own, ...found])].map((a) => a.replace(/\/$/, ""));
  return bases.length ? bases : [own];
}

export async function openJoinPage(el, code) {
  P.el = el;
  P.code = code;
  P.error = "";
  document.body.classList.add("projecting");
  P.bases = await addresses();
  P.base = P.bases[0];
  await whenConnected();
  try {
    const view = await send({ type: "watch_class", code });
    P.info = view.info;
  } catch (err) {
    P.error = () => watchRefusal(err, code); // said in the language of the moment
  }
  draw();
}

// A language switch: the page again, in the new language.
export function redrawJoinPage() {
  if (P.code) draw();
}

export function closeJoinPage() {
  document.body.classList.remove("projecting");
  if (P.code && S.wsReady) send({ type: "unwatch_class", code: P.code }).catch(() => {});
  P.code = null;
}

onMessageType("class_info", (msg) => {
  if (msg.code !== P.code) return;
  P.info = msg.info;
  drawNames();
});
onWelcome(() => {
  if (P.code) send({ type: "watch_class", code: P.code }).then((v) => { P.info = v.info; draw(); }).catch(() => {});
});
keepConnected(() => !!P.code && !!P.el?.isConnected, () => (P.code && P.info && P.el?.isConnected ? P.el : null));

async function qr() {
  const box = P.el.querySelector("#jp-qr");
  try {
    const res = await fetch(`/api/classes/${P.code}/qr.svg?base=${encodeURIComponent(P.base)}`, { cache: "no-store" });
    if (!res.ok) throw new Error(`${res.status}`);
    box.innerHTML = await res.text(); // the server's own SVG: paths only, no script
    box.querySelector("svg")?.setAttribute("role", "img");
    box.querySelector("svg")?.setAttribute("aria-label", t("clQrLabel"));
  } catch {
    fill(box, h("p", { class: "help" }, t("clNoQr")));
  }
}

function link() {
  return `${P.base}/?class=${P.code}`;
}

function draw() {
  const el = P.el;
  // not before the page has chosen the address students open (a welcome may come first)
  if (!el || !P.base) return;
  if (!P.info) {
    fill(el, h("p", { class: "error", role: "alert" }, said(P.error) || "…"));
    return;
  }
  fill(
    el,
    h(
      "div",
      { class: "jp", id: "join-page" },
      h("h1", { class: "jp-title" }, P.info.title),
      h(
        "div",
        { class: "jp-main" },
        h(
          "div",
          { class: "jp-how" },
          h("p", { class: "jp-step" }, t("clJpOpen")),
          h("p", { class: "jp-link", id: "jp-link" }, link()),
          h("p", { class: "jp-step" }, t("clJpOrCode", { base: P.base })),
          h("p", { class: "jp-code", id: "jp-code", "aria-label": t("clCode") }, P.code),
          h("p", { class: "jp-step" }, P.info.mode === "roster" ? t("clJpRoster") : t("clJpOpenName")),
        ),
        h("div", { class: "jp-qr", id: "jp-qr" }),
      ),
      P.bases.length > 1
        ? h(
            "label",
            { class: "jp-base" },
            t("clJpAddress"),
            " ",
            h("select", { id: "jp-base", onchange: (ev) => { P.base = ev.target.value; draw(); } }, P.bases.map((b) => h("option", { value: b, selected: b === P.base }, b))),
          )
        : null,
      P.localOnly ? h("p", { class: "error", role: "alert", id: "jp-local" }, t("clJpLocalOnly")) : null,
      h("h2", { class: "jp-count", id: "jp-count", "aria-live": "polite" }),
      h("ul", { class: "jp-names", id: "jp-names" }),
    ),
  );
  qr();
  drawNames();
}

function drawNames() {
  const list = P.el?.querySelector("#jp-names");
  if (!list || !P.info) return;
  const joined = P.info.students.filter((s) => s.joined).sort((a, b) => (a.joined_at || 0) - (b.joined_at || 0));
  const total = P.info.students.length;
  P.el.querySelector("#jp-count").textContent = P.info.mode === "roster" ? t("clJoined", { n: joined.length, of: total }) : t("clJoinedOpen", { n: joined.length });
  fill(list, joined.map((s) => h("li", { class: "jp-name" }, s.name)));
}
