// The front page's and the header's own texts (leaving a table, a player who left, the way back
// to the front page) and the refusals of a name, in English and traditional Chinese.

export const FR_EN = {
  leaveAsk: "Leave the game?",
  leaveAskWhy: "Your seat is given up at once: someone else may take it, and you cannot come back to it. The game goes on without you.",
  leaveAskWhyWaits: "Your seat is given up at once: someone else may take it, and you cannot come back to it. Until someone sits down in your place, the game and its clock wait; if nobody does, the game is called off.",
  // a team role whose teammates still sit: their side has a seat taken, so nothing waits
  leaveAskWhyTeam: "Your seat is given up at once: someone else may take it, and you cannot come back to it. Your teammates at the table play on for your side: the game goes on without you.",
  leaveAskWhyTeamClock: "Your seat is given up at once: someone else may take it, and you cannot come back to it. Your teammates at the table play on for your side: the game and its clock go on without you.",
  // a class's room: the class keeps the student's place, and its link seats them there again
  leaveAskWhyClass: "You leave the table, but the seat stays yours: open the class link again to sit here again (unless your teacher gives the seat to someone else). Meanwhile the game goes on without you.",
  leaveAskWhyClassWaits: "You leave the table, but the seat stays yours: open the class link again to sit here again (unless your teacher gives the seat to someone else). Until someone sits here, the game and its clock wait; if nobody does, the game is called off.",
  leaveAskWhyClassTeam: "You leave the table, but the seat stays yours: open the class link again to sit here again (unless your teacher gives the seat to someone else). Meanwhile your teammates at the table play on for your side: the game goes on without you.",
  leaveAskWhyClassTeamClock: "You leave the table, but the seat stays yours: open the class link again to sit here again (unless your teacher gives the seat to someone else). Meanwhile your teammates at the table play on for your side: the game and its clock go on without you.",
  leaveStay: "Stay at the table",
  leaveConfirm: "Leave the table",
  noticeSeatLeft: "{name} ({side}) has left the table: the seat is free.",
  noticeNoSeat: "The clock waits: nobody sits for {side} since their player left. It goes on when someone takes the seat (the game is called off if nobody does).",
  noticeSeatTaken: "Every side has a player again: the clock goes on.",
  sideLeftTurn: "{side} has left the table",
  sideEmptyTurn: "Nobody sits for {side}",
  sideLeftNote: "{side} has left the table: the seat is free for someone to take.",
  sideEmptyNote: "Nobody sits for {side}: the seat is free for someone to take.",
  sideLeftTimed: "Their seat is free for someone to take. Until then, when the time runs out, their turn is played by default (check, call or pass).",
  sideLeftWaits: "Their seat is free for someone to take: the game waits until then.",
  toFront: "Front page",
};

export const FR_ZH = {
  leaveAsk: "要離開這局遊戲嗎？",
  leaveAskWhy: "你的座位會立刻讓出：其他人可以入座，你無法再回到這個座位。遊戲會在你離開後繼續。",
  leaveAskWhyWaits: "你的座位會立刻讓出：其他人可以入座，你無法再回到這個座位。在有人接替你入座之前，遊戲和計時都會暫停；若一直沒有人入座，這局將被取消。",
  leaveAskWhyTeam: "你的座位會立刻讓出：其他人可以入座，你無法再回到這個座位。仍在牌桌的隊友會繼續代表你方出戰：遊戲會在你離開後繼續。",
  leaveAskWhyTeamClock: "你的座位會立刻讓出：其他人可以入座，你無法再回到這個座位。仍在牌桌的隊友會繼續代表你方出戰：遊戲和計時都會繼續，不會等你。",
  leaveAskWhyClass: "你會離開牌桌，但座位仍然是你的：再次打開課堂連結，就會回到這個座位（除非老師把座位交給別人）。在那之前，遊戲會在你離開後繼續。",
  leaveAskWhyClassWaits: "你會離開牌桌，但座位仍然是你的：再次打開課堂連結，就會回到這個座位（除非老師把座位交給別人）。在有人入座之前，遊戲和計時都會暫停；若一直沒有人入座，這局將被取消。",
  leaveAskWhyClassTeam: "你會離開牌桌，但座位仍然是你的：再次打開課堂連結，就會回到這個座位（除非老師把座位交給別人）。在那之前，仍在牌桌的隊友會繼續代表你方出戰：遊戲會在你離開後繼續。",
  leaveAskWhyClassTeamClock: "你會離開牌桌，但座位仍然是你的：再次打開課堂連結，就會回到這個座位（除非老師把座位交給別人）。在那之前，仍在牌桌的隊友會繼續代表你方出戰：遊戲和計時都會繼續，不會等你。",
  leaveStay: "留在牌桌",
  leaveConfirm: "離開牌桌",
  noticeSeatLeft: "{name}（{side}）已離開牌桌：座位空出來了。",
  noticeNoSeat: "計時暫停：{side}的玩家離開後沒有人入座。有人入座後繼續計時（若一直沒有人入座，這局將被取消）。",
  noticeSeatTaken: "雙方都有玩家了：繼續計時。",
  sideLeftTurn: "{side}已離開牌桌",
  sideEmptyTurn: "{side}目前沒有人入座",
  sideLeftNote: "{side}已離開牌桌：座位空著，其他人可以入座。",
  sideEmptyNote: "{side}目前沒有人入座：座位空著，其他人可以入座。",
  sideLeftTimed: "座位空著，其他人可以入座。在那之前，時間一到，就替對方走預設的一步（過牌、跟注或不再發言）。",
  sideLeftWaits: "座位空著，其他人可以入座：遊戲會等到有人入座。",
  toFront: "回到首頁",
};

// A name the server refused (a `bad_message` of a request's `name`), and any other request it
// could not read, said in the page's language (English keeps the server's own words for the
// latter: they say what was wrong).
export const FR_REFUSALS = {
  en: {
    bad_name: "That name cannot be used: type one of at most 40 characters, with letters or digits in it.",
  },
  zh: {
    bad_name: "這個名字無法使用：請輸入最多 40 個字、含有文字或數字的名字。",
    bad_message: "伺服器無法處理這個請求。",
  },
};
