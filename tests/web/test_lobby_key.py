"""The room's instructor key in the lobby is shown where it serves: a player who made a room to
play a friend (a stranger's game, no teacher in it) was shown an "Instructor key" block among the
seats, "keep it to yourself"; it is folded under "Teacher", there to open for whoever wants it. A
signed-in instructor who sits down still sees it plainly, as does the teacher who does not sit
(tests/web/test_first_trial_teacher.py).

Real Chromium, a real server and Redis."""

from __future__ import annotations

from pathlib import Path

from classkit import add_instructor
from playwright.async_api import Browser, expect
from web.snap import snap
from web.test_browser import create_room, open_page, page_errors
from web.test_debrief_browser import sign_in


async def test_a_player_who_made_the_room_finds_the_key_folded_away(
    system_chromium: Browser, web_url: str, shots: Path
) -> None:
    _, ada = await open_page(system_chromium)
    code = await create_room(ada, web_url, "Ada")
    await expect(ada.locator("#lobby")).to_be_visible()
    await expect(ada.locator("#invite-link")).to_be_visible()
    # it was a block in plain sight: "Instructor key", its code and Copy
    await expect(ada.locator("#teacher-key")).to_be_hidden()
    await expect(ada.locator("#lobby")).not_to_contain_text("Instructor key", use_inner_text=True)
    await expect(ada.locator("#lobby-key summary")).to_have_text("Teacher")
    await ada.screenshot(path=shots / "lobby-key-folded.png", full_page=True)
    # asked for, it is there, the key this browser keeps for the room
    await ada.click("#lobby-key summary")
    await expect(ada.locator("#teacher-key")).to_be_visible()
    kept = await ada.evaluate(
        f"""() => JSON.parse(localStorage.getItem("brink.games") || "[]")
            .find((x) => x.code === "{code}" && x.key).key"""
    )
    await expect(ada.locator("#instructor-key")).to_have_text(kept)
    await snap(ada.locator("#lobby"), shots / "lobby-key-asked.png")
    assert page_errors(ada) == []


async def test_a_signed_in_instructor_who_sits_down_sees_the_key(
    system_chromium: Browser, web_url: str, redis_url: str
) -> None:
    await add_instructor(redis_url, "ms_li")
    _, li = await open_page(system_chromium)
    await sign_in(li, web_url)
    await create_room(li, web_url, "Ms Li")
    await expect(li.locator("#lobby")).to_be_visible()
    await expect(li.locator("#teacher-key")).to_be_visible()
    await expect(li.locator("#instructor-key")).not_to_be_empty()
    await expect(li.locator("#lobby-key")).to_have_count(0)
