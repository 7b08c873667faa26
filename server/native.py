"""The engine compiled with mypyc, used when built for exactly the sources in this tree.

`brink build` compiles the engine's modules (MODULES) to C extensions with mypyc (part of mypy,
which the `dev` extra installs) and gcc, into `.native/STAMP/` beside `server/` (or, when that
is not writable, `~/.cache/brinkmanship/native/STAMP/`). STAMP is a hash of those modules'
sources and the Python build, so a compiled copy is only ever used for the very
sources it was made from: edit one of them and the pure Python runs again until the next build.
`install()` — run by `import server` — puts a finder at the head of `sys.meta_path` that loads
the compiled modules from there; BRINK_NATIVE=0 turns it off. The game is the same either way
(tests/engine/test_native.py plays whole games both ways and compares every byte); the engine
spends ~25–30% less CPU (docs/performance.md).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import shutil
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

MODULES = (
    "server.engine.betting",
    "server.engine.decide",
    "server.engine.evolve",
    "server.engine.flow",
    "server.engine.instructor",
    "server.engine.legal",
    "server.engine.rng",
    "server.engine.step",
    "server.engine.talks",
    "server.engine.viewjson",
    "server.ruleset.expr",
)
"""The modules compiled: the engine's own logic (its pydantic models stay Python: mypyc does not
compile classes built by pydantic's metaclass)."""

ROOT = Path(__file__).resolve().parent.parent
SWITCH = "BRINK_NATIVE"
_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
_DONE = "complete"


def stamp() -> str:
    """Return the hash naming the compiled copy of this tree's MODULES."""
    digest = hashlib.sha256()
    for part in (sys.version, _SUFFIX):
        digest.update(part.encode())
    for name in MODULES:
        digest.update(name.encode())
        digest.update(_source(name).read_bytes())
    return digest.hexdigest()[:20]


def _source(name: str) -> Path:
    return ROOT.joinpath(*name.split(".")).with_suffix(".py")


def folders() -> list[Path]:
    """Where compiled copies are kept, in the order they are looked for."""
    return [ROOT / ".native", Path.home() / ".cache" / "brinkmanship" / "native"]


def built() -> Path | None:
    """Return the folder holding a complete compiled copy of these sources, or None."""
    name = stamp()
    for folder in folders():
        if (folder / name / _DONE).is_file():
            return folder / name
    return None


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules (and mypyc's shared library for them) in one folder."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        file = self.files.get(fullname)
        return None if file is None else importlib.util.spec_from_file_location(fullname, file)


def install() -> bool:
    """Load the compiled modules from now on if they are built for these sources (and not
    turned off); return whether they will be."""
    if os.environ.get(SWITCH, "1") == "0" or any(isinstance(f, _Finder) for f in sys.meta_path):
        return active()
    folder = built()
    if folder is None:
        return False
    files = {}
    for file in folder.rglob(f"*{_SUFFIX}"):
        parts = file.relative_to(folder).parts
        files[".".join((*parts[:-1], parts[-1].removesuffix(_SUFFIX)))] = file
    if not set(MODULES) <= files.keys() or any(name in sys.modules for name in MODULES):
        return False  # incomplete, or too late: the pure modules are already in use
    sys.meta_path.insert(0, _Finder(files))
    return True


def active() -> bool:
    """Return whether the compiled modules are in use (or will be, once imported)."""
    return any(isinstance(finder, _Finder) for finder in sys.meta_path)


class Unavailable(RuntimeError):
    """This machine cannot compile the engine: no mypyc, or no C compiler."""


def build(quiet: bool = False) -> Path:
    """Compile MODULES for these sources (if not done already); return the folder. Raises
    Unavailable when this machine cannot, RuntimeError when compiling failed (each with a
    one-line reason)."""
    found = built()
    if found is not None:
        return found
    try:
        from mypyc.build import mypycify

        setuptools = importlib.import_module("setuptools")  # untyped
    except ImportError as error:
        raise Unavailable(f"mypyc is not installed ({error}): pip install mypy") from None
    if shutil.which(os.environ.get("CC", "cc")) is None and shutil.which("gcc") is None:
        raise Unavailable("no C compiler (cc or gcc) found")
    name = stamp()
    for folder in folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix="build-", dir=folder))
            break
        except OSError:
            continue
    else:
        raise RuntimeError(f"no writable folder for the compiled engine: {folders()}")
    started = time.perf_counter()
    here = Path.cwd()
    try:
        os.chdir(ROOT)  # mypy resolves the modules' imports from the tree's root
        paths = [str(_source(module).relative_to(ROOT)) for module in MODULES]
        extensions = mypycify(paths, opt_level="3", target_dir=str(work / "c"))
        dist = setuptools.Distribution({"name": "brinkmanship-native", "ext_modules": extensions})
        command = dist.get_command_obj("build_ext")
        command.build_lib = str(work / "out")
        command.build_temp = str(work / "temp")
        dist.verbose = not quiet
        dist.run_command("build_ext")
        (work / "out" / _DONE).write_text(" ".join(MODULES) + "\n")
        target = folder / name
        if (target / _DONE).is_file():  # built meanwhile by another process
            return target
        shutil.rmtree(target, ignore_errors=True)
        os.replace(work / "out", target)
    except (Exception, SystemExit) as error:  # setuptools reports a failed compile by exiting
        raise RuntimeError(f"compiling the engine failed: {error}") from None
    finally:
        os.chdir(here)
        shutil.rmtree(work, ignore_errors=True)
    for old in folder.iterdir():  # copies for other sources: never used again
        if old.is_dir() and old.name != name and not old.name.startswith("build-"):
            shutil.rmtree(old, ignore_errors=True)
    if not quiet:
        print(f"compiled {len(MODULES)} modules in {time.perf_counter() - started:.0f} s: {target}")
    return target
