"""Pydantic models from datamodel-code-generator, fed a components section whose names we decided.

Every option is passed explicitly (its output changes between versions and with defaults), the input is sorted,
and the result is checked: every class the IR refers to must exist in the generated module.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import warnings
from typing import Any, Iterator

from datamodel_code_generator import DataModelType, InputFileType, PythonVersion, generate
from datamodel_code_generator.model.field_name import PydanticFieldNameResolver

from ..names import PYDANTIC_RESERVED, Namespace, claim_all, snake
from ..spec.document import resolve_pointer
from ..text import GENERATED_HEADER as HEADER
from .registry import COMPONENT_PREFIX, ModelRegistry, is_model
from .types import literal_value

DCG_OPTIONS: dict[str, Any] = {
    "input_file_type": InputFileType.OpenAPI,
    "output_model_type": DataModelType.PydanticV2BaseModel,
    "target_python_version": PythonVersion.PY_310,
    "use_standard_collections": True,
    "use_union_operator": True,
    "use_annotated": False,
    "field_constraints": False,
    "use_field_description": True,
    "use_schema_description": True,
    "disable_timestamp": True,
    "enable_version_header": False,
    "allow_population_by_field_name": True,
    "allow_extra_fields": True,  # unknown response fields are kept, not rejected
    "strict_nullable": True,
    "use_double_quotes": True,
    "enum_field_as_literal": "all",  # no enum member names to collide (ASC/asc, GMT+0/GMT-0)
    "collapse_root_models": True,  # named scalars, arrays and unions become plain type expressions
    "remove_special_field_name_prefix": True,
    "snake_case_field": True,
    "capitalise_enum_members": False,
    "use_title_as_name": False,
    "use_operation_id_as_name": False,
    "reuse_model": False,
    "strict_refs": False,
    "keep_model_order": True,
    "output_datetime_class": "datetime",
    "custom_file_header": HEADER,
    "formatters": [],
}


def _open_enum(schema: dict[str, Any]) -> dict[str, Any]:
    """Accept values a newer server may add: ``Literal[...] | str`` instead of a closed Literal."""
    values = schema["enum"]
    strings = [v for v in values if isinstance(v, str)]
    if not strings or len(strings) + values.count(None) != len(values):
        return schema
    rest = {k: v for k, v in schema.items() if k not in ("enum", "type", "default", "nullable")}
    options: list[Any] = [{"type": "string", "enum": strings}, {"type": "string"}]
    if None in values or schema.get("nullable") is True or (isinstance(schema.get("type"), list) and "null" in schema["type"]):
        options.append({"type": "null"})
    return {**rest, "anyOf": options}


# Validation keywords are the server's business: a client that enforced them would reject answers from a server
# that relaxed a limit. Types and formats stay.
_CONSTRAINTS = frozenset(
    {"maxLength", "minLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
     "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties"}
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


def _default_fits(schema: dict[str, Any]) -> bool:
    """A spec's default of the wrong type ("true" for a boolean, null for a string) would not type-check."""
    value = schema["default"]
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


_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


