"""The historical 2025 line's notes ran ahead of the table: a note was kept at its command's
position, whose effects arrive at the entries after it, so at step 40 the note read "Washington
raises 41 more: 145%" while the tariffs showed 104% (and at step 30, "…104%" with 34%). Each
note is kept where its command's last event is: what the note tells is on the table."""

from __future__ import annotations

from helpers import RULES_DIR

from server.live.loading import load_history
from server.replay.record import read_record
from server.replay.show import lines
from server.replay.steps import step
from server.replay.verify import Verified, verify
from server.ruleset.loader import load_ruleset


def _history() -> tuple[dict[int, dict[str, str]], Verified]:
    rules = load_ruleset(RULES_DIR / "full_2025.yaml")
    found = load_history(RULES_DIR, {"full_2025": rules})
    assert found is not None
    header, text = found
    notes = {int(n): note for n, note in header.notes.items() if isinstance(note, dict)}
    assert len(notes) == len(header.notes)  # each in both languages
    return notes, verify(read_record(text), "H2025")


def _latest_note(notes: dict[int, dict[str, str]], at: int) -> str:
    """The note the replay page shows at step `at`: the latest at or before it."""
    return notes[max(n for n in notes if n <= at)]["en"]


def test_a_note_is_shown_with_what_it_tells_on_the_table() -> None:
    notes, verified = _history()
    entries = verified.record.entries
    assert min(notes) == 1, "the deal's note, which sets the scene: the replay opens on it"
    for n in sorted(notes)[1:]:  # after its command's every event: next, a command or none
        assert n == len(entries) or entries[n].command is not None, n
    for percent in (104, 145):
        (at,) = [
            n
            for n, note in notes.items()
            if "Washington raises" in note["en"] and f"{percent}%" in note["en"]
        ]
        table = step(verified, "instructor", at)["view"]
        assert table["public"]["tariff_on_china"] == percent, (at, table["public"])
    for at in (30, 40):  # the tester's steps: the note shown tells no tariff the table lacks
        table = step(verified, "instructor", at)["view"]
        said = _latest_note(notes, at)
        shown = f"{table['public']['tariff_on_china']}%"
        assert "Washington raises" not in said or shown in said, (at, said, shown)


def test_brink_replay_tells_each_note_after_what_it_tells() -> None:
    """`brink replay` of the line said none of its notes: each is told, in the reader's
    language, after the line of the last event of its command."""
    notes, verified = _history()
    (at,) = [n for n, note in notes.items() if "145%" in note["en"]]
    told = lines(verified, "instructor", at, "en")
    assert told[-2] == f"       📜 {notes[at]['en']}", told[-4:]
    assert "US tariff on China 104% → 145%" in "\n".join(told[-6:-2])
    before = lines(verified, "instructor", at - 1, "zh")
    assert notes[at]["zh"] not in "\n".join(before)
    previous = max(n for n in notes if n < at)
    assert f"       📜 {notes[previous]['zh']}" in before, "the one before, in Chinese"
