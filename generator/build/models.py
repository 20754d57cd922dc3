"""Model classes as IR data: datamodel-code-generator turns our flattened schemas into types, we decide the rest.
(When every schema is plain, ``plain_models`` makes the library's decisions without importing it.)

The schemas it gets are flat and every one is named by us (``flatten``); its output is read once
(``model_code``) for what it decides well: each field's wire name and type, and which class inherits from which.
Python field names are claimed per class by ``names.Namespace`` (an inherited field keeps its base's name, and a
subclass never redeclares a field its base has, so no override narrows a type), descriptions come from the
schemas, defaults are written in their field's Python type. The components that contain themselves without being
models become named type aliases, typed by our own mapper. Every option of the generator is passed explicitly
(its output changes between versions and with defaults); a failure is pinned on the schemas that cause it.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from .. import ir
from ..names import PYDANTIC_RESERVED, Namespace, claim_all, snake
from .. import pointer as jp
from ..spec.document import deref, one_way
from ..text import clean_text, py_literal
from .flatten import Flat, flatten
from ..pycode import identifiers
from .model_source import generated as _generate
from .plain_models import plain_classes
from .model_code import NO_DEFAULT, RawClass, RawField, display, read_classes
from .registry import ModelRegistry, is_model
from .types import TypeMapper

# Stands in for a recursive alias while the generator runs, so other classes name it instead of expanding it.
_ALIAS_STUB = {"type": "object", "properties": {"sdksmith_alias_stub": {"type": "string"}}}
_FIELD_RESERVED = PYDANTIC_RESERVED | {"model_config"}


class ModelsFailed(Exception):
    """datamodel-code-generator could not make some classes: (class name, reason) for each one found at fault."""

    def __init__(self, culprits: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{n}: {r}" for n, r in culprits))
        self.culprits = culprits


_LOOSEN_ROUNDS = 4


def model_classes(registry: ModelRegistry, version: str) -> tuple[tuple[ir.ModelClass, ...], dict[str, str]]:
    """Every model class and named alias of the API, sorted by name, and the schemas that had to be loosened:
    ``{class name: why}``. A schema the model generator cannot turn into a class does not stop the others: it
    becomes a class without declared fields (every field the server sends is kept as given), and the build warns
    about it, located (an error under ``--strict``)."""
    aliases = _alias_types(registry)  # first: typing them may hoist inline models, which flatten then names
    flat = flatten(registry)
    if not flat.schemas:
        return (), {}
    schemas = {name: (_ALIAS_STUB if name in aliases else schema) for name, schema in flat.schemas.items()}
    loosened: dict[str, str] = {}
    for attempt in range(_LOOSEN_ROUNDS):
        try:
            classes = _run(schemas, version)
            break
        except ModelsFailed as exc:
            if attempt == _LOOSEN_ROUNDS - 1:
                raise
            for name, reason in exc.culprits:
                loosened[name] = reason
                schemas[name] = _ALIAS_STUB
    raw: dict[str, RawClass] = {}
    for found in classes:
        if found.name in aliases:
            continue  # our stub: the alias's type is ours
        if found.name in loosened:
            raw[found.name] = RawClass(found.name, (), "", ())  # no declared fields: everything kept as extras
        elif found.root:
            aliases[found.name] = found.root  # a named non-object type the generator kept: an alias too
        else:
            raw[found.name] = found
    missing = sorted(n for n, s in flat.schemas.items() if n not in aliases and is_model(s, _flat_document(flat)) and n not in raw)
    if missing:  # every inline object is ours to name, so this is a bug of ours: say where
        raise ModelsFailed([(n, "model generation did not produce this class") for n in missing])
    builder = _Classes(registry, flat, raw, aliases)
    made = tuple(sorted((builder.make(name) for name in (*raw, *aliases)), key=lambda m: m.name))
    return made, {name: f"{reason}; read as an object whose fields are kept as given, untyped" for name, reason in loosened.items()}


def _alias_types(registry: ModelRegistry) -> dict[str, str]:
    """The type each recursive alias stands for, as code in the models' namespace."""
    mapper = TypeMapper(registry)
    components = (registry.data.get("components") or {}).get("schemas") or {}
    out: dict[str, str] = {}
    for key, name in sorted(registry.component_names.items(), key=lambda kv: kv[1]):
        if name in registry.aliases:
            out[name] = in_models_namespace(mapper.map(components[key], name).code)
    return out


