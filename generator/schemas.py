"""JSON Schema -> Python type expressions, and the registry of model classes.

Object-like schemas (with properties, or allOf) become pydantic models: named components keep their (converted)
name, inline ones are hoisted under a name derived from where they appear. Everything else (scalars, enums,
arrays, maps, unions) becomes a type expression, matching datamodel-code-generator's ``collapse_root_models``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from .names import MODELS_RESERVED, Namespace, claim_all, pascal
from .validate import resolve_pointer

COMPONENT_PREFIX = "#/components/schemas/"
MAX_TYPE_DEPTH = 40


@dataclass(frozen=True, slots=True)
class TypeExpr:
    code: str  # valid at runtime and for mypy inside a generated module (models as ``models.X``)
    display: str  # for docs
    model: str = ""  # the model this type is, or is a list of, for doc links


ANY = TypeExpr("Any", "any")


def is_model(schema: Any) -> bool:
    return isinstance(schema, dict) and (bool(schema.get("properties")) or "allOf" in schema)


class ModelRegistry:
    """Names every model class; hoists inline object schemas so the models module defines them too.

    Component names are claimed all at once (independent of their order); inline schemas are hoisted under a name
    derived from where they appear, in the builder's sorted traversal order. Two different schemas that arrive
    with the same hint get different names (the second is told apart by a digest of its content), and the same
    schema arriving twice with the same hint gets one class.
    """

    def __init__(self, data: dict[str, Any], excluded: frozenset[str] = frozenset()) -> None:
        self.data = data
        self.namespace = Namespace(MODELS_RESERVED, pascal=True)
        components = (data.get("components") or {}).get("schemas") or {}
        # Components left out by --skip-unsupported: references to them are typed ``Any``.
        self.excluded = excluded
        self.component_names: dict[str, str] = claim_all(
            self.namespace, [k for k in components if k not in excluded], pascal
        )
        self.hoisted: dict[str, Any] = {}  # class name -> schema (refs still pointing into the document)
        self.hoisted_at: dict[str, str] = {}  # class name -> JSON Pointer of the operation that hoisted it
        self.context = ""  # set by the builder to the pointer of what it is building

    def class_for_ref(self, ref: str) -> str | None:
        if ref.startswith(COMPONENT_PREFIX):
            key = ref[len(COMPONENT_PREFIX) :].replace("~1", "/").replace("~0", "~")
            return self.component_names.get(key)
        return None

    def is_excluded(self, ref: str) -> bool:
        if not self.excluded or not ref.startswith(COMPONENT_PREFIX):
            return False
        return ref[len(COMPONENT_PREFIX) :].replace("~1", "/").replace("~0", "~") in self.excluded

    def hoist(self, schema: dict[str, Any], hint: str) -> str:
        digest = hashlib.sha1(json.dumps(schema, sort_keys=True, default=str).encode()).hexdigest()[:12]
        name = self.namespace.claim(f"hoisted:{hint}:{digest}", pascal(hint))
        self.hoisted[name] = schema
        self.hoisted_at.setdefault(name, self.context)
        return name


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
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if self.registry.is_excluded(ref):
                return ANY
            target = resolve_pointer(self.data, ref)
            name = self.registry.class_for_ref(ref)
            if name is not None and is_model(target):
                return _nullable(TypeExpr(f"models.{name}", name, name), schema)
            return _nullable(self.map(target, hint, depth=depth + 1), schema)
        if is_model(schema):
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
                exprs = [self.map(m, f"{hint}Option{i}", depth=depth + 1) for i, m in enumerate(members)]
                return _union(exprs)
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
        inner = ", ".join(repr(v) for v in values)
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
