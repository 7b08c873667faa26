"""The engine compiled with mypyc, used when built for exactly the sources in this tree.

`brink build` compiles the engine's modules (MODULES) to C extensions with mypyc (part of mypy:
the `fast` or `dev` extra) and a C compiler, into `.native/STAMP/` beside `server/` (or, when
that is not writable, `~/.cache/brinkmanship/native/STAMP/`). STAMP hashes every source of the
engine and the ruleset (the compiled code bakes in the types of what it imports: the layer
contracts keep those two packages from importing anything else of the server) and the Python
build, so a compiled copy is only ever used for the very sources it was made from: edit one and
the pure Python runs again until the next build. `install()` — run by `import server` — puts a
finder at the head of `sys.meta_path` that loads the compiled modules from there; BRINK_NATIVE=0
turns it off. The game is the same either way (tests/engine/test_native.py plays whole games
both ways and compares every byte); the engine's own work takes ~27% less CPU and the server
~13% (docs/performance.md).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import sysconfig
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
    "server.engine.progress",
    "server.engine.rng",
    "server.engine.step",
    "server.engine.talks",
    "server.engine.viewjson",
    "server.ruleset.compiled",
    "server.ruleset.expr",
)
"""The modules compiled: the engine's own logic (its pydantic models stay Python: mypyc does not
compile classes built by pydantic's metaclass)."""

ROOT = Path(__file__).resolve().parent.parent
SWITCH = "BRINK_NATIVE"
_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
_DONE = "complete"


PACKAGES = ("engine", "ruleset")
"""The packages of `server/` whose sources the compiled code depends on (STAMP hashes them)."""


def sources(root: Path = ROOT) -> list[Path]:
    """Every source file the compiled modules are built from or depend on, in a fixed order."""
    found = [file for package in PACKAGES for file in (root / "server" / package).glob("*.py")]
    return sorted(found)


def stamp(root: Path = ROOT) -> str:
    """Return the hash naming the compiled copy of the sources in `root` (this tree's)."""
    digest = hashlib.sha256()
    for part in (sys.version, _SUFFIX, " ".join(MODULES)):
        digest.update(part.encode())
    for file in sources(root):
        digest.update(file.relative_to(root).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:20]


def folders() -> list[Path]:
    """Where compiled copies are kept, in the order they are looked for."""
    try:
        home = Path.home()
    except RuntimeError:  # no home directory known (an account without one)
        return [ROOT / ".native"]
    return [ROOT / ".native", home / ".cache" / "brinkmanship" / "native"]


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


def state() -> str:
    """Say which engine runs, and why the pure one when it does (for `brink serve`'s log)."""
    if active():
        return "compiled (brink build)"
    if os.environ.get(SWITCH, "1") == "0":
        return f"pure Python ({SWITCH}=0)"
    if any(_holds_copies(folder) for folder in folders()):
        return "pure Python: the compiled copy is of other sources (brink build compiles these)"
    return "pure Python (brink build compiles it)"


def _holds_copies(folder: Path) -> bool:
    try:
        return folder.is_dir() and any(folder.iterdir())
    except OSError:
        return False


def active() -> bool:
    """Return whether the compiled modules are in use (or will be, once imported)."""
    return any(isinstance(finder, _Finder) for finder in sys.meta_path)


class Unavailable(RuntimeError):
    """This machine cannot compile the engine: no mypyc, no C compiler or no Python headers."""


MYPY_CONFIG = """[mypy]
strict = True
python_version = {version}
plugins = pydantic.mypy
explicit_package_bases = True
[mypy-simpleeval.*]
ignore_missing_imports = True
[mypy-jsonschema.*]
ignore_missing_imports = True
"""
"""mypy's settings for the build (those of pyproject.toml that the engine needs): the build runs
on a copy of the sources, away from the tree and from site-packages."""


def build(quiet: bool = False) -> Path:
    """Compile MODULES for these sources (if not done already); return the folder. Raises
    Unavailable when this machine cannot, RuntimeError when compiling failed (each with a
    one-line reason)."""
    found = built()
    if found is not None:
        if not quiet:
            print(f"already built for these sources: {found}")
        return found
    import shutil
    import tempfile

    try:
        from mypyc.build import mypycify
    except ImportError as error:
        raise Unavailable(f"mypyc is not installed ({error}): pip install mypy") from None
    if shutil.which(os.environ.get("CC", "cc")) is None and shutil.which("gcc") is None:
        raise Unavailable("no C compiler (cc or gcc) found")
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        raise Unavailable("Python's C headers (Python.h) are missing: install python3-dev")
    setuptools = importlib.import_module("setuptools")  # untyped
    folder, work = _work_folder(tempfile)
    started = time.perf_counter()
    here = Path.cwd()
    source = work / "src"
    for package in PACKAGES:  # the sources alone: mypy sees nothing else of the tree
        shutil.copytree(ROOT / "server" / package, source / "server" / package)
    (source / "server" / "__init__.py").write_text("")
    name = stamp(source)  # of what is compiled, even if the tree changes meanwhile
    target = folder / name
    try:
        config = work / "mypy.ini"
        config.write_text(
            MYPY_CONFIG.format(version=f"{sys.version_info[0]}.{sys.version_info[1]}")
        )
        os.chdir(source)
        options = ["--config-file", str(config), "--cache-dir", str(work / "cache")]
        paths = [str(Path(*module.split(".")).with_suffix(".py")) for module in MODULES]
        extensions = mypycify([*options, *paths], opt_level="3", target_dir=str(work / "c"))
        dist = setuptools.Distribution({"name": "brinkmanship-native", "ext_modules": extensions})
        command = dist.get_command_obj("build_ext")
        command.build_lib = str(work / "out")
        command.build_temp = str(work / "temp")
        dist.verbose = not quiet
        dist.run_command("build_ext")
        (work / "out" / _DONE).write_text(" ".join(MODULES) + "\n")
        if not (target / _DONE).is_file():  # else built meanwhile by another process
            shutil.rmtree(target, ignore_errors=True)
            os.replace(work / "out", target)
    except (Exception, SystemExit) as error:  # setuptools reports a failed compile by exiting
        if (target / _DONE).is_file():  # another build won the race with the same sources
            return target
        reason = str(error) if not isinstance(error, SystemExit) else f"exit {error.code}"
        raise RuntimeError(
            f"compiling the engine failed ({reason}); see the output above"
        ) from None
    finally:
        os.chdir(here)
        shutil.rmtree(work, ignore_errors=True)
    _tidy(folder, name, shutil)
    if not quiet:
        print(f"compiled {len(MODULES)} modules in {time.perf_counter() - started:.0f} s: {target}")
    return target


def _work_folder(tempfile: ModuleType) -> tuple[Path, Path]:
    """Return the first writable of `folders()` and a fresh work folder inside it."""
    for folder in folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return folder, Path(tempfile.mkdtemp(prefix="build-", dir=folder))
        except OSError:
            continue
    raise RuntimeError(f"no writable folder for the compiled engine: {folders()}")


def _tidy(folder: Path, keep: str, shutil: ModuleType) -> None:
    """Remove copies for other sources (never used again) and builds stopped over an hour ago."""
    for old in folder.iterdir():
        if not old.is_dir() or old.name == keep:
            continue
        if not old.name.startswith("build-") or time.time() - old.stat().st_mtime > 3600:
            shutil.rmtree(old, ignore_errors=True)
