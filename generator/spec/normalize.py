"""Stage 2, first step: mistakes real specs make, read the way the ecosystem reads them.

A mistake with one obvious intent is corrected in a ``Draft`` (the loaded data is never changed) and reported as a
located warning saying what was read and how to fix it; ``--strict`` makes each an error. One without an intent,
where a schema is expected, loosens that one schema to an untyped value (``{}``), so that only what uses it loses its
type; elsewhere it is an error. The classes, each shown by a ten-line spec in tests/spec/test_normalize.py:

* ``$ref``: pointing at nothing, at the wrong kind of object (a schema position naming a parameter) or at the whole
  document (``#``), or circular: a schema is loosened, anything else is an error. A remote or other-file reference
  left here is an error. Every local reference is rewritten to one spelling (percent-decoded, RFC 3986 then RFC 6901),
  so later stages compare references as strings.
* ``properties: {$ref: X}``: read as ``allOf: [{$ref: X}]`` (the referenced schema's properties).
* ``required`` naming a property that nothing declares: the name is ignored (as the model layer already does).
* ``enum: []``: legal JSON Schema (no value is valid); accepted with a warning, the model layer types it.
* A ``oneOf``/``anyOf`` member of only ``nullable: true`` in 3.0 (any value there; schemars' spelling of null): read
  as null.
* Boolean schemas (3.1; ``additionalProperties`` in 3.0 too): ``true`` is read as ``{}``, ``false`` as
  ``{not: {}}``, which later stages understand; in a 3.0 document other than ``additionalProperties``, a warning.
* A path parameter not marked ``required: true``: read as required.
* A path without its leading ``/``: read with it (``renames`` says which, so messages still point at the file).
* A response ``$ref`` naming a request body (or the other way round): read as its description and content; a
  response header ``$ref`` naming a header parameter: read as that parameter without ``name`` and ``in``.
* Mistakes inside operations (path placeholders, null scopes): ``mend.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import GenError
from .. import pointer as jp
from .document import MAX_HOPS, follow, is_remote, target_pointer
from .draft import Draft
from .grammar import HOMES, describe, kind_at, walk
from .locate import Locator
from .mend import mend_operations
from .spellings import array_properties, boolean, null_members, scalar_items, wildcard_json

_ANY = "the schema is read as any JSON value (untyped)"


@dataclass
class Found:
    """What normalizing found: located problems (errors and warnings) and the paths given their leading ``/``."""

    problems: list[GenError] = field(default_factory=list)
    renames: dict[str, str] = field(default_factory=dict)  # path as written -> path as read


def normalize(data: dict[str, Any], version: str, draft: Draft, locator: Locator) -> Found:
    """Correct ``draft`` (a Draft of ``data``) where the intent is clear; report every problem found."""
    found = Found()
    objects = list(walk(data))
    found.renames = _path_renames(data, locator, found.problems)
    loosened = _references(data, objects, draft, locator, found)
    _schemas(data, objects, version, draft, locator, found, loosened)
    _path_parameters(objects, draft, locator, found.problems)
    for pointer, kind, node in objects:  # before responses and paths are renamed: these pointers are the file's
        if kind in ("requestBody", "response"):
            found.problems += wildcard_json(data, pointer, node, draft, locator)
    found.problems += mend_operations(data, draft, locator)
    for old, new in found.renames.items():
        draft.rename("/paths", old, new)
    return found


def untyped(schema: Any) -> dict[str, Any]:
    """A schema loosened to any JSON value, keeping its description for the docs."""
    description = schema.get("description") if isinstance(schema, dict) else None
    return {"description": description} if isinstance(description, str) else {}


def canonical(pointer: str) -> str:
    """The one spelling of a local reference to ``pointer``: ``#`` and the pointer, only ``%`` percent-encoded."""
    return "#" + pointer.replace("%", "%25")


# -- references ----------------------------------------------------------------------------------------------------


