"""Model documentation: one page per model class, its fields by wire name."""

from __future__ import annotations

from typing import Any

from .. import ir
from ..names import pascal
from ..spec.document import deref
from ..text import clean_text
from .context import BuildContext


def model_docs(ctx: BuildContext, defined: tuple[str, ...]) -> tuple[ir.ModelDoc, ...]:
    schemas: dict[str, Any] = {}
    components = (ctx.data.get("components") or {}).get("schemas") or {}
    for key, name in ctx.registry.component_names.items():
        if name in defined:
            schemas[name] = components[key]
    for name, schema in ctx.registry.hoisted.items():
        if name in defined:
            schemas[name] = schema
    docs = []
    for name in sorted(schemas):
        props, required = ctx.properties(schemas[name])
        fields = []
        for wire in sorted(props):
            target = deref(ctx.data, props[wire])
            fields.append(
                ir.Field(
                    name=wire,
                    display=ctx.flat_types.map(props[wire], name + pascal(wire)).display,
                    required=wire in required,
                    description=clean_text(target.get("description", "")) if isinstance(target, dict) else "",
                )
            )
        schema = deref(ctx.data, schemas[name]) or {}
        docs.append(ir.ModelDoc(name, clean_text(schema.get("description", "")), tuple(fields), "object"))
    return tuple(docs)
