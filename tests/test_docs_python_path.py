"""The guides run the project's scripts with the project's Python, `.venv/bin/python`, as they
run `.venv/bin/brink`: `python bench/engine.py`, as the README said it, fails on a fresh machine
(`ModuleNotFoundError: No module named 'simpleeval'`, or no `python` at all: Debian has
`python3`), for the packages are in .venv. The performance journals (docs/performance*.md) and
the changelog are records of what was run, and left as they were."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = re.compile(r"(?<![\w/.-])python3? (?=(bench|tests)/)")


def guides() -> list[Path]:
    docs = [
        path
        for path in sorted((ROOT / "docs").rglob("*.md"))
        if not path.name.startswith("performance") and "changelog" not in path.parts
    ]
    return [ROOT / "README.md", *docs, *sorted((ROOT / "rules").rglob("*.md"))]


def test_scripts_are_run_with_the_venvs_python() -> None:
    bare = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in guides()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BARE.search(line)
    ]
    assert bare == []


def test_the_pattern_tells_them_apart() -> None:
    assert BARE.search("run `python bench/engine.py` now")
    assert BARE.search("python3 tests/golden/regen.py")
    assert not BARE.search("`.venv/bin/python bench/engine.py`")
    assert not BARE.search("python -m pip install")