def in_models_namespace(code: str) -> str:
    """A type expression written for a resource module (``models.X``, ``datetime.date``) as the models module
    spells it (``X``, ``_datetime.date``)."""
    return re.sub(r"\bdatetime\.", "_datetime.", re.sub(r"\bmodels\.", "", code))


def _flat_document(flat: Flat) -> dict[str, Any]:
    return {"components": {"schemas": flat.schemas}}


def _run(schemas: dict[str, Any], version: str) -> list[RawClass]:
    plain = plain_classes(schemas)
    if plain is not None:  # the library's decisions, without importing it (see plain_models)
        return plain
    try:
        return read_classes(_generate(schemas, version))
    except Exception as exc:  # noqa: BLE001 - the library raises many types; all mean the same to our user
        culprits = _culprits(schemas, version, sorted(schemas))
        raise ModelsFailed(culprits or [(name, _reason(exc)) for name in sorted(schemas)]) from None


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"model generation failed: {text[:300]}"


def _culprits(schemas: dict[str, Any], version: str, names: list[str]) -> list[tuple[str, str]]:
    """The schemas among ``names`` that fail on their own (every other schema replaced by a stub), by bisection:
    a few generator runs per culprit instead of one per schema."""
    stub = {"type": "object"}

    def fails(subset: list[str]) -> str:
        trial = {n: (schemas[n] if n in subset else stub) for n in schemas}
        try:
            read_classes(_generate(trial, version))
        except Exception as exc:  # noqa: BLE001 - the library raises many types; all mean the same
            return _reason(exc)
        return ""

    def search(subset: list[str], reason: str) -> list[tuple[str, str]]:
        if len(subset) == 1:
            return [(subset[0], reason)]
        half = len(subset) // 2
        found: list[tuple[str, str]] = []
        for part in (subset[:half], subset[half:]):
            part_reason = fails(part)
            if part_reason:
                found += search(part, part_reason)
        # failing only together: every one of them is at fault
        return found or [(n, reason) for n in subset]

    reason = fails(names)
    return search(names, reason) if reason else []


