"""Fixtures of the loader's tests (test_loader.py, test_loader_expressions.py): the valid
rule files loaded once a module, and the repository as the working folder (each of those
modules uses it in every test: their `pytestmark`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.ruleset.loader import load_ruleset
from server.ruleset.model import Ruleset

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
VALID = HERE / "valid"


@pytest.fixture
def _at_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.fixture(scope="module")
def valid() -> Ruleset:
    return load_ruleset(VALID / "scenario.yaml")
