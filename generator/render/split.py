"""Long statements split as black splits them, for the shapes the templates write most: calls, annotated
parameters and fields, return annotations, imports.

Each function gives the text black makes of the statement (its first line without the indentation, which the
template writes; the other lines with theirs), or the statement on one line when the shape is not one it knows,
so that ``style.unsettled_lines`` finds it too long and black formats it. The rules are black's right-hand split:
a statement too long is cut at its last bracket; what is between the brackets goes on a line of its own if it
fits there, else one item per line with a trailing comma (a union: one member per line, each after ``|``); a
type annotation black wraps in parentheses of its own unless it is a single subscript. ``tests/render/test_format.py``
holds every function to black on generated shapes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

from .style import LINE_LENGTH, width

_ATOM = re.compile(r"""None|True|False|-?[0-9][0-9.e-]*|"[^"\\]*"|'[^'\\]*'""")  # a default without brackets


class Call:
    """``head`` + arguments + ``close`` (``head`` ends with the opening bracket), for ``wrap``."""

    def __init__(self, head: str, args: list[Any], close: str = ")") -> None:
        self.head, self.args, self.close = head, args, close

    def __str__(self) -> str:
        return self.head + ", ".join(str(a) for a in self.args) + self.close


def _fits(indent: int, text: str) -> bool:
    return indent + width(text) <= LINE_LENGTH


def wrap(head: str, args: list[Any], indent: int, close: str = ")", explode: bool = False) -> str:
    """A statement ending in a bracket (``head`` + arguments + ``close``) at ``indent``: on one line
    if it fits; else the arguments on a line of their own if they fit there (never for a list or tuple
    display, ``explode``: black gives each item its own line), a single argument that does not split in turn;
    else one per line with a trailing comma, each split in turn if it is a ``Call`` that does not fit."""
    return _split(Call(head, args, close), indent, "", explode)


def _split(node: Any, indent: int, tail: str, explode: bool = False) -> str:
    """``node`` followed by ``tail`` (the comma after an argument split in turn)."""
    flat = f"{node}{tail}"
    if _fits(indent, flat) or not isinstance(node, Call) or not node.args:
        return flat
    pad = " " * (indent + 4)
    end = f"\n{' ' * indent}{node.close}{tail}"
    joined = ", ".join(str(a) for a in node.args)
    if _fits(indent + 4, joined) and not explode:
        return f"{node.head}\n{pad}{joined}{end}"
    if len(node.args) == 1 and not explode:
        return f"{node.head}\n{pad}{_split(node.args[0], indent + 4, '')}{end}"
    return node.head + "".join(f"\n{pad}{_split(a, indent + 4, ',')}" for a in node.args) + end


# -- type annotations --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sub:
    head: str  # "Literal["
    items: tuple[Any, ...]

    def __str__(self) -> str:
        return self.head + ", ".join(map(str, self.items)) + "]"


@dataclass(frozen=True, slots=True)
class _Union:
    members: tuple[Any, ...]

    def __str__(self) -> str:
        return " | ".join(map(str, self.members))


def _node(data: bytes, tree: ast.expr) -> Any:
    """The annotation's tree as unions, subscripts and the text of everything else (``data``: the one-line
    annotation in UTF-8, which ast's column offsets count in)."""
    if isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.BitOr):
        left, right = _node(data, tree.left), _node(data, tree.right)
        return _Union((*(left.members if isinstance(left, _Union) else (left,)), right))
    if isinstance(tree, ast.Subscript):
        items = tree.slice.elts if isinstance(tree.slice, ast.Tuple) else [tree.slice]
        return _Sub(f"{_text(data, tree.value)}[", tuple(_node(data, i) for i in items))
    return _text(data, tree)


def _text(data: bytes, tree: ast.expr) -> str:
    return data[tree.col_offset : tree.end_col_offset].decode("utf-8")


def _parse(annotation: str) -> Any:
    if "\n" in annotation:
        return None
    try:
        node = _node(annotation.encode("utf-8"), ast.parse(annotation, mode="eval").body)
    except SyntaxError:
        return None
    return node if str(node) == annotation else None  # spelled otherwise than the one way we know: leave it


