"""`rule_failed` (a move that would set off a rule whose expression cannot be worked out now, in
rules stored with an older game) is said in the page's language with the expression in the
rules' words, not as the server's English message."""

from __future__ import annotations

from playwright.async_api import Browser

SAID = """async () => {
  const { loadRules } = await import('/static/rules.js');
  const { S } = await import('/static/state.js');
  const { refusalText } = await import('/static/text.js');
  S.rules = await loadRules('intro');
  const refused = { code: 'rule_failed',
    message: "card us_tariff_34: expression 'tariff_on_china * 1e308' failed: too large" };
  const out = {};
  for (const lang of ['en', 'zh']) { S.lang = lang; out[lang] = refusalText(refused); }
  return out;
}"""


async def test_rule_failed_is_said_in_both_languages(
    system_chromium: Browser, web_url: str
) -> None:
    page = await system_chromium.new_page()
    try:
        await page.goto(web_url)
        said: dict[str, str] = await page.evaluate(SAID)
    finally:
        await page.close()
    assert said["en"].startswith("Not possible now: it would set off a rule that cannot be worked")
    assert said["zh"].startswith("現在不行：這一步會觸發一條無法計算的規則（")
    for text in said.values():
        assert "1e308" in text and "tariff_on_china" not in text, said  # the rules' words
        assert "expression" not in text and "failed" not in text, said
