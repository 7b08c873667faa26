"""What a room is made and joined with: a phase's time limit for a phase the scenario has, and a
person's name as it will be shown (trimmed, visible, without characters that disguise it)."""

from __future__ import annotations

import pytest

from client.connection import BrinkClient, ServerError
from server.protocol.requests import Join


async def test_a_time_limit_for_a_phase_the_scenario_lacks_is_refused(server_url: str) -> None:
    async with BrinkClient(server_url) as teacher:
        with pytest.raises(ServerError) as refused:
            await teacher.create_room("intro", seconds={"betting": 30, "nophase": 10})
        assert refused.value.code == "unknown_phase"
        assert "nophase" in str(refused.value) and "betting" in str(refused.value)
        made = await teacher.create_room("intro", seconds={"betting": 30})
        assert made.code


@pytest.mark.parametrize(
    ("given", "shown"),
    [("  Ada  ", "Ada"), ("李明", "李明"), ("👩\u200d💻 Bo", "👩\u200d💻 Bo")],
)
async def test_a_name_is_shown_trimmed_and_otherwise_as_given(
    server_url: str, given: str, shown: str
) -> None:
    async with BrinkClient(server_url, given) as player, BrinkClient(server_url) as other:
        room = await player.create_room("intro", timers=False)
        await player.join(room.code, "washington")
        joined = await other.join(room.code, "beijing")
    assert joined.seats["washington"] == shown


@pytest.mark.parametrize("name", ["", "   ", "A\u0000da", "A\nda", "\u202eAda", "A\u2066da"])
def test_a_name_with_nothing_visible_or_with_control_characters_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="name"):
        Join(code="ABCD", name=name)
