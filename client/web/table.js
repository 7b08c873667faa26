// The table screen: banner, tracks, board, talks, one's own side, and the results over it.

import { S, SIDES, mySide, isPlayer } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName, varName, fmt } from "./text.js";
import { seatList } from "./lobby.js";
import { renderBanner } from "./banner.js";
import { renderTracks, bar } from "./tracks.js";
import { renderBoard } from "./board.js";
import { renderTalks } from "./talks.js";
import { renderEnd } from "./end.js";
import { teacherTools } from "./teacher.js";
import { renderRoomControls } from "./controls.js";
import { renderChatTo } from "./chat-to.js";

// a side's private stockpiles and secret objective, as the view holds them (its own side's, or
// both for the all-seeing instructor)
function secrets(side, own) {
  const mine = S.view.sides[side];
  const priv = Object.entries(mine.private || {});
  const obj = mine.objective ? S.rules.objectiveById[mine.objective] : null;
  return [
    h("h3", null, own ? t("privateVars") : t("privateOf", { side: sideName(side) })),
    h("dl", { class: "private" }, priv.map(([id, val]) => [h("dt", null, varName(id)), h("dd", null, fmt(id, val), bar(id, val, side))])),
    obj ? h("div", { class: "objective" }, h("h3", null, own ? t("objective") : t("objectiveOfSide", { side: sideName(side) })), h("b", null, L(obj.name)), " · ", t("points", { n: obj.points }), h("p", { class: "small" }, L(obj.text))) : null,
  ];
}
function renderMine() {
  const me = mySide();
  if (S.room.role === "instructor") {
    const both = SIDES.map((s) => h("section", { class: `secrets ${s}`, id: `secrets-${s}` }, secrets(s, false)));
    fill($("#mine"), h("h2", null, t("teacherView")), both, teacherTools(), h("h3", null, t("seats")), seatList());
    return;
  }
  if (!isPlayer()) {
    fill($("#mine"), h("h2", null, t("viewing")), seatList());
    return;
  }
  fill(
    $("#mine"),
    h("h2", { class: `side-title ${me}` }, sideName(me)),
    secrets(me, true),
    h("details", { class: "seatlist" }, h("summary", null, t("seats")), seatList()),
  );
  $("#team-wrap").hidden = false;
}
// a "what if" room says what it is: the game and step it continues
function renderForked() {
  const from = S.room.forkedFrom;
  const note = $("#forked-note");
  note.hidden = !from;
  if (from) fill(note, t("forkedTable", { code: from.code, n: from.step }));
}
export function renderTable() {
  renderBanner();
  renderForked();
  renderTracks();
  renderBoard();
  renderTalks();
  renderMine();
  const canChat = S.room.role !== "spectator";
  $("#chat-form").hidden = !canChat;
  // team chat where someone else sits for this side (a team role): else it would reach nobody
  if (canChat) renderChatTo();
  renderEnd();
  renderRoomControls();
}
