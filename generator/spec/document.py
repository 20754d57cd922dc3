"""Reading a loaded OpenAPI document: references, pointers, operations. Every later stage uses these."""

from __future__ import annotations

import re
from typing import Any, Iterator

from . import pointer as jp

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
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


def resolve_pointer(data: Any, ref: str) -> Any:
    """The value a local ``#/...`` reference points at; KeyError when it does not exist.

    The fragment is percent-decoded before it is read as a pointer (``%7Bid%7D`` is ``{id}``); a document that
    wrote a literal ``%`` in a key without encoding it is still understood."""
    fragment = ref[1:] if ref.startswith("#") else ref
    try:
        return _walk(data, jp.from_fragment(fragment))
    except KeyError:
        if "%" not in fragment:
            raise KeyError(ref) from None
    try:
        return _walk(data, fragment)
    except KeyError:
        raise KeyError(ref) from None


def deref(data: dict[str, Any], node: Any) -> Any:
    """Follow ``$ref`` chains (validated acyclic) to the object they name."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        node = resolve_pointer(data, node["$ref"])
    return node


def iter_operations(data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(path, method, path item, operation) in document order."""
    for path, item in (data.get("paths") or {}).items():
        item = deref(data, item)
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, item, op


def merged_parameters(data: dict[str, Any], item: dict[str, Any], op: dict[str, Any]) -> list[dict[str, Any]]:
    """Path-item parameters overridden by operation parameters with the same name and location."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in list(item.get("parameters") or []) + list(op.get("parameters") or []):
        param = deref(data, raw)
        if isinstance(param, dict) and "name" in param and "in" in param:
            merged[(param["in"], param["name"])] = param
    return list(merged.values())
