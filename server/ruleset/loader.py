"""Loading rule files: parse with positions, validate, merge `extends`, cross-check.

    load_ruleset(path) -> Ruleset        a scenario ready to play, or RuleCheckFailed
    check_paths(paths) -> [RuleError]    every problem in files and folders, for `brink rules check`
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from server.ruleset.checks import cross_check
from server.ruleset.model import Ruleset
from server.ruleset.schema import RuleFile
from server.ruleset.source import PathKey, RuleCheckFailed, RuleError, Source, read_source

LISTS_BY_ID = ("cards", "news", "deal_terms", "outcomes", "objectives")
MAPS_BY_KEY = ("sides", "variables")


@dataclass(slots=True)
class Merged:
    """A scenario merged with its libraries, and where each merged entry came from."""

    data: dict[str, Any] = field(default_factory=dict)
    origins: dict[PathKey, tuple[Source, PathKey]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    def error_at(self, where: PathKey, message: str) -> RuleError:
        """Return an error placed in the file and line the merged path `where` came from."""
        for cut in range(len(where), 0, -1):
            found = self.origins.get(where[:cut])
            if found is not None:
                source, origin = found
                return source.error_at((*origin, *where[cut:]), message)
        return self.sources[-1].error_at(where, message)


def display_name(path: Path) -> str:
    """Return the path as the user would type it: relative to the working folder if inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_ruleset(path: str | Path) -> Ruleset:
    """Return the checked, merged scenario at `path`; raise RuleCheckFailed listing every problem."""
    merged = _merge(Path(path), ())
    if merged.data.get("scenario") is None:
        source = merged.sources[-1]
        raise RuleCheckFailed([source.error_at((), "not a scenario: it has no `scenario:` section")])
    spec = _validated(merged.sources[-1], merged.data, merged.error_at)
    errors = cross_check(spec, merged.error_at)
    if errors:
        raise RuleCheckFailed(errors)
    return Ruleset(spec)


def check_paths(paths: list[str]) -> list[RuleError]:
    """Return every problem in the given files and folders (folders: every *.yaml below)."""
    files: list[Path] = []
    errors: list[RuleError] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")]))
        elif path.is_file():
            files.append(path)
        else:
            errors.append(RuleError(name, 1, 1, "no such file or folder"))
    for file in files:
        errors.extend(_check_file(file))
    unique = dict.fromkeys(errors)
    return list(unique)


def _check_file(path: Path) -> list[RuleError]:
    try:
        source = read_source(path, display_name(path))
        data = source.data
        if isinstance(data, dict) and data.get("scenario") is not None:
            load_ruleset(path)
        else:
            _validated(source, data, source.error_at)
            _merge(path, ())
    except RuleCheckFailed as failure:
        return failure.errors
    return []


def _validated(source: Source, data: Any, error_at: Any) -> RuleFile:
    try:
        return RuleFile.model_validate(data)
    except ValidationError as error:
        raise RuleCheckFailed(_located(error, error_at)) from None


def _located(error: ValidationError, error_at: Any) -> list[RuleError]:
    found: dict[tuple[str, int, int], RuleError] = {}
    for problem in error.errors():
        where = tuple(p for p in problem["loc"] if isinstance(p, int | str))
        field_name = _dotted(where)
        message = problem["msg"]
        if problem["type"] == "extra_forbidden":
            message = "unknown field"
        elif problem["type"] == "missing":
            message = "missing field"
        located: RuleError = error_at(where, f"{field_name}: {message}")
        found.setdefault((located.file, located.line, located.column), located)
    return list(found.values())


def _dotted(where: PathKey) -> str:
    text = ""
    for part in where:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ("int", "str") or "[" in part:
            continue
        else:
            text += f".{part}" if text else part
    return text or "file"


def _merge(path: Path, chain: tuple[Path, ...]) -> Merged:
    resolved = path.resolve()
    source = read_source(path, display_name(path))
    if resolved in chain:
        raise RuleCheckFailed([source.error_at(("extends",), "extends itself in a cycle")])
    if not isinstance(source.data, dict):
        raise RuleCheckFailed([source.error_at((), "a rule file must be a mapping of sections")])
    merged = Merged()
    extends = source.data.get("extends", [])
    for index, name in enumerate(extends if isinstance(extends, list) else []):
        target = path.parent / str(name)
        if not target.is_file():
            error = source.error_at(("extends", index), f"extends: no such file {name!r}")
            raise RuleCheckFailed([error])
        _absorb(merged, _merge(target, (*chain, resolved)))
    _absorb_source(merged, source)
    merged.sources.append(source)
    return merged


def _absorb(into: Merged, other: Merged) -> None:
    for key, value in other.data.items():
        if key in LISTS_BY_ID or key == "resolution":
            start = len(into.data.get(key, []))
            into.data.setdefault(key, []).extend(value)
            for index in range(len(value)):
                origin = other.origins.get((key, index))
                if origin is not None:
                    into.origins[(key, start + index)] = origin
        elif key in MAPS_BY_KEY:
            into.data.setdefault(key, {}).update(value)
            for name in value:
                if (key, name) in other.origins:
                    into.origins[(key, name)] = other.origins[(key, name)]
        elif key != "extends":
            into.data[key] = value
            into.origins[(key,)] = other.origins.get((key,), (other.sources[-1], (key,)))
    for source in other.sources:
        if source not in into.sources:
            into.sources.append(source)


def _absorb_source(into: Merged, source: Source) -> None:
    own = Merged(origins={}, sources=[source])
    for key, value in source.data.items():
        own.data[key] = value
        own.origins[(key,)] = (source, (key,))
        if key in LISTS_BY_ID or key == "resolution":
            for index in range(len(value) if isinstance(value, list) else 0):
                own.origins[(key, index)] = (source, (key, index))
            if not isinstance(value, list):
                own.data[key] = value
        elif key in MAPS_BY_KEY and isinstance(value, dict):
            for name in value:
                own.origins[(key, name)] = (source, (key, name))
    _absorb_checked(into, own)


def _absorb_checked(into: Merged, own: Merged) -> None:
    bad = [
        key
        for key in (*LISTS_BY_ID, "resolution", *MAPS_BY_KEY)
        if key in own.data
        and not isinstance(own.data[key], list if key not in MAPS_BY_KEY else dict)
    ]
    if bad:
        source = own.sources[-1]
        kind = {True: "a mapping", False: "a list"}
        raise RuleCheckFailed(
            [source.error_at((key,), f"{key}: should be {kind[key in MAPS_BY_KEY]}") for key in bad]
        )
    _absorb(into, own)
