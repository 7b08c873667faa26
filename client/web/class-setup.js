// The instructor's "new class" form: who (a roster pasted or read from a CSV file, or open join),
// what (the scenario, team size, timers, bots for empty sides, the same deal for every room), and
// saved set-ups (load one, save this one under a name). A timer left at the scenario's own time
// is not sent, so the scenario's timings stay in force. Calls back with the class made.

import { S } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, paren, listOf } from "./text.js";
import { BOTS } from "./i18n.js";
import { loadRules } from "./rules.js";
import { splitNames, namesText } from "./names.js";
import { classRefusal, twiceIn } from "./class-refusal.js";

const F = { setups: {}, rules: null, minutes: null, error: "", busy: false, names: 0, encoding: "" };

function field(label, control, help) {
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, help ? h("small", { class: "help" }, help) : null);
}
async function api(path, options = {}) {
  const res = await fetch(path, { cache: "no-store", headers: { "Content-Type": "application/json" }, ...options });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(classRefusal(body, res.status));
    err.code = body.error;
    throw err;
  }
  return body;
}

export async function openSetup(el, onMade) {
  F.error = "";
  F.onMade = onMade;
  try {
    F.setups = await api("/api/setups");
  } catch {
    F.setups = {};
  }
  draw(el, onMade);
  await scenarioChanged(el.querySelector("#cs-scenario").value, el);
}

function scenarioOptions(value) {
  return S.scenarios.map((s) => h("option", { value: s.id, selected: s.id === value }, `${L(s.name, s.id)}${paren(s.rounds)}`));
}

function draw(el, onMade, setup = {}) {
  const scenario = setup.scenario || (S.scenarios.some((s) => s.id === "classroom") ? "classroom" : S.scenarios[0]?.id);
  const mode = setup.mode || "roster";
  const saved = Object.keys(F.setups);
  const form = h(
    "form",
    { id: "class-setup", class: "panel class-setup", "aria-labelledby": "cs-h" },
    h("h2", { id: "cs-h" }, t("clNewClass")),
    saved.length
      ? h(
          "div",
          { class: "field inline" },
          h("label", { for: "cs-load" }, t("clLoadSetup")),
          h("select", { id: "cs-load" }, h("option", { value: "" }, "—"), saved.map((name) => h("option", { value: name }, name))),
          h("button", { type: "button", id: "cs-load-btn", onclick: () => loadSetup(el, onMade) }, t("clLoad")),
        )
      : null,
    field(t("clTitle"), h("input", { id: "cs-title", name: "title", maxlength: "80", value: setup.title || "", placeholder: t("clTitleHint") })),
    h(
      "div",
      { class: "row2" },
      field(t("scenario"), h("select", { id: "cs-scenario", name: "scenario", onchange: (ev) => scenarioChanged(ev.target.value, el) }, scenarioOptions(scenario))),
      field(t("language"), h("select", { id: "cs-language", name: "language" }, h("option", { value: "en", selected: (setup.language || S.lang) === "en" }, "English"), h("option", { value: "zh", selected: (setup.language || S.lang) === "zh" }, "中文"))),
    ),
    h("p", { id: "cs-minutes", class: "help", "aria-live": "polite" }),
    h(
      "fieldset",
      { class: "cs-who" },
      h("legend", null, t("clStudents")),
      h("label", { class: "check" }, h("input", { type: "radio", name: "mode", value: "roster", id: "cs-mode-roster", checked: mode === "roster", onchange: () => modeChanged(el) }), " ", t("clRoster")),
      h("label", { class: "check" }, h("input", { type: "radio", name: "mode", value: "open", id: "cs-mode-open", checked: mode === "open", onchange: () => modeChanged(el) }), " ", t("clOpen")),
      h(
        "div",
        { id: "cs-roster-box" },
        field(t("clRosterNames"), h("textarea", { id: "cs-roster", name: "roster", rows: "8", oninput: () => ((F.encoding = ""), countNames(el)) }, namesText(setup.roster || [])), t("clRosterHint")),
        h("div", { class: "field inline" }, h("label", { for: "cs-csv" }, t("clCsv")), h("input", { type: "file", id: "cs-csv", accept: ".csv,text/csv,.txt", onchange: (ev) => readCsv(ev, el) })),
        h("p", { id: "cs-count", class: "help" }),
        h("label", { class: "check" }, h("input", { type: "checkbox", id: "cs-shuffle", name: "shuffle", checked: setup.shuffle !== false }), " ", t("clShuffle")),
      ),
      h("p", { id: "cs-open-help", class: "help" }, t("clOpenSetupHelp")),
    ),
    h(
      "div",
      { class: "row2" },
      field(t("clTeam"), h("select", { id: "cs-team", name: "team" }, [1, 2, 3].map((n) => h("option", { value: n, selected: Number(setup.team || 1) === n }, t(`clTeam${n}`)))), h("span", { id: "cs-roles" })),
      field(
        t("clBots"),
        h("select", { id: "cs-bots", name: "bots" }, h("option", { value: "", selected: setup.bots === null }, t("clNoBots")), Object.keys(BOTS.en).map((b) => h("option", { value: b, selected: (setup.bots === undefined ? "tit_for_tat" : setup.bots) === b }, BOTS[S.lang][b] || b))),
        t("clBotsHelp"),
      ),
    ),
    h("label", { class: "check" }, h("input", { type: "checkbox", id: "cs-timers", name: "timers", checked: setup.timers !== false, onchange: () => estimate(el) }), " ", t("timers")),
    h("div", { id: "cs-seconds", class: "cs-seconds" }),
    h("label", { class: "check" }, h("input", { type: "checkbox", id: "cs-same", name: "same_deal", checked: !!setup.same_deal }), " ", t("clSameDeal")),
    h("p", { class: "help" }, t("clSameDealHelp")),
    field(t("clSaveAs"), h("input", { id: "cs-save-as", name: "save_as", maxlength: "60", placeholder: t("clSaveAsHint"), value: setup.save_as || "" })),
    h("div", { class: "cs-actions" }, h("button", { type: "submit", class: "primary", id: "cs-create", disabled: F.busy }, t("clCreate")), h("button", { type: "button", id: "cs-cancel", onclick: () => onMade(null) }, t("cancel"))),
    h("p", { class: "error", role: "alert", id: "cs-error", hidden: !F.error }, F.error),
  );
  // a refusal is about what was sent: it goes once the form is changed
  form.addEventListener("input", () => showError(el, ""));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    create(el, onMade);
  });
  F.given = setup;
  fill(el, form);
  modeChanged(el);
  countNames(el);
}

