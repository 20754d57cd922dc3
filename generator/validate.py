"""Stage 2: check that a loaded document is an OpenAPI 3.0/3.1 description we can generate from.

Structure is checked by openapi-pydantic; what it cannot see (references, path parameters, duplicate
operationIds, our ``x-sdksmith-*`` extensions) is checked here. Every problem becomes one located GenError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

import openapi_pydantic
import pydantic

from .errors import GenError, GenerationFailed, pointer_join
from .load import Source, compose_nodes, position_in

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True, slots=True)
class Spec:
    """A document that passed validation: the product of this stage."""

    source: Source
    version: str  # "3.0" or "3.1"

    @property
    def data(self) -> dict[str, Any]:
        return self.source.data


class Locator:
    """Finds file, line and column for JSON Pointers into a (possibly bundled) document.

    A pointer into a part that came from another file is located in that file. Each file's YAML node tree is
    composed once, and only when an error needs it.
    """

    def __init__(self, source: Source) -> None:
        self._source = source
        self._roots: dict[int, Any] = {}

    def error(self, pointer: str, message: str) -> GenError:
        source, there = self._source.origin(pointer)
        line, col = self._position(source, there)
        return GenError(source.name, there, message, line, col)

    def position(self, pointer: str) -> tuple[int, int]:
        source, there = self._source.origin(pointer)
        return self._position(source, there)

    def _position(self, source: Source, pointer: str) -> tuple[int, int]:
        key = id(source)
        if key not in self._roots:
            self._roots[key] = compose_nodes(source.text)  # composed once per file, only when an error needs it
        return position_in(self._roots[key], pointer)


def validate(source: Source) -> Spec:
    """Return a Spec, or raise GenerationFailed listing every problem found."""
    locator = Locator(source)
    data = source.data
    version = _version(data, locator)
    errors = _structure(data, locator)
    if not errors:
        errors = _references(data, locator)
    if not errors:
        errors = _operations(data, locator) + _extensions(data, locator)
    if errors:
        raise GenerationFailed(sorted(errors, key=lambda e: (e.line, e.column, e.pointer, e.message)))
    return Spec(source, version)


def _version(data: dict[str, Any], locator: Locator) -> str:
    if "swagger" in data:
        raise GenerationFailed(
            [locator.error("/swagger", "Swagger 2.0 is not supported: convert it to OpenAPI 3 first")]
        )
    raw = data.get("openapi")
    if not isinstance(raw, str) or not re.match(r"^3\.[01]\.\d+", raw):
        where = "/openapi" if "openapi" in data else ""
        raise GenerationFailed([locator.error(where, f"expected 'openapi: 3.0.x' or '3.1.x', found {raw!r}")])
    return raw[:3]


def _structure(data: dict[str, Any], locator: Locator) -> list[GenError]:
    try:
        openapi_pydantic.parse_obj(data)
    except pydantic.ValidationError as exc:
        return _from_pydantic(exc, data, locator)
    except (TypeError, ValueError, RecursionError) as exc:
        return [locator.error("", f"not a valid OpenAPI document: {exc}")]
    return []


def _from_pydantic(exc: pydantic.ValidationError, data: Any, locator: Locator) -> list[GenError]:
    """One message per real problem: union branches report the same spot many times, keep the deepest."""
    by_pointer: dict[str, str] = {}
    for err in exc.errors():
        pointer = ""
        node: Any = data
        for part in err["loc"]:
            if isinstance(node, dict) and str(part) in node:
                node = node[str(part)]
                pointer = pointer_join(pointer, part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
                pointer = pointer_join(pointer, part)
            # anything else names a pydantic union branch ("3.1.0", "Schema", "list[str]") or a missing key
        message = err["msg"]
        if err["type"] == "missing" and err["loc"]:
            message = f"missing required field {err['loc'][-1]!r}"
        by_pointer.setdefault(pointer, message)
    # A parent that only failed because a child did adds nothing.
    pointers = sorted(by_pointer)
    kept = [p for p in pointers if not any(q.startswith(p + "/") for q in pointers)]
    return [locator.error(p, by_pointer[p]) for p in kept]


def iter_refs(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every ``$ref`` string in the document with the pointer of the object holding it."""
    stack: list[tuple[Any, str]] = [(node, pointer)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                yield where, ref
            for key, child in value.items():
                if isinstance(child, (dict, list)):
                    stack.append((child, pointer_join(where, key)))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                if isinstance(child, (dict, list)):
                    stack.append((child, f"{where}/{index}"))


def resolve_pointer(data: Any, ref: str) -> Any:
    """The value a local ``#/...`` reference points at; KeyError when it does not exist."""
    node = data
    for raw in ref[2:].split("/") if ref != "#" else []:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(ref)
    return node


def _references(data: dict[str, Any], locator: Locator) -> list[GenError]:
    errors: list[GenError] = []
    for where, ref in sorted(iter_refs(data)):
        at = pointer_join(where, "$ref")
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref) or ref.startswith("//"):
            errors.append(locator.error(at, f"remote reference {ref!r} refused: generation never uses the network"))
        elif not ref.startswith("#"):
            errors.append(locator.error(at, f"reference to another file {ref!r} was not followed"))
        else:
            try:
                resolve_pointer(data, ref)
            except KeyError:
                errors.append(locator.error(at, f"reference {ref!r} points at nothing"))
    if errors:
        return errors
    for where, ref in sorted(iter_refs(data)):
        seen = [ref]
        target = resolve_pointer(data, ref)
        while isinstance(target, dict) and isinstance(target.get("$ref"), str):
            nxt = target["$ref"]
            if nxt in seen:
                chain = " -> ".join(seen + [nxt])
                errors.append(locator.error(pointer_join(where, "$ref"), f"circular reference: {chain}"))
                break
            seen.append(nxt)
            target = resolve_pointer(data, nxt)
    return errors