class _Classes:
    """Builds each ``ir.ModelClass``, bases before subclasses (a subclass's field names follow its bases')."""

    def __init__(self, registry: ModelRegistry, flat: Flat, raw: dict[str, RawClass], aliases: dict[str, str]) -> None:
        self.registry = registry
        self.flat = flat
        self.raw = raw
        self.aliases = aliases
        self.made: dict[str, ir.ModelClass] = {}
        self.names = frozenset(raw) | frozenset(aliases)
        self.origins = self._origins()

    def make(self, name: str) -> ir.ModelClass:
        if name in self.made:
            return self.made[name]
        if name in self.aliases:
            code = self.aliases[name]
            model = ir.ModelClass(
                name=name,
                kind="alias",
                bases=(),
                alias=code,
                alias_display=display(code),
                description=self._description(name),
                fields=(),
                inherited=(),
                uses=tuple(sorted(set(identifiers(code)) & self.names - {name})),
                origin=self.origins.get(name, ""),
            )
            self.made[name] = model
            return model
        raw = self.raw[name]
        bases = tuple(b for b in raw.bases if b in self.raw)
        parents = [self.make(b) for b in bases]
        inherited: dict[str, ir.ModelField] = {}
        for parent in parents:
            for f in (*parent.inherited, *parent.fields):
                inherited.setdefault(f.wire, f)
        own_raw = [f for f in raw.fields if f.wire not in inherited]
        # A field named like a name its class's annotations use (``str: str``) would shadow it there.
        spelled = {n for f in (*raw.fields, *inherited.values()) for n in identifiers(f.annotation)}
        namespace = Namespace(_FIELD_RESERVED | spelled | {f.name for f in inherited.values()}, builtins_reserved=False)
        python = claim_all(namespace, [f.wire for f in own_raw], snake)
        facts = self._field_facts(name)
        fields = tuple(self._field(f, python[f.wire], *facts.get(f.wire, ("", False, False))) for f in own_raw)
        uses = set(b for b in bases)
        for f in fields:
            uses |= set(identifiers(f.annotation)) & self.names
        for parent in parents:
            uses |= set(parent.uses)
        model = ir.ModelClass(
            name=name,
            kind="object",
            bases=bases,
            alias="",
            alias_display="",
            description=self._description(name),
            fields=fields,
            inherited=tuple(sorted(inherited.values(), key=lambda f: f.wire)),
            uses=tuple(sorted(uses - {name})),
            origin=self.origins.get(name, ""),
        )
        self.made[name] = model
        return model

    def _field(self, raw: RawField, name: str, description: str, nullable: bool, read_only: bool) -> ir.ModelField:
        shown = display(raw.annotation)
        if not raw.required and not nullable and shown.endswith(" | None"):
            shown = shown[: -len(" | None")]  # optional, not nullable: the docs' Required column says the rest
        return ir.ModelField(
            name=name,
            wire=raw.wire,
            annotation=raw.annotation,
            display=shown,
            required=raw.required,
            nullable=nullable,
            default=default_code(raw.default, raw.annotation),
            description=description,
            read_only=read_only,
        )

    def _origins(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, name in self.registry.component_names.items():
            out[name] = jp.join("/components/schemas", key)
        for name, where in self.registry.hoisted_at.items():
            out[name] = where
        for name, parent in sorted(self.flat.parents.items()):
            seen = {name}
            while parent in self.flat.parents and parent not in seen:
                seen.add(parent)
                parent = self.flat.parents[parent]
            out[name] = out.get(parent, "")
        return out

    def _description(self, name: str) -> str:
        schema = deref(self.registry.data, self.flat.originals.get(name))
        return clean_text(schema.get("description", "")) if isinstance(schema, dict) else ""

    def _field_facts(self, name: str) -> dict[str, tuple[str, bool, bool]]:
        """(description, nullable, readOnly) of each property, from the schema as the spec wrote it."""
        out: dict[str, tuple[str, bool, bool]] = {}
        data = self.registry.data
        for wire, prop in _properties(data, self.flat.originals.get(name)).items():
            target = deref(data, prop) if isinstance(prop, dict) else None
            nullable = _nullable(prop) or _nullable(target)
            out[wire] = (clean_text(_description(data, prop)), nullable, one_way(data, prop) == "readOnly")
        return out


def _properties(data: dict[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    """Properties of an object schema, merged through ``allOf`` (references followed)."""
    schema = deref(data, schema)
    if not isinstance(schema, dict) or depth > 20:
        return {}
    props: dict[str, Any] = {}
    for part in schema.get("allOf") or []:
        props.update(_properties(data, part, depth + 1))
    own = schema.get("properties")
    if isinstance(own, dict):
        props.update(own)
    return props


def _description(data: dict[str, Any], schema: Any, depth: int = 0) -> str:
    """A property's description: its own, else one of its ``allOf`` parts', else what it references."""
    if not isinstance(schema, dict) or depth > 8:
        return ""
    if isinstance(schema.get("description"), str):
        return str(schema["description"])
    parts = [p for p in schema.get("allOf") or [] if isinstance(p, dict)]
    for part in sorted(parts, key=lambda p: "$ref" in p):  # a part written here speaks before a referenced one
        found = _description(data, part, depth + 1)
        if found:
            return found
    ref = schema.get("$ref")
    return _description(data, deref(data, schema), depth + 1) if isinstance(ref, str) else ""


def _nullable(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kinds = schema.get("type")
    members = [m for key in ("oneOf", "anyOf") for m in schema.get(key) or [] if isinstance(m, dict)]
    return (
        schema.get("nullable") is True
        or (isinstance(kinds, list) and "null" in kinds)
        or kinds == "null"
        or None in (schema.get("enum") or [])
        or any(m.get("type") == "null" or m.get("nullable") is True for m in members)
    )


_DATES = {"_datetime.date": "date", "_datetime.datetime": "datetime"}


def default_code(value: object, annotation: str) -> str:
    """A default as Python code in its field's type: ``_datetime.date(2020, 1, 2)`` for a date written as text."""
    if value is NO_DEFAULT:
        return ""
    if isinstance(value, str):
        for prefix, kind in _DATES.items():
            if annotation == prefix or annotation.startswith(prefix + " |"):
                converted = _date_code(value, kind)
                if converted is not None:
                    return converted
                return ""  # not a date after all: left out rather than typed wrong
    return py_literal(value)


def _date_code(text: str, kind: str) -> str | None:
    try:
        if kind == "date":
            d = datetime.date.fromisoformat(text)
            return f"_datetime.date({d.year}, {d.month}, {d.day})"
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    parts = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second, moment.microsecond]
    while len(parts) > 3 and parts[-1] == 0:
        parts.pop()
    args = ", ".join(str(p) for p in parts)
    if moment.tzinfo is not None and moment.utcoffset() == datetime.timedelta(0):
        args += ", tzinfo=_datetime.timezone.utc"
    elif moment.tzinfo is not None:
        return None
    return f"_datetime.datetime({args})"


