"""The schemas datamodel-code-generator gets: one flat, named component per model class, every name ours.

Every object-like schema that would become a class is a named component before datamodel-code-generator sees the
document: the API's components (named by the registry), the inline schemas operations use (hoisted by the type
mapper), and every inline object nested inside any of those, hoisted here under a name from where it appears
(``AlbumObject`` + property ``images`` + array item -> ``AlbumObjectImagesItem``; a ``oneOf`` member is named by
the value of its discriminating property when it has one). So the generator never names a class itself: it
cannot number duplicates (``Error32``), shadow a builtin (``Warning``), or leave out a class we expect.

On the way each schema is rewritten into what a tolerant client needs: references point at our class names
(references elsewhere in the document are inlined), validation keywords and unknown formats are dropped (the
server's business), defaults of the wrong type dropped, response enums opened (``Literal[...] | str``), and
keywords whose meaning a client model cannot honour turned into what it can (``patternProperties`` into
``additionalProperties``; ``discriminator``, whose implicit values would narrow a variant's own type, left to the
variants' own ``enum``/``const``; boolean schemas into their meaning).
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from ..names import pascal
from ..spec.document import one_way, resolve_pointer
from .alternatives import fold_alternative_parts, merge_alternatives, pure_union, refs_in, scalar
from .registry import COMPONENT_PREFIX, ModelRegistry, unwrap, variant_name
from .types import literal_value

# Validation keywords are the server's business: a client that enforced them would reject answers from a server
# that relaxed a limit. Types and formats stay.
_CONSTRAINTS = frozenset(
    {"maxLength", "minLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
     "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "minContains", "maxContains"}
)
# Keywords with no bearing on a client's types: dropped so they cannot confuse the model generator.
_IGNORED = frozenset(
    {"example", "examples", "discriminator", "xml", "externalDocs", "readOnly", "writeOnly", "deprecated",
     "contentEncoding", "contentMediaType", "contentSchema", "$comment", "$id", "$schema", "$anchor", "$dynamicAnchor",
     "if", "then", "else", "not", "dependentRequired", "dependentSchemas", "propertyNames", "unevaluatedItems",
     "unevaluatedProperties", "contains"}
)
# Formats beyond these map to types that need extra packages (EmailStr) or parse strictly (UUID), so a
# server that sends a slightly different string would break the client: they stay plain strings.
_KEPT_FORMATS = frozenset({"date-time", "date", "binary", "int32", "int64", "float", "double"})
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}
_MAX_DEPTH = 64


@dataclass
class Flat:
    """Named schemas for the model generator, and where each came from (for messages)."""

    schemas: dict[str, Any] = field(default_factory=dict)  # class name -> rewritten schema
    originals: dict[str, Any] = field(default_factory=dict)  # class name -> the schema as the spec wrote it
    parents: dict[str, str] = field(default_factory=dict)  # nested class name -> the class it was hoisted out of


def flatten(registry: ModelRegistry) -> Flat:
    """Every model schema the registry knows, rewritten, with nested inline objects hoisted (sorted, so the names
    do not depend on the document's order)."""
    named: dict[str, Any] = {}
    components = (registry.data.get("components") or {}).get("schemas") or {}
    for key, name in registry.component_names.items():
        named[name] = components[key]
    named.update(registry.hoisted)
    flat = Flat()
    rewriter = _Rewriter(registry, flat)
    for name in sorted(named):
        flat.originals[name] = named[name]
        flat.schemas[name] = rewriter.root(named[name], name)
    return flat


class _Rewriter:
    def __init__(self, registry: ModelRegistry, flat: Flat) -> None:
        self.registry = registry
        self.flat = flat
        self.current = ""  # the class being rewritten

    def root(self, schema: Any, name: str) -> Any:
        """A named schema: its own object is the class; inline objects below it are hoisted."""
        outer, self.current = self.current, name
        try:
            return self.rewrite(schema, name, 0, at_root=True)
        finally:
            self.current = outer

    def hoist(self, schema: dict[str, Any], hint: str) -> dict[str, Any]:
        digest = hashlib.sha1(json.dumps(schema, sort_keys=True, default=str).encode()).hexdigest()[:12]
        name = self.registry.namespace.claim(f"nested:{hint}:{digest}", pascal(hint))
        if name not in self.flat.schemas:
            self.flat.schemas[name] = {}  # claimed before descending: a schema that contains itself stops here
            self.flat.parents[name] = self.current
            self.flat.originals[name] = schema
            self.flat.schemas[name] = self.root(schema, name)
        return {"$ref": COMPONENT_PREFIX + name}

    def rewrite(self, node: Any, hint: str, depth: int, *, at_root: bool = False) -> Any:
        if depth > _MAX_DEPTH:
            return {}
        if isinstance(node, bool):
            return {} if node else {"not": {}}  # ``true`` accepts anything; ``false`` nothing
        if isinstance(node, list):
            return [self.rewrite(v, hint, depth + 1) for v in node]
        if not isinstance(node, dict):
            return node
        if not at_root:
            node = unwrap(node)
        node = merge_alternatives(fold_alternative_parts(node, self.registry.data), self.registry.data)
        ref = node.get("$ref")
        if isinstance(ref, str):
            return self._reference(node, ref, hint, depth)
        if not at_root and self.registry.is_model(node):
            return self.hoist(node, hint)
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key.startswith("x-") or key in _CONSTRAINTS or key in _IGNORED:
                continue
            if key == "properties" and isinstance(value, dict):
                # keys here are property names, not keywords: keep every one
                out[key] = {prop: self.rewrite(sub, hint + _part(prop), depth + 1) for prop, sub in value.items()}
            elif key == "patternProperties" and isinstance(value, dict):
                continue  # folded into additionalProperties below
            elif key in ("items", "additionalProperties"):
                out[key] = self.rewrite(value, hint + ("Item" if key == "items" else "Value"), depth + 1)
            elif key in ("oneOf", "anyOf") and isinstance(value, list):
                members = self._spliced(value, frozenset()) if at_root and self._loops_back(node) else value
                out[key] = [self.rewrite(v, hint + variant_name(v, i), depth + 1) for i, v in enumerate(members)]
            elif key == "allOf" and isinstance(value, list):
                # parts are merged into this very class: their inline objects are named after it
                out[key] = [self.rewrite(v, hint, depth + 1, at_root=at_root) for v in value]
            elif key == "prefixItems" and isinstance(value, list):
                out[key] = [self.rewrite(v, f"{hint}Item{i}", depth + 1) for i, v in enumerate(value)]
            elif key in ("$defs", "definitions"):
                continue  # reached through references, inlined where used
            elif key in ("enum", "const", "default"):
                out[key] = value  # data, never a schema: an object there holding "$ref" is a value, not a reference
            elif key == "required" and isinstance(value, list) and isinstance(node.get("properties"), dict):
                # a writeOnly property (a password) is absent from answers, which this class reads: not required
                # here (a readOnly one is, in answers; requests leave it out: ``bodies.py``, ``params.py``)
                props = node["properties"]
                writes = {n for n in value if n in props and one_way(self.registry.data, props[n]) == "writeOnly"}
                out[key] = [name for name in value if name not in writes]
            else:
                out[key] = self.rewrite(value, hint, depth + 1) if isinstance(value, (dict, list)) else value
        return _tidy(out, node)

    def _reference(self, node: dict[str, Any], ref: str, hint: str, depth: int) -> Any:
        if self.registry.is_excluded(ref):
            return {}  # a component left out by --skip-unsupported: any JSON value
        name = self.registry.class_for_ref(ref)
        siblings = {k: v for k, v in node.items() if k not in ("$ref", "description", "summary", "example", "examples")}
        if name is not None:
            target = {"$ref": COMPONENT_PREFIX + name}
            if "default" in siblings and not self._default_fits_target(siblings["default"], ref):
                siblings = {k: v for k, v in siblings.items() if k != "default"}
            rest = self.rewrite(siblings, hint, depth + 1) if siblings else {}
            return {"allOf": [target], **rest} if rest else target
        try:
            resolved = resolve_pointer(self.registry.data, ref)
        except KeyError:
            return {}
        return self.rewrite(copy.deepcopy(resolved), hint, depth + 1)


    def _spliced(self, members: list[Any], seen: frozenset[str]) -> list[Any]:
        """A union's members with references to scalars written out and references to other unions replaced by
        their members. The model generator writes both so anyway, except in a union its members refer back to,
        where it dropped them (Apache Iceberg's ``Type = Primitive | ListType`` became ``ListType``; Qdrant's
        ``Expression`` lost its ``Condition`` member)."""
        out: list[Any] = []
        for member in members:
            ref = member.get("$ref") if isinstance(member, dict) and set(member) <= {"$ref", "description"} else None
            target = self._component(ref) if isinstance(ref, str) and ref not in seen else None
            if isinstance(ref, str) and target is not None and pure_union(target):
                out += self._spliced(target.get("oneOf") or target.get("anyOf") or [], seen | {ref})
            elif target is not None and scalar(target):
                out.append(copy.deepcopy(target))
            else:
                out.append(member)
        return out

    def _loops_back(self, node: dict[str, Any]) -> bool:
        """Does a union component's member lead back to it (through references)? Only there does the model
        generator drop members, so only there are they spliced (elsewhere it writes the same union itself)."""
        if not pure_union(node):
            return False
        todo, seen = refs_in(node), set[str]()
        while todo and len(seen) < 10_000:
            ref = todo.pop()
            if self.registry.class_for_ref(ref) == self.current:
                return True
            if ref not in seen:
                seen.add(ref)
                todo += refs_in(self._component(ref))
        return False

    def _component(self, ref: str) -> dict[str, Any] | None:
        if self.registry.is_excluded(ref):
            return None
        try:
            target = resolve_pointer(self.registry.data, ref)
        except KeyError:
            return None
        return target if isinstance(target, dict) else None

    def _default_fits_target(self, value: Any, ref: str) -> bool:
        """A default beside a reference (Kubernetes' ``$ref: ObjectMeta, default: {}``) is kept only when it is
        of the referenced schema's type and that schema is no class: a class's default would be written as data
        (a referenced object is a class even when it declares no properties: Kubernetes' ``RawExtension``)."""
        found = self._component(ref)
        target = unwrap(found) if found is not None else None
        if isinstance(value, dict) or not isinstance(target, dict) or self.registry.is_model(target):
            return False
        kinds = {k: target[k] for k in ("type", "nullable") if k in target}
        return _default_fits({**kinds, "default": value})


def _part(prop: str) -> str:
    return pascal(prop) if prop else "Value"


def _free_object(schema: dict[str, Any]) -> bool:
    """``{type: object}`` with no properties and values of any type (a typed map spelled ``[object, null]`` loses
    its value type in the model generator: left as it is)."""
    return schema.get("type") == "object" and "properties" not in schema and schema.get("additionalProperties", True) in (True, {})


def _tidy(out: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """What is left of one schema object, made into what a tolerant client model needs."""
    patterns = original.get("patternProperties")
    if isinstance(patterns, dict) and patterns and "additionalProperties" not in out:
        values = [v for v in patterns.values() if isinstance(v, dict)]
        out["additionalProperties"] = values[0] if len(values) == 1 else ({"anyOf": values} if values else True)
    if out.get("nullable") is False:
        del out["nullable"]  # the default anyway; spelled out it makes optional fields `str = None`
    if out.get("type") == "array" and not out.get("items") and "prefixItems" not in out:
        out["items"] = {"description": "any JSON value"}  # a bare `list` would fail mypy --strict
    if out.get("nullable") is True and (out.get("type") == "array" or _free_object(out)):
        # spelled the 3.1 way: the model generator drops 3.0's ``nullable`` on an array inside an array or map
        # (Immich's ``stack: list[list[str] | None]`` became ``list[list[str]]`` and refused a null), and on a
        # free-form object in a union (Sentry's ``metric_value: int | dict[str, Any]`` refused a null)
        del out["nullable"]
        out["type"] = [out["type"], "null"]
    if "format" in out and out["format"] not in _KEPT_FORMATS:
        del out["format"]
    if "default" in out and not _default_fits(out):
        del out["default"]
    if "const" in out and not literal_value(out["const"]):
        del out["const"]  # no Literal can hold it (a float, an object, a 65-bit integer): the type says enough
    if isinstance(out.get("enum"), list):
        if not out["enum"] or not all(v is None or literal_value(v) for v in out["enum"]):
            del out["enum"]  # an empty enum admits nothing: a client reading it keeps the value, typed loosely
        else:
            out = _open_enum(out)
    if ("oneOf" in out or "anyOf" in out) and not out.get("properties") and "allOf" not in out:
        # ``type: object`` beside the alternatives says what each of them says already; left in, the model
        # generator would make a numbered class per alternative to merge it in
        for key in ("additionalProperties", "required", "properties"):
            out.pop(key, None)
        if out.get("type") == "object":
            del out["type"]
    if out.get("type") == "object" and "properties" not in out and not out.get("additionalProperties"):
        out.setdefault("additionalProperties", True)
    return out


def _default_fits(schema: dict[str, Any]) -> bool:
    """A spec's default of the wrong type ("true" for a boolean, null for a string) would not type-check."""
    value = schema["default"]
    if isinstance(value, (dict, list)) and any(k in schema for k in ("allOf", "anyOf", "oneOf", "$ref")):
        return False  # the model generator would write the data as it is, where a model (or a union) is typed
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if isinstance(kinds, str) else []
    if value is None:
        return "null" in kinds or schema.get("nullable") is True
    if not kinds:
        return True
    for kind in kinds:
        expected = _JSON_TYPES.get(kind, ())
        if isinstance(value, expected) and not (kind in ("integer", "number") and isinstance(value, bool)):
            return True
    return False


def _open_enum(schema: dict[str, Any]) -> dict[str, Any]:
    """Accept values a newer server may add: ``Literal[...] | str`` instead of a closed Literal. A one-value enum
    stays closed: it is a tag (as ``const`` is in 3.1), which tells a union's members apart (Langfuse's scores:
    widened, every member took every ``dataType``)."""
    values = schema["enum"]
    strings = [v for v in values if isinstance(v, str)]
    if len(strings) < 2 or len(strings) + values.count(None) != len(values):
        return schema
    rest = {k: v for k, v in schema.items() if k not in ("enum", "type", "default", "nullable")}
    options: list[Any] = [{"type": "string", "enum": strings}, {"type": "string"}]
    if None in values or schema.get("nullable") is True or (isinstance(schema.get("type"), list) and "null" in schema["type"]):
        options.append({"type": "null"})
    return {**rest, "anyOf": options}
