"""Rules for operations: added, removed, renamed, moved, deprecated, auth, parameters and return types."""

from __future__ import annotations

import re
from typing import Any

from ..build.naming import default_operation_id
from .report import Collector, client_path as _client
from .surface import Method, Param
from .types import type_changes, compare_types


def placeholders(path: str) -> str:
    return re.sub(r"\{[^{}]*\}", "{}", path)


def operations(c: Collector) -> None:
    old, new = c.old.methods, c.new.methods
    pairs: list[tuple[Method, Method]] = []
    left = dict(old)
    right = dict(new)

    def pair_by(key: Any) -> None:
        index: dict[Any, list[str]] = {}
        for path, m in right.items():
            index.setdefault(key(m), []).append(path)
        for path, m in list(left.items()):
            k = key(m)
            if k is None or len(index.get(k, [])) != 1:
                continue
            target = index[k][0]
            if target in right:
                pairs.append((m, right.pop(target)))
                del left[path]

    pair_by(lambda m: (m.raw_method, placeholders(m.raw_path)))
    pair_by(lambda m: None if _implicit_id(m) else m.operation_id)
    pair_by(lambda m: m.path)
    for path, m in sorted(left.items()):
        c.add("operation-removed", path, f"operation removed: {_client(path)} ({m.http}, {m.operation_id})")
    for path, m in sorted(right.items()):
        c.add("operation-added", path, f"new operation: {_client(path)} ({m.http}, {m.operation_id})")
    for o, n in sorted(pairs, key=lambda p: p[1].path):
        operation(c, o, n)


def operation(c: Collector, o: Method, n: Method) -> None:
    subject = n.path
    if o.path != n.path:
        why = f"operationId {o.operation_id} -> {n.operation_id}" if o.operation_id != n.operation_id else n.http
        c.add("operation-renamed", subject, f"operation renamed: {_client(o.path)} is now {_client(n.path)} ({why})")
    elif o.operation_id != n.operation_id and not (_implicit_id(o) or _implicit_id(n)):
        c.add("operation-id-changed", subject, f"operationId {o.operation_id} renamed to {n.operation_id}; {_client(n.path)} keeps its name")
    if (o.raw_method, placeholders(o.raw_path)) != (n.raw_method, placeholders(n.raw_path)):
        c.add("operation-moved", subject, f"operation moved: {_client(n.path)} was {o.http}, is now {n.http}")
    if not o.deprecated and n.deprecated:
        c.add("operation-deprecated", subject, f"{_client(n.path)} is deprecated")
    elif o.deprecated and not n.deprecated:
        c.add("operation-undeprecated", subject, f"{_client(n.path)} is no longer deprecated")
    if o.secured and not n.secured:
        c.add("operation-auth-dropped", subject, f"{_client(n.path)} no longer needs a credential")
    elif not o.secured and n.secured:
        c.add("operation-auth-changed", subject, f"{_client(n.path)} now needs a credential")
    else:
        needs_before, needs_after = _security(c.old.data, o), _security(c.new.data, n)
        if needs_before != needs_after:
            c.add(
                "operation-auth-changed",
                subject,
                f"auth of {_client(n.path)} changed from {_fmt_security(needs_before)} to {_fmt_security(needs_after)}",
            )
    params(c, o, n)
    delta = compare_types(o.returns, n.returns)
    if delta.narrowed or delta.widened:
        c.add("return-type-changed", subject, f"return type of {_client(n.path)} changed from `{o.returns}` to `{n.returns}`")
    elif delta:  # enum values of a plain (non-model) result
        what = f"the result of {_client(n.path)}"
        c.changes.extend(type_changes(delta, frozenset({"response"}), subject, what, o.returns, n.returns))
    for kind in sorted(o.variants.keys() | n.variants.keys()):
        before, after = o.variants.get(kind), n.variants.get(kind)
        if before is None and after is not None:
            c.add("method-added", after[0], f"new method {_client(after[0])} ({'every item of every page' if kind == 'pages' else 'streaming'} of {_client(n.path)})")
        elif after is None and before is not None:
            c.add("method-removed", before[0], f"method removed: {_client(before[0])}")
        elif before is not None and after is not None:
            if before[0] != after[0]:
                c.add("method-renamed", after[0], f"method renamed: {_client(before[0])} is now {_client(after[0])}")
            if compare_types(before[1], after[1]):
                c.add(
                    "return-type-changed",
                    after[0],
                    f"return type of {_client(after[0])} changed from `{before[1]}` to `{after[1]}`",
                )


