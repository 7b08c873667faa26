"""Two clients play whole games through a real server on a real Redis."""

from __future__ import annotations

from client.connection import BrinkClient, ServerError
from server.engine.commands import Call, Check, PassTalks, PlayCards


async def play_out(washington: BrinkClient, beijing: BrinkClient, limit: int = 400) -> None:
    """Both sides check, call and pass until the game ends."""
    clients = {"washington": washington, "beijing": beijing}
    for _ in range(limit):
        view = washington.view
        if view.get("outcome"):
            return
        movers = (
            [view["to_act"]]
            if view["to_act"]
            else [
                side
                for side in clients
                if side not in view["passed"] and view["phase_kind"] == "talks"
            ]
            or [side for side in clients if not view["sides"][side]["submitted"]]
        )
        side = movers[0]
        kind = view["phase_kind"]
        command = PassTalks() if kind == "talks" else (Call() if view["facing"] else Check())
        accepted = await clients[side].act(command)
        # the next move is decided on Washington's view: it has this one first (a view a
        # moment behind the mover's sent a move out of turn or out of phase)
        await washington.wait_for(lambda _, n=accepted.n: washington.n >= n, timeout=10)
    raise AssertionError("the game did not end")


async def test_two_clients_play_a_whole_intro_game(server_url: str) -> None:
    async with (
        BrinkClient(server_url, "Ada") as washington,
        BrinkClient(server_url, "Bo") as beijing,
    ):
        room = await washington.create_room("intro", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        assert washington.view["to_act"] in ("washington", "beijing")
        first = washington.view["to_act"]
        mover = washington if first == "washington" else beijing
        refused = []
        for card in mover.view["sides"][first]["hand"]:
            try:
                accepted = await mover.act(PlayCards(cards=[card]))
                break
            except ServerError as error:
                refused.append(error.code)
        assert accepted.n > 0
        assert set(refused) <= {"requirement_not_met", "cannot_afford"}
        await beijing.wait_for(lambda v: v["seq"] > 0 and v["stake"] >= 1)
        await play_out(washington, beijing)
        await beijing.wait_for(lambda v: v["outcome"] is not None)
        assert beijing.view["outcome"] == washington.view["outcome"]
        assert beijing.view["scores"] == washington.view["scores"]
