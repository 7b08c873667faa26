// A refusal of the class's HTTP API ({"error": code, "message"}) in the page's language: the
// classroom's own text for its code (texts-class.js, clErr_CODE), else the server's message
// (English) or, with neither, the HTTP status. And which name a `duplicate_name` is about.

import { t } from "./text.js";

export function classRefusal(body, status) {
  const key = `clErr_${body?.error}`;
  const text = body?.error ? t(key) : key;
  return text !== key ? text : body?.message || `${status}`;
}

// A name as the server tells names apart (its name_key): capitals, spaces, letters' width, how an
// accent is encoded and characters that show nothing make no difference.
export const nameKey = (name) => name.normalize("NFKC").toLowerCase().replace(/\p{Cf}/gu, "").split(/\s+/).filter(Boolean).join(" ");

// The first of `names` that is there twice, or is one of `taken` already (undefined: none).
export function twiceIn(names, taken = []) {
  const seen = new Set(taken.map(nameKey));
  return names.find((name) => {
    const key = nameKey(name);
    return seen.has(key) || !seen.add(key);
  });
}
