"""Type annotations compared: union members, ``Literal`` values (enum values), ``int`` within ``float``,
containers item by item; and what a type change means for something sent, received or both."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from typing import Any

from .report import RULES, Change, Level


@dataclass
class _Delta:
    removed: set[Any] = field(default_factory=set)  # enum values (Literal members)
    added: set[Any] = field(default_factory=set)
    added_open: set[Any] = field(default_factory=set)  # added values the old type already accepted
    narrowed: bool = False
    widened: bool = False

    def merge(self, other: _Delta) -> None:
        self.removed |= other.removed
        self.added |= other.added
        self.added_open |= other.added_open
        self.narrowed |= other.narrowed
        self.widened |= other.widened

    def __bool__(self) -> bool:
        return bool(self.removed or self.added or self.narrowed or self.widened)


def _members(node: ast.expr) -> list[tuple[str, Any]]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _members(node.left) + _members(node.right)
    if isinstance(node, ast.Subscript):
        outer = ast.unparse(node.value)
        if outer in ("Literal", "typing.Literal"):
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return [("lit", e.value) if isinstance(e, ast.Constant) else ("other", ast.unparse(e)) for e in elts]
        if outer in ("Optional", "typing.Optional"):
            return _members(node.slice) + [("name", "None")]
        if outer in ("Union", "typing.Union"):
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return [m for e in elts for m in _members(e)]
        return [("gen", (outer, ast.unparse(node.slice)))]
    if isinstance(node, ast.Constant) and node.value is None:
        return [("name", "None")]
    if isinstance(node, ast.Name):
        return [("name", node.id)]
    return [("other", ast.unparse(node))]


def _parse(annotation: str) -> ast.expr | None:
    try:
        return ast.parse(annotation or "None", mode="eval").body
    except SyntaxError:
        return None


def _covered(member: tuple[str, Any], members: list[tuple[str, Any]]) -> bool:
    if member in members or ("name", "Any") in members:
        return True
    kind, value = member
    if kind == "lit":
        base = "bool" if isinstance(value, bool) else "int" if isinstance(value, int) else "str" if isinstance(value, str) else ""
        return ("name", base) in members or (base == "int" and ("name", "float") in members)
    if member == ("name", "int"):
        return ("name", "float") in members
    if kind == "gen":
        for other_kind, other in members:
            if other_kind == "gen" and other[0] == value[0]:
                delta = _compare_slices(value[1], other[1])
                if not delta.narrowed and not delta.removed:
                    return True
    return False


def _compare_slices(old: str, new: str) -> _Delta:
    o, n = _parse(old), _parse(new)
    if o is None or n is None:
        return _Delta(narrowed=old != new, widened=old != new)
    olds = o.elts if isinstance(o, ast.Tuple) else [o]
    news = n.elts if isinstance(n, ast.Tuple) else [n]
    if len(olds) != len(news):
        return _Delta(narrowed=True, widened=True)
    delta = _Delta()
    for a, b in zip(olds, news):
        delta.merge(_compare_nodes(a, b))
    return delta


def compare_types(old: str, new: str, *, drop_none: bool = False) -> _Delta:
    """How the annotation ``new`` differs from ``old``: enum values removed/added, narrowed, widened."""
    if old == new:
        return _Delta()
    o, n = _parse(old), _parse(new)
    if o is None or n is None:
        return _Delta(narrowed=True, widened=True)
    return _compare_nodes(o, n, drop_none=drop_none)


def _compare_nodes(o: ast.expr, n: ast.expr, *, drop_none: bool = False) -> _Delta:
    om, nm = _members(o), _members(n)
    if drop_none:
        om = [m for m in om if m != ("name", "None")]
        nm = [m for m in nm if m != ("name", "None")]
    delta = _Delta()
    old_lits = {v for k, v in om if k == "lit"}
    new_lits = {v for k, v in nm if k == "lit"}
    if old_lits and new_lits:
        delta.removed = old_lits - new_lits
        delta.added = new_lits - old_lits
        delta.added_open = {v for v in delta.added if _covered(("lit", v), om)}
    else:
        delta.narrowed |= any(not _covered(("lit", v), nm) for v in old_lits)
        delta.widened |= any(not _covered(("lit", v), om) for v in new_lits)
    # containers with the same outer type on both sides are compared item by item
    old_gen = [v for k, v in om if k == "gen"]
    new_gen = [v for k, v in nm if k == "gen"]
    paired: set[str] = set()
    for outer in {g[0] for g in old_gen} & {g[0] for g in new_gen}:
        os_ = [g for g in old_gen if g[0] == outer]
        ns_ = [g for g in new_gen if g[0] == outer]
        if len(os_) == 1 and len(ns_) == 1:
            paired.add(outer)
            if os_[0][1] != ns_[0][1]:
                delta.merge(_compare_slices(os_[0][1], ns_[0][1]))
    rest_old = [m for m in om if m[0] != "lit" and not (m[0] == "gen" and m[1][0] in paired)]
    rest_new = [m for m in nm if m[0] != "lit" and not (m[0] == "gen" and m[1][0] in paired)]
    delta.narrowed |= any(not _covered(m, nm) for m in rest_old)
    delta.widened |= any(not _covered(m, om) for m in rest_new)
    return delta


def _value(v: Any) -> str:
    return json.dumps(v) if isinstance(v, str) else repr(v)


def type_changes(
    delta: _Delta, directions: frozenset[str], subject: str, what: str, old: str, new: str
) -> list[Change]:
    """Changes for one annotation change of something sent (request), received (response) or both."""
    out: list[tuple[str, Level, str]] = []

    def add(rule: str, message: str, level: Level | None = None) -> None:
        out.append((rule, level or RULES[rule], message))

    request, response = "request" in directions, "response" in directions
    for v in sorted(delta.removed, key=repr):
        add("enum-value-removed", f"enum value {_value(v)} removed from {what}")
    for v in sorted(delta.added, key=repr):
        if request:
            add("enum-value-added-request", f"enum value {_value(v)} added to {what}: the parameter's type changed")
        elif v in delta.added_open:
            add("enum-value-added-open", f"enum value {_value(v)} added to {what} (an open enum: older clients accept it)")
        else:
            add("enum-value-added-response", f"enum value {_value(v)} added to {what}: older clients reject it")
    if delta.narrowed and delta.widened:
        add("type-changed", f"type of {what} changed from `{old}` to `{new}`")
    elif delta.narrowed:
        add("type-narrowed", f"type of {what} narrowed from `{old}` to `{new}`")
    elif delta.widened:
        if response:
            add("type-widened-response", f"type of {what} widened from `{old}` to `{new}`: readers may get values they do not expect")
        else:
            add("type-widened-request", f"type of {what} widened from `{old}` to `{new}`")
    return [Change(level, rule, subject, message) for rule, level, message in out]
