// The rules of a scenario (GET /api/rules/{scenario}), fetched once and indexed by id.

const rulesCache = {};
export async function loadRules(scenario) {
  if (rulesCache[scenario]) return rulesCache[scenario];
  const res = await fetch(`/api/rules/${encodeURIComponent(scenario)}`);
  if (!res.ok) throw new Error(`rules ${scenario}: ${res.status}`);
  const body = await res.json();
  const r = body.rules;
  r.cardById = Object.fromEntries(r.cards.map((c) => [c.id, c]));
  r.newsById = Object.fromEntries(r.news.map((c) => [c.id, c]));
  r.termById = Object.fromEntries(r.deal_terms.map((c) => [c.id, c]));
  r.outcomeById = Object.fromEntries(r.outcomes.map((c) => [c.id, c]));
  r.objectiveById = Object.fromEntries(r.objectives.map((c) => [c.id, c]));
  rulesCache[scenario] = r;
  return r;
}