def _references(
    data: dict[str, Any], objects: list[tuple[str, str, Any]], draft: Draft, locator: Locator, found: Found
) -> set[str]:
    """Check every ``$ref`` the grammar reaches; loosen schemas whose reference cannot be used. The loosened pointers."""
    loosened: set[str] = set()
    for pointer, kind, node in objects:  # parents before children
        if not (isinstance(node, dict) and "$ref" in node) or under(pointer, loosened):
            continue
        ref = node["$ref"]
        at = jp.join(pointer, "$ref")
        if not isinstance(ref, str):
            if kind == "schema":  # elsewhere the structure check reports it
                found.problems.append(locator.warning(at, f"`$ref` must be a string, found {type(ref).__name__}; {_ANY}"))
                draft.set(pointer, untyped(node))
                loosened.add(pointer)
            continue
        if is_remote(ref):
            found.problems.append(locator.error(at, f"remote reference {ref!r} refused: generation never uses the network"))
            continue
        if not ref.startswith("#"):
            found.problems.append(locator.error(at, f"reference to another file {ref!r} was not followed"))
            continue
        target, problem = check_reference(data, ref, kind, pointer)
        if problem:
            same = _same_shape(data, ref, kind)
            if same is not None:
                body, what = same
                found.problems.append(locator.warning(at, f"{problem}; read as {describe(kind)} with its {what}"))
                draft.set(pointer, body)
            elif kind == "schema":
                found.problems.append(locator.warning(at, f"{problem}; {_ANY}"))
                draft.set(pointer, untyped(node))
                loosened.add(pointer)
            else:
                found.problems.append(locator.error(at, problem))
            continue
        assert target is not None
        spelled = canonical(_renamed(target, found.renames))
        if spelled != ref:
            draft.set(at, spelled)
    return loosened


def _same_shape(data: dict[str, Any], ref: str, kind: str) -> tuple[dict[str, Any], str] | None:
    """What a reference to an object of another kind but the same shape means here, and what of it is kept: a
    response that ``$ref``s a request body (or the other way round) holds its description and content; a response
    header that ``$ref``s a header parameter (Apache Iceberg's ``ETag``) is that parameter without ``name`` and ``in``
    (a Header Object is a Parameter Object without them)."""
    try:
        target = target_pointer(data, ref)
    except KeyError:
        return None
    node = jp_get(data, target)
    if not isinstance(node, dict) or "$ref" in node:
        return None
    found = kind_at(target)
    if kind in ("response", "requestBody") and found in ("response", "requestBody"):
        body = {"description": node.get("description") or "", **({"content": node["content"]} if "content" in node else {})}
        return body, "description and content"
    if kind == "header" and found == "parameter" and node.get("in") == "header":
        return {k: v for k, v in node.items() if k not in ("name", "in")}, "schema and description (a header has no name or in)"
    return None


def check_reference(data: dict[str, Any], ref: str, kind: str, holder: str) -> tuple[str | None, str]:
    """Where a local ``ref`` written at ``holder`` (a position of ``kind``) leads, or why it cannot be used there.

    A circle is reported at each reference in it; one that only leads into a circle is fine once those are."""
    try:
        target = target_pointer(data, ref)
    except KeyError:
        return None, f"reference {ref!r} points at nothing"
    chain = [ref]
    seen = {target}
    node = jp_get(data, target)
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        chain.append(node["$ref"])
        try:
            nxt = target_pointer(data, node["$ref"])
        except KeyError:
            break  # reported where that reference is written
        if nxt == holder or target == holder:
            return None, f"circular reference: {' -> '.join([canonical(holder), *chain])}"
        if nxt in seen or len(chain) > MAX_HOPS:
            break  # a circle this reference leads into: reported at the references in it
        seen.add(nxt)
        node = jp_get(data, nxt)
    found = kind_at(target)
    if found is None:  # a place OpenAPI says nothing about: what is there must at least be an object
        value = jp_get(data, target)
        if not (isinstance(value, dict) or kind == "schema" and isinstance(value, bool)):
            return None, f"reference {ref!r} names {_a(value)}, but {describe(kind)} belongs here"
    elif found != kind:
        home = f" (under {HOMES[kind]})" if kind in HOMES else ""
        return None, f"reference {ref!r} names {describe(found)}, but {describe(kind)} belongs here: point it at {describe(kind)}{home}"
    return target, ""


def under(pointer: str, pointers: set[str]) -> bool:
    """Is ``pointer`` one of ``pointers`` or inside one of them?"""
    if not pointers:
        return False
    if pointer in pointers:
        return True
    return any(pointer[:i] in pointers for i, c in enumerate(pointer) if c == "/" and i)


