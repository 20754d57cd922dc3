"""Model classes for plain schemas, read without datamodel-code-generator.

Most specs' schemas are plain: objects of scalars, enums, arrays, maps and references, a base through ``allOf``. For those, what the library decides (each field's type, whether it is required, its default, which class
inherits from which) follows a few fixed rules, written out here, and importing and running the library is most
of a small spec's cold generation (~0.2 s and ~18 MiB of its ~0.6 s and ~65 MiB). A schema set with anything
outside these rules (``_Plain.refusal``) goes to the library as before; ``tests/build/test_plain_models.py`` holds
this module to the library's own output, rule by rule and on every spec of the corpus that it accepts.

The rules are those of the library's options in ``model_source.DCG_OPTIONS``: ``collapse_root_models`` (a
referenced named scalar, array, map or union is written as its type; an unreferenced one stays a class wrapping
it), ``strict_nullable`` (an optional field without a default is ``X | None = None``; a default of its own type
keeps the type), ``enum_field_as_literal`` (enums are ``Literal``), union members in the order written, ``None``
last.
"""

from __future__ import annotations

from typing import Any

from ..text import py_literal
from .alternatives import refs_in
from .model_code import NO_DEFAULT, RawClass, RawField
from .types import literal_value

_PREFIX = "#/components/schemas/"
# Keywords that change no decision of the library's for these schemas (annotations, validation it is told to leave).
_NEUTRAL = frozenset(
    "description title example examples readOnly writeOnly deprecated pattern minimum maximum exclusiveMinimum"
    " exclusiveMaximum minLength maxLength minItems maxItems uniqueItems multipleOf minProperties maxProperties"
    " externalDocs xml contentMediaType contentEncoding".split()
)
_TYPED = frozenset("type format enum const nullable default items prefixItems additionalProperties anyOf oneOf $ref".split())
# The formats flatten keeps (the library has types of its own for others, UUID, AnyUrl, EmailStr: refused here).
_FORMATS = {"date-time": "_datetime.datetime", "date": "_datetime.date", "time": "_datetime.time", "binary": "bytes"}
_PLAIN_FORMATS = frozenset({"int32", "int64", "float", "double"})
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
_DEPTH = 12
_CYCLE = "a cycle of bases"  # a schema's refusal while it is being decided: met again, its bases loop


def plain_classes(schemas: dict[str, Any]) -> list[RawClass] | None:
    """The library's classes for ``schemas`` (flat: every object named, references by component name), or None
    when a schema is not plain."""
    plain = _Plain(schemas)
    if any(plain.refusal(name) for name in schemas):
        return None
    out: list[RawClass] = []
    for name in sorted(schemas):
        schema = schemas[name]
        if plain.is_class(schema):
            out.append(plain.klass(name, schema))
        elif alias := plain.alias_of(schema):
            out.append(RawClass(name, (), alias, ()))
        elif name not in plain.referenced:
            out.append(RawClass(name, (), plain.type(schema), ()))
    return out


def _name(ref: str) -> str:
    return ref[len(_PREFIX) :]


