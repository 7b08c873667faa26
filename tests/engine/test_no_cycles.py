"""Working out a state's options, deciding a command and building its views leave no reference
cycles behind: what they make is freed as soon as it is dropped, not at the garbage collector's
next pass (closures of `option_fields` that called each other once kept every state's probe,
step and state alive until then: ~20 cyclic objects an action, freed in the collector's pauses
under load)."""

from __future__ import annotations

import gc
from collections import Counter

from engine.randomplay import play, rules_of

from server.engine import Seat, view
from server.engine.legal import Probe, option_fields
from server.engine.viewjson import options_json, view_json
from server.engine.views import VIEWERS


def test_options_and_views_make_no_cyclic_garbage() -> None:
    rules = rules_of("full_2025")
    game = play(rules, 11, [])
    seats = [
        Seat(side="washington"),
        Seat(side="beijing"),
        Seat(side="washington", role="treasury"),
    ]
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        earlier: Probe | None = None
        for state in game.states:
            earlier = Probe(rules, state, earlier)
            for seat in seats:
                options_json(seat.side, option_fields(rules, state, seat, earlier))
            for viewer in VIEWERS:
                view_json(rules, state, viewer)
                view(rules, state, viewer)
        earlier = None
        gc.collect()
        ours = Counter(
            type(o).__qualname__ for o in gc.garbage if type(o).__module__.startswith("server.")
        )
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not ours, ours
