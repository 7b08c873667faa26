"""A `BRINK_*` list setting written as the README's flags are (`BRINK_ALLOWED_ORIGINS=https://
brink.school.example`, not the JSON list docker-compose.yml writes) is one line naming the
variable and how to write it, exit code 2: it was a pydantic_settings traceback (exit 1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _refused(folder: Path, env: dict[str, str], *argv: str) -> str:
    """Run `brink serve ARGV` in `folder` with `env` added; return the one line it refuses
    with (exit 2, no traceback)."""
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", *argv],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    said = done.stderr
    assert done.returncode == 2, said
    assert "Traceback" not in said and len(said.splitlines()) == 1, said
    return said


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("BRINK_ALLOWED_ORIGINS", "https://brink.school.example"),
        ("BRINK_TRUSTED_PROXIES", "172.29.80.0/24"),
    ],
)
def test_a_list_setting_that_is_not_json_is_one_line(
    tmp_path: Path, variable: str, value: str
) -> None:
    said = _refused(tmp_path, {variable: value}, "--port", "0", "--workers", "1")
    assert said.startswith(f"brink serve: {variable}: ") and "JSON" in said, said
    assert not (tmp_path / "data").exists()  # refused before anything was started


@pytest.mark.parametrize(
    ("variable", "value"),
    [("BRINK_WORKERS", "abc"), ("BRINK_PORT", "99999"), ("BRINK_BOT_DELAY", "soon")],
)
def test_a_setting_out_of_its_kind_is_named_in_its_one_line(
    tmp_path: Path, variable: str, value: str
) -> None:
    """`BRINK_WORKERS=abc` said "Input should be a valid integer…" without saying which."""
    said = _refused(tmp_path, {variable: value})
    assert said.startswith(f"brink serve: {variable}: "), said
