"""`brink serve --help` says what the README says of it: every flag the README names, where the
data goes (finished games as well as the embedded Redis: it said only the Redis, though the
records go to --data-dir whatever the Redis), and that every setting can come from a `BRINK_*`
variable (or REDIS_URL), as the Dockerfile and docker-compose.yml set them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve_help() -> str:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return " ".join(done.stdout.split())


def test_serve_help_lists_every_flag_the_readme_names() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("### Playing in the browser", 1)[0]
    flags = set(re.findall(r"`(--[a-z][a-z-]*)", section))
    assert {"--host", "--port", "--redis", "--data-dir", "--origin", "--workers"} <= flags
    shown = serve_help()
    assert [flag for flag in sorted(flags) if flag not in shown] == []


def test_serve_help_says_where_the_data_and_the_settings_come_from() -> None:
    shown = serve_help()
    assert "games/CODE.jsonl" in shown, shown
    for variable in ("BRINK_PORT", "BRINK_WORKERS", "BRINK_DATA_DIR", "REDIS_URL"):
        assert variable in shown, shown
    assert "server/settings.py" in shown and "docs/operations.md" in shown, shown