def _rewrite(node: Any, registry: ModelRegistry, depth: int = 0) -> Any:
    """Copy a schema with refs pointing at our class names; refs elsewhere in the document are inlined."""
    if depth > 64:
        return {}
    if isinstance(node, list):
        return [_rewrite(v, registry, depth + 1) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        if registry.is_excluded(ref):
            return {}  # a component left out by --skip-unsupported: any JSON value
        name = registry.class_for_ref(ref)
        siblings = {k: v for k, v in node.items() if k not in ("$ref", "description", "summary", "example", "examples")}
        if name is not None:
            target = {"$ref": COMPONENT_PREFIX + name}
            return {"allOf": [target], **_rewrite(siblings, registry, depth + 1)} if siblings else target
        return _rewrite(copy.deepcopy(resolve_pointer(registry.data, ref)), registry, depth + 1)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _NAME_MAPS and isinstance(value, dict):
            # keys here are property names, not keywords: keep every one
            out[key] = {name: _rewrite(sub, registry, depth + 1) for name, sub in value.items()}
        elif key in ("enum", "const", "default"):
            out[key] = value  # data, never a schema: an object there holding "$ref" is a value, not a reference
        elif not key.startswith("x-") and key not in ("example", "examples") and key not in _CONSTRAINTS:
            out[key] = _rewrite(value, registry, depth + 1)
    if out.get("nullable") is False:
        del out["nullable"]  # the default anyway; spelled out it makes optional fields `str = None`
    if out.get("type") == "array" and not out.get("items") and "prefixItems" not in out:
        out["items"] = {"description": "any JSON value"}  # a bare `list` would fail mypy --strict
    if "format" in out and out["format"] not in _KEPT_FORMATS:
        del out["format"]
    if "default" in out and not _default_fits(out):
        del out["default"]
    if "const" in out and not literal_value(out["const"]):
        del out["const"]  # no Literal can hold it (a float, an object, a 65-bit integer): the type says enough
    if isinstance(out.get("enum"), list):
        if not all(v is None or literal_value(v) for v in out["enum"]):
            del out["enum"]
        else:
            out = _open_enum(out)
    if out.get("type") == "object" and "properties" not in out and not out.get("additionalProperties"):
        out.setdefault("additionalProperties", True)
    return out


_RESOLVER = PydanticFieldNameResolver(
    snake_case_field=True, remove_special_field_name_prefix=True, target_python_version=PythonVersion.PY_310
)


def _own_properties(schema: Any) -> list[str]:
    """Property names a model class gets from its schema itself (inline ``allOf`` parts included)."""
    if not isinstance(schema, dict):
        return []
    names = list(schema.get("properties") or {}) if isinstance(schema.get("properties"), dict) else []
    for part in schema.get("allOf") or []:
        if isinstance(part, dict) and "$ref" not in part:
            names += _own_properties(part)
    return names


def _nested_objects(schema: Any, depth: int = 0) -> Iterator[list[str]]:
    """Property names of every inline object below a model: datamodel-code-generator names those classes."""
    if depth > 64:
        return
    if isinstance(schema, list):
        for item in schema:
            yield from _nested_objects(item, depth + 1)
        return
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        children = value.values() if key in _NAME_MAPS and isinstance(value, dict) else [value]
        for child in children:
            if depth > 0 or key != "allOf":
                if isinstance(child, dict) and isinstance(child.get("properties"), dict) and child["properties"]:
                    yield _own_properties(child)
            yield from _nested_objects(child, depth + 1)


def _field_names(wires: list[str]) -> dict[str, str] | None:
    """Python field names for one class's properties when datamodel-code-generator would number some of them
    (``ASC``/``asc``, ``GMT+0``/``GMT-0``) in the order they come; None when it would not. Then every field of
    the class is named by ``claim_all``, which is independent of order and spells ``+``/``<``/``>`` out."""
    unique = sorted(set(wires))
    if len({_RESOLVER.get_valid_name(w) for w in unique}) == len(unique):
        return None
    return claim_all(Namespace(PYDANTIC_RESERVED, builtins_reserved=False), unique, snake)


def field_aliases(rewritten: dict[str, Any]) -> dict[str, str]:
    """datamodel-code-generator ``aliases``: scoped (``Class.wire``) for the classes we name, flat (``wire``) for
    the nested classes it names itself; only where a class has properties whose names would collide."""
    aliases: dict[str, str] = {}
    flat: dict[str, str] = {}
    for name in sorted(rewritten):
        for wires in _nested_objects(rewritten[name]):
            flat.update(_field_names(wires) or {})
    for name in sorted(rewritten):
        wires = _own_properties(rewritten[name])
        names = _field_names(wires)
        if names is None:
            # a flat alias must not rename a field of a class that has no collision of its own
            names = {w: _RESOLVER.get_valid_name(w) for w in wires if w in flat}
        aliases.update({f"{name}.{wire}": python for wire, python in names.items() if python != wire})
    return {**flat, **aliases}


def _defer_builds(code: str) -> str:
    """Models build their validators on first use, not at import: a big API (Stripe: 1,000 models) imports in a
    fraction of the time, and a program pays only for the models it touches. The ``model_rebuild()`` calls that
    datamodel-code-generator appends for forward references would force every build at import, and are not needed:
    a deferred build resolves names in the module, where every model is defined by then."""
    code = code.replace("model_config = ConfigDict(", "model_config = ConfigDict(defer_build=True, ")
    return re.sub(r"^[A-Za-z_][A-Za-z0-9_]*\.model_rebuild\(\)(\n|$)", "", code, flags=re.M)


def _patch_bare_generics(code: str) -> str:
    """datamodel-code-generator writes a bare ``list``/``dict`` for a self-recursive root model; mypy --strict
    rejects that, and ``list[Any]`` is what it means."""
    patched = re.sub(r"\bRootModel\[(list|dict)\]", lambda m: f"RootModel[{m.group(1)}[{'Any' if m.group(1) == 'list' else 'str, Any'}]]", code)
    patched = re.sub(r"^(\s+root: )(list|dict)$", lambda m: f"{m.group(1)}{m.group(2)}[{'Any' if m.group(2) == 'list' else 'str, Any'}]", patched, flags=re.M)
    if patched != code and not re.search(r"^from typing import .*\bAny\b", patched, flags=re.M):
        patched = patched.replace("from __future__ import annotations\n", "from __future__ import annotations\n\nfrom typing import Any\n", 1)
    return patched


class ModelsFailed(Exception):
    """datamodel-code-generator could not make some classes: (class name, reason) for each one found at fault."""

    def __init__(self, culprits: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{n}: {r}" for n, r in culprits))
        self.culprits = culprits


def _document(rewritten: dict[str, Any], version: str) -> str:
    return json.dumps(
        {
            "openapi": "3.1.0" if version == "3.1" else "3.0.3",
            "info": {"title": "models", "version": "0"},
            "paths": {},
            "components": {"schemas": rewritten},
        },
        sort_keys=True,
    )


def _generate(rewritten: dict[str, Any], version: str) -> str:
    with warnings.catch_warnings():
        # unknown string formats ("uriref", "token") fall back to str; that is the behaviour we want
        warnings.simplefilter("ignore")
        code = generate(_document(rewritten, version), **DCG_OPTIONS, aliases=field_aliases(rewritten))
    if not isinstance(code, str):
        raise ValueError("model generation produced several modules")
    return code


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"model generation failed: {text[:300]}"


def _culprits(rewritten: dict[str, Any], version: str, names: list[str]) -> list[tuple[str, str]]:
    """The schemas among ``names`` that fail on their own (every other schema replaced by a stub), by bisection:
    a few generator runs per culprit instead of one per schema."""
    stub = {"type": "object"}

    def fails(subset: list[str]) -> str:
        trial = {n: (rewritten[n] if n in subset else stub) for n in rewritten}
        try:
            _generate(trial, version)
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


def render_models(registry: ModelRegistry, version: str) -> tuple[str, tuple[str, ...]]:
    """The models module source and the names of the classes it defines; ModelsFailed names the culprits."""
    schemas: dict[str, Any] = {}
    for key, name in registry.component_names.items():
        schemas[name] = registry.data["components"]["schemas"][key]
    schemas.update(registry.hoisted)
    rewritten: dict[str, Any] = {}
    unreadable: list[tuple[str, str]] = []
    for name in sorted(schemas):
        try:
            rewritten[name] = _rewrite(schemas[name], registry)
        except Exception as exc:  # noqa: BLE001 - a schema the rewrite cannot read is that schema's problem alone
            unreadable.append((name, _reason(exc)))
    if unreadable:
        raise ModelsFailed(unreadable)
    if not rewritten:
        return HEADER + '\n"""No models: this API declares no object schemas."""\n', ()
    try:
        code = _generate(rewritten, version)
    except Exception as exc:  # noqa: BLE001 - the library raises many types; all mean the same to our user
        culprits = _culprits(rewritten, version, sorted(rewritten))
        raise ModelsFailed(culprits or [(name, _reason(exc)) for name in sorted(rewritten)]) from None
    code = _defer_builds(_patch_bare_generics(code))
    tree = ast.parse(code)
    defined = tuple(sorted(n.name for n in tree.body if isinstance(n, ast.ClassDef)))
    expected = sorted(name for name, schema in schemas.items() if is_model(schema))
    missing = [n for n in expected if n not in defined]
    if missing:
        raise ModelsFailed([(n, "model generation did not produce this class") for n in missing])
    return code, defined