function showError(el, text) {
  F.error = text;
  const box = el.querySelector("#cs-error");
  if (!box) return;
  box.textContent = text;
  box.hidden = !text;
}

function modeChanged(el) {
  const roster = el.querySelector("#cs-mode-roster").checked;
  el.querySelector("#cs-roster-box").hidden = !roster;
  el.querySelector("#cs-open-help").hidden = roster;
}
function names(el) {
  return splitNames(el.querySelector("#cs-roster").value);
}
function countNames(el) {
  const list = names(el);
  const n = list.length;
  const team = Number(el.querySelector("#cs-team")?.value || 1);
  const rooms = n ? Math.ceil(n / (2 * team)) : 0;
  // a name twice (whatever its capitals, spaces, width and accents' encoding: the server's
  // name_key) is refused: say so before Create
  const twice = twiceIn(list);
  const long = tooLongIn(list);
  const count = el.querySelector("#cs-count");
  const encoding = F.encoding ? t("clCsvEncoding", { enc: F.encoding }) : "";
  count.textContent = [n ? t("clCount", { n, rooms: t("clRoomsN", { n: rooms }) }) : "", twice ? t("clTwice", { name: twice }) : "", long ? tooLongText(long) : "", encoding].filter(Boolean).join(" · ");
  count.className = twice || long || encoding ? "help warn" : "help";
}
// The server takes names of up to 40 characters (as it counts them: code points).
const NAME_MAX = 40;
function tooLongIn(list) {
  return list.find((name) => [...name].length > NAME_MAX);
}
function tooLongText(name) {
  const chars = [...name];
  return t("clNameTooLong", { name: chars.slice(0, 24).join("") + "…", n: chars.length, max: NAME_MAX });
}
// A file's text: UTF-8 if it is; else (Excel on Windows saves a CSV in the system's code page:
// Windows-1252 in the West, Big5 in Taiwan, GB18030 in mainland China) the first of those it
// decodes in, the page's language's first, with F.encoding naming it (the names need checking).
function decoded(bytes) {
  F.encoding = "";
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const guesses = S.lang === "zh" ? ["Big5", "GB18030", "Windows-1252"] : ["Windows-1252", "Big5", "GB18030"];
    for (const encoding of guesses) {
      try {
        const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
        F.encoding = encoding;
        return text;
      } catch {
        /* not this one */
      }
    }
    return new TextDecoder("utf-8").decode(bytes);
  }
}
async function readCsv(ev, el) {
  const file = ev.target.files[0];
  if (!file) return;
  try {
    const csv = decoded(new Uint8Array(await file.arrayBuffer()));
    const { names: found } = await api("/api/class-roster", { method: "POST", body: JSON.stringify({ csv }) });
    el.querySelector("#cs-roster").value = namesText(found);
    countNames(el);
  } catch (err) {
    showError(el, err.message);
  }
}

