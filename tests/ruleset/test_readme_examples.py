"""rules/README.md's examples of each section, as written, are accepted by `brink rules check`
in a library that extends base/core.yaml (whose variables they name). The `outcomes` and
`scenario` examples hold `{...}` for their texts and are not meant to be copied whole."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from server.cli import main
from server.ruleset.schema import PhaseSpec, ScenarioInfo

RULES = Path(__file__).resolve().parents[2] / "rules"
EXAMPLES = re.findall(r"```yaml\n(.*?)```", (RULES / "README.md").read_text(encoding="utf-8"), re.S)
COPIED = [text for text in EXAMPLES if "{...}" not in text]
# base/core.yaml has the deal term the example shows: the copy is given an id of its own.
RENAMED = {"- id: tariff_truce": "- id: my_truce"}


def test_the_examples_are_found() -> None:
    sections = [text.split(":", 1)[0] for text in COPIED]
    assert sections == [
        "sides",
        "variables",
        "cards",
        "instructor_news",
        "deal_terms",
        "resolution",
    ]


@pytest.mark.parametrize("text", COPIED, ids=[text.split(":", 1)[0] for text in COPIED])
def test_an_example_is_accepted_as_written(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(RULES, "rules")
    for old, new in RENAMED.items():
        text = text.replace(old, new)
    Path("rules/example.yaml").write_text(f"extends: [base/core.yaml]\n{text}", encoding="utf-8")

    code = main(["rules", "check", "rules/example.yaml"])

    assert capsys.readouterr().out.splitlines() == []
    assert code == 0


def test_the_defaults_the_readme_gives_are_the_schemas() -> None:
    readme = " ".join((RULES / "README.md").read_text(encoding="utf-8").split())
    scenario = ScenarioInfo.model_fields
    phase = PhaseSpec.model_fields
    stated = {
        "`hand_size` 5": scenario["hand_size"].default == 5,
        "`draw_per_round` 2": scenario["draw_per_round"].default == 2,
        "`base_stake` 1": scenario["base_stake"].default == 1,
        "`deal_rounds` `[1, 6]`": scenario["deal_rounds"].default == (1, 6),
        "`opener` `washington`": phase["opener"].default == "washington",
        "`mode` `alternating`": phase["mode"].default == "alternating",
        "`timeout_action` `check`": phase["timeout_action"].default == "check",
        "`seconds` 90": phase["seconds"].default == 90,
        "`max_raises` 3": phase["max_raises"].default == 3,
        "`cards_per_turn` 1": phase["cards_per_turn"].default == 1,
        "`max_proposals` 4": phase["max_proposals"].default == 4,
        "`first_round` 1": phase["first_round"].default == 1,
    }
    assert [text for text in stated if text not in readme] == []
    assert [text for text, same in stated.items() if not same] == []
    required = [name for name, field in scenario.items() if field.is_required()]
    assert required == ["id", "name", "text", "rounds", "decks", "phases", "end_final", "scoring"]
