// Dates and times as every page says them (past games, replays, classes): "Dec 7, 2026, 8:40 AM"
// in English, "2026年12月7日 上午8:40" in Chinese; the English is the browser's own (en-US's
// "Dec 7", en-GB's "7 Dec"), never a fixed country's digits ("07/12/2026, 08:37:13").

import { S } from "./state.js";

const locale = () => (S.lang === "zh" ? "zh-Hant" : "en");

// a day and its time of day, to the minute
export const dateTime = (ms) => new Date(ms).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });

// a time of day, to the minute ("8:40 AM", "上午8:40"), or to the second ("8:40:13 AM")
export const timeOfDay = (ms, seconds = false) => new Date(ms).toLocaleTimeString(locale(), { timeStyle: seconds ? "medium" : "short" });

// a time of day as the player's table says it (its log, an instructor's notices): on a 24-hour
// clock, "18:21" (or "18:21:17" to the second), in every language; a class's pages say times so
// too, for the teacher and the students to read the same clock
export const clockTime = (ms, seconds = false) =>
  new Date(ms).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}), hourCycle: "h23" });
