"""A YAML mistake in a rule file is told in a rule author's words, at the line to fix: a tab, a
line out of line, a quote or a `{` left open, a stray `]`, a key without its `:`, a section
written twice (not as the parser's `expected <block end>, but found '<block mapping start>'`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    ("text", "told"),
    [
        pytest.param(
            "variables:\n\tx: {name: {en: X, zh: 叉}}\n",
            "2:1: YAML: a tab: write spaces instead (a rule file is indented with spaces)",
            id="tab-indent",
        ),
        pytest.param(
            "variables:\n  x:\t{name: {en: X, zh: 叉}}\n",
            "2:5: YAML: a tab: write spaces instead (a rule file is indented with spaces)",
            id="tab-after-colon",
        ),
        pytest.param(
            "variables:\n  x: {name: {en: X, zh: 叉}}\n   y: {name: {en: Y, zh: 乙}}\n",
            "3:4: YAML: this line does not line up with the lines above it: indent the keys of"
            " one section by the same number of spaces",
            id="indented-too-far",
        ),
        pytest.param(
            "variables:\n  x: {name: {en: X, zh: 叉}}\n y: {name: {en: Y, zh: 乙}}\n",
            "3:2: YAML: this line does not line up with the lines above it: indent the keys of"
            " one section by the same number of spaces",
            id="indented-too-little",
        ),
        pytest.param(
            'variables:\n  x: {name: {en: "X, zh: 叉}}\n  y: {name: {en: Y, zh: 乙}}\n',
            "2:18: YAML: the quote opened here is never closed",
            id="quote-never-closed",
        ),
        pytest.param(
            'variables:\n  x: {name: {en: "X, zh: 叉}}\n  y: {name: {en: "Y", zh: 乙}}\n',
            "2:13: YAML: the { opened here is not closed where it should be: a '}', a ',' or a"
            " closing quote is missing in it (line 3 is where it went wrong)",
            id="quote-closed-by-a-later-line",
        ),
        pytest.param(
            "variables:\n  x: {name: {en: X, zh: 叉}\n  y: {name: {en: Y, zh: 乙}}\n",
            "2:6: YAML: the { opened here is not closed where it should be: a '}', a ',' or a"
            " closing quote is missing in it (line 3 is where it went wrong)",
            id="brace-never-closed",
        ),
        pytest.param(
            'variables:\n  x: {name: {en: "X" and more, zh: 叉}}\n',
            "2:22: YAML: expected ',' or '}', but got '<scalar>' (a ',' between two entries,"
            " or a quote, is missing)",
            id="text-after-a-quote-in-braces",
        ),
        pytest.param(
            'scenario:\n  text: "It\'s" said\n',
            "2:16: YAML: more text after a closing quote: put the whole text in quotes (for a"
            " quote inside it, use the other kind of quote)",
            id="text-after-a-quote",
        ),
        pytest.param(
            "outcomes: [a, b]]\n",
            "1:17: YAML: a ] that closes nothing: remove it",
            id="stray-bracket",
        ),
        pytest.param(
            "variables: {}\nresolution\noutcomes: []\n",
            "2:1: YAML: this line has no ':' after its key (each line is 'key: value')",
            id="key-without-colon",
        ),
        pytest.param(
            "variables:\n  x: {name: {en: X, zh: 叉}}\n  x: {name: {en: Y, zh: 乙}}\n",
            '3:3: YAML: found duplicate key "x": write each key once',
            id="section-written-twice",
        ),
    ],
)
def test_a_yaml_mistake_is_told_in_an_authors_words(
    capsys: pytest.CaptureFixture[str], text: str, told: str
) -> None:
    Path("lib.yaml").write_text(text, encoding="utf-8")

    code = main(["rules", "check", "lib.yaml"])

    assert capsys.readouterr().out.splitlines() == [f"lib.yaml:{told}"]
    assert code == 1
