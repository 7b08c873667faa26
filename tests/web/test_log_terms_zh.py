"""The page's log says a proposal's terms with their numbers in the reader's brackets: in Chinese
「關稅休戰（美國對華關稅 30，中國對美關稅 10）」, full-width as the server's narration says it
(it read 「關稅休戰 (美國對華關稅 30，中國對美關稅 10)」); so are an instructor's news item's
effects."""

from __future__ import annotations

from playwright.async_api import Browser

PROPOSED = """async () => {
  const { loadRules } = await import('/static/rules.js');
  const { makeNarrator } = await import('/static/narrate.js');
  const rules = await loadRules('intro');
  const event = { type: 'deal_proposed', side: 'beijing', counters: false, rounds: 3,
    terms: [{ term: 'tariff_truce', params: { on_china: 30, on_us: 10 } }] };
  const injected = { type: 'news_injected', text: 'Storm',
    effects: ['markets_rally', 'markets_slump'] };
  return ['en', 'zh'].flatMap((lang) =>
    [event, injected].map((e) => makeNarrator(rules, lang, 'washington')(e, {})[0]));
}"""


async def test_a_proposals_terms_in_the_readers_brackets(
    system_chromium: Browser, web_url: str
) -> None:
    page = await system_chromium.new_page()
    try:
        await page.goto(web_url)
        en, en_news, zh, zh_news = await page.evaluate(PROPOSED)
        assert en == (
            "Beijing proposes: Tariff truce (US tariff on China 30, China's tariff on the US 10)"
            " for 3 hands."
        )
        assert zh == "北京提議：關稅休戰（美國對華關稅 30，中國對美關稅 10），為期 3 局。"
        assert en_news == "News from the instructor: Storm (Markets rally; Markets slump)"
        assert zh_news == "老師發布的新聞：Storm（市場回升；市場下挫）"
    finally:
        await page.close()