def deref(data: dict[str, Any], node: Any) -> Any:
    """Follow ``$ref`` chains (validated acyclic) to the object they name."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        node = resolve_pointer(data, node["$ref"])
    return node


def iter_operations(data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(path, method, path item, operation) in document order."""
    for path, item in (data.get("paths") or {}).items():
        item = deref(data, item)
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, item, op


def merged_parameters(data: dict[str, Any], item: dict[str, Any], op: dict[str, Any]) -> list[dict[str, Any]]:
    """Path-item parameters overridden by operation parameters with the same name and location."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in list(item.get("parameters") or []) + list(op.get("parameters") or []):
        param = deref(data, raw)
        if isinstance(param, dict) and "name" in param and "in" in param:
            merged[(param["in"], param["name"])] = param
    return list(merged.values())


def _operations(data: dict[str, Any], locator: Locator) -> list[GenError]:
    errors: list[GenError] = []
    seen: dict[str, str] = {}
    for path, method, item, op in iter_operations(data):
        where = pointer_join("/paths", path, method)
        op_id = op.get("operationId")
        if isinstance(op_id, str):
            if op_id in seen:
                errors.append(locator.error(pointer_join(where, "operationId"), f"duplicate operationId {op_id!r} (also at {seen[op_id]})"))
            else:
                seen[op_id] = where
        params = merged_parameters(data, item, op)
        declared = {p["name"] for p in params if p.get("in") == "path"}
        for name in _PLACEHOLDER.findall(path):
            if name not in declared:
                elsewhere = sorted(str(p.get("in")) for p in params if p["name"] == name)
                message = (
                    f"path parameter {name!r} is declared in: {', '.join(elsewhere)}, not in: path"
                    if elsewhere
                    else f"path parameter {name!r} is not declared"
                )
                errors.append(locator.error(where, message))
        for code in op.get("responses") or {}:
            if not _STATUS.match(str(code)):
                errors.append(
                    locator.error(
                        pointer_join(where, "responses", code),
                        f"response key {str(code)!r} is not an HTTP status code, 1XX..5XX or 'default'",
                    )
                )
    return errors


_STATUS = re.compile(r"^([1-5][0-9][0-9]|[1-5][Xx][Xx]|default)$")
# Names that land in generated code and docs as written: plain characters only.
_SERVER_VARIABLE = re.compile(r"^[\w.-]+$")
_ENV_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SNAKE = re.compile(r"^[a-z_][a-z0-9_]*$")


_EXTENSION_KEYS = {
    "x-sdksmith-pagination": {"style", "items", "cursor_param", "next_cursor", "offset_param", "limit_param", "total"},
    "x-sdksmith-stream": {"name", "media_type", "type_field", "type_value", "data_field"},
    "x-sdksmith-rpc": {"args"},
}


def _extensions(data: dict[str, Any], locator: Locator) -> list[GenError]:
    errors: list[GenError] = []
    for path, method, _item, op in iter_operations(data):
        where = pointer_join("/paths", path, method)
        for key in ("x-sdksmith-resource", "x-sdksmith-name"):
            value = op.get(key)
            if value is not None and not (isinstance(value, str) and _SNAKE.match(value)):
                errors.append(locator.error(pointer_join(where, key), "must be a snake_case Python identifier"))
        idempotent = op.get("x-sdksmith-idempotent")
        if idempotent is not None and not isinstance(idempotent, bool):
            errors.append(locator.error(pointer_join(where, "x-sdksmith-idempotent"), "must be true or false"))
        for key, allowed in _EXTENSION_KEYS.items():
            value = op.get(key)
            if value is None:
                continue
            at = pointer_join(where, key)
            if not isinstance(value, dict):
                errors.append(locator.error(at, "must be a mapping"))
                continue
            unknown = sorted(set(value) - allowed)
            if unknown:
                errors.append(locator.error(at, f"unknown keys: {', '.join(unknown)}"))
        pagination = op.get("x-sdksmith-pagination")
        if isinstance(pagination, dict):
            at = pointer_join(where, "x-sdksmith-pagination")
            style = pagination.get("style")
            need = {"cursor": ("items", "cursor_param", "next_cursor"), "offset": ("items", "offset_param")}.get(style)  # type: ignore[arg-type]
            if need is None:
                errors.append(locator.error(at, "style must be 'cursor' or 'offset'"))
            else:
                missing = [k for k in need if not isinstance(pagination.get(k), str)]
                if missing:
                    errors.append(locator.error(at, f"{style} pagination needs: {', '.join(missing)}"))
        stream = op.get("x-sdksmith-stream")
        if isinstance(stream, dict):
            name = stream.get("name")
            if name is not None and not (isinstance(name, str) and _SNAKE.match(name)):
                errors.append(locator.error(pointer_join(where, "x-sdksmith-stream", "name"), "must be a snake_case Python identifier"))
            for key in ("media_type", "type_field", "type_value", "data_field"):
                if stream.get(key) is not None and not isinstance(stream.get(key), str):
                    errors.append(locator.error(pointer_join(where, "x-sdksmith-stream", key), "must be a string"))
        if isinstance(pagination, dict):
            for key in sorted(set(pagination) & _EXTENSION_KEYS["x-sdksmith-pagination"]):
                if not isinstance(pagination[key], str):
                    errors.append(locator.error(pointer_join(where, "x-sdksmith-pagination", key), "must be a string"))
        rpc = op.get("x-sdksmith-rpc")
        if isinstance(rpc, dict):
            args = rpc.get("args")
            if not (isinstance(args, list) and all(isinstance(a, str) for a in args)):
                errors.append(locator.error(pointer_join(where, "x-sdksmith-rpc", "args"), "must be a list of names"))
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    for name, scheme in sorted(schemes.items()):
        env = scheme.get("x-sdksmith-env") if isinstance(scheme, dict) else None
        if env is not None and not (isinstance(env, str) and _ENV_VAR.match(env)):
            at = pointer_join("/components/securitySchemes", name, "x-sdksmith-env")
            errors.append(locator.error(at, "must be an environment variable name (letters, digits and '_')"))
    for index, server in enumerate(data.get("servers") or []):
        for name in (server.get("variables") or {}) if isinstance(server, dict) else ():
            if not _SERVER_VARIABLE.match(name):
                at = pointer_join("/servers", index, "variables", name)
                errors.append(locator.error(at, "a server variable name may hold only letters, digits, '_', '-' and '.'"))
    envelope = data.get("x-sdksmith-envelope")
    if envelope is not None and not (
        isinstance(envelope, dict) and all(isinstance(envelope.get(k), str) for k in ("status", "message", "data"))
    ):
        errors.append(locator.error("/x-sdksmith-envelope", "needs string keys status, message and data"))
    reset = data.get("x-sdksmith-rate-limit-reset")
    if reset is not None and not (
        isinstance(reset, dict)
        and isinstance(reset.get("header"), str)
        and reset.get("unit") in ("epoch-seconds", "epoch-milliseconds")
    ):
        errors.append(
            locator.error("/x-sdksmith-rate-limit-reset", "needs 'header' and 'unit' (epoch-seconds or epoch-milliseconds)")
        )
    return errors
