"""Reading a loaded OpenAPI document: references, pointers, operations. Every later stage uses these."""

from __future__ import annotations

import re
from typing import Any, Iterator

from .. import pointer as jp
from .grammar import HTTP_METHODS

# A chain of references longer than this is refused (validation reports cycles; this bounds every loop anyway).
MAX_HOPS = 64
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_remote(ref: str) -> bool:
    """A reference to another host (``https://...``, ``//host/...``): never followed."""
    return bool(_REMOTE.match(ref)) or ref.startswith("//")


def is_file_ref(ref: str) -> bool:
    """A reference to another file on this machine (``schemas/pet.yaml#/Pet``)."""
    return not ref.startswith("#") and not is_remote(ref)


def iter_refs(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every ``$ref`` string in the document with the pointer of the object holding it."""
    stack: list[tuple[Any, str]] = [(node, pointer)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                yield where, ref
            for key, child in value.items():
                if isinstance(child, (dict, list)):
                    stack.append((child, jp.join(where, key)))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                if isinstance(child, (dict, list)):
                    stack.append((child, f"{where}/{index}"))


def _walk(data: Any, pointer: str) -> Any:
    node = data
    for part in jp.split(pointer):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(pointer)
    return node


def target_pointer(data: Any, ref: str) -> str:
    """The JSON Pointer of the value a local ``#/...`` reference names; KeyError when nothing is there.

    The fragment is percent-decoded before it is read as a pointer (``%7Bid%7D`` is ``{id}``); a document that
    wrote a literal ``%`` in a key without encoding it is still understood."""
    fragment = ref[1:] if ref.startswith("#") else ref
    decoded = jp.from_fragment(fragment)
    for pointer in (decoded, fragment) if "%" in fragment else (decoded,):
        try:
            _walk(data, pointer)
        except KeyError:
            continue
        return pointer
    raise KeyError(ref)


def resolve_pointer(data: Any, ref: str) -> Any:
    """The value a local ``#/...`` reference points at; KeyError when it does not exist (see ``target_pointer``)."""
    return _walk(data, target_pointer(data, ref))


def follow(data: Any, node: Any, pointer: str) -> tuple[Any, str]:
    """Follow ``$ref`` chains from ``node`` (found at ``pointer``): the object they name and its pointer. KeyError
    when a reference points at nothing or the chain does not end within ``MAX_HOPS``."""
    for _ in range(MAX_HOPS):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node, pointer
        pointer = target_pointer(data, node["$ref"])
        node = _walk(data, pointer)
    raise KeyError(f"more than {MAX_HOPS} references in a chain at {pointer}")


def deref(data: dict[str, Any], node: Any) -> Any:
    """Follow ``$ref`` chains to the object they name (KeyError when one points at nothing; bounded, see ``follow``)."""
    return follow(data, node, "")[0]


def one_way(data: dict[str, Any], schema: Any) -> str | None:
    """``"readOnly"`` or ``"writeOnly"`` when a property is marked so, beside a reference or in what it names."""
    try:
        nodes = [schema, deref(data, schema)]
    except KeyError:
        nodes = [schema]
    for node in nodes:
        for mark in ("readOnly", "writeOnly"):
            if isinstance(node, dict) and node.get(mark) is True:
                return mark
    return None


def structured(schema: dict[str, Any]) -> bool:
    """An object, an array or a composition: data that no single text value holds."""
    return schema.get("type") in ("object", "array") or any(
        k in schema for k in ("properties", "items", "additionalProperties", "allOf", "oneOf", "anyOf")
    )


def iter_operations(data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(path, method, path item, operation) in document order."""
    paths = data.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        try:
            item = deref(data, item)
        except KeyError:
            continue  # a dangling reference: validation reports it
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, item, op


def merged_parameters(data: dict[str, Any], item: dict[str, Any], op: dict[str, Any]) -> list[dict[str, Any]]:
    """Path-item parameters overridden by operation parameters with the same name and location."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in _list(item.get("parameters")) + _list(op.get("parameters")):
        try:
            param = deref(data, raw)
        except KeyError:
            continue  # a dangling reference: validation reports it
        if isinstance(param, dict) and isinstance(param.get("name"), str) and isinstance(param.get("in"), str):
            merged[(param["in"], param["name"])] = param
    return list(merged.values())


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
