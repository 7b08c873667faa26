"""Declining a rematch (docs/protocol/25-rematch.md): the player offered one declines it, the
offering player is told who declined (and stops waiting for it), the offer no longer stands and
either side may offer again; what cannot be declined is refused with a stable code."""

from __future__ import annotations

import pytest
from clientkit import seated
from rematchkit import both_play_out, hears, notices

from client.connection import BrinkClient, RematchDeclined, ServerError


async def refused(request: object) -> str:
    """Await `request`; return the code it was refused with."""
    with pytest.raises(ServerError) as error:
        await request  # type: ignore[misc]
    return error.value.code


async def test_an_offer_declined_is_told_and_withdrawn_and_may_be_made_again(
    server_url: str,
) -> None:
    ada, bo = await seated(server_url)
    watcher = BrinkClient(server_url, "Sam")
    try:
        await watcher.connect()
        await watcher.join(ada.code or "")
        assert await refused(bo.decline_rematch()) == "nothing_to_decline"  # the game is on
        await both_play_out(ada, bo)
        assert await refused(bo.decline_rematch()) == "nothing_to_decline"  # nothing offered
        await ada.rematch()
        await hears(bo, "rematch_offered")
        assert await refused(ada.decline_rematch()) == "nothing_to_decline"  # her own offer
        assert await refused(watcher.decline_rematch()) == "no_seat"

        declined = await bo.decline_rematch()
        notice = await hears(ada, "rematch_declined")
        assert (notice.seat, notice.name, notice.kind) == ("beijing", "Bo", "rematch_declined")
        assert ada.entries[-1].n == declined.n and ada.rematch_declined == notice
        with pytest.raises(RematchDeclined) as waited:  # Ada stops waiting for her offer
            await ada.join_rematch(timeout=10)
        assert waited.value.code == "rematch_declined" and waited.value.notice == notice
        assert await refused(bo.decline_rematch()) == "nothing_to_decline"  # declined already

        # The offer withdrawn, Bo asking is an offer of his own (not an acceptance of Ada's).
        await bo.rematch()
        await hears(ada, "rematch_offered")
        assert [n.seat for n in notices(ada, "rematch_offered")] == ["washington", "beijing"]
        assert notices(ada, "rematch") == [] and ada.rematch_declined is None
        await ada.rematch()  # accepts Bo's
        await hears(bo, "rematch")
        assert await refused(ada.decline_rematch()) == "rematch_made"
        joined = [await ada.join_rematch(), await bo.join_rematch()]
        assert joined[0].code == joined[1].code != watcher.code
    finally:
        for client in (ada, bo, watcher):
            await client.close()