class _Plain:
    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self.referenced = {_name(ref) for name, schema in schemas.items() for ref in refs_in(schema) if ref != _PREFIX + name}
        self._refusals: dict[str, str] = {}  # bases are asked about once per subclass

    def _target(self, ref: Any) -> Any:
        """The schema a ``$ref`` names among these, or None."""
        return self.schemas.get(_name(ref)) if isinstance(ref, str) and ref.startswith(_PREFIX) else None

    # -- what is plain ------------------------------------------------------------------------------------------

    def refusal(self, name: str) -> str:
        """Why the schema named ``name`` is not plain; "" when it is."""
        if name not in self._refusals:
            self._refusals[name] = _CYCLE  # what a base met again while this is decided answers
            self._refusals[name] = self._refusal(name)
        return self._refusals[name]

    def _refusal(self, name: str) -> str:
        schema = self.schemas[name]
        if not isinstance(schema, dict):
            return "not an object"
        if "allOf" in schema:
            return self._refuse_all_of(schema)
        if schema.get("properties") == {}:  # a class without fields; beside other keywords, the library's call
            return "" if set(schema) - _NEUTRAL <= {"type", "properties"} and schema.get("type", "object") == "object" else "empty properties"
        if "properties" in schema:
            return self._refuse_object(schema)
        if "$ref" in schema:
            return "" if self.alias_of(schema) and not set(schema) - _NEUTRAL - {"$ref"} else "a named reference"
        if self.is_class(schema):
            return ""
        return self._refuse_type(schema, 0)

    def _refuse_object(self, schema: dict[str, Any]) -> str:
        if set(schema) - _NEUTRAL - {"type", "properties", "required", "additionalProperties"}:
            return "object keywords"
        props = schema.get("properties")
        if not isinstance(props, dict) or not props or schema.get("type", "object") != "object":
            return "properties"
        if not isinstance(schema.get("required", []), list):
            return "required"  # names no property has are left out, as the library does
        extra_props = schema.get("additionalProperties")
        if extra_props is not None and not isinstance(extra_props, (bool, dict)):
            return "additionalProperties"
        for prop in props.values():
            why = self._refuse_type(prop, 0)
            if why:
                return why
            if "default" in prop and "$ref" in prop:
                return "default beside $ref"
        return ""

    def _refuse_all_of(self, schema: dict[str, Any]) -> str:
        if set(schema) - {"allOf", "description", "title", "type", "additionalProperties", "required"} or schema.get("type", "object") != "object":
            return "allOf keywords"
        if schema.get("additionalProperties", True) is not True or not isinstance(schema.get("required", []), list):
            return "allOf keywords"
        parts = schema["allOf"]
        if not isinstance(parts, list) or not parts:
            return "allOf"
        inline = [p for p in parts if not (isinstance(p, dict) and set(p) == {"$ref"})]
        if len(inline) > 1 or (inline and parts[-1] is not inline[0]):
            return "allOf parts"
        for part in parts[: len(parts) - len(inline)]:
            target = self._target(part["$ref"])
            if not (isinstance(target, dict) and ("properties" in target or "allOf" in target)):
                return "allOf base"
            why = self.refusal(_name(part["$ref"]))
            if why:
                return "allOf base: " + why
        if len(parts) - len(inline) > 1:
            return "several bases"
        return self._refuse_object(inline[0]) if inline else ""

    def _refuse_type(self, schema: Any, depth: int) -> str:
        if not isinstance(schema, dict) or depth > _DEPTH:
            return "schema"
        if set(schema) - _NEUTRAL - _TYPED:
            return "keywords"
        ref = schema.get("$ref")
        if ref is not None:
            target = self._target(ref)
            if not isinstance(target, dict) or set(schema) - _NEUTRAL - {"$ref"}:
                return "$ref"
            if not self._named(target) and ("allOf" in target or "$ref" in target or not self._flat_union(target)):
                return "$ref to a union"
            return ""
        default = schema.get("default")
        if isinstance(default, (dict, list)) or ("default" in schema and default is None):
            return "default"
        kind = schema.get("type")
        if isinstance(kind, list):
            if len([k for k in kind if k != "null"]) != 1 or not all(k in _SCALARS or k in ("array", "object") for k in kind):
                return "type list"
            if "object" in kind and schema.get("additionalProperties", True) not in (True, {}):
                return "type list of a map"  # the library loses its value type (dict[str, Any]): left to it
        elif kind is not None and kind not in _SCALARS and kind not in ("array", "object"):
            return "type"
        if "items" in schema and kind not in (None, "array", ["array", "null"], ["null", "array"]):
            return "items of a non-array"
        fmt = schema.get("format")
        if fmt is not None and fmt not in _FORMATS and fmt not in _PLAIN_FORMATS:
            return "format"
        if "enum" in schema or "const" in schema:
            values = schema["enum"] if "enum" in schema else [schema["const"]]
            if not isinstance(values, list) or not values or not all(v is None or literal_value(v) for v in values):
                return "enum"
            if "anyOf" in schema or "oneOf" in schema:
                return "enum union"
        members = [schema[k] for k in ("anyOf", "oneOf") if k in schema]
        if len(members) > 1 or (members and "type" in schema):
            return "union keywords"
        for group in members:
            if not isinstance(group, list) or not group:
                return "union"
            others = [m for m in group if m != {"type": "null"}]
            for member in group:
                if len(others) > 1 and self._union_ref(member):
                    return "a union in a union"  # the library moves its members after the others
                if not isinstance(member, dict) or not set(member) & {"type", "$ref", "enum", "const"} or any(k in member for k in ("anyOf", "oneOf")):
                    return "union member"
                why = self._refuse_type(member, depth + 1)
                if why:
                    return why
        for key in ("items", "additionalProperties"):
            sub = schema.get(key)
            if isinstance(sub, dict) and sub and sub != {"not": {}}:
                why = self._refuse_type(sub, depth + 1)
                if why:
                    return why
            elif sub is not None and not isinstance(sub, (bool, dict)):
                return key
        return ""

    def alias_of(self, schema: dict[str, Any], depth: int = 0) -> str:
        """For a schema that is only a reference to a class (or to such a reference): the name it refers to. The
        library keeps it as a class wrapping that name, and others refer to it by its own name."""
        target = self._target(schema.get("$ref"))
        if not isinstance(target, dict) or depth > _DEPTH:
            return ""
        return _name(schema["$ref"]) if self.is_class(target) or self.alias_of(target, depth + 1) else ""

    def _named(self, schema: dict[str, Any]) -> bool:
        """Is a reference to ``schema`` written as the referenced name?"""
        return self.is_class(schema) or bool(self.alias_of(schema))

    def _flat_union(self, schema: dict[str, Any]) -> bool:
        """A union the library writes in place of a reference to it, members in order: each written in place (an
        open enum ``Literal[...] | str``) or a reference to a class."""
        members = [m for k in ("anyOf", "oneOf") for m in schema.get(k) or []]
        return all(isinstance(m, dict) and ("$ref" not in m or (set(m) == {"$ref"} and self._class_at(m["$ref"]))) for m in members)

    def _union_ref(self, member: Any) -> bool:
        target = self._target(member.get("$ref")) if isinstance(member, dict) else None
        return isinstance(target, dict) and not self._named(target) and ("anyOf" in target or "oneOf" in target)

    def _class_at(self, ref: Any) -> bool:
        target = self._target(ref)
        return isinstance(target, dict) and self.is_class(target)

    def is_class(self, schema: dict[str, Any]) -> bool:
        if "allOf" in schema:
            return True
        if "properties" in schema:
            return True
        return schema.get("type") == "object" and schema.get("additionalProperties", True) is True and not (set(schema) & (_TYPED - {"type", "additionalProperties"}))

    # -- the library's decisions --------------------------------------------------------------------------------

    def klass(self, name: str, schema: dict[str, Any]) -> RawClass:
        bases: list[str] = []
        own = schema
        for part in schema.get("allOf", []):
            if set(part) == {"$ref"}:
                bases.append(_name(part["$ref"]))
            else:
                own = part
        props = own.get("properties") or {}
        required = self._required(schema)
        fields = [self._field(wire, props[wire], wire in required) for wire in sorted(props)]
        return RawClass(name, tuple(bases), "", tuple(fields))

    def _required(self, schema: dict[str, Any]) -> set[str]:
        """The names a class requires: its own, its inline part's, and every base's (the library requires a field a
        subclass declares when a base lists it, even where the base has no such property)."""
        found = set(schema.get("required") or [])
        for part in schema.get("allOf", []):
            found |= self._required(self.schemas[_name(part["$ref"])] if set(part) == {"$ref"} else part)
        return found

    def _field(self, wire: str, schema: dict[str, Any], required: bool) -> RawField:
        members = self._members(schema)
        if required:
            return RawField(wire, _join(members), True, NO_DEFAULT)
        default = schema.get("default")
        if default is None:
            members = [*members, "None"]
        return RawField(wire, _join(members), False, default)

    def type(self, schema: dict[str, Any]) -> str:
        return _join(self._members(schema))

    def _members(self, schema: Any) -> list[str]:
        """The union members of ``schema``'s type, as the library orders them (``None`` placed by ``_join``)."""
        if not isinstance(schema, dict):
            return ["Any"]
        found = self._bare(schema)
        return [*found, "None"] if schema.get("nullable") is True else found

    def _bare(self, schema: dict[str, Any]) -> list[str]:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = _name(ref)
            target = self.schemas[name]
            return [name] if self._named(target) else self._members(target)
        if "enum" in schema or "const" in schema:
            values = schema["enum"] if "enum" in schema else [schema["const"]]
            written = [v for v in values if v is not None]
            head = ["Literal[" + ", ".join(py_literal(v) for v in written) + "]"] if written else []
            return head + (["None"] if None in values else [])
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return [m for member in schema[key] for m in self._members(member)]
        kind = schema.get("type")
        if isinstance(kind, list):
            return [m for k in kind for m in self._bare({**schema, "type": k})]
        if kind == "string":
            return [_FORMATS.get(schema.get("format", ""), "str")]
        if kind in _SCALARS:
            return [_SCALARS[kind]]
        if kind == "array" or "items" in schema:
            items = schema.get("items")
            return [f"list[{_join(_inner(self._members(items)))}]" if isinstance(items, dict) and items else "list[Any]"]
        if kind == "object" or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = _join(_inner(self._members(extra))) if isinstance(extra, dict) and extra and extra != {"not": {}} else "Any"
            return [f"dict[str, {value}]"]
        return ["Any"]


def _inner(members: list[str]) -> list[str]:
    """An item or value type: there the library writes an untyped schema as ``Any``, nullable or not."""
    return ["Any"] if "Any" in members else members


def _join(members: list[str]) -> str:
    """One type: members deduplicated in order, ``None`` last."""
    unique = list(dict.fromkeys(m for m in members if m != "None"))
    if "None" in members:
        unique.append("None")
    return " | ".join(unique) or "None"
