"""The compiled engine (server/native.py, `brink build`) plays exactly the games the pure one
does, and is only used for the very sources it was compiled from."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from server import native

GAMES = Path(__file__).with_name("native_games.py")


@pytest.fixture(scope="module")
def compiled() -> Path:
    try:
        return native.build(quiet=True)  # at once if ./check has built it
    except native.Unavailable as error:
        pytest.skip(f"the engine cannot be compiled here: {error}")


def _play(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(GAMES), "12"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_the_compiled_engine_plays_the_same_games_as_the_pure_one(compiled: Path) -> None:
    fast = _play({})
    pure = _play({native.SWITCH: "0"})
    assert fast["compiled"] is True and pure["compiled"] is False
    assert isinstance(fast["steps"], int) and fast["steps"] > 1000
    assert (fast["steps"], fast["digest"]) == (pure["steps"], pure["digest"])


def _imported_from(root: Path) -> str:
    code = "import server.engine.legal as m, server.native as n"
    code += "; print(n.state(), m.__file__, n.active())"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root), "HOME": str(root / "home")},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_a_compiled_copy_is_used_only_for_the_sources_it_was_made_from(
    compiled: Path, tmp_path: Path
) -> None:
    shutil.copytree(native.ROOT / "server", tmp_path / "server")
    shutil.copy(native.ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "home").mkdir()
    found = _imported_from(tmp_path)  # nothing built there
    assert found.endswith("legal.py False") and "(brink build compiles it)" in found
    shutil.copytree(compiled, tmp_path / ".native" / compiled.name)
    assert _imported_from(tmp_path).endswith(f"legal{native._SUFFIX} True")
    # Edited since the build: a compiled module, or one whose types compiled code relies on.
    for edited in ("engine/betting.py", "ruleset/schema.py"):
        source = tmp_path / "server" / edited
        kept = source.read_text()
        source.write_text(kept + "\n# edited since the build\n")
        found = _imported_from(tmp_path)  # the pure engine runs, and says why
        assert found.endswith("legal.py False") and "of other sources" in found
        source.write_text(kept)
        assert _imported_from(tmp_path).endswith(f"legal{native._SUFFIX} True")
