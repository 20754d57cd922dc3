"""Where a key is written in a TOML file: its line and column, for messages about pyproject.toml.

``tomllib`` and ``tomlkit`` give values, not positions, so this module reads the text once more, line by line: it
follows table headers (``[a."b.c"]``), dotted keys (``a.b = 1``), inline tables (``x = {y = {z = 1}}``) and arrays
(``authors = [{name = "A"}]``, each element numbered), and skips multi-line strings. It records the position of
every key path it sees; ``position`` answers with the deepest recorded path that leads to the one asked for, so a
key that is not written at all (a missing one) is located at its table. It never fails: text it cannot follow only
makes the answer less precise. ``tests/cli/test_config.py`` holds the layouts.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path as FilePath
from typing import Any, Literal

from .. import pointer as jp
from ..errors import GenError

Path = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_HEADER = re.compile(r"^\s*(\[\[?)(.*?)\]\]?\s*(#.*)?$")


def position(text: str, path: Sequence[str | int]) -> tuple[int, int]:
    """1-based (line, column) of the key ``path``, or of its nearest written ancestor; (1, 1) when none is."""
    target = tuple(path)
    best: tuple[int, int, int] = (0, 1, 1)  # (matched length, line, column)
    for found, line, column in positions(text):
        if len(found) > best[0] and target[: len(found)] == found:
            best = (len(found), line, column)
            if found == target:
                break
    return best[1], best[2]


def positions(text: str) -> list[tuple[Path, int, int]]:
    """Every key path written in ``text`` with the 1-based line and column of its last key."""
    out: list[tuple[Path, int, int]] = []
    table: Path = ()
    arrays: dict[Path, int] = {}  # [[array of tables]] -> how many seen
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        header = _HEADER.match(line)
        if header:
            parts, _end = _key(header.group(2), 0)
            table = tuple(parts)
            if header.group(1) == "[[":
                arrays[table] = arrays.get(table, -1) + 1
                table = (*table, arrays[table])
            out.append((table, index + 1, line.index("[") + 1))
            index += 1
            continue
        parts, end = _key(line, 0)
        rest = line[end:].lstrip()
        if parts and rest.startswith("="):
            start = len(line) - len(line.lstrip())
            out.append(((*table, *parts), index + 1, start + 1))
            value_at = line.index("=", end) + 1
            consumed = _value(lines, index, value_at, (*table, *parts), out)
            index = consumed
        index += 1
    return out


def _key(text: str, at: int) -> tuple[list[str], int]:
    """A dotted key starting at ``at`` (spaces allowed around dots): its parts and where it ends; [] if none."""
    parts: list[str] = []
    i = at
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] in "\"'":
            quote = text[i]
            end = i + 1
            while end < len(text) and text[end] != quote:
                end += 2 if quote == '"' and text[end] == "\\" else 1
            if end >= len(text):
                return [], at
            parts.append(text[i + 1 : end])
            i = end + 1
        else:
            match = _BARE.match(text, i)
            if not match:
                return ([], at) if not parts else (parts, i)
            parts.append(match.group(0))
            i = match.end()
        j = i
        while j < len(text) and text[j] in " \t":
            j += 1
        if j < len(text) and text[j] == ".":
            i = j + 1
            continue
        return parts, i


def _value(lines: list[str], index: int, at: int, path: Path, out: list[tuple[Path, int, int]]) -> int:
    """Scan the value that starts at ``lines[index][at]``, recording keys of inline tables and array elements.
    Returns the index of the last line the value occupies."""
    stack: list[list[Any]] = []  # [kind "{" or "[", the container's path, the array's current index]
    current = path
    line_no, i = index, at
    expect_key = False
    while line_no < len(lines):
        text = lines[line_no]
        while i < len(text):
            ch = text[i]
            if ch in " \t":
                i += 1
            elif ch == "#":
                break
            elif expect_key:
                expect_key = False
                parts, end = _key(text, i)
                if parts and text[end:].lstrip().startswith("="):
                    current = (*stack[-1][1], *parts)
                    out.append((current, line_no + 1, i + 1))
                    i = text.index("=", end) + 1
            elif ch == ",":
                if stack and stack[-1][0] == "[":
                    stack[-1][2] += 1
                    current = (*stack[-1][1], stack[-1][2])
                    out.append((current, line_no + 1, i + 2))
                elif stack:
                    expect_key = True
                i += 1
            elif ch in "{[":
                stack.append([ch, current, 0])
                if ch == "[":
                    current = (*current, 0)
                    out.append((current, line_no + 1, i + 2))
                expect_key = ch == "{"
                i += 1
            elif ch in "}]":
                if stack:
                    current = stack.pop()[1]
                if not stack:
                    return line_no
                i += 1
            elif ch in "\"'":
                if text.startswith(ch * 3, i):
                    line_no, i = _skip_multiline(lines, line_no, i + 3, ch * 3)
                    text = lines[line_no] if line_no < len(lines) else ""
                    continue
                end = i + 1
                while end < len(text) and text[end] != ch:
                    end += 2 if ch == '"' and text[end] == "\\" else 1
                i = end + 1
            else:  # a bare scalar: up to the next separator
                while i < len(text) and text[i] not in ",]}# \t":
                    i += 1
        if not stack:
            return line_no
        line_no += 1
        i = 0
    return len(lines) - 1


def _skip_multiline(lines: list[str], line_no: int, at: int, delimiter: str) -> tuple[int, int]:
    """Past the end of a multi-line string that opened before ``lines[line_no][at]``."""
    while line_no < len(lines):
        end = lines[line_no].find(delimiter, at)
        if end >= 0:
            return line_no, end + len(delimiter)
        line_no += 1
        at = 0
    return line_no, 0


def unknown_key(key: str, known: list[str] | tuple[str, ...]) -> str:
    """``unknown key 'x'``, with the closest known key when one is close (``dist-name`` -> ``dist_name``)."""
    match = difflib.get_close_matches(key.replace("-", "_"), known, n=1, cutoff=0.6)
    match = match or difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"; did you mean {match[0]!r}?" if match else f" (known: {', '.join(known)})"
    return f"unknown key {key!r}{hint}"


def located(
    file: FilePath, text: str, keys: tuple[str | int, ...], message: str, level: Literal["error", "warning"] = "error"
) -> GenError:
    """``message`` about the key at ``keys`` in ``file`` (``text``), with its line, column and JSON Pointer."""
    line, column = position(text, keys)
    return GenError(str(file), jp.join("", *keys), message, line, column, level)
