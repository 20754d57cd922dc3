"""JSON Schema -> Python type expressions.

Object-like schemas (with properties, or allOf) become pydantic models, named by the ``registry``. Everything else
(scalars, enums, arrays, maps, unions) becomes a type expression, matching datamodel-code-generator's
``collapse_root_models``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..spec.document import resolve_pointer
from ..text import py_literal
from .registry import ModelRegistry, unwrap, variant_name

MAX_TYPE_DEPTH = 40


@dataclass(frozen=True, slots=True)
class TypeExpr:
    code: str  # valid at runtime and for mypy inside a generated module (models as ``models.X``)
    display: str  # for docs
    model: str = ""  # the model this type is, or is a list of, for doc links


ANY = TypeExpr("Any", "any")


class TypeMapper:
    def __init__(self, registry: ModelRegistry, *, hoisting: bool = True) -> None:
        self.registry = registry
        self.data = registry.data
        # Without hoisting (docs, flattened body fields) an inline object is a plain dict: only the
        # models module may define classes, and it names nested inline objects itself.
        self.hoisting = hoisting

    def map(self, schema: Any, hint: str, *, depth: int = 0) -> TypeExpr:
        """The Python type for ``schema``; inline models are hoisted under ``hint``."""
        if depth > MAX_TYPE_DEPTH or not isinstance(schema, dict):
            return ANY
        schema = unwrap(schema)
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if self.registry.is_excluded(ref):
                return ANY
            target = resolve_pointer(self.data, ref)
            name = self.registry.class_for_ref(ref)
            if name is not None and (name in self.registry.aliases or self.registry.is_model(target)):
                return _nullable(TypeExpr(f"models.{name}", name, name), schema)
            return _nullable(self.map(target, hint, depth=depth + 1), schema)
        if self.registry.is_model(schema):
            if not self.hoisting:
                return _nullable(TypeExpr("dict[str, Any]", "object"), schema)
            name = self.registry.hoist(schema, hint)
            return _nullable(TypeExpr(f"models.{name}", name, name), schema)
        return _nullable(self._structural(schema, hint, depth), schema)

    def _structural(self, schema: dict[str, Any], hint: str, depth: int) -> TypeExpr:
        if "const" in schema:
            return _literal([schema["const"]])
        if isinstance(schema.get("enum"), list):
            values = [v for v in schema["enum"] if v is not None]
            expr = _literal(values) if values else TypeExpr("None", "null")
            return _or_none(expr) if None in schema["enum"] else expr
        for key in ("oneOf", "anyOf"):
            members = schema.get(key)
            if isinstance(members, list) and members:
                exprs = [self.map(m, hint + variant_name(m, i), depth=depth + 1) for i, m in enumerate(members)]
                return _union(exprs)
        parts = schema.get("allOf")
        if isinstance(parts, list) and parts:
            # no part is a model (else this schema would be one): the one part that says something is the type
            typed = [p for p in parts if isinstance(p, dict) and set(p) - {"description", "title", "nullable", "default", "example"}]
            return self.map(typed[0], hint, depth=depth + 1) if len(typed) == 1 else ANY
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            exprs = [self._structural({**schema, "type": k}, hint, depth) for k in kinds] or [TypeExpr("None", "null")]
            expr = _union(exprs)
            return _or_none(expr) if "null" in kind else expr
        if kind == "string":
            fmt = schema.get("format")
            if fmt == "date-time":
                return TypeExpr("datetime.datetime", "datetime")
            if fmt == "date":
                return TypeExpr("datetime.date", "date")
            if fmt == "binary":
                return TypeExpr("bytes", "bytes")
            return TypeExpr("str", "str")
        if kind == "integer":
            return TypeExpr("int", "int")
        if kind == "number":
            return TypeExpr("float", "float")
        if kind == "boolean":
            return TypeExpr("bool", "bool")
        if kind == "null":
            return TypeExpr("None", "null")
        if kind == "array" or "items" in schema or "prefixItems" in schema:
            prefix = schema.get("prefixItems")
            if isinstance(prefix, list) and prefix:
                parts = [self.map(p, f"{hint}Item{i}", depth=depth + 1) for i, p in enumerate(prefix)]
                return TypeExpr(
                    "tuple[" + ", ".join(p.code for p in parts) + "]",
                    "tuple[" + ", ".join(p.display for p in parts) + "]",
                )
            item = self.map(schema.get("items"), f"{hint}Item", depth=depth + 1) if "items" in schema else ANY
            return TypeExpr(f"list[{item.code}]", f"list[{item.display}]", item.model)
        if kind == "object" or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = self.map(extra, f"{hint}Value", depth=depth + 1) if isinstance(extra, dict) and extra else ANY
            return TypeExpr(f"dict[str, {value.code}]", f"dict[str, {value.display}]", value.model)
        return ANY


def literal_value(value: Any) -> bool:
    """Can ``value`` stand in a ``Literal[...]`` that mypy accepts? (It refuses integers beyond 64 bits.)"""
    if isinstance(value, bool) or isinstance(value, str):
        return True
    return isinstance(value, int) and -(2**63) < value < 2**63


def _literal(values: list[Any]) -> TypeExpr:
    if not all(literal_value(v) for v in values):
        return ANY
    if all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values) and values:
        inner = ", ".join(py_literal(v) for v in values)
        return TypeExpr(f"Literal[{inner}]", " | ".join(_display_literal(v) for v in values))
    if all(isinstance(v, bool) for v in values) and values:
        return TypeExpr(f"Literal[{', '.join(repr(v) for v in values)}]", "bool")
    return ANY


def _display_literal(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def _union(exprs: list[TypeExpr]) -> TypeExpr:
    if any(e.code == "Any" for e in exprs):
        return ANY
    codes: list[str] = []
    displays: list[str] = []
    for expr in exprs:
        if expr.code not in codes:
            codes.append(expr.code)
            displays.append(expr.display)
    if len(codes) == 1:
        return exprs[0]
    models = {e.model for e in exprs if e.model}
    return TypeExpr(" | ".join(codes), " | ".join(displays), models.pop() if len(models) == 1 else "")


def _or_none(expr: TypeExpr) -> TypeExpr:
    if expr.code == "Any" or expr.code.endswith("| None") or expr.code == "None":
        return expr
    return TypeExpr(f"{expr.code} | None", f"{expr.display} | null", expr.model)


def _nullable(expr: TypeExpr, schema: dict[str, Any]) -> TypeExpr:
    return _or_none(expr) if schema.get("nullable") is True else expr
