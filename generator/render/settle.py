"""Which statements of a generated file black must format, and how the file is put back together after.

black turns source into logical lines (a simple statement, or the header of a compound one: ``def f(...) -> T:``)
and formats each one by itself, from its own text and its depth; only the blank lines between them depend on
their neighbours. So a logical line can be formatted alone, at its depth, inside stand-in blocks (``class _:``,
``async def _():``, and a ``pass`` body for a header), and put back where it was, the blank lines around it kept
as the templates wrote them (in black's style). ``plan`` finds the logical lines around the lines
``style.unsettled_lines`` flags and gives black those alone; a file whose shape it does not recognise is given
to black whole. ``tests/render/test_black_stable.py`` holds the result to black's own output for the whole corpus.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from .style import unsettled_lines

_BLOCKS = ("body", "orelse", "finalbody")


@dataclass(frozen=True, slots=True)
class Unit:
    """Lines ``first``..``last`` (0-based, inclusive): one logical line, or a whole statement; ``header``: the
    head of a compound statement, formatted above a stand-in body."""

    first: int
    last: int
    header: bool = False


def _first_line(node: ast.stmt) -> int:
    return min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))]) - 1


def _last_line(node: ast.stmt) -> int:
    return (node.end_lineno or node.lineno) - 1


def _children(node: ast.stmt) -> list[ast.stmt]:
    found: list[ast.stmt] = []
    for block in _BLOCKS:
        found += getattr(node, block, None) or []
    return found + [s for h in getattr(node, "handlers", None) or [] for s in h.body]


def _unit(body: list[ast.stmt], line: int) -> Unit | None:
    """The innermost logical line holding ``line`` among ``body`` and what it nests."""
    node = next((n for n in body if _first_line(n) <= line <= _last_line(n)), None)
    if node is None:
        return None
    inner = _children(node)
    if not inner:
        return Unit(_first_line(node), _last_line(node))
    if line < node.lineno - 1:  # a decorator: formatted with what it decorates
        return Unit(_first_line(node), _last_line(node))
    header_end = node.body[0].lineno - 2
    if line <= header_end:
        return Unit(node.lineno - 1, header_end, header=True)
    found = _unit(inner, line)
    return found if found is not None else Unit(_first_line(node), _last_line(node))


def units(text: str, flagged: list[int]) -> list[Unit] | None:
    """The logical lines around the flagged lines, in order, none inside another; None when a flagged line is
    outside every statement (a comment between them, say)."""
    tree = ast.parse(text)
    found: set[Unit] = set()
    for line in flagged:
        unit = _unit(tree.body, line)
        if unit is None:
            return None
        found.add(unit)
    ordered = sorted(found, key=lambda u: (u.first, -u.last))
    kept: list[Unit] = []
    for unit in ordered:
        if kept and unit.first <= kept[-1].last:
            if unit.last > kept[-1].last:  # overlapping, not nested: format both as one statement
                return None
            continue
        kept.append(unit)
    return kept


def _depth(line: str) -> int:
    return (len(line) - len(line.lstrip(" "))) // 4


def _stand_ins(depth: int) -> list[str]:
    """The blocks a logical line at ``depth`` is formatted in: a class, then functions."""
    return ["class _:", *(f"{'    ' * i}async def _():" for i in range(1, depth))] if depth else []


def wrapped(lines: list[str], unit: Unit) -> str:
    """The unit as a module of its own, at its depth."""
    depth = _depth(lines[unit.first])
    body = lines[unit.first : unit.last + 1]
    stub = ["    " * (depth + 1) + "pass"] if unit.header else []
    return "\n".join([*_stand_ins(depth), *body, *stub]) + "\n"


def unwrapped(formatted: str, lines: list[str], unit: Unit) -> list[str] | None:
    """The unit's formatted lines, out of the stand-ins; None if black moved anything about them."""
    depth = _depth(lines[unit.first])
    out = formatted.rstrip("\n").split("\n")
    head = _stand_ins(depth)
    if out[: len(head)] != head:
        return None
    out = out[len(head) :]
    if unit.header:
        if not out or out[-1] != "    " * (depth + 1) + "pass":
            return None
        out = out[:-1]
    return out or None


def plan(text: str) -> tuple[list[str], Callable[[list[str]], str | None]] | None:
    """The pieces of ``text`` black must format (each a module of its own) and how to put the file together
    from their formatted text (None if that cannot be done: then the file is formatted whole); None when the
    file must be formatted whole anyway."""
    flagged = unsettled_lines(text)
    if flagged == []:
        return [], lambda _done: text
    found = units(text, flagged) if flagged is not None else None
    if found is None:
        return None
    lines = text.split("\n")
    pieces = [wrapped(lines, unit) for unit in found]

    def assemble(done: list[str]) -> str | None:
        out: list[str] = []
        at = 0
        for unit, formatted in zip(found, done):
            new = unwrapped(formatted, lines, unit)
            if new is None:
                return None
            out += lines[at : unit.first] + new
            at = unit.last + 1
        return "\n".join(out + lines[at:])

    return pieces, assemble
