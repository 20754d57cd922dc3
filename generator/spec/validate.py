"""Stage 2: check that a loaded document is an OpenAPI 3.0/3.1 description we can generate from, and read it.

In one run, every problem that can be found is reported, sorted by file and line:

1. ``normalize``: real specs' mistakes with one obvious intent are corrected in a copy-on-write ``Draft`` with a
   located warning each; a schema that cannot be read (a ``$ref`` to nothing or to the wrong kind) is loosened to an
   untyped value, so that only what uses it is affected; percent-encoded references get one spelling.
2. ``structure``: openapi-pydantic, its problems worded in OpenAPI terms; a schema it refuses is loosened likewise.
3. ``checks``: operations (operationIds, path parameters, status codes), header and cookie names; here: our
   ``x-sdksmith-*`` extensions (``_extensions``, ``_unknown_extensions``) and operations without an operationId.

The product is a ``Spec`` whose ``data`` is the corrected document (``Source.data`` stays as loaded): every later
stage reads ``spec.data``. Warnings are kept in ``Spec.warnings``; under ``strict`` they are errors.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from typing import Any, Callable

from ..errors import GenError, GenerationFailed, sort_key
from .. import pointer as jp
from .checks import operations, wire_names
from .document import iter_operations
from .draft import Draft
from .locate import Locator
from .normalize import normalize
from .source import Source
from .structure import check_structure


@dataclass(frozen=True, slots=True)
class Spec:
    """A document that passed validation: the product of this stage."""

    source: Source
    version: str  # "3.0" or "3.1"
    # Mistakes with one obvious intent, located: the generator goes on as that intent says (errors under --strict).
    warnings: tuple[GenError, ...] = ()
    # ``source.data`` with the corrections the warnings describe; None when nothing needed correcting.
    corrected: dict[str, Any] | None = None

    @property
    def data(self) -> dict[str, Any]:
        """The document as every later stage reads it (``source.data`` stays as loaded)."""
        return self.source.data if self.corrected is None else self.corrected


def validate(source: Source, *, strict: bool = False) -> Spec:
    """Return a Spec, or raise GenerationFailed listing every problem found (warnings too; as errors under ``strict``)."""
    locator = Locator(source)
    version = _version(source.data, locator)
    draft = Draft(source.data)
    found = normalize(source.data, version, draft, locator)
    problems = found.problems
    if found.renames:  # later messages name paths as read; they are located where they are written
        source = _renamed(source, found.renames)
        locator = Locator(source)
    problems += check_structure(draft, version, locator)
    broken = any(p.level == "error" for p in problems)
    for check in (operations, wire_names, _extensions, _unknown_extensions):
        problems += _guarded(check, draft.data, locator, broken)
    problems += _guarded(lambda data, at: _missing_operation_ids(data, source.data, at), draft.data, locator, broken)
    warnings = sorted({p for p in problems if p.level == "warning"}, key=sort_key)
    errors = sorted({p for p in problems if p.level == "error"}, key=sort_key)
    if errors or strict and warnings:
        shown = [w.as_error() for w in warnings] if strict else warnings
        raise GenerationFailed(sorted([*errors, *shown], key=sort_key))
    return Spec(source, version, tuple(warnings), None if draft.data is source.data else draft.data)


def _guarded(
    check: Callable[[dict[str, Any], Locator], list[GenError]], data: dict[str, Any], locator: Locator, broken: bool
) -> list[GenError]:
    """A check reads the structure it expects; where that structure is broken, the structure error already says so."""
    try:
        return check(data, locator)
    except (AttributeError, TypeError, KeyError, ValueError, IndexError):
        if broken:
            return []
        raise


def _renamed(source: Source, renames: dict[str, str]) -> Source:
    """``source`` whose pointers under renamed paths lead back to where the file writes them."""
    origins = list(source.origins)
    for old, new in renames.items():
        before, after = jp.join("/paths", old), jp.join("/paths", new)
        for at, part, there in source.origins:
            if at == before or at.startswith(before + "/"):
                origins.append((after + at[len(before) :], part, there))
        origins.append((after, *source.origin(before)))
    return Source(source.path, source.text, source.data, source.sha256, tuple(origins))


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


# Names that land in generated code and docs as written: plain characters only.
_SERVER_VARIABLE = re.compile(r"^[\w.-]+$")
_ENV_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SNAKE = re.compile(r"^[a-z_][a-z0-9_]*$")


_EXTENSION_KEYS = {
    "x-sdksmith-pagination": {
        "style", "items", "cursor_param", "next_cursor", "offset_param", "limit_param", "total", "page_param",
        "total_pages", "next_url",
    },
    "x-sdksmith-stream": {"name", "media_type", "type_field", "type_value", "data_field", "events"},
    "x-sdksmith-rpc": {"args"},
}
# What each pagination style needs declared.
_PAGE_NEEDS = {
    "cursor": ("items", "cursor_param", "next_cursor"),
    "offset": ("items", "offset_param"),
    "page": ("items", "page_param"),
    "next_url": ("items", "next_url"),
    "link_header": (),
}
_HEADER_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _extensions(data: dict[str, Any], locator: Locator) -> list[GenError]:
    errors: list[GenError] = []
    for path, method, _item, op in iter_operations(data):
        where = jp.join("/paths", path, method)
        for key in ("x-sdksmith-resource", "x-sdksmith-name"):
            value = op.get(key)
            if value is not None and not (isinstance(value, str) and _SNAKE.match(value)):
                errors.append(locator.error(jp.join(where, key), "must be a snake_case Python identifier"))
        idempotent = op.get("x-sdksmith-idempotent")
        if idempotent is not None and not isinstance(idempotent, bool):
            errors.append(locator.error(jp.join(where, "x-sdksmith-idempotent"), "must be true or false"))
        for key, allowed in _EXTENSION_KEYS.items():
            value = op.get(key)
            if value is None or (key == "x-sdksmith-pagination" and value is False):
                continue
            at = jp.join(where, key)
            if not isinstance(value, dict):
                errors.append(locator.error(at, "must be a mapping" + (" or false" if key == "x-sdksmith-pagination" else "")))
                continue
            unknown = sorted(set(value) - allowed)
            if unknown:
                errors.append(locator.error(at, f"unknown keys: {', '.join(unknown)}"))
        pagination = op.get("x-sdksmith-pagination")
        if isinstance(pagination, dict):
            at = jp.join(where, "x-sdksmith-pagination")
            style = pagination.get("style")
            need = _PAGE_NEEDS.get(style) if isinstance(style, str) else None
            if need is None:
                errors.append(locator.error(at, "style must be one of: " + ", ".join(repr(s) for s in _PAGE_NEEDS)))
            else:
                missing = [k for k in need if not isinstance(pagination.get(k), str)]
                if missing:
                    errors.append(locator.error(at, f"{style} pagination needs: {', '.join(missing)}"))
        stream = op.get("x-sdksmith-stream")
        if isinstance(stream, dict):
            name = stream.get("name")
            if name is not None and not (isinstance(name, str) and _SNAKE.match(name)):
                errors.append(locator.error(jp.join(where, "x-sdksmith-stream", "name"), "must be a snake_case Python identifier"))
            for key in ("media_type", "type_field", "type_value", "data_field"):
                if stream.get(key) is not None and not isinstance(stream.get(key), str):
                    errors.append(locator.error(jp.join(where, "x-sdksmith-stream", key), "must be a string"))
            events = stream.get("events")
            if events is not None and not (isinstance(events, list) and events and all(isinstance(e, str) for e in events)):
                errors.append(locator.error(jp.join(where, "x-sdksmith-stream", "events"), "must be a list of event names"))
        header = op.get("x-sdksmith-idempotency-header")
        if header is not None and header is not False and not (isinstance(header, str) and _HEADER_TOKEN.match(header)):
            errors.append(locator.error(jp.join(where, "x-sdksmith-idempotency-header"), "must be a header name or false"))
        if isinstance(pagination, dict):
            for key in sorted(set(pagination) & _EXTENSION_KEYS["x-sdksmith-pagination"]):
                if not isinstance(pagination[key], str):
                    errors.append(locator.error(jp.join(where, "x-sdksmith-pagination", key), "must be a string"))
        rpc = op.get("x-sdksmith-rpc")
        if isinstance(rpc, dict):
            args = rpc.get("args")
            if not (isinstance(args, list) and all(isinstance(a, str) for a in args)):
                errors.append(locator.error(jp.join(where, "x-sdksmith-rpc", "args"), "must be a list of names"))
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    for name, scheme in sorted(schemes.items()):
        env = scheme.get("x-sdksmith-env") if isinstance(scheme, dict) else None
        if env is not None and not (isinstance(env, str) and _ENV_VAR.match(env)):
            at = jp.join("/components/securitySchemes", name, "x-sdksmith-env")
            errors.append(locator.error(at, "must be an environment variable name (letters, digits and '_')"))
    for index, server in enumerate(data.get("servers") or []):
        for name in (server.get("variables") or {}) if isinstance(server, dict) else ():
            if not _SERVER_VARIABLE.match(name):
                at = jp.join("/servers", index, "variables", name)
                errors.append(locator.error(at, "a server variable name may hold only letters, digits, '_', '-' and '.'"))
    for index, server in enumerate(data.get("servers") or []):
        name = server.get("x-sdksmith-environment") if isinstance(server, dict) else None
        if name is not None and not (isinstance(name, str) and _SNAKE.match(name)):
            at = jp.join("/servers", index, "x-sdksmith-environment")
            errors.append(locator.error(at, "must be a snake_case name (the client's environment= value)"))
    header = data.get("x-sdksmith-idempotency-header")
    if header is not None and not (isinstance(header, str) and _HEADER_TOKEN.match(header)):
        errors.append(locator.error("/x-sdksmith-idempotency-header", "must be a header name"))
    request_id = data.get("x-sdksmith-request-id-header")
    names = [request_id] if isinstance(request_id, str) else request_id
    if request_id is not None and not (
        isinstance(names, list) and names and all(isinstance(n, str) and _HEADER_TOKEN.match(n) for n in names)
    ):
        errors.append(locator.error("/x-sdksmith-request-id-header", "must be a header name or a list of header names"))
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


KNOWN_EXTENSIONS = (
    "x-sdksmith-resource", "x-sdksmith-name", "x-sdksmith-idempotent", "x-sdksmith-pagination", "x-sdksmith-stream",
    "x-sdksmith-rpc", "x-sdksmith-envelope", "x-sdksmith-rate-limit-reset", "x-sdksmith-env",
    "x-sdksmith-idempotency-header", "x-sdksmith-request-id-header", "x-sdksmith-environment",
)
# Keys whose children are names chosen by the spec's author (a property may be called "x-sdksmith-foo"), and keys
# whose values are plain data (examples, defaults, enums): neither holds extensions.
_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "mapping", "scopes", "variables", "headers", "content", "encoding", "links"})
_DATA = frozenset({"example", "examples", "default", "enum", "const"})


def _unknown_extensions(data: dict[str, Any], locator: Locator) -> list[GenError]:
    """Every ``x-sdksmith-*`` key that is not one of ours, with the closest known name: a misspelt extension
    would otherwise be ignored in silence."""
    errors: list[GenError] = []
    stack: list[tuple[Any, str, bool]] = [(data, "", False)]
    while stack:
        node, pointer, names = stack.pop()
        if isinstance(node, list):
            stack.extend((item, jp.join(pointer, i), False) for i, item in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            key = str(key)
            if not names and key.startswith("x-sdksmith-") and key not in KNOWN_EXTENSIONS:
                close = difflib.get_close_matches(key, KNOWN_EXTENSIONS, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(KNOWN_EXTENSIONS)})"
                errors.append(locator.error(jp.join(pointer, key), f"unknown extension {key!r}{hint}"))
            elif names or (not key.startswith("x-") and key not in _DATA):
                at = jp.join(pointer, key)
                if not names and key == "security" and isinstance(value, list):  # requirement keys are scheme names
                    stack.extend((item, jp.join(at, i), True) for i, item in enumerate(value))
                    continue
                named = not names and (key in _NAME_MAPS or pointer == "/components" or key in ("webhooks", "callbacks"))
                stack.append((value, at, named))
    return errors


def _missing_operation_ids(data: dict[str, Any], written: dict[str, Any], locator: Locator) -> list[GenError]:
    """Operations the spec writes without an ``operationId`` (or ``x-sdksmith-name``): their method name then
    follows from the path, so moving the path renames the method. A warning; an error under ``--strict``. (One read
    without its duplicate operationId was told so already: ``written`` is the document as the file has it.)"""
    warnings: list[GenError] = []
    ids = {(path, method) for path, method, _item, op in iter_operations(written) if isinstance(op.get("operationId"), str)}
    for path, method, _item, op in iter_operations(data):
        if not isinstance(op.get("operationId"), str) and "x-sdksmith-name" not in op and (path, method) not in ids:
            error = locator.error(
                jp.join("/paths", path, method),
                "no operationId: the method name is made from the HTTP method and path, and changes with them; "
                "give the operation an operationId (or x-sdksmith-name)",
            )
            warnings.append(replace(error, level="warning"))
    return warnings
