"""Spellings read by their intent (``normalize.py`` reports and applies them): a boolean schema in 3.0, a union
member that only says ``nullable: true``, an array with ``properties``, a scalar ``type`` with ``items``, and a
``*/*`` body or answer whose schema describes JSON."""

from __future__ import annotations

from typing import Any

from ..errors import GenError
from .. import pointer as jp
from ..mediatype import is_json
from .document import deref, structured
from .draft import Draft
from .locate import Locator


# What a schema that only says ``nullable: true`` may hold beside it (no type, nothing else to allow or forbid).
_NULL_ONLY = frozenset({"nullable", "description", "title"})


def null_members(pointer: str, node: dict[str, Any], draft: Draft, locator: Locator) -> list[GenError]:
    """``anyOf: [{$ref: X}, {nullable: true}]`` (schemars, for every ``Option<X>``: Qdrant has 263): without a
    ``type``, 3.0's ``nullable`` has no effect, so that member allows any value and X's type is lost. Read as null."""
    problems: list[GenError] = []
    for key in ("anyOf", "oneOf"):
        members = node.get(key)
        for index, member in enumerate(members if isinstance(members, list) else []):
            if isinstance(member, dict) and member.get("nullable") is True and set(member) <= _NULL_ONLY:
                at = jp.join(pointer, key, str(index))
                problems.append(
                    locator.warning(
                        at,
                        "a schema with only `nullable: true` allows any value in 3.0 (`nullable` needs a `type`); "
                        "read as null: write `{nullable: true, enum: [null]}` to say so",
                    )
                )
                draft.set(at, {**member, "enum": [None]})
    return problems


def boolean(pointer: str, value: bool, version: str, draft: Draft, locator: Locator) -> list[GenError]:
    if jp.split(pointer)[-1] == "additionalProperties":
        return []  # understood by every stage, in 3.0 and 3.1
    draft.set(pointer, {} if value else {"not": {}})
    if version != "3.0":
        return []
    spelled = "{}" if value else "{not: {}}"
    return [locator.warning(pointer, f"a boolean schema is OpenAPI 3.1; in 3.0 write {spelled} (read as that)")]


_WILDCARDS = ("*/*", "application/*")


def wildcard_json(data: dict[str, Any], pointer: str, node: Any, draft: Draft, locator: Locator) -> list[GenError]:
    """``content: {*/*: {schema: <an object>}}`` (springdoc's default: Halo has 289) is JSON: a client cannot send a
    body as ``*/*``, and without this it sent and read raw bytes. Read as ``application/json`` when the schema
    describes structured data (an object, an array, a composition) and no JSON type is listed beside it."""
    content = node.get("content") if isinstance(node, dict) else None
    if not isinstance(content, dict) or any(is_json(media) for media in content):
        return []
    for media in _WILDCARDS:
        entry = content.get(media)
        try:
            schema = deref(data, entry.get("schema")) if isinstance(entry, dict) else None
        except KeyError:
            continue
        if isinstance(schema, dict) and structured(schema):
            at = jp.join(pointer, "content", media)
            draft.rename(jp.join(pointer, "content"), media, "application/json")
            message = f"`{media}` with a schema of structured data: read as application/json (write application/json)"
            return [locator.warning(at, message)]
    return []


def array_properties(pointer: str, node: dict[str, Any], draft: Draft, locator: Locator) -> list[GenError]:
    """``type: array`` with ``properties`` (springdoc, for a Java class that extends a List: Halo's ``conditions``):
    the value is an array, which has no properties. Read without them; left in, the schema was taken for a class
    the model generator never made, and the whole spec failed."""
    if node.get("type") != "array" or not isinstance(node.get("properties"), dict):
        return []
    for key in ("properties", "required"):
        if key in node:
            draft.delete(jp.join(pointer, key))
    message = "`properties` beside `type: array`: an array has no properties, so they are ignored (remove them)"
    return [locator.warning(jp.join(pointer, "properties"), message)]


_SCALARS = ("integer", "number", "string", "boolean")


def scalar_items(pointer: str, node: dict[str, Any], draft: Draft, locator: Locator) -> list[GenError]:
    """A scalar ``type`` with ``items`` (Listmonk's ``target_list_ids: {type: integer, items: {type: integer}}``, which
    the server takes as an array): the items say it holds several. Read as an array of them; left as written, the
    models read an array and the methods took one integer."""
    kind = node.get("type")
    if kind not in _SCALARS or not isinstance(node.get("items"), dict):
        return []
    draft.set(jp.join(pointer, "type"), "array")
    message = f"`type: {kind}` with `items`: read as an array of those items (write `type: array`)"
    return [locator.warning(jp.join(pointer, "type"), message)]
