"""Schema spellings read by their intent (``normalize.py`` reports and applies them): a boolean schema in 3.0, and
a union member that only says ``nullable: true``."""

from __future__ import annotations

from typing import Any

from ..errors import GenError
from .. import pointer as jp
from .draft import Draft
from .locate import Locator


# What a schema that only says ``nullable: true`` may hold beside it (no type, nothing else to allow or forbid).
_NULL_ONLY = frozenset({"nullable", "description", "title"})


def null_members(pointer: str, node: dict[str, Any], draft: Draft, locator: Locator, problems: list[GenError]) -> None:
    """``anyOf: [{$ref: X}, {nullable: true}]`` (schemars, for every ``Option<X>``: Qdrant has 263): without a
    ``type``, 3.0's ``nullable`` has no effect, so that member allows any value and X's type is lost. Read as null."""
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


def boolean(pointer: str, value: bool, version: str, draft: Draft, locator: Locator, problems: list[GenError]) -> None:
    if jp.split(pointer)[-1] == "additionalProperties":
        return  # understood by every stage, in 3.0 and 3.1
    spelled = "{}" if value else "{not: {}}"
    if version == "3.0":
        problems.append(
            locator.warning(pointer, f"a boolean schema is OpenAPI 3.1; in 3.0 write {spelled} (read as that)")
        )
    draft.set(pointer, {} if value else {"not": {}})
