"""Effects are said in words, in English and Chinese: an amount worked out by a formula shows
what it comes to now and how it is made ("−6 (2 + 2 per fold by Washington, at most 10)"), or
its words alone where the page cannot work it out, never the formula's syntax
("−(min(10, 2 + 2 * Washington's folds))"); a news item whose amount depends on a condition
("5 if the lines stopped, otherwise 2") is told instead of left out."""

from __future__ import annotations

import re
from typing import Any

from playwright.async_api import Browser

# every effect of every shipped scenario, as the page says it, with no game (words only) and in
# a game at hand 2, stake 3, Washington having folded twice (worked out)
EFFECTS = """async () => {
  const { loadRules } = await import('/static/rules.js');
  const { S } = await import('/static/state.js');
  const { effectText } = await import('/static/text.js');
  const out = [];
  for (const scenario of ['intro', 'classroom', 'full_2025']) {
    const r = await loadRules(scenario);
    S.rules = r;
    const start = Object.fromEntries(Object.entries(r.variables).map(([k, v]) => [k, v.initial]));
    const view = { public: start, sides: {}, counters: { folds_washington: 2 }, round: 2, rounds: 4,
                   stake: 3, deals: [] };
    const things = [
      ...r.news.map((n) => ['news ' + n.id, n.effects]),
      ...r.cards.map((c) => ['card ' + c.id, c.effects]),
      ...r.cards.filter((c) => c.lasting).map((c) => ['lasting ' + c.id, c.lasting.effects]),
      ...Object.entries(r.sides).flatMap(([s, d]) =>
        [['breach ' + s, d.breach_effects], ['fold ' + s, d.fold_effects]]),
    ];
    for (const lang of ['en', 'zh']) {
      S.lang = lang;
      for (const [what, fx] of things)
        out.push({ scenario, lang, what, words: effectText(fx, null), now: effectText(fx, view) });
    }
  }
  return out;
}"""
SYNTAX = re.compile(r"min\(|max\(|clamp\(|abs\(|//|\*|[a-z]+_[a-z_]+| else |−\(")


async def said(browser: Browser, web_url: str) -> list[dict[str, Any]]:
    page = await browser.new_page()
    try:
        await page.goto(web_url)
        rows: list[dict[str, Any]] = await page.evaluate(EFFECTS)
        return rows
    finally:
        await page.close()


def one(rows: list[dict[str, Any]], lang: str, what: str) -> dict[str, Any]:
    return next(r for r in rows if r["lang"] == lang and r["what"] == what)


async def test_no_effect_shows_formula_syntax(system_chromium: Browser, web_url: str) -> None:
    rows = await said(system_chromium, web_url)
    bad = [(r["what"], r["lang"], text) for r in rows for text in (r["words"], r["now"])]
    assert [b for b in bad if SYNTAX.search(b[2])] == []


async def test_the_taco_headline_in_words_and_as_it_comes_to_now(
    system_chromium: Browser, web_url: str
) -> None:
    rows = await said(system_chromium, web_url)
    en = one(rows, "en", "news taco_headline")
    assert en["words"] == (
        "Washington's credibility falls by 2 + 2 per fold by Washington, at most 10"
    )
    assert en["now"] == "Washington's credibility −6 (2 + 2 per fold by Washington, at most 10)"
    zh = one(rows, "zh", "news taco_headline")
    assert zh["words"] == "華盛頓信譽減少 2 + 華盛頓每棄牌一次 2，最多 10"
    assert zh["now"] == "華盛頓信譽 −6（2 + 華盛頓每棄牌一次 2，最多 10）"


async def test_a_conditional_amount_is_told_not_left_out(
    system_chromium: Browser, web_url: str
) -> None:
    rows = await said(system_chromium, web_url)
    ford = one(rows, "en", "news ford_halts_lines")
    assert ford["now"].startswith(
        "Domestic pressure on Washington +2 (5 if US lines running (F-35, Patriot, F-150): no,"
        " otherwise 2)"
    )
    ceos = one(rows, "zh", "news ceos_call_white_house")
    assert ceos["now"] == "華盛頓國內壓力 +3（3，若 稀土永磁對美出口量 < 50 再加 4）"
    halving = one(rows, "en", "card cn_ree_seven")
    assert "Magnet exports reaching the US: at most 20" in halving["now"]


async def test_the_news_is_told_in_words_not_worked_out_from_the_table_now(
    system_chromium: Browser, web_url: str
) -> None:
    """The news took effect as the hand began: worked out from the table later in the hand (a
    chip ban played since), its amount would be one that never happened."""
    page = await system_chromium.new_page()
    try:
        await page.goto(web_url)
        said = await page.evaluate(
            """async () => {
              const { loadRules } = await import('/static/rules.js');
              const { S } = await import('/static/state.js');
              const { renderBoard } = await import('/static/board.js');
              S.rules = await loadRules('intro');
              const side = { hand: [], hand_count: 0, deck_count: 0 };
              const view = { news: 'taco_headline', sides: { washington: side, beijing: side },
                face_down: [], phase_kind: 'betting', public: {}, counters: { folds_washington: 2 },
                round: 2, rounds: 3, stake: 1, deals: [] };
              const target = document.createElement('div');
              renderBoard(target, view, true);
              return target.querySelector('.news .effect').textContent;
            }"""
        )
        assert said == "Washington's credibility falls by 2 + 2 per fold by Washington, at most 10"
    finally:
        await page.close()


FIRST_RAISE = """async () => {
  const { loadRules } = await import('/static/rules.js');
  const { S } = await import('/static/state.js');
  const { effectText } = await import('/static/text.js');
  S.rules = await loadRules('full_2025');
  const vars = Object.entries(S.rules.variables);
  const start = Object.fromEntries(vars.map(([k, v]) => [k, v.initial]));
  const card = S.rules.cardById['us_tariff_34'];
  const out = {};
  for (const lang of ['en', 'zh']) {
    S.lang = lang;
    for (const stake of [1, 3]) {
      const view = { public: start, sides: {}, counters: {}, round: 1, rounds: 4, stake,
                     deals: [] };
      out[lang + stake] = effectText(card.effects, view);
    }
  }
  return out;
}"""


async def test_what_raising_first_costs_is_said_on_the_card_while_it_applies(
    system_chromium: Browser, web_url: str
) -> None:
    """Raising first in a hand gives the other side leverage (`first_raise_blame`): the card
    said only the tariff and the markets, and the log then told Washington that Beijing's
    leverage rose by 3."""
    page = await system_chromium.new_page()
    try:
        await page.goto(web_url)
        said = await page.evaluate(FIRST_RAISE)
    finally:
        await page.close()
    blame = (
        "Beijing's leverage won +3 (Leverage the other side wins when you raise first in a hand)"
    )
    assert said["en1"].startswith(blame), said["en1"]
    assert "leverage" not in said["en3"], said["en3"]  # a raise after the first: nothing to pay
    assert said["zh1"].startswith("北京贏得的籌碼 +3（在一局中率先加注時對方贏得的籌碼）"), said[
        "zh1"
    ]
    assert "籌碼" not in said["zh3"], said["zh3"]
