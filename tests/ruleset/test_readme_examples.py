"""rules/README.md's examples of each section, as written, are accepted by `brink rules check`
in a library that extends base/core.yaml (whose variables they name). The `outcomes` and
`scenario` examples hold `{...}` for their texts and are not meant to be copied whole."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from server.cli import main

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
