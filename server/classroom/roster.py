"""Reading a roster: names typed or pasted as a list, or a CSV file from a school's system.

A list is read as the web page reads it (client/web/names.js, docs/classroom.md): a new line
always separates two names; commas and semicolons (ASCII and full-width) and 、 separate only in
a list with no new line at all.

A CSV's names come from its column headed `name` (or `student`, `full name`, `姓名`, `學生`...);
with `first name` and `last name` (or `given`/`family`, `名`/`姓`) columns they are joined; a CSV
without such a header is read as names in its first column. Empty lines, and a repeated name
(spelt the same but for case and spaces), are skipped. Pure.
"""

from __future__ import annotations

import csv
import io
import re

from server.classroom.model import is_name, name_key, tidy_name
from server.protocol.base import NAME_MOST

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
MAX_NAME = NAME_MOST
BREAK = re.compile(r"\r\n|\r|\n")
COMMAS = re.compile(r"[,;，；、]")


def _column(header: list[str], wanted: tuple[str, ...]) -> int | None:
    keys = [" ".join(cell.replace("_", " ").split()).casefold() for cell in header]
    for name in wanted:
        if name in keys:
            return keys.index(name)
    return None


def unique_names(names: list[str]) -> list[str]:
    """Return the names tidied (spaces trimmed and made one), empty ones and repeats dropped.
    A name over MAX_NAME characters is kept whole, for the set-up or Add students to refuse
    with a word: cut, it was stored as a name its student could not join by (the join refused
    the whole one)."""
    seen: set[str] = set()
    found = []
    for raw in names:
        name = tidy_name(raw)
        if is_name(name) and name_key(name) not in seen:
            seen.add(name_key(name))
            found.append(name)
    return found


def names_from_text(text: str) -> list[str]:
    """Return the names of a typed or pasted list: split at new lines, or, in a list with none,
    at commas, semicolons and 、 (names.js's `splitNames`)."""
    return unique_names((BREAK if BREAK.search(text) else COMMAS).split(text))


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
        return unique_names([row[name_at] for row in rows[1:] if len(row) > name_at])
    if first_at is not None and last_at is not None:
        return unique_names(
            [
                f"{row[first_at]} {row[last_at]}"
                for row in rows[1:]
                if len(row) > max(first_at, last_at)
            ]
        )
    return unique_names([row[0] for row in rows])
