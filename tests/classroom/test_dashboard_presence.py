"""What the class dashboard counts of a seat's presence news (`Eye`, its listener in a room):
here once a connection comes; nobody once the seat's player is away, or has left it free."""

from __future__ import annotations

import json
from typing import Any

import pytest

from server.classroom.dashboard import Board, Eye
from server.protocol import Presence


@pytest.mark.parametrize("status", ["away", "left"])
def test_a_seat_away_or_left_is_counted_empty(status: Any) -> None:
    board = Board(None, "CLS01")  # type: ignore[arg-type]  # counting needs no hub
    eye = Eye(board, "ROOM01")
    eye.send(Presence(seat="washington", name="Ada", status="joined"))
    assert board.present["ROOM01"] == {"washington": 1}
    eye.send(Presence(seat="washington", name="Ada", status=status))
    assert board.present["ROOM01"] == {"washington": 0}
    eye.send(Presence(seat="washington", name="Bo", status="joined"))
    assert board.present["ROOM01"] == {"washington": 1}


def test_a_seat_given_to_someone_else_has_its_holder_read_again_but_not_a_chat_saying_so() -> None:
    board = Board(None, "CLS01")  # type: ignore[arg-type]  # marking needs no hub
    eye = Eye(board, "ROOM01")
    said = json.dumps({"type": "chat", "text": '{"kind":"reassigned"}'}, separators=(",", ":"))
    eye.send('{"type":"update","entries":[' + said + "]}", droppable=True)
    assert board.names_stale == set()
    notice = {"notice": {"kind": "reassigned", "seat": "washington", "name": "Zoe"}}
    entry = json.dumps(notice, separators=(",", ":"))
    eye.send('{"type":"update","entries":[' + entry + "]}", droppable=True)
    assert board.names_stale == {"ROOM01"}
