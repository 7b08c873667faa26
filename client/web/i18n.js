// Interface texts in English and traditional Chinese. Rule texts (cards, variables, terms…)
// come from the server's rule files (GET /api/rules/{scenario}); these are the client's own.

import { EN } from "./texts-en.js";
import { ZH } from "./texts-zh.js";
import { AN_EN, AN_ZH } from "./texts-analysis.js";
import { IN_EN, IN_ZH } from "./texts-instructor.js";
import { CL_EN, CL_ZH } from "./texts-class.js";
import { CT_EN, CT_ZH, CT_REFUSALS } from "./texts-controls.js";
import { DB_EN, DB_ZH } from "./texts-debrief.js";

export const TEXTS = {
  en: { ...EN, ...AN_EN, ...IN_EN, ...CT_EN, ...DB_EN, ...CL_EN },
  zh: { ...ZH, ...AN_ZH, ...IN_ZH, ...CT_ZH, ...DB_ZH, ...CL_ZH },
};

// Refusals by their stable code (server/engine, docs/protocol/21-errors.md §21). {card} and {needs}
// are filled in by the client; unknown codes fall back to the server's English message.
export const REFUSALS = {
  en: {
    game_not_started: "The game has not started yet.",
    game_over: "The game is over.",
    not_started: "The game has not started: it waits for both sides to sit down.",
    paused: "The game is paused.",
    role_not_allowed: "Your role may not do this.",
    wrong_phase: "Not in this phase of the hand.",
    wrong_phase_talks: "Deals are made in the talks, after the betting.",
    wrong_phase_betting: "Cards are played in the betting, not in the talks.",
    not_your_turn: "It is the other side's turn.",
    already_acted: "You have already chosen this round.",
    nothing_to_call: "There is no raise to call.",
    must_answer: "There is a raise to answer: call, raise or fold.",
    no_bluff_to_call: "The last raise was not face down.",
    card_not_in_hand: "That card is not in your hand.",
    too_many_cards: "Too many cards at once.",
    raise_limit: "No more raises this hand.",
    cannot_afford: "Not enough political capital to pay for it.",
    requirement_not_met: "Not possible now: needs {needs}.",
    not_bluffable: "This card cannot be played face down.",
    proposal_pending: "Answer or withdraw the proposal on the table first.",
    proposal_limit: "No more proposals this hand.",
    no_proposal: "There is no proposal on the table.",
    stale_proposal: "That proposal is no longer on the table.",
    own_proposal: "You cannot answer your own proposal.",
    not_your_proposal: "Only the side that proposed it may withdraw it.",
    already_passed: "You have passed; wait for the other side.",
    bad_rounds: "That length is not allowed.",
    duplicate_term: "The same term twice in one deal.",
    term_in_force: "A deal in force already has this term.",
    param_out_of_range: "A number is outside its allowed range.",
    term_not_available: "This term is not on offer now: needs {needs}.",
    seat_taken: "That seat is taken: choose another or watch.",
    room_not_found: "No room with that code (or it has ended).",
    bad_token: "Your seat could not be resumed.",
    no_seat: "Only players may do this.",
    unknown_scenario: "No such scenario.",
    already_joined: "Already in a room.",
    rate_limited: "Too fast: slow down.",
    bad_key: "That is not this room's instructor key.",
    too_many_rooms: "Too many new rooms from here just now: wait a minute and try again.",
    unavailable: "The server cannot reach its database just now: try again in a moment.",
    conflict: "The room was busy: try again.",
    broken_log: "This room's record on the server is damaged: the game cannot go on.",
    no_room: "Join a room first.",
    ...CT_REFUSALS.en,
  },
  zh: {
    game_not_started: "遊戲尚未開始。",
    game_over: "遊戲已經結束。",
    not_started: "遊戲尚未開始：等待雙方入座。",
    paused: "遊戲暫停中。",
    role_not_allowed: "你的角色不能這樣做。",
    wrong_phase: "這個階段不能這樣做。",
    wrong_phase_talks: "協議要在下注之後的談判階段提出。",
    wrong_phase_betting: "牌要在下注階段打出，不是在談判階段。",
    not_your_turn: "現在輪到對方。",
    already_acted: "你這回合已經選擇了。",
    nothing_to_call: "沒有加注可跟。",
    must_answer: "對方加注了：請跟注、再加注或棄牌。",
    no_bluff_to_call: "上一次加注不是暗牌。",
    card_not_in_hand: "這張牌不在你手上。",
    too_many_cards: "一次打出太多張牌。",
    raise_limit: "本局不能再加注了。",
    cannot_afford: "政治資本不足。",
    requirement_not_met: "現在不行：需要 {needs}。",
    not_bluffable: "這張牌不能暗牌打出。",
    proposal_pending: "請先回應或撤回桌上的提議。",
    proposal_limit: "本局不能再提議了。",
    no_proposal: "桌上沒有提議。",
    stale_proposal: "那個提議已經不在桌上了。",
    own_proposal: "你不能回應自己的提議。",
    not_your_proposal: "只有提議方可以撤回。",
    already_passed: "你已表示不再發言；請等待對方。",
    bad_rounds: "不允許這個期限。",
    duplicate_term: "同一條款不能出現兩次。",
    term_in_force: "已有生效中的協議包含此條款。",
    param_out_of_range: "數字超出允許範圍。",
    term_not_available: "目前不能提出此條款：需要 {needs}。",
    seat_taken: "這個座位已有人：請選其他座位或旁觀。",
    room_not_found: "找不到這個房間（或已結束）。",
    bad_token: "無法恢復你的座位。",
    no_seat: "只有玩家可以這樣做。",
    unknown_scenario: "沒有這個劇本。",
    already_joined: "已經在房間裡了。",
    rate_limited: "太快了：請放慢。",
    bad_key: "這不是本房間的老師金鑰。",
    too_many_rooms: "這裡剛剛建立了太多房間：請等一分鐘再試。",
    unavailable: "伺服器暫時連不上資料庫：請稍後再試。",
    conflict: "房間正忙：請再試一次。",
    broken_log: "伺服器上這個房間的紀錄已損壞：遊戲無法繼續。",
    no_room: "請先加入房間。",
    ...CT_REFUSALS.zh,
  },
};

export const PHASE_HELP = {
  en: {
    news: "A news item changes the situation.",
    betting: "Raise with a card, check, call or fold.",
    talks: "Propose deals, answer them, or pass.",
    resolution: "The hand's effects are settled.",
  },
  zh: {
    news: "一則新聞改變局勢。",
    betting: "出牌加注、過牌、跟注或棄牌。",
    talks: "提出協議、回應提議，或不再發言。",
    resolution: "結算本局的效果。",
  },
};

export const BOTS = {
  en: {
    random: "Random",
    hawk: "Hawk (aggressive)",
    dove: "Dove (peaceful)",
    tit_for_tat: "Tit for tat",
    planner_easy: "Planner (easy)",
    planner: "Planner (normal)",
    planner_strong: "Planner (strong)",
  },
  zh: {
    random: "隨機",
    hawk: "鷹派（強硬）",
    dove: "鴿派（溫和）",
    tit_for_tat: "以牙還牙",
    planner_easy: "謀略家（簡單）",
    planner: "謀略家（普通）",
    planner_strong: "謀略家（困難）",
  },
};
