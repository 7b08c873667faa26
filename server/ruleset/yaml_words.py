"""The YAML parser's complaints, told in the words of a rule author, at the place to fix.

ruamel names what its grammar expected (`expected <block end>, but found '<block mapping
start>'`); a teacher needs to hear what to change: a tab, a line out of line with the lines
above, a quote or a `{` left open. What is told here is what those complaints nearly always
mean; a complaint not known here is told as the parser said it.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

_TAB = "found character '\\t' that cannot start any token"
_DUPLICATE = re.compile(
    r'found duplicate key "(.*?)" with value "(.*)" \(original value: "(.*)"\)$'
)
_CLOSERS = {"{": "}", "[": "]"}


def yaml_problem(error: MarkedYAMLError) -> tuple[int, int, str]:
    """Return the 1-based line and column to show for `error`, and what to say of it."""
    problem_mark, context_mark = error.problem_mark, error.context_mark
    mark = problem_mark or context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or error.context or "invalid YAML"
    context = error.context or ""
    if context and problem.startswith("but "):  # "but found another document"
        return line, column, f"{context}, {problem}"
    if problem == _TAB:
        return line, column, "a tab: write spaces instead (a rule file is indented with spaces)"
    opened = (context_mark.line + 1, context_mark.column + 1) if context_mark else None
    if context == "while scanning a quoted scalar" and opened:
        return (*opened, "the quote opened here is never closed")
    if context.startswith("while parsing a flow ") and opened:
        opener = "{" if "mapping" in context else "["
        closer = _CLOSERS[opener]
        if opened[0] != line:
            return (
                *opened,
                f"the {opener} opened here is not closed where it should be: a {closer!r},"
                f" a ',' or a closing quote is missing in it (line {line} is where it went wrong)",
            )
        return line, column, f"{problem} (a ',' between two entries, or a quote, is missing)"
    if context == "while scanning a simple key" and opened:
        return (*opened, "this line has no ':' after its key (each line is 'key: value')")
    if problem.startswith("expected <block end>, but found "):
        found = problem.removeprefix("expected <block end>, but found ")
        if found in ("'<block mapping start>'", "'<block sequence start>'", "'?'", "'-'"):
            told = (
                "this line does not line up with the lines above it:"
                " indent the keys of one section by the same number of spaces"
            )
            return line, column, told
        if found == "'<scalar>'":
            told = (
                "more text after a closing quote: put the whole text in quotes"
                " (for a quote inside it, use the other kind of quote)"
            )
            return line, column, told
        if found in ("']'", "'}'"):
            return line, column, f"a {found[1]} that closes nothing: remove it"
    duplicate = _DUPLICATE.match(problem)
    if duplicate and any(value[:1] in "{[" for value in duplicate.groups()[1:]):
        return line, column, f'found duplicate key "{duplicate[1]}": write each key once'
    return line, column, problem
