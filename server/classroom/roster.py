"""Reading a roster: names pasted one a line, or a CSV file exported from a school's system.

A CSV's names come from its column headed `name` (or `student`, `full name`, `姓名`, `學生`...);
with `first name` and `last name` (or `given`/`family`, `名`/`姓`) columns they are joined; a CSV
without such a header is read as names in its first column. Empty lines, and a repeated name
(spelt the same but for case and spaces), are skipped. Pure.
"""

from __future__ import annotations

import csv
import io

from server.classroom.model import name_key, tidy_name

NAME_HEADERS = (
    "name",
    "student",
    "student name",
    "full name",
    "names",
    "姓名",
    "學生",
    "学生",
    "名字",
)
FIRST_HEADERS = ("first name", "first", "given name", "given", "forename", "名")
LAST_HEADERS = ("last name", "last", "family name", "family", "surname", "姓")
MAX_NAME = 40


def _column(header: list[str], wanted: tuple[str, ...]) -> int | None:
    keys = [" ".join(cell.replace("_", " ").split()).casefold() for cell in header]
    for name in wanted:
        if name in keys:
            return keys.index(name)
    return None


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    found = []
    for raw in names:
        name = tidy_name(raw)[:MAX_NAME].strip()
        if name and name_key(name) not in seen:
            seen.add(name_key(name))
            found.append(name)
    return found


def names_from_lines(text: str) -> list[str]:
    """Return the names of a pasted list, one a line."""
    return _unique(text.splitlines())


def names_from_csv(text: str) -> list[str]:
    """Return the names of a CSV roster (see the module's doc for the columns read)."""
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), dialect) if any(row)]
    if not rows:
        return []
    header = rows[0]
    name_at = _column(header, NAME_HEADERS)
    first_at, last_at = _column(header, FIRST_HEADERS), _column(header, LAST_HEADERS)
    if name_at is not None:
        return _unique([row[name_at] for row in rows[1:] if len(row) > name_at])
    if first_at is not None and last_at is not None:
        return _unique(
            [
                f"{row[first_at]} {row[last_at]}"
                for row in rows[1:]
                if len(row) > max(first_at, last_at)
            ]
        )
    return _unique([row[0] for row in rows])
