// The landing page's fields: a labelled field, a scenario's choice with how long its game takes,
// and the create form's turn times (the scenario's own until the user changes one).
import { S } from "./state.js";
import { h, fill } from "./dom.js";
import { t, L } from "./text.js";

export function field(label, control, help) {
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, help ? h("small", null, help) : null);
}
// the create form's turn times: the scenario's own, as long as the user changes none
export const changedSeconds = {};
export function secondsFields(scenarioId) {
  const phases = S.scenarios.find((s) => s.id === scenarioId)?.phases || [];
  const kinds = phases.map((p) => p.kind);
  const label = (p) => (kinds.indexOf(p.kind) === kinds.lastIndexOf(p.kind) ? t(p.kind === "betting" ? "secondsBetting" : "secondsTalks") : t("secondsPhase", { phase: L(p.name, p.id) }));
  return h(
    "div",
    { class: "row2" },
    phases.map((p) =>
      field(
        label(p),
        h("input", { id: `create-sec-${p.id}`, name: `seconds-${p.id}`, type: "number", min: "5", max: "3600", value: changedSeconds[p.id] ?? p.seconds, oninput: (e) => (changedSeconds[p.id] = e.target.value) }),
      ),
    ),
  );
}
function scenarioChanged(ev) {
  for (const k of Object.keys(changedSeconds)) delete changedSeconds[k];
  const box = document.getElementById("create-seconds");
  if (box) fill(box, secondsFields(ev.target.value));
}
// how long a scenario's game takes ("3 hands, ~17 min, at most 25")
function scenarioLength(scenarioId) {
  const s = S.scenarios.find((x) => x.id === scenarioId);
  if (!s) return "";
  return s.minutes ? t("scenarioLength", { n: s.rounds, engaged: s.minutes.engaged, most: s.minutes.at_most }) : String(s.rounds);
}
// a scenario's choice, its name alone (a name with its length was cut off in the box, on a
// phone after "(3 hands, ~"), and under it how long the chosen one's game takes
export function scenarioField(id, value) {
  const hint = h("small", { id: `${id}-length`, class: "scenario-length" });
  const chosen = value || "intro";
  const select = h(
    "select",
    {
      id,
      name: "scenario",
      "aria-describedby": hint.id,
      onchange: (ev) => {
        hint.textContent = scenarioLength(ev.target.value);
        if (id === "create-scenario") scenarioChanged(ev);
      },
    },
    S.scenarios.map((s) => h("option", { value: s.id, title: scenarioLength(s.id), selected: s.id === chosen }, L(s.name, s.id))),
  );
  hint.textContent = scenarioLength(select.value || chosen);
  return h("div", { class: "field" }, h("label", { for: id }, t("scenario")), select, hint);
}
