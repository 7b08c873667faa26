// Names typed or pasted as a list of students, read one way in every form that takes them (the
// new-class roster, Add students on the dashboard). One rule: a new line always separates two
// names; commas and semicolons (ASCII and full-width) and 、 separate only in a list with no new
// line at all. So a column pasted from a spreadsheet keeps each line one student, whatever is in
// it ("Smith, John"), and "Ada, Bo；王小明、李華" typed on one line is four students. The server
// reads a posted list by the same rule (server/classroom/roster.py names_from_text).

const BREAK = /\r\n|\r|\n/;
const COMMAS = /[,;，；、]/;

export function splitNames(text) {
  const parts = BREAK.test(text) ? text.split(BREAK) : text.split(COMMAS);
  return parts.map((s) => s.trim()).filter(Boolean);
}

// The text that splitNames reads back as `names`: one a line, and a lone name followed by a new
// line (so that "Smith, John" on its own is still one student).
export function namesText(names) {
  return names.join("\n") + (names.length === 1 ? "\n" : "");
}