def _a(value: Any) -> str:
    """A JSON value's type, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string" if isinstance(value, str) else "a list"


def jp_get(data: Any, pointer: str) -> Any:
    """The value at an existing pointer."""
    node = data
    for part in jp.split(pointer):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _renamed(pointer: str, renames: dict[str, str]) -> str:
    """``pointer`` after paths were given their leading ``/``."""
    parts = jp.split(pointer)
    if len(parts) >= 2 and parts[0] == "paths" and parts[1] in renames:
        return jp.join("", "paths", renames[parts[1]], *parts[2:])
    return pointer


# -- schemas -------------------------------------------------------------------------------------------------------


def _schemas(
    data: dict[str, Any], objects: list[tuple[str, str, Any]], version: str, draft: Draft, locator: Locator,
    found: Found, loosened: set[str],
) -> None:
    users = _allof_users(data, objects)
    for pointer, kind, node in objects:
        if kind != "schema" or under(pointer, loosened):
            continue
        if isinstance(node, bool):
            found.problems += boolean(pointer, node, version, draft, locator)
        elif isinstance(node, dict):
            moved = _properties_ref(data, pointer, node, draft, locator, found)
            if node.get("enum") == []:
                found.problems.append(
                    locator.warning(
                        jp.join(pointer, "enum"),
                        "`enum` is empty, so no value is valid here: a client reads any value and cannot send one "
                        "(list the allowed values, or remove `enum`)",
                    )
                )
            _required(data, pointer, node, moved, users, locator, found.problems)
            if version == "3.0":
                found.problems += null_members(pointer, node, draft, locator)
            found.problems += scalar_items(pointer, node, draft, locator)
            ignored = array_properties(pointer, node, draft, locator)
            if ignored:  # gone from the draft: nothing below them is read
                loosened.add(jp.join(pointer, "properties"))
                found.problems += ignored


def _properties_ref(
    data: dict[str, Any], pointer: str, node: dict[str, Any], draft: Draft, locator: Locator, found: Found
) -> str | None:
    """``properties: {$ref: X}`` read as ``allOf: [{$ref: X}]``; the pointer of X when it was moved."""
    properties = node.get("properties")
    if not (isinstance(properties, dict) and isinstance(properties.get("$ref"), str)):
        return None
    ref = properties["$ref"]
    at = jp.join(pointer, "properties", "$ref")
    draft.delete(at)
    if not ref.startswith("#"):
        found.problems.append(locator.error(at, f"`properties` holds a `$ref` ({ref!r}) to another file or host"))
        return None
    target, problem = check_reference(data, ref, "schema", pointer)
    if problem:
        found.problems.append(locator.warning(at, f"`properties` holds a `$ref`, and {problem}: it is ignored"))
        return None
    assert target is not None
    found.problems.append(
        locator.warning(
            at,
            f"`properties` maps property names to schemas, so `$ref` here names no property: read as "
            f"`allOf: [{{$ref: {ref!r}}}]` (the properties of that schema); move the `$ref` into `allOf`",
        )
    )
    all_of = draft.get(jp.join(pointer, "allOf")) if isinstance(node.get("allOf"), list) else []
    draft.set(jp.join(pointer, "allOf"), [*all_of, {"$ref": canonical(_renamed(target, found.renames))}])
    return target


def _required(
    data: dict[str, Any], pointer: str, node: dict[str, Any], moved: str | None,
    users: dict[str, list[tuple[str, set[str] | None]]], locator: Locator, problems: list[GenError],
) -> None:
    """A ``required`` name that no property declares: here, through ``allOf``, beside it in an ``allOf``, or in a
    schema that extends it with ``allOf`` (an abstract base requiring what each extension declares is not a mistake).
    The model layer already ignores such a name, so the document is left as it is."""
    required = node.get("required")
    if not isinstance(required, list) or not required:
        return
    if not (isinstance(node.get("properties"), dict) or isinstance(node.get("allOf"), list) or moved):
        return  # a constraint alone (``oneOf: [{required: [a]}, ...]``): names declared elsewhere
    if node.get("patternProperties") or isinstance(node.get("additionalProperties"), dict) and node["additionalProperties"]:
        return  # a required name may be an additional property
    declared = _declared(data, node, 0)
    if moved is not None:
        declared = _merge(declared, _declared(data, jp_get(data, moved), 1))
    parts = jp.split(pointer)
    if len(parts) >= 2 and parts[-2] == "allOf":
        declared = _merge(declared, _declared(data, jp_get(data, jp.join("", *parts[:-2])), 0))
    declared = _merge(declared, _inherited(pointer, users, set()))
    if declared is None:
        return  # something could not be read (a dangling reference): reported where it is written
    unknown = [name for name in required if isinstance(name, str) and name not in declared]
    if unknown:
        problems.append(
            locator.warning(
                jp.join(pointer, "required"),
                f"`required` names {', '.join(repr(n) for n in unknown)}, which no property declares: ignored "
                "(declare the property in `properties`, or remove the name from `required`)",
            )
        )


def _allof_users(data: dict[str, Any], objects: list[tuple[str, str, Any]]) -> dict[str, list[tuple[str, set[str] | None]]]:
    """For each schema named in some ``allOf``: (the extending schema, the names it and its parts declare)."""
    users: dict[str, list[tuple[str, set[str] | None]]] = {}
    for pointer, kind, node in objects:
        if kind != "schema" or not isinstance(node, dict) or not isinstance(node.get("allOf"), list):
            continue
        declared = _declared(data, node, 0)
        for part in node["allOf"]:
            if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                try:
                    users.setdefault(target_pointer(data, part["$ref"]), []).append((pointer, declared))
                except KeyError:
                    continue
    return users


def _inherited(pointer: str, users: dict[str, list[tuple[str, set[str] | None]]], seen: set[str]) -> set[str] | None:
    """Names declared by every schema that extends ``pointer``, directly or through others."""
    names: set[str] | None = set()
    seen.add(pointer)
    for user, declared in users.get(pointer, ()):
        names = _merge(names, declared)
        if user not in seen and len(seen) < 1000:
            names = _merge(names, _inherited(user, users, seen))
    return names


def _merge(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    return None if a is None or b is None else a | b


def _declared(data: dict[str, Any], schema: Any, depth: int, seen: set[int] | None = None) -> set[str] | None:
    """Property names a schema declares, through references and ``allOf``/``anyOf``/``oneOf``; None if unreadable.
    Each schema is read once (``seen``): else variants that each extend their union (Komga) loop exponentially."""
    if depth > 32:
        return None
    seen = set() if seen is None else seen
    try:
        schema, _where = follow(data, schema, "")
    except KeyError:
        return None
    if not isinstance(schema, dict) or id(schema) in seen:
        return set()
    seen.add(id(schema))
    properties = schema.get("properties")
    names: set[str] | None = {k for k in properties if k != "$ref"} if isinstance(properties, dict) else set()
    if isinstance(properties, dict) and isinstance(properties.get("$ref"), str):
        names = _merge(names, _declared(data, {"$ref": properties["$ref"]}, depth + 1, seen))
    for key in ("allOf", "anyOf", "oneOf"):
        parts = schema.get(key)
        for part in parts if isinstance(parts, list) else ():
            names = _merge(names, _declared(data, part, depth + 1, seen))
    return names


# -- paths and parameters ------------------------------------------------------------------------------------------


def _path_renames(data: dict[str, Any], locator: Locator, problems: list[GenError]) -> dict[str, str]:
    paths = data.get("paths")
    renames: dict[str, str] = {}
    for path in paths if isinstance(paths, dict) else ():
        if path.startswith("/") or path.startswith("x-"):
            continue
        where = jp.join("/paths", path)
        if "/" + path in paths:
            problems.append(locator.error(where, f"path {path!r} must start with '/', and {'/' + path!r} is also a path: merge them"))
            continue
        problems.append(locator.warning(where, f"a path must start with '/': {path!r} is read as {'/' + path!r}"))
        renames[path] = "/" + path
    return renames


def _path_parameters(objects: list[tuple[str, str, Any]], draft: Draft, locator: Locator, problems: list[GenError]) -> None:
    for pointer, kind, node in objects:
        if kind != "parameter" or not isinstance(node, dict) or "$ref" in node or node.get("in") != "path":
            continue
        if node.get("required") is not True:
            name = node.get("name")
            where = jp.join(pointer, "required") if "required" in node else pointer
            problems.append(
                locator.warning(
                    where,
                    f"path parameter {name!r} is not marked `required: true`; a path parameter is always required: "
                    "read as required (add `required: true`)",
                )
            )
            draft.set(jp.join(pointer, "required"), True)
