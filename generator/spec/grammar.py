"""What kind of OpenAPI object stands at a position of the document: the grammar of OpenAPI 3.0/3.1, as data.

``kind_at("/components/parameters/Id/schema")`` is ``"schema"``; ``kind_at("/paths/~1a/get/responses")`` is
``"responses"``; a position the grammar does not describe (an extension, an example's value) is None. The kind of a
position does not depend on the data, so a ``$ref`` target is classified by its pointer alone, which is how a
reference to the wrong kind of object is found (a schema position naming a parameter). ``walk`` visits every
object of a document with its kind, without following references, iteratively (no recursion, whatever the depth).
"""

from __future__ import annotations

from typing import Any, Iterator

from .. import pointer as jp

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# A child is a kind (one object), ("map", kind) (user-chosen names, each an object of that kind) or ("list", kind).
Child = str | tuple[str, str]

_SCHEMA_FIELDS: dict[str, Child] = {
    **{key: "schema" for key in (
        "additionalProperties", "items", "not", "if", "then", "else", "contains", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema", "additionalItems",
    )},
    **{key: ("map", "schema") for key in ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")},
    **{key: ("list", "schema") for key in ("allOf", "anyOf", "oneOf", "prefixItems")},
}
_PARAMETER_FIELDS: dict[str, Child] = {"schema": "schema", "content": ("map", "mediaType"), "examples": ("map", "example")}

FIELDS: dict[str, dict[str, Child]] = {
    "document": {"paths": "paths", "webhooks": ("map", "pathItem"), "components": "components"},
    "components": {
        "schemas": ("map", "schema"),
        "responses": ("map", "response"),
        "parameters": ("map", "parameter"),
        "examples": ("map", "example"),
        "requestBodies": ("map", "requestBody"),
        "headers": ("map", "header"),
        "securitySchemes": ("map", "securityScheme"),
        "links": ("map", "link"),
        "callbacks": ("map", "callback"),
        "pathItems": ("map", "pathItem"),
    },
    "pathItem": {**{method: "operation" for method in HTTP_METHODS}, "parameters": ("list", "parameter")},
    "operation": {
        "parameters": ("list", "parameter"),
        "requestBody": "requestBody",
        "responses": "responses",
        "callbacks": ("map", "callback"),
    },
    "parameter": _PARAMETER_FIELDS,
    "header": _PARAMETER_FIELDS,
    "requestBody": {"content": ("map", "mediaType")},
    "mediaType": {"schema": "schema", "examples": ("map", "example"), "encoding": ("map", "encoding")},
    "encoding": {"headers": ("map", "header")},
    "response": {"headers": ("map", "header"), "content": ("map", "mediaType"), "links": ("map", "link")},
    "schema": _SCHEMA_FIELDS,
    "example": {},
    "link": {},
    "securityScheme": {},
}
# Objects that are themselves maps of names (``x-`` keys there are extensions, not names).
EACH: dict[str, str] = {"paths": "pathItem", "responses": "response", "callback": "pathItem"}

# How kinds are named in messages.
NAMES = {
    "document": "the whole document",
    "components": "the components section",
    "paths": "the paths section",
    "pathItem": "a path item",
    "operation": "an operation",
    "parameter": "a parameter",
    "header": "a header",
    "requestBody": "a request body",
    "mediaType": "a media type",
    "encoding": "an encoding",
    "responses": "the responses of an operation",
    "response": "a response",
    "callback": "a callback",
    "schema": "a schema",
    "example": "an example",
    "link": "a link",
    "securityScheme": "a security scheme",
}
# Where each kind is declared for reuse, for the fix in a message.
HOMES = {
    "schema": "#/components/schemas",
    "parameter": "#/components/parameters",
    "response": "#/components/responses",
    "requestBody": "#/components/requestBodies",
    "header": "#/components/headers",
    "example": "#/components/examples",
    "securityScheme": "#/components/securitySchemes",
    "link": "#/components/links",
    "callback": "#/components/callbacks",
    "pathItem": "#/components/pathItems",
}


def describe(kind: str | None) -> str:
    """A kind as words: ``schema`` -> "a schema", ``map:schema`` -> "a map of schemas"."""
    if kind is None:
        return "something OpenAPI does not define"
    if ":" in kind:
        container, item = kind.split(":", 1)
        plural = NAMES.get(item, item).split(" ", 1)[-1] + "s"
        return f"a {'list' if container == 'list' else 'map'} of {plural}"
    return NAMES.get(kind, kind)


def _step(kind: str, token: str) -> str | None:
    """The kind one reference token below an object of ``kind`` (a container kind is ``map:<kind>``)."""
    if kind.startswith("map:"):
        return kind[4:]
    if kind.startswith("list:"):
        return kind[5:] if token.isdigit() else None
    if kind in EACH:
        return None if token.startswith("x-") else EACH[kind]
    child = FIELDS.get(kind, {}).get(token)
    if child is None:
        return None
    if isinstance(child, tuple):
        return f"{child[0]}:{child[1]}"
    return child


def kind_at(pointer: str) -> str | None:
    """The kind of object the grammar puts at ``pointer`` ("" is the document), or None where it says nothing."""
    kind: str | None = "document"
    parts = jp.split(pointer)
    for index, token in enumerate(parts):
        assert kind is not None
        if kind == "schema" and token == "items" and index + 1 < len(parts) and parts[index + 1].isdigit():
            kind = "list:schema"  # ``items: [...]``, the tuple form of older drafts
            continue
        kind = _step(kind, token)
        if kind is None:
            return None
    return kind


def walk(data: Any) -> Iterator[tuple[str, str, Any]]:
    """(pointer, kind, value) for every object the grammar describes, parents before children, in document order.

    References are not followed: a ``$ref`` holder is visited with the kind its position asks for. Values of any
    type are visited (a schema may be ``true``); containers (``map:``/``list:`` kinds) are not yielded themselves.
    """
    stack: list[tuple[str, str, Any]] = [("", "document", data)]
    while stack:
        pointer, kind, value = stack.pop()
        if ":" not in kind:
            yield pointer, kind, value
        children: list[tuple[str, str, Any]] = []
        if isinstance(value, dict):
            for key, child in value.items():
                if kind == "schema" and key == "items" and isinstance(child, list):
                    child_kind: str | None = "list:schema"
                else:
                    child_kind = _step(kind, str(key))
                if child_kind is not None:
                    children.append((jp.join(pointer, key), child_kind, child))
        elif isinstance(value, list) and kind.startswith("list:"):
            children = [(f"{pointer}/{i}", kind[5:], child) for i, child in enumerate(value)]
        stack.extend(reversed(children))
