// The rules of a scenario (GET /api/rules/{scenario}), fetched once and indexed by id. `hash`:
// the rules a game was played with (its game_started's rules_hash); when they are not the
// scenario's files' (a "what if" of an older game, a room made before the files changed), the
// server's copy of those (?hash=), or the files' if it no longer has them.

const rulesCache = {};
export async function loadRules(scenario, hash) {
  const key = hash ? `${scenario}@${hash}` : scenario;
  if (rulesCache[key]) return rulesCache[key];
  const plain = await loadRules0(scenario);
  if (!hash || plain.hash === hash) return (rulesCache[key] = plain);
  const res = await fetch(`/api/rules/${encodeURIComponent(scenario)}?hash=${encodeURIComponent(hash)}`);
  rulesCache[key] = res.ok ? indexed(await res.json()) : plain;
  return rulesCache[key];
}
async function loadRules0(scenario) {
  if (rulesCache[scenario]) return rulesCache[scenario];
  const res = await fetch(`/api/rules/${encodeURIComponent(scenario)}`);
  if (!res.ok) throw new Error(`rules ${scenario}: ${res.status}`);
  rulesCache[scenario] = indexed(await res.json());
  return rulesCache[scenario];
}
function indexed(body) {
  const r = body.rules;
  r.hash = body.hash;
  r.cardById = Object.fromEntries(r.cards.map((c) => [c.id, c]));
  r.newsById = Object.fromEntries(r.news.map((c) => [c.id, c]));
  r.termById = Object.fromEntries(r.deal_terms.map((c) => [c.id, c]));
  r.outcomeById = Object.fromEntries(r.outcomes.map((c) => [c.id, c]));
  r.objectiveById = Object.fromEntries(r.objectives.map((c) => [c.id, c]));
  return r;
}