async function scenarioChanged(id, el) {
  try {
    F.rules = await loadRules(id);
  } catch {
    F.rules = null;
    return;
  }
  const given = F.given?.scenario === id ? F.given.seconds || {} : {};
  const timed = F.rules.scenario.phases.filter((p) => p.kind !== "resolution");
  fill(
    el.querySelector("#cs-seconds"),
    timed.map((p) =>
      h("div", { class: "field" }, h("label", { for: `cs-sec-${p.id}` }, t("clSeconds", { phase: L(p.name, p.id) })), h("input", { id: `cs-sec-${p.id}`, type: "number", min: "5", max: "3600", "data-phase": p.id, "data-default": p.seconds, value: given[p.id] || p.seconds, oninput: () => estimate(el) })),
    ),
  );
  const roles = (side, n) => listOf((F.rules.sides?.[side]?.roles || []).slice(0, n).map((r) => L(r.name, r.id))); // zh: 「總統、財政部」
  const team = el.querySelector("#cs-team");
  team.onchange = () => {
    const n = Number(team.value);
    el.querySelector("#cs-roles").textContent = n > 1 ? `${roles("washington", n)} · ${roles("beijing", n)}` : "";
    countNames(el);
  };
  team.onchange();
  estimate(el);
}

function overrides(el) {
  const seconds = {};
  for (const input of el.querySelectorAll("#cs-seconds input")) {
    const value = Math.max(5, Math.min(3600, Number(input.value) || Number(input.dataset.default)));
    if (value !== Number(input.dataset.default)) seconds[input.dataset.phase] = value;
  }
  return seconds;
}

let estimating = 0;
async function estimate(el) {
  const mine = ++estimating;
  const box = el.querySelector("#cs-minutes");
  if (!F.rules || !box) return;
  if (!el.querySelector("#cs-timers").checked) {
    box.textContent = t("clNoTimers");
    return;
  }
  // A limit the form would refuse (out of 5..3600 seconds) gets no estimate: the box says so.
  const bad = [...el.querySelectorAll("#cs-seconds input")].find((input) => input.value !== "" && !input.checkValidity());
  if (bad) {
    box.textContent = t("clBadSeconds", { phase: bad.labels?.[0]?.textContent || bad.dataset.phase, min: bad.min, max: bad.max });
    box.className = "help warn";
    return;
  }
  const query = new URLSearchParams({ scenario: F.rules.scenario.id, ...overrides(el) });
  try {
    const found = await api(`/api/class-estimate?${query}`);
    if (mine !== estimating) return;
    // Fits only if the longest game does; a typical one that fits: "may not fit".
    const key = found.fits ? "clFits" : found.fits_typically ? "clMayNotFit" : "clTooLong";
    box.textContent = t(key, { minutes: found.minutes, most: found.at_most, period: found.period });
    box.className = found.fits ? "help" : "help warn";
  } catch {
    box.textContent = "";
  }
}

function setupOf(el) {
  const f = el.querySelector("#class-setup");
  const roster = f.elements.mode.value === "roster";
  return {
    title: f.elements.title.value.trim(),
    scenario: f.elements.scenario.value,
    language: f.elements.language.value,
    mode: f.elements.mode.value,
    roster: roster ? names(el) : [],
    team: Number(f.elements.team.value),
    timers: f.elements.timers.checked,
    seconds: f.elements.timers.checked ? overrides(el) : {},
    bots: f.elements.bots.value || null,
    same_deal: f.elements.same_deal.checked,
    shuffle: f.elements.shuffle.checked,
  };
}

async function create(el, onMade) {
  const setup = setupOf(el);
  const saveAs = el.querySelector("#cs-save-as").value.trim();
  const long = tooLongIn(setup.roster);
  if (long) {
    // said in the form already: not sent (the server's refusal names a list index)
    F.error = tooLongText(long);
    draw(el, onMade, { ...setup, save_as: saveAs });
    await scenarioChanged(setup.scenario, el);
    return;
  }
  F.busy = true;
  F.error = "";
  el.querySelector("#cs-create").disabled = true;
  try {
    const made = await api("/api/classes", { method: "POST", body: JSON.stringify({ ...setup, ...(saveAs ? { save_as: saveAs } : {}) }) });
    onMade(made);
  } catch (err) {
    F.busy = false; // before the redraw: the form drawn again must take another try
    const twice = err.code === "duplicate_name" ? twiceIn(setup.roster) : undefined;
    F.error = twice ? t("clTwice", { name: twice }) : err.message;
    draw(el, onMade, { ...setup, save_as: saveAs });
    await scenarioChanged(setup.scenario, el);
  } finally {
    F.busy = false;
  }
}

async function loadSetup(el, onMade) {
  const name = el.querySelector("#cs-load").value;
  const setup = F.setups[name];
  if (!setup) return;
  draw(el, onMade, setup);
  el.querySelector("#cs-save-as").value = name;
  await scenarioChanged(setup.scenario, el);
  $("#cs-title")?.focus();
}

// A language switch: the form again in the new language, with what was filled in.
export async function relabelSetup(el) {
  if (!el.querySelector("#class-setup")) return;
  const setup = { ...setupOf(el), save_as: el.querySelector("#cs-save-as").value };
  draw(el, F.onMade, setup);
  await scenarioChanged(setup.scenario, el);
}
