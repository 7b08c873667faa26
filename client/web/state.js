// The client's state: one object, shared by every module (and exposed as window.brink.state).
// Modules read and write it directly; nothing here touches the page.

export const SIDES = ["washington", "beijing"];
export const S = {
  lang: "en",
  name: localStorage.getItem("brink.name") || "",
  scenarios: [],
  ws: null,
  wsReady: false,
  moving: false, // the socket is being moved to its room's worker (connection.js moveToRoom)
  nextId: 1,
  pending: new Map(),
  welcomeWaiters: [],
  status: "idle", // idle | connecting | connected | reconnecting
  retries: 0,
  retryTimer: null,
  quick: null, // the quick_match request while queued: sent again after a lost connection
  queueLost: null, // when the connection was lost while queued (Date.now())
  queueNamed: false, // quick.replaces is the last queueing's ticket (told in its `queued`)
  queueCheck: null, // the socket asked, back online, whether it still holds the queued ticket
  screen: "landing",
  room: null, // {code, seat, role, token, scenario, inClass, name}
  roomNumbers: {}, // a class's room code -> its number there ("Room 2", as the dashboard says)
  roomTeams: {}, // a class's room code -> its students a side (the seats its controls offer)
  rules: null,
  view: null,
  options: null,
  deadline: null,
  seats: {},
  presence: {},
  left: {}, // seat -> who gave it up (a `left` presence), while it is free (session.js)
  given: {}, // seat -> whom the instructor gave it to (`reassigned`), until they sit down
  n: 0,
  log: [],
  values: {},
  history: [],
  roundOf: 1,
  builder: { terms: {}, params: {}, rounds: null },
  lobbySkipped: false,
  sending: null, // a move sent and not answered yet: {slow, unavailable} (moves.js act)
  toastTimer: null,
  statusLog: [],
};
S.lang = localStorage.getItem("brink.lang") || ((navigator.language || "").startsWith("zh") ? "zh" : "en");
// what GET /api/rooms/{code} said about the room whose code is typed on the landing page
export const landingRoom = { info: null };
export const other = (s) => (s === "washington" ? "beijing" : "washington");
// Whether someone sits for side `s`: the side's own seat or one of its team roles (the server
// starts the game so too).
export const sideSeated = (s) => Object.entries(S.seats).some(([seat, holder]) => holder && (seat === s || seat.startsWith(`${s}:`)));
export const mySide = () => (S.room && S.room.seat.includes(":") ? S.room.seat.split(":")[0] : S.room?.seat);
export const isPlayer = () => S.room && S.room.role === "player";
// The team role of the seat this page holds (undefined for a side's own seat, or no seat).
export const myRole = () => S.room && (S.rules?.sides?.[mySide()]?.roles || []).find((r) => `${mySide()}:${r.id}` === S.room.seat);
// Whether a role may negotiate in the talks (one without `actions` may do everything).
export const mayTalk = (role) => !role || (role.actions || ["talks"]).includes("talks");
// the notice that paused the room, while it is paused (the log's last notice); a new room with
// timers waits so for its players (reason "waiting_for_players")
export function pausedBy() {
  for (let i = S.log.length - 1; i >= 0; i--) {
    const kind = S.log[i].notice?.kind;
    if (kind === "paused" || kind === "resumed" || kind === "ended") return kind === "paused" ? S.log[i].notice : null;
  }
  return null; // (an instructor's other notices, a broadcast say, change nothing of it)
}
