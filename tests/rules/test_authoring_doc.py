"""rules/docs/authoring.md tells a teacher what the checker accepts: its limits must be the
schema's, and the way it says to serve a folder of one's own must be the server's."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from server.ruleset.schema import CardSpec, Lasting, PhaseSpec, ScenarioInfo
from server.settings import Settings

DOC = Path(__file__).resolve().parents[2] / "rules" / "docs" / "authoring.md"
MODELS: dict[str, type[BaseModel]] = {
    "cost": CardSpec,
    "stake": CardSpec,
    "lasting.rounds": Lasting,
    "base_stake": ScenarioInfo,
    "rounds": ScenarioInfo,
    "hand_size": ScenarioInfo,
    "draw_per_round": ScenarioInfo,
    "seconds": PhaseSpec,
    "max_raises": PhaseSpec,
    "cards_per_turn": PhaseSpec,
    "max_proposals": PhaseSpec,
}


def _rows() -> dict[str, str]:
    """Return each field the table names (`stake` for "`stake` (a card's)") with its cell."""
    rows: dict[str, str] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and "`" in cells[0]:
            for name in re.findall(r"`([a-z_.]+)`", cells[0]):
                rows[name] = cells[1]
    return rows


def _bounds(model: type[BaseModel], name: str) -> tuple[object, object]:
    field = model.model_fields[name.split(".")[-1]]
    ge = next(m.ge for m in field.metadata if hasattr(m, "ge"))
    le = next(m.le for m in field.metadata if hasattr(m, "le"))
    return ge, le


@pytest.mark.parametrize("name", sorted(MODELS))
def test_each_documented_range_is_the_schemas(name: str) -> None:
    cell = _rows()[name]
    found = re.match(r"(\d+)(?: \([^)]*\))? to (\d+)", cell)
    assert found, cell

    assert (int(found[1]), int(found[2])) == _bounds(MODELS[name], name)


def test_the_documented_timeout_actions_are_the_schemas() -> None:
    allowed = typing.get_args(PhaseSpec.model_fields["timeout_action"].annotation)

    assert re.findall(r"`(\w+)`", _rows()["timeout_action"].split(":")[0]) == list(allowed)


def test_the_documented_variable_serves_that_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    variable = re.search(r"`(BRINK_\w+)=~/my-rules brink serve`", DOC.read_text(encoding="utf-8"))
    assert variable

    monkeypatch.setenv(variable[1], str(tmp_path))

    assert Settings().rules_dir == tmp_path
