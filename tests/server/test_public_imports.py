"""The live, web and classroom layers use each other's public names only: a module never
imports another's underscored name (rematch.py once took handlers' `_room` and `_seat`, whose
behaviour their module could change as its own)."""

from __future__ import annotations

import ast
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "server"
LAYERS = ("live", "web", "classroom")


def private_imports(path: Path) -> list[str]:
    """Each `from server.… import _name` in the file, as `module._name` (line)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("server."):
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{node.module}.{alias.name} (line {node.lineno})")
    return found


def test_no_module_of_the_upper_layers_imports_anothers_private_names() -> None:
    found = {
        str(path.relative_to(SERVER.parent)): names
        for layer in LAYERS
        for path in sorted((SERVER / layer).rglob("*.py"))
        if (names := private_imports(path))
    }
    assert found == {}
