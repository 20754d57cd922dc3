"""Examples from the spec, for the docs and the docstrings."""

from __future__ import annotations

from typing import Any

from ..spec.document import deref


def find_example(data: dict[str, Any], *holders: Any) -> Any:
    """The first example found on the given objects (a value, a schema, a parameter or media type): ``example``,
    then JSON Schema ``examples[0]``, then the first of OpenAPI's named ``examples``."""
    for holder in holders:
        holder = deref(data, holder)
        if holder is None:
            continue
        if not isinstance(holder, dict):
            return holder
        if "example" in holder:
            return holder["example"]
        examples = holder.get("examples")
        if isinstance(examples, list) and examples:
            return examples[0]
        if isinstance(examples, dict) and examples:
            first = deref(data, next(iter(examples.values())))
            if isinstance(first, dict) and "value" in first:
                return first["value"]
    return None
