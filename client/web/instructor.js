// The instructor's screen (/?instructor=1): sign in with an account made by
// `brink instructor add`, sign out. Signed in, the page shows an empty #class-console and fires
// `brink:signed-in` on document ({detail: {name}}) for the class console to draw itself there;
// `brink:signed-out` when the instructor signs out. The session is an HttpOnly cookie
// (server/web/auth.py): this script never sees it, it only asks /api/instructor/me.

import { S } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t } from "./text.js";
import { showScreen, render } from "./ui.js";

const I = { checked: false, error: "", busy: false };

export async function openInstructor(push = true) {
  const url = new URL(location.origin + "/");
  url.searchParams.set("instructor", "1");
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  showScreen("instructor");
  await whoAmI();
}

async function whoAmI() {
  try {
    const res = await fetch("/api/instructor/me", { cache: "no-store" });
    S.account = res.ok ? (await res.json()).name : null;
  } catch {
    S.account = null;
  }
  I.checked = true;
  render();
  if (S.account) document.dispatchEvent(new CustomEvent("brink:signed-in", { detail: { name: S.account } }));
}

async function signIn(ev) {
  ev.preventDefault();
  if (I.busy) return;
  const name = $("#in-name").value.trim();
  const password = $("#in-password").value;
  I.busy = true;
  I.error = "";
  render();
  try {
    const res = await fetch("/api/instructor/signin", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name, password }),
    });
    if (res.status === 429) I.error = t("signInLocked", { s: res.headers.get("Retry-After") || "60" });
    else if (res.status === 401) I.error = t("signInWrong");
    else if (!res.ok) I.error = t("signInFailed", { why: res.status });
  } catch (err) {
    I.error = t("signInFailed", { why: err.message });
  }
  I.busy = false;
  if (I.error) render();
  else {
    reconnectSignedIn();
    await whoAmI();
  }
}

async function signOut() {
  await fetch("/api/instructor/signout", { method: "POST" }).catch(() => {});
  S.account = null;
  reconnectSignedIn();
  render();
  document.dispatchEvent(new CustomEvent("brink:signed-out"));
}

// The websocket learns who is signed in at its handshake: open a new one after a change.
function reconnectSignedIn() {
  if (S.ws && !S.room) S.ws.close();
}

export function renderInstructor() {
  const el = $("#instructor");
  if (!I.checked) return;
  if (S.account) {
    let console = $("#class-console");
    if (!console || !el.contains(console)) {
      console = h("div", { id: "class-console" });
      fill(el, h("div", { class: "signed-in" }, h("span", { id: "signed-in-as" }, t("signedInAs", { name: S.account })), " ", h("button", { type: "button", id: "sign-out", onclick: signOut }, t("signOut"))), console);
    } else {
      $("#signed-in-as").textContent = t("signedInAs", { name: S.account });
      $("#sign-out").textContent = t("signOut");
    }
    return;
  }
  fill(
    el,
    h("h1", {}, t("instructorTitle")),
    h("p", { class: "help" }, t("instructorHelp")),
    h(
      "form",
      { id: "signin-form", class: "panel signin", onsubmit: signIn },
      h("label", { for: "in-name" }, t("accountName")),
      h("input", { id: "in-name", name: "username", autocomplete: "username", required: true, maxlength: "40", value: $("#in-name")?.value || "" }),
      h("label", { for: "in-password" }, t("password")),
      h("input", { id: "in-password", name: "password", type: "password", autocomplete: "current-password", required: true, maxlength: "200" }),
      h("button", { type: "submit", id: "sign-in", disabled: I.busy }, t("signIn")),
      I.error ? h("p", { class: "error", role: "alert", id: "signin-error" }, I.error) : null,
    ),
  );
}
