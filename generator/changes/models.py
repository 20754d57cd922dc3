"""Rules for models: added, removed, renamed; fields added, removed, renamed, required or optional, retyped."""

from __future__ import annotations

from .report import RANK, RULES, Collector
from .surface import Model
from .types import type_changes, compare_types


def models(c: Collector) -> None:
    old, new = c.old.models, c.new.models
    gone = sorted(old.keys() - new.keys())
    added = sorted(new.keys() - old.keys())
    for name in list(gone):
        shape = set(old[name].fields)
        same = [a for a in added if set(new[a].fields) == shape and shape]
        if len(same) == 1:
            c.add("model-renamed", f"models.{same[0]}", f"model renamed: `models.{name}` is now `models.{same[0]}`")
            model(c, old[name], new[same[0]])
            gone.remove(name)
            added.remove(same[0])
    for name in gone:
        c.add("model-removed", f"models.{name}", f"model removed: `models.{name}`")
    for name in added:
        c.add("model-added", f"models.{name}", f"new model `models.{name}`")
    for name in sorted(old.keys() & new.keys()):
        model(c, old[name], new[name])


def model(c: Collector, o: Model, n: Model) -> None:
    if n.name in c.new.flattened and o.name in c.old.flattened:
        return  # its fields are a method's keyword parameters, reported there
    directions = c.old.directions.get(o.name, frozenset()) | c.new.directions.get(n.name, frozenset())
    request, response = "request" in directions, "response" in directions
    label = "request and response field" if request and response else "request field" if request else "response field"
    subject = f"models.{n.name}"
    for wire in sorted(o.fields.keys() - n.fields.keys()):
        rule = "response-field-removed" if response else "request-field-removed"
        c.add(rule, subject, f"{label} removed: `{n.name}.{o.fields[wire].attr}` ({wire!r})")
    for wire in sorted(n.fields.keys() - o.fields.keys()):
        f = n.fields[wire]
        if request and f.required:
            c.add("request-field-added-required", subject, f"new required {label} `{n.name}.{f.attr}` ({wire!r})")
        elif request and not response:
            c.add("request-field-added", subject, f"new optional {label} `{n.name}.{f.attr}` ({wire!r})")
        else:
            c.add("response-field-added", subject, f"new {label} `{n.name}.{f.attr}` ({wire!r})")
    for wire in sorted(o.fields.keys() & n.fields.keys()):
        a, b = o.fields[wire], n.fields[wire]
        where = f"`{n.name}.{b.attr}`"
        if a.attr != b.attr:
            rule = "response-field-renamed" if response else "request-field-renamed"
            c.add(rule, subject, f"{label} renamed: `{n.name}.{a.attr}` is now `{n.name}.{b.attr}` ({wire!r})")
        if a.required != b.required:
            levels: list[tuple[str, str]] = []
            if b.required:
                if request:
                    levels.append(("request-field-required", f"{label} {where} became required"))
                if response:
                    levels.append(("response-field-required", f"{label} {where} is now always present"))
            else:
                if response:
                    levels.append(("response-field-optional", f"{label} {where} may now be missing"))
                if request:
                    levels.append(("request-field-optional", f"{label} {where} became optional"))
            rule, message = max(levels, key=lambda lm: RANK[RULES[lm[0]]])
            c.add(rule, subject, message)
        optional = not a.required or not b.required
        delta = compare_types(a.annotation, b.annotation, drop_none=optional)
        if delta:
            c.changes.extend(type_changes(delta, directions, subject, f"{label} {where}", a.annotation, b.annotation))