def params(c: Collector, o: Method, n: Method) -> None:
    subject = n.path
    before = dict(o.params)
    after = dict(n.params)
    # the same wire parameter under a new Python name (generator naming), or a lone wire rename
    renames: list[tuple[Param, Param]] = []
    for name, p in list(before.items()):
        if name in after:
            continue
        same_wire = [q for q in after.values() if q.name not in before and (q.location, q.wire) == (p.location, p.wire) and q.wire]
        if len(same_wire) == 1:
            renames.append((p, same_wire[0]))
    gone = [p for p in before.values() if p.name not in after and p not in {r[0] for r in renames}]
    new = [q for q in after.values() if q.name not in before and q not in {r[1] for r in renames}]
    for p in list(gone):
        # a lone rename: the only parameter gone from a location and the only one new there, alike otherwise
        # (a path parameter is the same slot of the URL whatever its type)
        same_place = [q for q in new if q.location == p.location]
        alike = [q for q in same_place if p.location == "path" or (q.annotation, q.required) == (p.annotation, p.required)]
        if len(alike) == 1 and len(same_place) == 1 and len([q for q in gone if q.location == p.location]) == 1:
            renames.append((p, alike[0]))
            gone.remove(p)
            new.remove(alike[0])
    for p, q in renames:
        kind = "request-field" if p.location == "body" else "parameter"
        c.add(
            f"{kind}-renamed",
            subject,
            f"{_noun(p)} renamed: `{p.name}` ({_wire(p)}) is now `{q.name}` ({_wire(q)}) in {_client(n.path)}",
        )
        if p.required != q.required:
            c.add(
                f"{kind}-required" if q.required else f"{kind}-optional",
                subject,
                f"{_noun(q)} `{q.name}` of {_client(n.path)} became {'required' if q.required else 'optional'}",
            )
        delta = compare_types(p.annotation, q.annotation)
        if delta:
            what = f"{_noun(q)} `{q.name}` of {_client(n.path)}"
            c.changes.extend(type_changes(delta, frozenset({"request"}), subject, what, p.annotation, q.annotation))
    for p in gone:
        kind = "request-field" if p.location == "body" else "parameter"
        c.add(f"{kind}-removed", subject, f"{_noun(p)} removed: `{p.name}` ({_wire(p)}) from {_client(n.path)}")
    for q in new:
        kind = "request-field" if q.location == "body" else "parameter"
        if q.required:
            c.add(f"{kind}-added-required", subject, f"new required {_noun(q)} `{q.name}` ({_wire(q)}) in {_client(n.path)}")
        else:
            c.add(f"{kind}-added", subject, f"new optional {_noun(q)} `{q.name}` ({_wire(q)}) in {_client(n.path)}")
    for name in sorted(before.keys() & after.keys()):
        p, q = before[name], after[name]
        kind = "request-field" if q.location == "body" else "parameter"
        if (p.location, p.wire) != (q.location, q.wire):
            c.add("parameter-moved", subject, f"{_noun(q)} `{name}` of {_client(n.path)} is now sent as {_wire(q)} (was {_wire(p)})")
        if not p.required and q.required:
            c.add(f"{kind}-required", subject, f"{_noun(q)} `{name}` of {_client(n.path)} became required")
        elif p.required and not q.required:
            c.add(f"{kind}-optional", subject, f"{_noun(q)} `{name}` of {_client(n.path)} became optional")
        delta = compare_types(p.annotation, q.annotation)
        if delta:
            what = f"{_noun(q)} `{name}` of {_client(n.path)}"
            c.changes.extend(type_changes(delta, frozenset({"request"}), subject, what, p.annotation, q.annotation))


def _noun(p: Param) -> str:
    return "request field" if p.location == "body" else "parameter"


def _wire(p: Param) -> str:
    if p.location == "body":
        return f"body field {p.wire!r}"
    if p.location == "arg":
        return "positional argument"
    if p.location == "whole":
        return "the request body"
    return f"{p.location} {p.wire!r}"


def _security(data: dict[str, Any], m: Method) -> list[list[str]]:
    op = ((data.get("paths") or {}).get(m.raw_path) or {}).get(m.raw_method) or {}
    requirements = op.get("security", data.get("security")) if isinstance(op, dict) else None
    return sorted(sorted(r) for r in requirements or [] if isinstance(r, dict))


def _fmt_security(requirements: list[list[str]]) -> str:
    if not requirements:
        return "none"
    return " or ".join("+".join(r) or "anonymous" for r in requirements)


def _implicit_id(m: Method) -> bool:
    return m.operation_id == default_operation_id(m.raw_method, m.raw_path)
