// A refusal of the class's HTTP API ({"error": code, "message"}) in the page's language: the
// classroom's own text for its code (texts-class.js, clErr_CODE), else the server's message
// (English) or, with neither, the HTTP status. And which name a `duplicate_name` is about.

import { t } from "./text.js";

export function classRefusal(body, status) {
  const key = `clErr_${body?.error}`;
  const text = body?.error ? t(key) : key;
  return text !== key ? text : body?.message || `${status}`;
}

// A refusal of watch_class (the dashboard, the join page) in the page's language: a class that is
// not this instructor's (or a code mistyped) said so, others as their clErr_CODE text.
export function watchRefusal(err, code) {
  if (err.code === "class_not_found") return t("clNotYours", { code });
  return err.code ? classRefusal({ error: err.code, message: err.message }) : err.message;
}

// An error kept to show: a text, or a function saying it in the language of the moment.
export const said = (error) => (typeof error === "function" ? error() : error);

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
