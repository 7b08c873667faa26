"""The server's modules use each other's public names only: a module never imports another's
underscored name (rematch.py once took handlers' `_room` and `_seat`, and the archiver
archive.py's `_write`, whose behaviour their module could change as its own)."""

from __future__ import annotations

import ast
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "server"


def private_imports(path: Path) -> list[str]:
    """Each `from server.… import _name` in the file, as `module._name` (line)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("server."):
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{node.module}.{alias.name} (line {node.lineno})")
    return found


def test_no_module_of_the_server_imports_anothers_private_names() -> None:
    found = {
        str(path.relative_to(SERVER.parent)): names
        for path in sorted(SERVER.rglob("*.py"))
        if (names := private_imports(path))
    }
    assert found == {}
