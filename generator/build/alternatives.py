"""Alternatives (``oneOf``/``anyOf``) read the way a client model can hold them, before the model generator sees
them: properties beside alternatives and ``allOf`` parts made only of alternatives folded into one class, and the
members of a union that loops back to itself written out (``flatten.py`` decides where each applies)."""

from __future__ import annotations

from typing import Any

from ..spec.document import resolve_pointer


def refs_in(node: Any) -> list[str]:
    """Every ``$ref`` string inside ``node``."""
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in refs_in(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs_in(value)]
    return []


def pure_union(schema: dict[str, Any]) -> bool:
    """Alternatives and nothing of their own (no properties, no parts, not nullable beside them)."""
    keys = [k for k in ("oneOf", "anyOf") if isinstance(schema.get(k), list) and schema[k]]
    own = {"properties", "allOf", "additionalProperties", "nullable", "$ref", "items"}
    return len(keys) == 1 and not any(k in schema for k in own)


def scalar(schema: dict[str, Any]) -> bool:
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    composite = ("properties", "items", "oneOf", "anyOf", "allOf", "additionalProperties", "$ref")
    plain = all(k in ("string", "number", "integer", "boolean", "null") for k in kinds)
    return plain and not any(k in schema for k in composite)


def merge_alternatives(node: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """An object with ``properties`` beside ``oneOf``/``anyOf`` (PagerDuty's ``Channel``, OpenAI's ``ImageRefParam``)
    is read as one class: its own properties as written, and every alternative's properties as optional fields
    (one property several alternatives type differently takes any of their types). Kept as alternatives, the model
    generator would make one numbered class per alternative and none by the schema's name."""
    own = node.get("properties")
    keys = [k for k in ("oneOf", "anyOf") if isinstance(node.get(k), list)]
    if not isinstance(own, dict) or not own or not keys:
        return node
    extra = _their_properties(data, [member for key in keys for member in node[key]], set(own))
    return {**{k: v for k, v in node.items() if k not in keys}, "properties": {**own, **extra}}


def fold_alternative_parts(node: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """An ``allOf`` part that is only alternatives (Meilisearch's ``DetailsView``: ``allOf: [{oneOf: [null, $ref
    Settings]}, {properties}]``), written there or named by a ``$ref``, is read as one part: its one object
    alternative, or the properties of all of them, each optional. Left as it is, the model generator distributes
    the other parts over the alternatives (``Details1``, ``Details2(Settings, Details1)``) and makes no class by the
    schema's name."""
    parts = node.get("allOf")
    unions = [_alternatives_part(part, data) for part in parts] if isinstance(parts, list) else []
    if not any(union is not None for union in unions):
        return node
    folded: list[Any] = []
    for part, union in zip(parts, unions):
        if union is None:
            folded.append(part)
            continue
        # a plain value (Rust's unit variant, "web_scrape") cannot be part of an object: it adds nothing
        members = [m for key in ("oneOf", "anyOf") for m in union.get(key) or [] if not _is_null(m) and not (isinstance(m, dict) and scalar(m))]
        if not members:
            continue
        if len(members) == 1:
            folded.append(members[0])
        else:
            folded.append({"type": "object", "properties": _their_properties(data, members, set())})
    return {**node, "allOf": folded}


def _their_properties(data: dict[str, Any], members: list[Any], own: set[str]) -> dict[str, Any]:
    """Every property the alternatives declare (but ``own``), sorted, optional: one several alternatives type
    differently takes any of their types."""
    options: dict[str, list[Any]] = {}
    for member in members:
        for name, prop in _object_properties(data, member).items():
            if name not in own and prop not in options.setdefault(name, []):
                options[name].append(prop)
    return {name: opts[0] if len(opts) == 1 else {"anyOf": opts} for name, opts in sorted(options.items())}


def _alternatives_part(part: Any, data: dict[str, Any]) -> dict[str, Any] | None:
    """The alternatives an ``allOf`` part is made of: written there, or named by its ``$ref`` (Chroma's
    ``allOf: [$ref IndexJobMetadataKind, {properties}]``, serde's flattened enum; InfluxDB's checks, a
    discriminated union with template fields beside it); None for any other part."""
    if _only_alternatives(part):
        return part  # type: ignore[no-any-return]
    ref = part.get("$ref") if isinstance(part, dict) else None
    if not isinstance(ref, str):
        return None
    try:
        target = resolve_pointer(data, ref)
    except KeyError:
        return None
    return target if _only_alternatives(target) else None


def _only_alternatives(part: Any) -> bool:
    return (
        isinstance(part, dict)
        and "$ref" not in part
        and not part.get("properties")
        and any(isinstance(part.get(key), list) and part[key] for key in ("oneOf", "anyOf"))
    )


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema.get("enum") == [None])


def _object_properties(data: dict[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    """The properties an alternative declares, through references and ``allOf``."""
    if depth > 16 or not isinstance(schema, dict):
        return {}
    ref = schema.get("$ref")
    if isinstance(ref, str):
        try:
            return _object_properties(data, resolve_pointer(data, ref), depth + 1)
        except KeyError:
            return {}
    found: dict[str, Any] = {}
    for part in schema.get("allOf") or []:
        found.update(_object_properties(data, part, depth + 1))
    if isinstance(schema.get("properties"), dict):
        found.update(schema["properties"])
    return found
