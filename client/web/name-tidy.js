// A name typed on the page, cleaned as the server cleans a class's student names
// (server/classroom/model.py tidy_name, docs/classroom.md): composed (NFC), control characters
// and the bidirectional controls that would disguise it dropped (server/protocol/base.py
// _HIDDEN), spaces trimmed and runs of them made one. The server refuses a name holding any of
// them in a room's join, quick match or bot game: cleaned here, it is never sent so.

const UNSHOWN = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;
// characters that leave no mark: format characters (a zero-width space), the Hangul fillers and
// the blank Braille pattern (server/protocol/base.py _shows)
const NO_MARK = /[\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/gu;

export function tidyName(typed) {
  return (typed || "").normalize("NFC").replace(UNSHOWN, "").split(/\s+/).filter(Boolean).join(" ");
}

// Whether a cleaned name shows anything (the server refuses one that does not).
export const showsName = (name) => name.replace(NO_MARK, "").length > 0;

// What a person says (a chat line), cleaned as the server checks it (server/protocol/base.py
// sayable): no control characters but line breaks and tabs, no bidirectional embeddings,
// overrides or isolates; the direction marks (U+200E, U+200F, U+061C) an Arabic, Hebrew or
// Persian keyboard types are kept.
const UNSAYABLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu;
export const tidySaid = (typed) => (typed || "").replace(UNSAYABLE, "").trim();
