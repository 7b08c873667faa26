"""Hand-edited records as an instructor meets them, and `brink games` given a URL that is none.

- a header that names another scenario than its rules' is refused at line 1 (it was read, and
  the past games listed and filtered an intro game as full_2025);
- a record holding more entries than its header promises is refused at the first entry past
  the promise, saying so (it said "ends after 147 entries but its header promises 10
  (truncated?)", pointing past the end of the file);
- a finished game whose header says it is not over fails `--verify` (it passed);
- an engine refusal names its code once ("not_your_turn: not_your_turn: …" before);
- `brink games list|export|import --url notaurl` is one line and exit 1 (a traceback before).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from recordkit import RULES, bot_game

from server.replay.record import RecordError, read_record
from server.replay.show import lines
from server.replay.told import Language
from server.replay.verify import verify


def _game() -> tuple[dict[str, object], list[str]]:
    header, *entries = bot_game(RULES["intro"], 5, ("hawk", "dove"))[0].splitlines()
    return json.loads(header), entries


def _text(head: dict[str, object], entries: list[str]) -> str:
    return "\n".join([json.dumps(head), *entries]) + "\n"


def test_a_header_naming_another_scenario_is_refused() -> None:
    head, entries = _game()
    head["scenario"] = "full_2025"
    with pytest.raises(RecordError) as refused:
        read_record(_text(head, entries), "x.jsonl")
    said = str(refused.value)
    assert said.startswith("x.jsonl:1: ")
    assert "'full_2025'" in said and "'intro'" in said


def test_more_entries_than_promised_names_the_first_past_the_promise() -> None:
    head, entries = _game()
    head["entries"] = 10
    with pytest.raises(RecordError) as refused:
        read_record(_text(head, entries), "x.jsonl")
    said = str(refused.value)
    assert said.startswith("x.jsonl:12: entry 11 is past the end")
    assert f"holds {len(entries)}" in said and "truncated" not in said


def test_an_ended_game_whose_header_says_not_over_fails_to_verify() -> None:
    head, entries = _game()
    assert head["outcome"] is not None
    head["outcome"] = None
    record = read_record(_text(head, entries), "x.jsonl")
    with pytest.raises(RecordError) as refused:
        verify(record, "x.jsonl")
    assert str(refused.value).startswith("x.jsonl:1: the header's outcome is none")


def test_an_engine_refusal_names_its_code_once() -> None:
    head, entries = _game()
    at = next(
        i
        for i, line in enumerate(entries)
        if (json.loads(line).get("command") or {}).get("seat") == "beijing"
    )
    entries[at] = entries[at].replace('"seat":"beijing"', '"seat":"washington"', 1)
    with pytest.raises(RecordError) as refused:
        verify(read_record(_text(head, entries), "x.jsonl"), "x.jsonl")
    said = str(refused.value)
    assert said.startswith(f"x.jsonl:{at + 2}: the engine refuses this command (")
    code = said.split("(", 1)[1].split(":", 1)[0]
    assert said.count(code) == 1, said


@pytest.mark.parametrize("url", ["notaurl", "ws://[::1/ws", "ws://127.0.0.1:abc/ws"])
@pytest.mark.parametrize("command", [["list"], ["export", "ABCD"], ["import", "x.jsonl"]])
def test_games_given_a_url_that_is_none_says_so_in_one_line(
    tmp_path: Path, url: str, command: list[str]
) -> None:
    (tmp_path / "x.jsonl").write_text(bot_game(RULES["intro"], 5)[0])
    done = _brink(tmp_path, ["games", *command, "--url", url], stdout=subprocess.PIPE)
    assert done.returncode == 1
    assert (
        done.stderr == f"brink games: cannot reach the server at {url}: not a ws:// or wss:// URL\n"
    )
    assert done.stdout == ""


def test_brink_replay_dash_reads_the_record_from_stdin(tmp_path: Path) -> None:
    record = bot_game(RULES["intro"], 5, ("hawk", "dove"))[0]
    (tmp_path / "data" / "games").mkdir(parents=True)  # a data dir, as where a server ran
    base = [sys.executable, "-m", "server.cli", "replay", "-"]
    env = {"PYTHONPATH": str(Path(__file__).parents[2]), "PATH": "/usr/bin:/bin"}

    def run(*args: str, given: str = record) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*base, *args],
            input=given,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=tmp_path,
            env=env,
        )

    checked = run("--verify")
    assert checked.returncode == 0 and checked.stdout.startswith("OK stdin: TEST5, intro"), checked
    told = run("--as", "beijing", "--step", "5")
    assert told.returncode == 0 and "as beijing" in told.stdout.splitlines()[-1], told
    bad = run(given="not a record\n")
    assert bad.returncode == 1 and bad.stderr.startswith("FAILED stdin:1: "), bad


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "bot Hawk (aggressive) (Beijing)"), ("zh", "電腦 鷹派（強硬）（北京）")],
)
def test_the_first_line_names_a_server_bot_as_a_bot(lang: Language, said: str) -> None:
    head, entries = _game()
    head["bots"] = {"beijing": "hawk"}
    record = verify(read_record(_text(head, entries)))
    first = lines(record, "spectator", 0, lang)[0]
    assert said in first, first


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["--step", "30"], ["--verify"]])
def test_brink_replay_to_a_full_output_says_so_in_one_line(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "x.jsonl").write_text(bot_game(RULES["intro"], 5, ("hawk", "dove"))[0])
    with open("/dev/full", "w") as full:
        done = _brink(tmp_path, ["replay", "x.jsonl", *args], stdout=full)
    assert done.returncode == 1
    assert done.stderr == "brink replay: cannot write its output: No space left on device\n"


def _brink(folder: Path, args: list[str], stdout: Any) -> subprocess.CompletedProcess[str]:
    """Run `brink ARGS` (this tree's) in `folder`, its output to `stdout`, its errors kept."""
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        cwd=folder,
        env={"PYTHONPATH": str(Path(__file__).parents[2]), "PATH": "/usr/bin:/bin"},
    )