def _lines(node: Any, indent: int, prefix: str, suffix: str, members_split: bool) -> list[str] | None:
    """``prefix`` + node + ``suffix`` from ``indent`` on, as black splits it: a subscript at its bracket, a
    union (``members_split``: it is all there is between a pair of brackets) one member per line."""
    pad = " " * indent
    if _fits(indent, f"{prefix}{node}{suffix}"):
        return [f"{pad}{prefix}{node}{suffix}"]
    if isinstance(node, _Sub):
        if not (_fits(indent, prefix + node.head) and _fits(indent, "]" + suffix)):
            return None
        body = _body(node.items, indent + 4)
        return None if body is None else [f"{pad}{prefix}{node.head}", *body, f"{pad}]{suffix}"]
    if isinstance(node, _Union) and members_split:
        out: list[str] = []
        for index, member in enumerate(node.members):
            last = index == len(node.members) - 1
            lines = _lines(member, indent, (prefix if index == 0 else "| "), suffix if last else "", False)
            if lines is None:
                return None
            out += lines
        return out
    return None


def _body(items: tuple[Any, ...], indent: int) -> list[str] | None:
    """What is between a subscript's brackets, on lines of its own."""
    joined = ", ".join(map(str, items))
    if _fits(indent, joined):
        return [" " * indent + joined]
    if len(items) == 1:
        return _lines(items[0], indent, "", "", True)
    out: list[str] = []
    for item in items:
        if isinstance(item, _Union) and not _fits(indent, f"{item},"):
            return None  # black cannot split it at its "|" there
        lines = _lines(item, indent, "", ",", False)
        if lines is None:
            return None
        out += lines
    return out


def _annotation(indent: int, prefix: str, annotation: str, suffix: str) -> str | None:
    """``prefix`` + annotation + ``suffix``: black puts an annotation in parentheses of its own, which it leaves
    out only around a lone subscript."""
    node = _parse(annotation)
    if isinstance(node, _Union):
        inner = _lines(node, indent + 4, "", "", True)
        if inner is None or not (_fits(indent, f"{prefix}(") and _fits(indent, f"){suffix}")):
            return None
        lines = [f"{' ' * indent}{prefix}(", *inner, f"{' ' * indent}){suffix}"]
    elif isinstance(node, _Sub):
        found = _lines(node, indent, prefix, suffix, False)
        if found is None:
            return None
        lines = found
    else:
        return None
    return "\n".join(lines)[indent:]


def parameter(name: str, annotation: str, default: str | None, indent: int) -> str:
    """A function parameter on its own line (its signature is one parameter per line), with its comma."""
    suffix = f" = {default}," if default is not None else ","
    flat = f"{name}: {annotation}{suffix}"
    if _fits(indent, flat):
        return flat
    return _annotation(indent, f"{name}: ", annotation, suffix) or flat


def field(name: str, annotation: str, default: str | None, indent: int = 4) -> str:
    """An annotated name in a class body (a model field, a TypedDict key), with a default or none."""
    flat = f"{name}: {annotation}" + (f" = {default}" if default is not None else "")
    if _fits(indent, flat) or (default is not None and not _ATOM.fullmatch(default)):
        return flat  # a default with brackets is split at them: not a shape this knows
    if default is None:
        return _annotation(indent, f"{name}: ", annotation, "") or flat
    if _fits(indent, f"{name}: {annotation} = ("):  # black wraps the value rather than the annotation
        return f"{name}: {annotation} = (\n{' ' * (indent + 4)}{default}\n{' ' * indent})"
    return _annotation(indent, f"{name}: ", annotation, f" = {default}") or flat


def returns(annotation: str, indent: int) -> str:
    """The last line of a signature split one parameter per line: ``) -> annotation:``."""
    flat = f") -> {annotation}:"
    if _fits(indent, flat):
        return flat
    return _annotation(indent, ") -> ", annotation, ":") or flat


def import_from(module: str, names: str | list[str], comment: str = "", indent: int = 0) -> str:
    """``from module import names``, with a trailing comment: too long, black gives each name a line."""
    listed = [names] if isinstance(names, str) else names
    flat = f"from {module} import {', '.join(listed)}{comment}"
    if _fits(indent, flat) or not all(_fits(indent + 4, f"{name},") for name in [f"from {module} import (", *listed]):
        return flat
    pad = " " * (indent + 4)
    return f"from {module} import (" + "".join(f"\n{pad}{name}," for name in listed) + f"\n{' ' * indent}){comment}"


def forward(head: str, method: str, args: list[str], indent: int = 8) -> str:
    """``head(self._resource.method)(args)``: a wrapper applied to a method, then called. Its arguments go one
    per line; when the first line would still be too long, the wrapped method gets a line of its own too."""
    target = f"self._resource.{method}"
    joined = ", ".join(args)
    if _fits(indent, f"{head}({target})(") or _fits(indent + 4, joined):
        return wrap(f"{head}({target})(", args, indent)
    pad, inner = " " * indent, " " * (indent + 4)
    return f"{head}(\n{inner}{target}\n{pad})(" + "".join(f"\n{inner}{arg}," for arg in args) + f"\n{pad})"
