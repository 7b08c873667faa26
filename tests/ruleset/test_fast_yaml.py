"""Rule files are read by libyaml's C parser (fast_yaml.py) where it reads them exactly as ruamel
does, and by ruamel otherwise: a large file is checked in a fraction of the time (ruamel's
round-trip reader took ~4 s of CPU for 800 KB), with the same data, the same places, and every
problem still found and placed by ruamel."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.ruleset import source
from server.ruleset.fast_yaml import available, fast_read
from server.ruleset.source import MAX_INTEGER, MAX_NESTING, MAX_NODES, read_source

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CORPUS = sorted([*(REPO / "rules").rglob("*.yaml"), *HERE.rglob("*.yaml")])

pytestmark = pytest.mark.skipif(not available(), reason="PyYAML without libyaml")


def _by_ruamel(path: Path, monkeypatch: pytest.MonkeyPatch) -> source.Source:
    with monkeypatch.context() as patch:
        patch.setattr(source, "fast_read", lambda *args: None)
        return read_source(path, path.name)


def _fast(text: str) -> object:
    return fast_read(text, MAX_NESTING, MAX_NODES, MAX_INTEGER)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(REPO)))
def test_libyaml_reads_a_file_as_ruamel_does(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    fast = _fast(text)
    if fast is None:
        return  # ruamel reads it (a problem, a tag, an anchor…): nothing to compare
    ruamel = _by_ruamel(path, monkeypatch)
    assert isinstance(fast, tuple)
    data, places = fast
    assert data == ruamel.data
    assert {**places, (): (1, 1)} == ruamel.places


def test_the_shipped_rule_files_are_read_by_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_ruamel() -> None:
        raise AssertionError("read by ruamel")

    monkeypatch.setattr(source, "_yaml", no_ruamel)
    for path in (REPO / "rules").rglob("*.yaml"):
        assert read_source(path, path.name).data


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases: ruamel counts their nodes
        "a: 1\na: 2\n",  # a key twice: ruamel says where
        "a: !foo 1\n",  # a tag
        "a: 0x1f\n",  # ruamel's own reading of numbers
        "a: 2025-04-02\n",  # a date
        "a: 2.5\n",
        "a: 99999999999999999999\n",  # past the largest number
        "a: [1\n",  # not YAML at all
        "a:\n\t- 1\n",  # a tab
        "%YAML 1.1\n---\na: yes\n",  # another YAML
        "a: 1\n---\nb: 2\n",  # two documents
        "<<: {a: 1}\n",  # a merge key
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
        "",
    ],
)
def test_what_ruamel_must_read_is_left_to_it(text: str) -> None:
    assert _fast(text) is None


def test_yaml_1_2_words_are_read_as_ruamel_reads_them() -> None:
    text = "a: yes\nb: no\nc: true\nd: ~\ne:\nf: 'true'\ng: -3\nh: {1: x}\n"

    assert _fast(text) == (
        {
            "a": "yes",
            "b": "no",
            "c": True,
            "d": None,
            "e": None,
            "f": "true",
            "g": -3,
            "h": {1: "x"},
        },
        {
            ("a",): (1, 1),
            ("b",): (2, 1),
            ("c",): (3, 1),
            ("d",): (4, 1),
            ("e",): (5, 1),
            ("f",): (6, 1),
            ("g",): (7, 1),
            ("h",): (8, 1),
            ("h", 1): (8, 5),
        },
    )
