"""Python source as black writes it: string literals, docstrings, and which lines black could still change.

The templates emit code in black's style (quotes, exploded literals with magic trailing commas, blank lines), so
black has nothing to do on most of it. What depends on spec data goes through the functions here, each of which
gives exactly what black makes of its input: ``py_repr`` (black's quote choice and number spelling over
``repr``), ``docstring`` (black's docstring normalisation: indentation, padding, where the closing quotes go).
What cannot be predicted cheaply (a line longer than black's limit, which black may split in several ways) is
found by ``unsettled_lines`` and left to black. ``tests/render/test_format.py`` holds every function here to black's own
output on generated strings; ``tests/render/test_black_stable.py`` holds whole generated packages to it.
"""

from __future__ import annotations

import ast
import re
import sys
from typing import Any

from ..text import py_str

LINE_LENGTH = 120  # the generated packages' black line length (format.py's mode reads it)
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")  # black's own docstring line splitting (not str.splitlines)
_BACKSLASH_NEWLINE = re.compile(r"\\\s*\n")


def py_repr(value: Any) -> str:
    """A Python literal as black writes it (short: the caller keeps lines within the limit)."""
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, float):
        return repr(value).replace("e+", "e")  # black drops the exponent's plus sign
    if isinstance(value, tuple):
        if len(value) == 1:
            return f"({py_repr(value[0])},)"
        return "(" + ", ".join(py_repr(v) for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(py_repr(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_repr(k)}: {py_repr(v)}" for k, v in value.items()) + "}"
    return repr(value)  # None, booleans, integers


def _expand_leading_tabs(text: str) -> list[str]:
    lines = []
    for line in _LINE_BREAK.split(text):
        stripped = line.lstrip()
        if not stripped or stripped == line:
            lines.append(line)
        else:
            lines.append(line[: len(line) - len(stripped)].expandtabs(4) + stripped)
    return lines


def _fix_multiline(text: str, prefix: str) -> str:
    """PEP 257 indentation handling, as black does it: the common indentation of the lines after the first
    becomes ``prefix``; trailing whitespace goes."""
    lines = _expand_leading_tabs(text)
    indent = sys.maxsize
    for line in lines[1:]:
        stripped = line.lstrip()
        if stripped:
            indent = min(indent, len(line) - len(stripped))
    trimmed = [lines[0].strip()]
    if indent < sys.maxsize:
        last = len(lines) - 2
        for i, line in enumerate(lines[1:]):
            stripped_line = line[indent:].rstrip()
            trimmed.append(prefix + stripped_line if stripped_line or i == last else "")
    return "\n".join(trimmed)


def docstring(body: str, indent: int) -> str:
    """The docstring black writes for ``\"\"\"body\"\"\"`` at ``indent`` spaces (``body`` already escaped by the
    ``doc`` filter: no closing quotes inside). Only for strings black takes as docstrings: the first statement
    of a module, class or function."""
    if _BACKSLASH_NEWLINE.search(body):  # black leaves such a docstring as it is (its own rule, escaped or not)
        return f'"""{body}"""'
    prefix = " " * indent
    started_empty = not body
    text = _fix_multiline(body, prefix) if "\n" in body else body.strip()
    trailing_backslash = False
    if text:
        if text[0] == '"':
            text = " " + text
        if text[-1] == '"':
            text += " "
        if text[-1] == "\\" and (len(text) - len(text.rstrip("\\"))) % 2:
            text += " "
            trailing_backslash = True
    elif not started_empty:
        text = " "
    lines = text.splitlines()
    last = len(lines[-1]) if text and not text.endswith("\n") else 0
    if len(lines) > 1 and last + 3 > LINE_LENGTH and indent + 3 <= LINE_LENGTH and not trailing_backslash:
        if body.endswith("\n"):
            return f'"""{text}"""'
        return f'"""{text}\n{prefix}"""'
    return f'"""{text}"""'


def width(line: str) -> int:
    """At least the width black measures (East Asian wide characters count two): every non-ASCII character
    is counted as two, so a line this passes is short enough for black too."""
    return len(line) if line.isascii() else len(line) + sum(1 for c in line if not c.isascii())


# Outside strings and comments, these only appear where black may change something: a tab, trailing white space,
# a number with an exponent's plus sign or an upper-case letter (black normalises both).
_HAZARD = re.compile(r"\t|\s$|(?<![\w.])[0-9][0-9_.]*([eE]\+|[A-Z])")
_COMMENT = re.compile(r" *#( .*\S)?")
# A line holding a ' or an escaped " is read piece by piece: string literals (with their prefix), an inline
# comment, and everything else.
_PIECES = re.compile(r"""([A-Za-z]{0,2})("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(  # .*\S$)|[^'"#]""")
# An item of an exploded literal that is nothing but strings: black cannot split it, however long.
_STRING = r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
_UNSPLITTABLE = re.compile(rf" *{_STRING}(?:: {_STRING})?,")
_STRINGS = re.compile(_STRING)


def _quotes_settled(line: str) -> bool:
    """Every string literal on the line is quoted as black quotes it, and an inline comment is as black writes
    one (two spaces, a hash, a space)."""
    at = 0
    for match in _PIECES.finditer(line):
        if match.start() != at:
            return False
        at = match.end()
        prefix, literal = match.group(1), match.group(2)
        if literal is None:
            continue
        if prefix:  # black keeps a prefixed double-quoted literal without escaped quotes as it is
            if literal[0] != '"' or '\\"' in literal or prefix not in ("f", "r", "b", "rb", "br"):
                return False
        elif py_str(ast.literal_eval(literal)) != literal:
            return False
    return at == len(line)


def _line_settled(line: str) -> bool:
    if width(line) > LINE_LENGTH and not _UNSPLITTABLE.fullmatch(line):
        return False
    if ("'" in line or '\\"' in line or "#" in line) and not _quotes_settled(line):
        return False
    return not (_HAZARD.search(line) and _HAZARD.search(_STRINGS.sub('""', line)))


def unsettled_lines(text: str) -> list[int] | None:
    """Indexes of the lines black might change, or None for "any of them": lines too long (but for items made
    only of strings), strings quoted otherwise than black quotes them, or something else black normalises
    (``_HAZARD``), outside triple-quoted string statements (docstrings are written by ``docstring``; black
    leaves other string statements as they are). The templates open and close triple-quoted strings only at
    the start and end of a line; any other use makes the whole text unsettled."""
    if "\r" in text:  # black would take it for the file's line ending
        return None
    found: list[int] = []
    inside = False
    for index, line in enumerate(text.split("\n")):
        quotes = line.count('"""')
        if inside:
            if quotes:
                if quotes > 1 or not line.endswith('"""'):
                    return None
                inside = False
            continue
        stripped = line.lstrip()
        if quotes:
            if not stripped.startswith('"""') or quotes > 2:
                return None
            if quotes == 2 and not (line.endswith('"""') and len(stripped) >= 6):
                return None
            inside = quotes == 1
        elif stripped.startswith("#"):
            if not _COMMENT.fullmatch(line):
                found.append(index)
        elif not _line_settled(line):
            found.append(index)
    return None if inside else found

