"""`brink play` (a player's `Terminal`) and `brink play --seat spectator` (the `Watcher`) after the
server's Redis went back to an older backup: the client reads the game again from its start
(`restarts`). Neither forgot what it had told of the lost part of the log: the narrator still
held the deal struck after the backup (so a deal broken or running out later could be named by
terms that were never agreed, or called a twin of one that never was) and its chat. Now both
follow the log from its start again, as the server has it."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from clientkit import propose_any, statuses, until
from restorekit import backup, port_of, restored
from rich.console import Console
from serverkit import start_server

from client.connection import BrinkClient
from client.rules import fetch_rules
from client.terminal.play import Terminal, Typed
from client.terminal.watch import Watcher
from server.engine.commands import AcceptDeal, Check


async def test_a_game_read_again_from_its_start_forgets_the_deal_and_chat_it_lost(
    redis_url: str, tmp_path: Path
) -> None:
    runner, url = await start_server(redis_url, tmp_path)
    port = port_of(url)
    ada = BrinkClient(url, "Ada", auto_resume=True)
    bo = BrinkClient(url, "Bo")
    sam = BrinkClient(url, "Sam", auto_resume=True)
    lines: asyncio.Queue[Typed | None] = asyncio.Queue()
    tasks: list[asyncio.Task[int]] = []
    try:
        for client in (ada, bo, sam):
            await client.connect()
        room = await ada.create_room("classroom", timers=False)
        await ada.join(room.code, "washington")
        await bo.join(room.code, "beijing")
        await sam.join(room.code)  # a spectator
        rules = await fetch_rules(url, "classroom")
        console = Console(file=io.StringIO(), width=120)
        terminal, watcher = Terminal(ada, rules, console), Watcher(sam, rules, console)
        tasks = [asyncio.create_task(terminal.run(lines)), asyncio.create_task(watcher.run())]
        tellers = (terminal, watcher)

        await ada.act(Check())  # the betting, both sides at once: then the talks
        await bo.act(Check())
        await bo.wait_for(lambda view: view["phase_kind"] == "talks")
        await until(lambda: sam.n == ada.n == bo.n, 15)
        saved = await backup(redis_url)
        await propose_any(bo)
        proposal = (await ada.wait_for(lambda view: view["proposal"] is not None))["proposal"]
        await ada.act(AcceptDeal(proposal=proposal["id"]))
        await bo.chat("a deal, then")
        await until(lambda: all(t.narrator.deals.terms and t.narrator.chat for t in tellers), 15)

        heard = [statuses(ada), statuses(sam)]
        ada.resume_delays = sam.resume_delays = (0.2,) * 75  # 15 s while the server is down
        await bo.close()
        await runner.cleanup()
        await until(lambda: all(heard), 15)
        runner = await restored(redis_url, tmp_path, saved, port)
        await until(lambda: all(len(said) > 1 for said in heard), 20)

        assert [[status.kind for status in said] for said in heard] == [["lost", "resumed"]] * 2
        assert ada.restarts == sam.restarts == 1
        assert not [e for e in ada.entries if e.chat or (e.event and e.event.type == "deal_struck")]
        for teller in tellers:
            assert teller.narrator.deals.terms == {}, type(teller).__name__
            assert teller.narrator.chat == [], type(teller).__name__
    finally:
        lines.put_nowait(None)  # the player leaves
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for client in (ada, bo, sam):
            await client.close()
        await runner.cleanup()
