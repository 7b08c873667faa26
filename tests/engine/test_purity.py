"""The engine and its bots are pure: no I/O, no clock, no global randomness, no eval.

Two checks. In a fresh interpreter, importing the engine must not load an I/O or concurrency
library. And the source of every module under server/engine/ and server/bots/ must not import a
module of the outside world or call a builtin that reads, prints or evaluates.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from helpers import ROOT

PURE_PACKAGES = ("server/engine", "server/bots")

# Libraries a pure engine never needs, and which none of its dependencies (pydantic, simpleeval)
# loads either: if one of these shows up, the engine (or a module it imports) brought it in.
NEVER_LOADED = (
    "aiohttp",
    "asyncio",
    "concurrent.futures",
    "http.client",
    "httpx",
    "multiprocessing",
    "redis",
    "requests",
    "ruamel.yaml",  # parsing rule files is the loader's job, at the edge; the engine gets a Ruleset
    "sqlite3",
    "ssl",
    "subprocess",
    "urllib.request",
    "websockets",
)

# Modules a pure engine must not use, but which pydantic itself loads: `threading`, `time`,
# `datetime`, `os` and `random` (via `secrets` in pydantic.types) at import, and `socket` and
# `selectors` (via importlib.metadata -> email.utils) when it looks for plugins on the first model
# it builds. Forbidding them outright would forbid pydantic, so these may be loaded by the engine
# only when its dependencies alone load them too; the AST scan below checks the engine's own code.
LOADED_ONLY_BY_DEPENDENCIES = (
    "datetime",
    "os",
    "random",
    "secrets",
    "select",
    "selectors",
    "socket",
    "threading",
    "time",
)

FORBIDDEN_IMPORTS = frozenset(
    {
        "aiohttp",
        "asyncio",
        "datetime",
        "os",
        "random",
        "redis",
        "secrets",
        "socket",
        "subprocess",
        "threading",
        "time",
        "websockets",
    }
)
FORBIDDEN_CALLS = frozenset({"eval", "exec", "open", "print", "input", "compile", "__import__"})

WATCHED = NEVER_LOADED + LOADED_ONLY_BY_DEPENDENCIES

# Importing the engine builds its models; the baseline builds a model and an adapter too, so that
# pydantic's lazy plugin lookup runs in both interpreters.
ENGINE = "import server.engine, server.bots"
DEPENDENCIES = (
    "import pydantic, simpleeval\n"
    "class Probe(pydantic.BaseModel):\n"
    "    x: int\n"
    "pydantic.TypeAdapter(list[Probe])"
)


@cache
def _loaded_after(code: str) -> frozenset[str]:
    """Return which watched modules a fresh interpreter has loaded after running `code`."""
    watched = f"[m for m in {WATCHED!r} if m in sys.modules]"
    report = f"{code}\nimport json, sys\nprint(json.dumps({watched}))"
    done = subprocess.run(
        [sys.executable, "-c", report], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return frozenset(json.loads(done.stdout.splitlines()[-1]))


def _pure_sources() -> list[Path]:
    return sorted(path for package in PURE_PACKAGES for path in (ROOT / package).rglob("*.py"))


def _imported_modules(tree: ast.AST) -> list[str]:
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            found.append(node.module)
    return found


def _called_names(tree: ast.AST) -> list[str]:
    return [
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    ]


def test_importing_the_engine_loads_no_io_or_concurrency_library() -> None:
    loaded = _loaded_after(ENGINE)
    assert loaded.isdisjoint(NEVER_LOADED), sorted(loaded & set(NEVER_LOADED))


def test_the_engine_loads_no_clock_socket_or_randomness_beyond_what_pydantic_does() -> None:
    by_engine = _loaded_after(ENGINE) & set(LOADED_ONLY_BY_DEPENDENCIES)
    by_dependencies = _loaded_after(DEPENDENCIES)
    assert by_engine <= by_dependencies, sorted(by_engine - by_dependencies)


def test_a_fresh_interpreter_reports_a_library_it_loaded() -> None:
    assert _loaded_after("import asyncio") >= {"asyncio", "socket"}


def test_the_scan_catches_a_forbidden_import_and_call() -> None:
    tree = ast.parse("import os.path\nfrom time import monotonic\nprint(eval('1'))")
    assert {name.split(".")[0] for name in _imported_modules(tree)} == {"os", "time"}
    assert set(_called_names(tree)) == {"print", "eval"}


def test_there_are_engine_and_bot_sources_to_scan() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in _pure_sources()}
    assert {"server/engine/decide.py", "server/bots/planner.py"} <= names


@pytest.mark.parametrize(
    "path", _pure_sources(), ids=lambda path: path.relative_to(ROOT).as_posix()
)
def test_an_engine_module_imports_nothing_of_the_outside_world(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = {name.split(".")[0] for name in _imported_modules(tree)}
    assert roots.isdisjoint(FORBIDDEN_IMPORTS), sorted(roots & FORBIDDEN_IMPORTS)


@pytest.mark.parametrize(
    "path", _pure_sources(), ids=lambda path: path.relative_to(ROOT).as_posix()
)
def test_an_engine_module_neither_evaluates_nor_reads_nor_prints(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    called = set(_called_names(tree))
    assert called.isdisjoint(FORBIDDEN_CALLS), sorted(called & FORBIDDEN_CALLS)
