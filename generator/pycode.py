"""Python type expressions as text: the names they use, and renaming them, string literals left alone."""

from __future__ import annotations

import re
from collections.abc import Callable

_TOKEN = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)""")


def identifiers(annotation: str) -> list[str]:
    """The names (dotted ones whole) a type expression uses, outside its string literals."""
    return [m.group(2) for m in _TOKEN.finditer(annotation) if m.group(2)]


def rename(annotation: str, spell: Callable[[str], str]) -> str:
    """``annotation`` with each name (dotted ones whole) outside string literals replaced by ``spell(name)``."""
    return _TOKEN.sub(lambda m: m.group(1) or spell(m.group(2)), annotation)
