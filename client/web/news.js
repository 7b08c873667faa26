// The board's news box: the news of the hand being played. The view names only the news drawn as
// the hand began (`news`); an instructor's news event (inject_news, docs/protocol/23) leaves it
// as it was, so the box follows the log: every news item since the hand started, drawn or
// injected, the latest first and the earlier ones under it, all of them having taken effect.

import { S } from "./state.js";
import { h } from "./dom.js";
import { t, L, effectText } from "./text.js";

// The news items of this hand, oldest first: {news} (a card of the rules) or {text, effects}
// (an instructor's own headline and the ids of the rules' instructor_news it applied); `log`
// null (the replay viewer's past view): the view's own news only.
export function handNews(v, log) {
  let items = [];
  for (const item of log || []) {
    const e = item.event;
    if (!e) continue;
    if (e.type === "round_started") items = [];
    else if (e.type === "news_drawn") items.push({ news: e.news });
    else if (e.type === "news_injected") items.push({ injected: true, news: e.news || null, text: e.text || "", effects: e.effects || [] });
  }
  if (!items.some((x) => x.news === v.news) && v.news) items.unshift({ news: v.news });
  return items;
}
// an item's name, words and effects
function told(item) {
  if (item.news) {
    const card = S.rules.newsById[item.news];
    return { name: L(card?.name, item.news), text: card ? L(card.text) : "", effect: card ? effectText(card.effects, null) : "" };
  }
  const chosen = item.effects.map((id) => (S.rules.instructor_news || []).find((x) => x.id === id)).filter(Boolean);
  return { name: item.text, text: "", effect: chosen.map((x) => effectText(x.effects, null) || L(x.text)).join(S.lang === "zh" ? "；" : "; ") };
}
export function newsBox(v, log) {
  const items = handNews(v, log);
  if (!items.length) return null;
  const latest = items[items.length - 1];
  const now = told(latest);
  const earlier = items.slice(0, -1).reverse();
  return h(
    "div",
    { class: `news${latest.injected ? " injected" : ""}`, id: "news-box" },
    h("div", { class: "news-label" }, t("news"), latest.injected ? h("span", { class: "news-from" }, ` · ${t("newsInjected")}`) : null),
    h("h3", { id: "news-name" }, now.name),
    now.text ? h("p", null, now.text) : null,
    now.effect ? h("p", { class: "effect" }, now.effect) : null,
    earlier.length
      ? h(
          "div",
          { class: "news-earlier", id: "news-earlier" },
          h("div", { class: "news-label" }, t("newsEarlier")),
          h(
            "ul",
            null,
            earlier.map((item) => {
              const said = told(item);
              return h("li", null, h("b", null, said.name), said.effect ? h("span", { class: "effect" }, S.lang === "zh" ? "：" : ": ", said.effect) : null);
            }),
          ),
        )
      : null,
  );
}
