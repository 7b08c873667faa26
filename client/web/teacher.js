// The room's instructor key, shown plainly with a copy button wherever the browser holds it (it
// is kept in localStorage by remember.js, so a reload loses nothing), and the instructor's own
// panel beside the table: the invite link (not in a class's room), the key, and who sits where.

import { S } from "./state.js";
import { h } from "./dom.js";
import { t } from "./text.js";
import { keyFor } from "./remember.js";
import { inviteBox } from "./invite.js";

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById("instructor-key"));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    document.execCommand?.("copy");
  }
  button.textContent = t("copied");
}
// The key in groups of at most four, as even as its length allows (22: 4 4 4 4 3 3): read and
// copied out by hand group by group, it wraps only between them (no lone "t0" on a line of its
// own); the text copied has no gaps (they are margins, not spaces).
function keyGroups(key) {
  const count = Math.ceil(key.length / 4);
  const groups = [];
  for (let i = 0, at = 0; i < count; i++) {
    const size = Math.ceil((key.length - at) / (count - i));
    groups.push(h("span", { class: "key-group" }, key.slice(at, at + size)));
    at += size;
  }
  return groups;
}
// the key of room `code`, if this browser holds it: null otherwise
export function keyBox(code) {
  const key = keyFor(code);
  if (!key) return null;
  const button = h("button", { type: "button", id: "copy-key", onclick: () => copy(key, button) }, t("copy"));
  return h(
    "div",
    { class: "teacher-key", id: "teacher-key" },
    h("div", { class: "invite" }, h("span", { class: "label" }, t("teacherKey")), h("code", { id: "instructor-key" }, keyGroups(key)), button),
    h("p", { class: "help" }, t("teacherKeep")),
  );
}
// what the instructor has beside the table: the invite link and the key (the seats follow). A
// class's room has no invite link: its seats are the class's to give (a join with one is refused
// class_seat), so the students come in with the class code.
export function teacherTools() {
  const invite = S.room.inClass ? h("p", { class: "help", id: "class-room-note" }, t("clRoomNoInvite")) : inviteBox(S.room.code);
  return h("div", { class: "teacher-tools" }, invite, keyBox(S.room.code));
}
