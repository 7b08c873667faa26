// The table screen: banner, tracks, board, talks, one's own side, and the results over it.

import { S, mySide, isPlayer } from "./state.js";
import { $, h, fill } from "./dom.js";
import { t, L, sideName, varName, fmt } from "./text.js";
import { seatList } from "./lobby.js";
import { renderBanner } from "./banner.js";
import { renderTracks, bar } from "./tracks.js";
import { renderBoard } from "./board.js";
import { renderTalks } from "./talks.js";
import { renderEnd } from "./end.js";
import { renderRoomControls } from "./controls.js";

function renderMine() {
  const v = S.view;
  const me = mySide();
  if (!isPlayer()) {
    fill($("#mine"), h("h2", null, S.room.role === "instructor" ? t("teacherView") : t("viewing")), seatList());
    return;
  }
  const mine = v.sides[me];
  const priv = Object.entries(mine.private || {});
  const obj = mine.objective ? S.rules.objectiveById[mine.objective] : null;
  fill(
    $("#mine"),
    h("h2", { class: `side-title ${me}` }, sideName(me)),
    h("h3", null, t("privateVars")),
    h("dl", { class: "private" }, priv.map(([id, val]) => [h("dt", null, varName(id)), h("dd", null, fmt(id, val), bar(id, val, me))])),
    obj ? h("div", { class: "objective" }, h("h3", null, t("objective")), h("b", null, L(obj.name)), " · ", t("points", { n: obj.points }), h("p", { class: "small" }, L(obj.text))) : null,
    h("details", { class: "seatlist" }, h("summary", null, t("seats")), seatList()),
  );
  $("#team-wrap").hidden = false;
}
export function renderTable() {
  renderBanner();
  renderTracks();
  renderBoard();
  renderTalks();
  renderMine();
  const canChat = S.room.role !== "spectator";
  $("#chat-form").hidden = !canChat;
  $("#team-wrap").hidden = !isPlayer();
  renderEnd();
  renderRoomControls();
}
