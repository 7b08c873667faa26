"""Chinese lines use full-width punctuation: a chat line 「小明：你好」 and a team's
「小明（只給隊友）：…」 (they read 「小明: 你好」, 「小明 (只給隊友): …」), and the past
games' 「結局：…」 and 「觀看重播：…」 (they read 「結局: 」, 「觀看重播: 」)."""

from __future__ import annotations

from playwright.async_api import Browser, expect

CHAT = """async () => {
  const { S } = await import('/static/state.js');
  const { logNode } = await import('/static/log.js');
  S.lang = 'zh';
  const line = (team) =>
    logNode({ chat: { seat: 'beijing', name: '小明', text: '你好', team } }).textContent;
  return [line(false), line(true)];
}"""


async def test_a_chat_line_in_chinese(system_chromium: Browser, web_url: str) -> None:
    page = await system_chromium.new_page()
    try:
        await page.goto(web_url)
        assert await page.evaluate(CHAT) == ["小明：你好", "小明（只給隊友）：你好"]
    finally:
        await page.close()


async def test_the_past_games_in_chinese(system_chromium: Browser, web_url: str) -> None:
    context = await system_chromium.new_context(locale="zh-TW")
    page = await context.new_page()
    try:
        await page.goto(web_url)
        await page.click("#games-btn")
        game = page.locator(".game-row").first
        await expect(game.locator(".game-meta")).to_contain_text("結局：")
        await expect(game.locator(".game-watch")).to_contain_text("觀看重播：")
        assert ": " not in await game.inner_text()
    finally:
        await context.close()
