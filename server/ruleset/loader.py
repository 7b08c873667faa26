"""Loading rule files: parse with positions, validate, merge `extends`, cross-check.

    load_ruleset(path) -> Ruleset        a scenario ready to play, or RuleCheckFailed
    check_paths(paths) -> [RuleError]    every problem in files and folders, for `brink rules check`
                                         (a folder: its own *.yaml, each with what it extends)

Every file is validated on its own before it is merged, so a problem is always told in the words
of the file that has it; each file reached through `extends` is merged once, however many paths
lead to it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from server.ruleset.checks import check_library, cross_check
from server.ruleset.messages import Locate, dotted, located
from server.ruleset.model import Ruleset
from server.ruleset.schema import RuleFile
from server.ruleset.source import PathKey, RuleCheckFailed, RuleError, Source, read_source

LISTS_BY_ID = ("cards", "news", "instructor_news", "deal_terms", "outcomes", "objectives")
MAPS_BY_KEY = ("sides", "variables")


@dataclass(slots=True)
class Merged:
    """A scenario merged with its libraries, and where each merged entry came from."""

    data: dict[str, Any] = field(default_factory=dict)
    origins: dict[PathKey, tuple[Source, PathKey]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    def origin(self, where: PathKey) -> tuple[Source, PathKey]:
        """Return the file the merged path `where` came from, and the same path in that file."""
        for cut in range(len(where), 0, -1):
            found = self.origins.get(where[:cut])
            if found is not None:
                source, origin = found
                return source, (*origin, *where[cut:])
        return self.sources[-1], where

    def error_at(self, where: PathKey, message: str, *, named: bool = False) -> RuleError:
        """Return an error placed in the file and line the merged path `where` came from;
        `named`: the message starts with that path as the file has it (`cards[0].requires`)."""
        source, origin = self.origin(where)
        return source.error_at(origin, f"{dotted(origin)}: {message}" if named else message)


@dataclass(slots=True)
class _Walk:
    """A merge under way: what is merged so far, the files already reached, the problems."""

    merged: Merged = field(default_factory=Merged)
    reached: dict[Path, Source | None] = field(default_factory=dict)  # None: unreadable
    errors: list[RuleError] = field(default_factory=list)


def display_name(path: Path) -> str:
    """Return the path as the user would type it: relative to the working folder if inside.
    A link keeps its own name (a link to a missing file is named, not the file it misses)."""
    here = Path.cwd().resolve()
    for absolute in (Path(os.path.abspath(path)), path.resolve()):
        try:
            return str(absolute.relative_to(here))
        except ValueError:
            continue
    return str(path)


NOT_A_SCENARIO = "not a scenario: it has no `scenario:` section"
"""What `load_ruleset` says of a library (a file a scenario extends), as its only problem."""


def load_ruleset(path: str | Path) -> Ruleset:
    """Return the checked, merged scenario at `path`; raise RuleCheckFailed with every problem."""
    merged = _merge(Path(path))
    if merged.data.get("scenario") is None:
        source = merged.sources[-1]
        raise RuleCheckFailed([source.error_at((), NOT_A_SCENARIO)])
    return Ruleset(_checked(merged, scenario=True))


NO_RULE_FILES = (
    "no rule files in this folder: a rules folder holds its *.yaml files itself (its "
    "subfolders are read only through `extends`)"
)


def check_paths(paths: list[str]) -> list[RuleError]:
    """Return every problem in the given files and folders. A folder's rule files are its own
    *.yaml (and *.yml) files, as `brink serve` reads a rules folder, each checked with every
    file it extends: its subfolders (`base/`) are reached through `extends`, and no tree below
    it is walked (a folder such as /tmp or a home folder holds deep trees of other files)."""
    files: list[Path] = []
    errors: list[RuleError] = []
    for name in paths:
        path = Path(name)
        if _is_dir(path):
            # A folder named `x.yaml` inside it holds no rules of its own.
            found = sorted([*_listed(path, "*.yaml"), *_listed(path, "*.yml")])
            found = [file for file in found if not _is_dir(file)]  # a broken link is told
            if not found:  # nothing checked is not "all valid": a folder above the rules?
                errors.append(RuleError(name, 1, 1, NO_RULE_FILES))
            files.extend(found)
        elif _is_file(path):
            files.append(path)
        elif _exists(path):  # a device, a pipe, a socket: nothing to read rules from
            errors.append(RuleError(name, 1, 1, "not a file or folder"))
        else:
            errors.append(RuleError(name, 1, 1, "no such file or folder"))
    ids: dict[str, Source] = {}  # each scenario's id, and the first file that has it
    for file in files:
        errors.extend(_check_file(file, ids))
    return list(dict.fromkeys(errors))


def _listed(folder: Path, pattern: str) -> list[Path]:
    """Return the files of `folder` itself whose names match `pattern` (none if it cannot be
    listed)."""
    try:
        return list(folder.glob(pattern))
    except OSError:
        return []


def _check_file(path: Path, ids: dict[str, Source]) -> list[RuleError]:
    """Return the problems of one file: a scenario, or a library with what it extends; a
    scenario whose id an earlier one has is one (a server offers one scenario by an id)."""
    try:
        merged = _merge(path)
        source = merged.sources[-1]
        spec = _checked(merged, scenario=source.data.get("scenario") is not None)
    except RuleCheckFailed as failure:
        return failure.errors
    if spec.scenario is None:
        return []
    first = ids.setdefault(spec.scenario.id, source)
    if first.path.resolve() == source.path.resolve():
        return []
    message = (
        f"scenario.id: {spec.scenario.id!r} is also the id of {first.display}: "
        "a server offers only one scenario by an id"
    )
    return [source.error_at(("scenario", "id"), message)]


def _checked(merged: Merged, *, scenario: bool) -> RuleFile:
    """Return the merged rules validated and cross-checked, or raise RuleCheckFailed."""
    spec = _validated(merged.data, merged.origin)
    check = cross_check if scenario else check_library
    errors = check(spec, merged.error_at)
    if errors:
        raise RuleCheckFailed(errors)
    return spec


def _validated(data: Any, locate: Locate) -> RuleFile:
    """Return `data` as a RuleFile, or raise RuleCheckFailed placing each problem with `locate`."""
    try:
        return RuleFile.model_validate(data)
    except ValidationError as error:
        raise RuleCheckFailed(located(error, data, locate)) from None


def _merge(path: Path) -> Merged:
    """Return the file at `path` merged with everything it extends, each file once; raise
    RuleCheckFailed with the problems of every file reached if any has one."""
    walk = _Walk()
    _visit(walk, path, ())
    if walk.errors:
        raise RuleCheckFailed(walk.errors)
    return walk.merged


def _visit(walk: _Walk, path: Path, chain: tuple[Path, ...]) -> None:
    """Merge what `path` extends, then the file itself, into `walk` (or note their problems)."""
    resolved = path.resolve()
    if resolved in chain:
        looped = walk.reached[resolved]
        assert looped is not None  # its `extends` led here, so it was read
        walk.errors.append(looped.error_at(("extends",), "extends itself in a cycle"))
        return
    if resolved in walk.reached:
        return
    source = walk.reached[resolved] = _read(walk, path)
    if source is None:
        return
    problems = _problems(source)
    extends = source.data.get("extends", [])
    if isinstance(extends, list) and all(isinstance(name, str) for name in extends):
        for index, name in enumerate(extends):
            target = path.parent / name
            if _is_file(target):
                _visit(walk, target, (*chain, resolved))
            else:
                message = f"extends: no such file {name!r}"
                walk.errors.append(source.error_at(("extends", index), message))
    walk.errors.extend(problems)
    if not problems:
        _absorb(walk.merged, source)


def _is_file(path: Path) -> bool:
    """Return whether `path` names a file that can be read (a name too long for the system,
    or holding a NUL, names none)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _read(walk: _Walk, path: Path) -> Source | None:
    """Return the file's sections with their places, or None with its problem in `walk`."""
    try:
        source = read_source(path, display_name(path))
    except RuleCheckFailed as failure:
        walk.errors.extend(failure.errors)
        return None
    if not isinstance(source.data, dict):
        walk.errors.append(source.error_at((), "a rule file must be a mapping of sections"))
        return None
    if not source.data:  # nothing, only comments, or `{}`: a file saved empty by mistake
        message = "the file is empty: a rule file holds at least one section (rules/README.md)"
        walk.errors.append(source.error_at((), message))
        return None
    return source


def _problems(source: Source) -> list[RuleError]:
    """Return the problems of the file validated on its own (none: it may be merged)."""
    try:
        _validated(source.data, lambda where: (source, where))
    except RuleCheckFailed as failure:
        return failure.errors
    return []


def _absorb(into: Merged, source: Source) -> None:
    """Merge one valid file into `into`, remembering where each entry came from."""
    for key, value in source.data.items():
        if key in LISTS_BY_ID or key == "resolution":
            items = into.data.setdefault(key, [])
            for index, item in enumerate(value):
                into.origins[(key, len(items))] = (source, (key, index))
                items.append(item)
        elif key in MAPS_BY_KEY:
            into.data.setdefault(key, {}).update(value)
            for name in value:
                into.origins[(key, name)] = (source, (key, name))
        elif key != "extends":
            into.data[key] = value
            into.origins[(key,)] = (source, (key,))
    into.sources.append(source)
