"""Every relative link in README.md, docs/ and rules/ (the guides a new user follows) names a
file that exists, and every `#anchor` a heading of the file it points into (GitHub's slugs)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"#{1,6}\s+(.*)")


def guides() -> list[Path]:
    return [
        ROOT / "README.md",
        *sorted((ROOT / "docs").rglob("*.md")),
        *sorted((ROOT / "rules").rglob("*.md")),
    ]


def prose(path: Path) -> list[tuple[int, str]]:
    """The numbered lines of a Markdown file outside its fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {slug(found[1]) for _, line in prose(path) if (found := HEADING.match(line))}


def broken_links() -> list[str]:
    broken = []
    for path in guides():
        for number, line in prose(path):
            for target in LINK.findall(line):
                if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                    continue
                file, _, anchor = target.partition("#")
                pointed = (path.parent / file) if file else path
                where = f"{path.relative_to(ROOT)}:{number}: {target}"
                if not pointed.exists():
                    broken.append(f"{where}: no such file")
                elif anchor and pointed.suffix == ".md" and anchor not in anchors(pointed):
                    broken.append(f"{where}: no such heading")
    return broken


def test_every_link_in_the_guides_leads_somewhere() -> None:
    assert guides()[1:], "no docs found"
    assert broken_links() == []


def test_the_checker_sees_a_broken_link(tmp_path: Path) -> None:
    """The checker itself: a missing file and a missing heading are both caught."""
    page = tmp_path / "page.md"
    page.write_text("# Top\n\n[a](gone.md) [b](#top) [c](#nowhere)\n```\n[d](gone.md)\n```\n")
    found = [(number, target) for number, line in prose(page) for target in LINK.findall(line)]
    assert found == [(3, "gone.md"), (3, "#top"), (3, "#nowhere")]
    assert "nowhere" not in anchors(page) and "top" in anchors(page)
