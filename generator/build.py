"""Stage 3: a validated spec plus its config become the frozen IR (``ir.Api``).

Every component is registered first, then operations are resolved against that registry, in sorted order: no
mutation of the document, no repeat-until-stable loops, and no output that depends on the document's order.

What "cannot generate" means. A valid spec may still ask for something sdksmith cannot honour:

* an operation whose ``x-sdksmith-pagination`` names an items field its success response does not have, whose
  ``x-sdksmith-stream`` names a media type its success response does not answer (or that has no success
  response), or whose ``x-sdksmith-rpc`` args do not name the ``prefixItems`` of a JSON request body;
* an operation with a path parameter whose schema is an object, which no URL can carry;
* an operation whose building fails for any other reason (the exception is named);
* a schema that datamodel-code-generator rejects or does not turn into the class we asked for.

Each is an error located at the operation or schema (nothing is written). With ``--skip-unsupported`` it is
skipped instead and listed in ``Api.skipped`` as (location, reason): the operation is left out; a component schema
is left out and every reference to it typed ``Any``; an inline schema takes its operation (or its webhook or
callback payload) with it. Skips are decided in a first pass and the IR is built once more without them, so a
skipped operation leaves no trace (no half-claimed names, no orphan models).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from . import __version__, ir
from .config import ClientConfig
from .errors import GenerationFailed, pointer_join
from .models import ModelsFailed, render_models
from .names import (
    CALL_OPTIONS,
    HELPER_LOCALS,
    MODULE_GLOBALS,
    PYDANTIC_RESERVED,
    RUNTIME_RESERVED,
    TYPE_BUILTINS,
    Namespace,
    claim_all,
    pascal,
    snake,
)
from .schemas import ANY, ModelRegistry, TypeExpr, TypeMapper, is_model
from .text import clean_text, example_literal, first_sentence
from .validate import HTTP_METHODS, Locator, Spec, deref, iter_operations, merged_parameters

_EXCEPTIONS = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
}
# Attributes every resource class has; operations may not take these names.
_RESOURCE_RESERVED = frozenset({"with_raw_response", "_client", "_raw"})
# Names the generated ``_config`` helper and client ``__init__`` use beside server-variable parameters.
_CONFIG_LOCALS = frozenset({"http_client", "default_headers", "secret", "credential", "url", "os", "super", "httpx", "cast"})
# Attributes every client has; resources may not take these names.
_CLIENT_RESERVED = frozenset(
    {"with_options", "close", "aclose", "base_url", "timeout", "max_retries", "request", "resources", "api_key"}
)
_JSON = re.compile(r"^application/([a-z0-9.+-]*\+)?json$")
# Methods may not take names used as types in annotations, which mypy would resolve to the method.
_METHOD_RESERVED = frozenset({"str", "int", "float", "bool", "bytes", "object", "type"})
_PARAM_RESERVED = RUNTIME_RESERVED | HELPER_LOCALS | TYPE_BUILTINS | set(CALL_OPTIONS) | PYDANTIC_RESERVED


class Unsupported(Exception):
    """Something in a valid spec that sdksmith cannot generate: where it is, why, and what skipping it leaves out
    (``unit``: the pointer of an operation, component schema, webhook or callback)."""

    def __init__(self, pointer: str, reason: str, unit: str | None = None) -> None:
        super().__init__(reason)
        self.pointer = pointer
        self.reason = reason
        self.unit = unit if unit is not None else pointer


@functools.lru_cache(maxsize=1)
def _client_attributes() -> frozenset[str]:
    """Every attribute the runtime's client classes define (methods and ``self.x``), read from the runtime's source,
    so a resource can never hide one whatever the runtime grows."""
    import ast
    from pathlib import Path

    source = (Path(__file__).resolve().parent / "runtime" / "_base_client.py").read_text()
    names: set[str] = set()
    for cls in ast.parse(source).body:
        if not (isinstance(cls, ast.ClassDef) and cls.name in ("BaseClient", "SyncAPIClient", "AsyncAPIClient")):
            continue
        for node in ast.walk(cls):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)
    return frozenset(n for n in names if not n.startswith("__"))


def _exception_for(status: str) -> str:
    if status in _EXCEPTIONS:
        return _EXCEPTIONS[status]
    if status.startswith("5"):
        return "InternalServerError"
    return "APIStatusError"


_MISSING = object()


def _example(data: dict[str, Any], *holders: Any) -> Any:
    """The first example found on the given objects (a value, a schema, a parameter or media type): ``example``,
    then JSON Schema ``examples[0]``, then the first of OpenAPI's named ``examples``."""
    for holder in holders:
        holder = deref(data, holder)
        if holder is _MISSING or holder is None:
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


def _pick_media(content: dict[str, Any]) -> tuple[str, Any] | None:
    """The media type a client should use: JSON first, then form, multipart, anything else."""
    if not content:
        return None
    types = sorted(content)
    for predicate in (
        lambda t: bool(_JSON.match(t.split(";")[0].strip().lower())),
        lambda t: t.startswith("application/x-www-form-urlencoded"),
        lambda t: t.startswith("multipart/form-data"),
        lambda t: True,
    ):
        for media in types:
            if predicate(media):
                return media, (content[media] or {}).get("schema")
    return None


def _body_kind(media: str) -> str:
    base = media.split(";")[0].strip().lower()
    if _JSON.match(base):
        return "json"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base == "multipart/form-data":
        return "multipart"
    return "bytes"


class _Builder:
    def __init__(self, spec: Spec, config: ClientConfig, skip: frozenset[str] = frozenset()) -> None:
        self.spec = spec
        self.data = spec.data
        self.config = config
        self.locator = Locator(spec.source)
        # Pointers of what a first pass found unsupported: operations, component schemas, webhooks, callbacks.
        self.skip = skip
        excluded = frozenset(
            p[len("/components/schemas/") :].replace("~1", "/").replace("~0", "~")
            for p in skip
            if p.startswith("/components/schemas/")
        )
        self.registry = ModelRegistry(self.data, excluded)
        self.types = TypeMapper(self.registry)
        self.flat_types = TypeMapper(self.registry, hoisting=False)
        self.unsupported: list[Unsupported] = []
        envelope = self.data.get("x-sdksmith-envelope")
        self.envelope = (envelope["status"], envelope["message"], envelope["data"]) if envelope else None

    # -- properties of schemas ------------------------------------------------------------------------------

    def properties(self, schema: Any, depth: int = 0) -> tuple[dict[str, Any], set[str]]:
        """Properties and required names of an object schema, merged through ``allOf``."""
        schema = deref(self.data, schema)
        props: dict[str, Any] = {}
        required: set[str] = set()
        if not isinstance(schema, dict) or depth > 20:
            return props, required
        for part in schema.get("allOf") or []:
            p, r = self.properties(part, depth + 1)
            props.update(p)
            required |= r
        props.update(schema.get("properties") or {})
        required |= set(schema.get("required") or [])
        return props, required

    # -- operations -----------------------------------------------------------------------------------------

    def build_method(self, path: str, http_method: str, item: dict[str, Any], op: dict[str, Any], name: str, const: str) -> ir.Method:
        where = pointer_join("/paths", path, http_method)
        op_id = op.get("operationId") or f"{http_method}_{path}"
        hint = pascal(op.get("operationId") or f"{http_method} {path}")
        pending: list[_Pending] = []
        spec_params = sorted(
            merged_parameters(self.data, item, op),
            key=lambda p: ({"path": 0, "query": 1, "header": 2, "cookie": 3}.get(p.get("in", ""), 4), p.get("name", "")),
        )
        for raw in spec_params:
            location = raw.get("in")
            if location not in ("path", "query", "header", "cookie"):
                raise Unsupported(where, f"parameter {raw.get('name')!r} is in {location!r}, which no request has")
            schema = raw.get("schema")
            if schema is None and isinstance(raw.get("content"), dict) and raw["content"]:
                schema = next(iter(raw["content"].values())).get("schema")
            expr = self.types.map(schema, f"{hint}{pascal(raw['name'])}") if schema is not None else TypeExpr("str", "str")
            if is_model(deref(self.data, schema)):
                if location == "path":
                    raise Unsupported(where, f"path parameter {raw['name']!r} is an object, which no URL can carry")
                expr = TypeExpr("dict[str, Any]", "object")
            pending.append(
                _Pending(
                    key=f"{location}:{raw['name']}",
                    wire=raw["name"],
                    location=location,
                    annotation=expr.code,
                    display=expr.display,
                    required=bool(raw.get("required")) or location == "path",
                    description=clean_text(raw.get("description") or deref(self.data, schema or {}).get("description", "")),
                    example=example_literal(_example(self.data, raw, schema)),
                )
            )
        body_kind, body_mode, body_required = "none", "none", False
        request_body = deref(self.data, op.get("requestBody"))
        rpc = op.get("x-sdksmith-rpc")
        picked = _pick_media(request_body.get("content") or {}) if isinstance(request_body, dict) else None
        if isinstance(rpc, dict) and (picked is None or _body_kind(picked[0]) != "json"):
            raise Unsupported(pointer_join(where, "x-sdksmith-rpc"), "an RPC call needs a JSON request body")
        if picked is not None and isinstance(request_body, dict):
            media, schema = picked
            body_kind = _body_kind(media)
            body_required = bool(request_body.get("required"))
            media_object = (request_body.get("content") or {}).get(media) or {}
            body_params, body_mode = self.body_params(
                schema,
                body_kind,
                rpc,
                hint,
                where,
                body_required,
                clean_text(request_body.get("description") or ""),
                _example(self.data, media_object, schema),
            )
            pending.extend(body_params)
        names = claim_all(
            Namespace(_PARAM_RESERVED, builtins_reserved=False),
            [p.key for p in pending],
            lambda key: "body" if key == "body" else snake(key.split(":", 1)[1]),
            lambda key: "body" if key == "body" else key.split(":", 1)[1],
        )
        params = [p.named(names[p.key]) for p in pending]
        # Required parameters first (keyword-only, so order is for reading, not for callers).
        params.sort(key=lambda p: not p.required)

        responses = op.get("responses") or {}
        success = sorted(code for code in responses if str(code).startswith("2"))
        result, cast_expr, accept = TypeExpr("None", "None"), "None", "application/json"
        stream_ext = op.get("x-sdksmith-stream")
        if success:
            response = deref(self.data, responses[success[0]]) or {}
            content = dict(response.get("content") or {})
            if isinstance(stream_ext, dict):
                content.pop(stream_ext.get("media_type", ""), None)
            picked = _pick_media(content)
            if picked is not None:
                media, schema = picked
                accept = media
                if _body_kind(media) == "json":
                    if self.envelope is not None:
                        data_schema = self.properties(schema)[0].get(self.envelope[2])
                        result = self.types.map(data_schema, f"{hint}Data") if data_schema is not None else TypeExpr("None", "None")
                        if result.code == "None" or data_schema is None:
                            result = TypeExpr("None", "None")
                    else:
                        result = self.types.map(schema, f"{hint}Response") if schema is not None else ANY
                elif "text/" in media and schema is not None and deref(self.data, schema).get("type") == "string":
                    result = TypeExpr("str", "str")
                else:
                    result = TypeExpr("bytes", "bytes")
            cast_expr = result.code
        errors: list[ir.ErrorCase] = []
        for code in sorted(str(c) for c in responses):
            if code.startswith("2") or code.startswith("1") or code.startswith("3"):
                continue
            response = deref(self.data, responses[code] if code in responses else responses[int(code)]) or {}
            picked = _pick_media(response.get("content") or {})
            expr, media = TypeExpr("", ""), ""
            if picked is not None:
                media, schema = picked
                if _body_kind(media) == "json" and schema is not None:
                    expr = self.types.map(schema, f"{hint}Error{code}")
            exception = "APIStatusError" if code in ("default", "4XX") else _exception_for(code)
            errors.append(ir.ErrorCase(code, exception, expr.code, expr.display, media))

        pagination = self.pagination(op, where, result, http_method, path)
        stream = self.stream(op, stream_ext, responses, success, hint, name, where)
        if pagination is not None:
            # a paginated list is parsed whole (the envelope too): the page reads items and totals from it
            success_schema = _pick_media(dict((deref(self.data, responses[success[0]]) or {}).get("content") or {}))
            whole = self.types.map(success_schema[1], f"{hint}Response") if success_schema else ANY
            cast_expr = whole.code
            result = whole
        description = clean_text(op.get("description") or "")
        summary = clean_text(op.get("summary") or "") or first_sentence(description) or f"{http_method.upper()} {path}"
        return ir.Method(
            name=name,
            const=const,
            operation_id=op_id,
            http_method=http_method.upper(),
            path=path,
            summary=summary,
            description=description if description != summary else "",
            deprecated=bool(op.get("deprecated")),
            params=tuple(params),
            body_kind=body_kind,  # type: ignore[arg-type]
            body_mode=body_mode,  # type: ignore[arg-type]
            body_required=body_required,
            result_type=result.code,
            result_display=result.display,
            cast_expr=cast_expr,
            result_model=result.model,
            errors=tuple(errors),
            idempotent=op.get("x-sdksmith-idempotent") is True,
            secured=self.secured(op),
            accept=accept,
            envelope=self.envelope is not None,
            pagination=pagination,
            stream=stream,
        )

    def body_params(
        self,
        schema: Any,
        body_kind: str,
        rpc: Any,
        hint: str,
        where: str,
        body_required: bool = True,
        body_description: str = "",
        body_example: Any = None,
    ) -> tuple[list[_Pending], str]:
        resolved = deref(self.data, schema)
        if isinstance(rpc, dict):
            prefix = resolved.get("prefixItems") if isinstance(resolved, dict) else None
            names = rpc.get("args") or []
            if not isinstance(prefix, list) or len(prefix) != len(names):
                raise Unsupported(
                    pointer_join(where, "x-sdksmith-rpc"), "args must name each prefixItems entry of the request body"
                )
            min_items = resolved.get("minItems", len(prefix))
            out = []
            for index, (arg, item) in enumerate(zip(names, prefix)):
                expr = self.types.map(item, f"{hint}{pascal(arg)}")
                item_schema = deref(self.data, item) or {}
                out.append(
                    _Pending(
                        key="arg:" + arg,
                        wire="",
                        location="arg",
                        annotation=expr.code,
                        display=expr.display,
                        required=index < min_items,
                        description=clean_text(item_schema.get("description", "")),
                        example=example_literal(
                            _example(
                                self.data,
                                item_schema,
                                body_example[index] if isinstance(body_example, list) and index < len(body_example) else None,
                            )
                        ),
                    )
                )
            return out, "args"
        props, required = self.properties(schema)
        flat = (
            body_kind in ("json", "form", "multipart")
            and isinstance(resolved, dict)
            and (resolved.get("type") == "object" or "properties" in resolved or "allOf" in resolved)
            and not resolved.get("oneOf")
            and not resolved.get("anyOf")
        )
        if flat:
            out = []
            for wire in sorted(props):
                prop = props[wire]
                prop_schema = deref(self.data, prop) or {}
                expr = self.flat_types.map(prop, f"{hint}{pascal(wire)}")
                if body_kind == "multipart" and prop_schema.get("format") == "binary":
                    expr = TypeExpr("bytes | tuple[str, bytes]", "file")
                if is_model(deref(self.data, prop)) and isinstance(prop, dict) and "$ref" in prop:
                    expr = self.types.map(prop, f"{hint}{pascal(wire)}")
                out.append(
                    _Pending(
                        key="body:" + wire,
                        wire=wire,
                        location="body",
                        annotation=expr.code,
                        display=expr.display,
                        required=wire in required,
                        description=clean_text(prop_schema.get("description", "") if isinstance(prop_schema, dict) else ""),
                        example=example_literal(
                            _example(
                                self.data,
                                prop_schema if isinstance(prop_schema, dict) else None,
                                body_example.get(wire) if isinstance(body_example, dict) else None,
                            )
                        ),
                    )
                )
            return out, "fields"
        if body_kind == "bytes":
            expr = TypeExpr("bytes", "bytes")
        else:
            expr = self.types.map(schema, f"{hint}Body") if schema is not None else ANY
        return [
            _Pending(
                key="body",
                wire="",
                location="whole",
                annotation=expr.code,
                display=expr.display,
                # An optional body may be left out: NOT_GIVEN sends no body at all.
                required=body_required,
                description=body_description
                or (clean_text(resolved.get("description") or "") if isinstance(resolved, dict) else "")
                or "The request body.",
                example=example_literal(body_example if body_example is not None else _example(self.data, resolved)),
            )
        ], "whole"

    def pagination(self, op: dict[str, Any], where: str, result: TypeExpr, http_method: str, path: str) -> ir.Pagination | None:
        ext = op.get("x-sdksmith-pagination")
        if not isinstance(ext, dict):
            return None
        responses = op.get("responses") or {}
        success = sorted(code for code in responses if str(code).startswith("2"))
        schema = None
        if success:
            picked = _pick_media((deref(self.data, responses[success[0]]) or {}).get("content") or {})
            schema = picked[1] if picked else None
        props, _ = self.properties(schema)
        items_schema = props.get(ext["items"])
        if items_schema is None:
            raise Unsupported(
                pointer_join(where, "x-sdksmith-pagination", "items"), f"the success response has no field {ext['items']!r}"
            )
        resolved = deref(self.data, items_schema) or {}
        item = self.types.map(resolved.get("items"), pascal(op.get("operationId") or path) + "Item") if "items" in resolved else ANY
        return ir.Pagination(
            style=ext["style"],
            items=ext["items"],
            cursor_param=ext.get("cursor_param"),
            next_cursor=ext.get("next_cursor"),
            offset_param=ext.get("offset_param"),
            limit_param=ext.get("limit_param"),
            total=ext.get("total"),
            item_type=item.code,
            item_display=item.display,
            all_name="",
        )

    def stream(self, op: dict[str, Any], ext: Any, responses: dict[str, Any], success: list[str], hint: str, name: str, where: str) -> ir.StreamInfo | None:
        if not isinstance(ext, dict):
            return None
        media = ext.get("media_type", "application/jsonl")
        content = (deref(self.data, responses[success[0]]) or {}).get("content") or {} if success else {}
        if media not in content:
            raise Unsupported(pointer_join(where, "x-sdksmith-stream"), f"the success response has no {media!r} content")
        line_schema = content[media].get("schema")
        data_field = ext.get("data_field")
        item_schema = self.properties(line_schema)[0].get(data_field) if data_field else line_schema
        item = self.types.map(item_schema, f"{hint}StreamItem") if item_schema is not None else ANY
        return ir.StreamInfo(
            name=ext.get("name") or f"{name}_stream",
            media_type=media,
            type_field=ext.get("type_field"),
            type_value=ext.get("type_value"),
            data_field=data_field,
            item_type=item.code,
            item_display=item.display,
        )

    def secured(self, op: dict[str, Any]) -> bool:
        requirements = op.get("security", self.data.get("security"))
        if not requirements:
            return False
        # An empty requirement object means "no credential" is one of the accepted options.
        return all(bool(r) for r in requirements)

    # -- the client -----------------------------------------------------------------------------------------

    def credential(self) -> ir.Credential | None:
        schemes = (self.data.get("components") or {}).get("securitySchemes") or {}
        used: list[str] = []
        for requirement in self.data.get("security") or []:
            used.extend(requirement)
        for _path, _method, _item, op in iter_operations(self.data):
            for requirement in op.get("security") or []:
                used.extend(requirement)
        for name in used + sorted(schemes):
            scheme = deref(self.data, schemes.get(name))
            if not isinstance(scheme, dict):
                continue
            env = scheme.get("x-sdksmith-env") or f"{self.config.name.upper()}_API_KEY"
            kind = scheme.get("type")
            description = clean_text(scheme.get("description", ""))
            if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
                return ir.Credential(scheme["in"], scheme.get("name", "Authorization"), "raw", env, description)
            if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
                return ir.Credential("header", "Authorization", "basic", env, description)
            if kind in ("http", "oauth2", "openIdConnect"):
                return ir.Credential("header", "Authorization", "bearer", env, description)
        return None

    def build(self) -> tuple[ir.Api | None, list[Unsupported]]:
        """The IR, or None and everything found unsupported (each carrying the pointer of what to skip)."""
        data = self.data
        info = data.get("info") or {}
        tags = {t.get("name"): t for t in data.get("tags") or [] if isinstance(t, dict)}
        grouped: dict[str, list[tuple[str, str, dict[str, Any], dict[str, Any]]]] = {}
        for path, method, item, op in iter_operations(data):
            if pointer_join("/paths", path, method) not in self.skip:
                grouped.setdefault(self.resource_key(path, op), []).append((path, method, item, op))
        client_ns = Namespace(RUNTIME_RESERVED | _CLIENT_RESERVED | _client_attributes(), builtins_reserved=False)
        resource_attrs = claim_all(client_ns, sorted(grouped), snake)
        class_ns = Namespace(
            RUNTIME_RESERVED | MODULE_GLOBALS | {"models"} | {self.config.client_class, "Async" + self.config.client_class}
        )
        resources: list[ir.Resource] = []
        for key in sorted(grouped):
            attr = resource_attrs[key]
            class_name, async_name = _claim_resource_classes(class_ns, key, pascal(attr))
            methods_ns = Namespace(_RESOURCE_RESERVED | RUNTIME_RESERVED | _METHOD_RESERVED, builtins_reserved=False)
            # Document order must not matter: operations are built sorted by path and method.
            entries = sorted(grouped[key], key=lambda e: (e[0], HTTP_METHODS.index(e[1])))
            originals = [self.method_key(path, method, op) for path, method, _i, op in entries]
            method_names = claim_all(methods_ns, originals, lambda o: o.split("\0")[0])
            const_ns = Namespace({"_ENVELOPE"}, builtins_reserved=False)
            methods = []
            for (path, method, item, op), original in zip(entries, originals):
                where = pointer_join("/paths", path, method)
                const = _claim_constant(const_ns, original, "_" + method_names[original].upper())
                self.registry.context = where
                try:
                    built = self.build_method(path, method, item, op, method_names[original], const)
                except Unsupported as exc:
                    exc.unit = where
                    self.unsupported.append(exc)
                    continue
                except Exception as exc:  # noqa: BLE001 - any failure to build an operation is reported, located
                    self.unsupported.append(Unsupported(where, f"building this operation failed: {_describe(exc)}"))
                    continue
                if built.pagination is not None:
                    all_name = methods_ns.claim(original + "\0all", method_names[original] + "_all")
                    built = _replace(built, pagination=_replace(built.pagination, all_name=all_name))
                if built.stream is not None:
                    stream_name = methods_ns.claim(original + "\0stream", built.stream.name)
                    built = _replace(built, stream=_replace(built.stream, name=stream_name))
                methods.append(built)
            if not methods:
                continue
            first_tags = entries[0][3].get("tags") or []
            tag = tags.get(first_tags[0] if first_tags else key) or {"name": first_tags[0] if first_tags else key}
            resources.append(
                ir.Resource(
                    attr=attr,
                    module=attr,
                    class_name=class_name,
                    async_class_name=async_name,
                    title=clean_text(str(tag.get("name") or key)),
                    description=clean_text(tag.get("description", "")),
                    methods=tuple(sorted(methods, key=lambda m: m.name)),
                )
            )
        self.webhook_models()
        self.registry.context = ""
        try:
            models_code, model_names = render_models(self.registry, self.spec.version)
        except ModelsFailed as exc:
            for name, reason in exc.culprits:
                self.unsupported.append(self.model_unsupported(name, reason))
            return None, self.unsupported
        if self.unsupported:
            return None, self.unsupported
        servers = data.get("servers") or [{"url": "/"}]
        server = servers[0] if isinstance(servers[0], dict) else {"url": "/"}
        variables_ns = Namespace(RUNTIME_RESERVED | _CLIENT_RESERVED | _CONFIG_LOCALS)
        variable_names = claim_all(variables_ns, list(server.get("variables") or {}), snake)
        variables = tuple(
            ir.ServerVariable(
                name=variable_names[name],
                wire=name,
                default=clean_text(str(var.get("default", ""))),
                description=clean_text(var.get("description", "")),
            )
            for name, var in sorted((server.get("variables") or {}).items())
        )
        reset = data.get("x-sdksmith-rate-limit-reset")
        api = ir.Api(
            key=self.config.name,
            title=" ".join(clean_text(info.get("title", self.config.name)).split()) or self.config.name,
            description=clean_text(info.get("description", "")),
            api_version=clean_text(str(info.get("version", ""))),
            dist_name=self.config.dist_name,
            import_name=self.config.import_name,
            version=self.config.version,
            client_class=self.config.client_class,
            async_client_class="Async" + self.config.client_class,
            env_prefix=self.config.name.upper(),
            base_url=str(server.get("url", "/")),
            server_variables=variables,
            credential=self.credential(),
            envelope=self.envelope,
            rate_limit_reset=(reset["header"], reset["unit"]) if reset else None,
            resources=tuple(resources),
            models=self.model_docs(model_names),
            models_code=models_code,
            model_names=model_names,
            skipped=(),
            spec_sha256=self.spec.source.sha256,
            generator_version=__version__,
            python_requires=">=3.10",
        )
        return api, []

    def model_unsupported(self, name: str, reason: str) -> Unsupported:
        """A model the generator could not make: a component is skipped itself, an inline one with its user."""
        for key, class_name in self.registry.component_names.items():
            if class_name == name:
                return Unsupported(pointer_join("/components/schemas", key), f"schema {key!r}: {reason}")
        where = self.registry.hoisted_at.get(name, "/components/schemas")
        return Unsupported(where, f"its inline schema ({name}): {reason}")

    def resource_key(self, path: str, op: dict[str, Any]) -> str:
        explicit = op.get("x-sdksmith-resource")
        if isinstance(explicit, str):
            return explicit
        tags = op.get("tags") or []
        if tags and isinstance(tags[0], str) and snake(tags[0]):
            return tags[0]
        for segment in path.split("/"):
            if segment and not segment.startswith("{") and not re.fullmatch(r"v\d+(\.\d+)*|api", segment):
                return segment
        return "default"

    def method_key(self, path: str, method: str, op: dict[str, Any]) -> str:
        explicit = op.get("x-sdksmith-name")
        if isinstance(explicit, str):
            return explicit + "\0" + method + " " + path
        op_id = op.get("operationId")
        base = snake(op_id) if isinstance(op_id, str) else snake(f"{method} {path}")
        return base + "\0" + method + " " + path

    def webhook_models(self) -> None:
        """Webhooks and callbacks: their payloads become models too."""
        for name, item in sorted((self.data.get("webhooks") or {}).items()):
            self._payloads(deref(self.data, item), f"{name} webhook", pointer_join("/webhooks", name))
        for path, method, _item, op in sorted(iter_operations(self.data), key=lambda e: (e[0], HTTP_METHODS.index(e[1]))):
            if pointer_join("/paths", path, method) in self.skip:
                continue
            for cb_name, callback in sorted((op.get("callbacks") or {}).items()):
                where = pointer_join("/paths", path, method, "callbacks", cb_name)
                for expression, cb_item in sorted((deref(self.data, callback) or {}).items()):
                    hint = f"{op.get('operationId') or method + path} {cb_name} callback"
                    self._payloads(deref(self.data, cb_item), hint, where)

    def _payloads(self, item: Any, hint: str, where: str) -> None:
        if not isinstance(item, dict) or where in self.skip:
            return
        self.registry.context = where
        try:
            for method in HTTP_METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                body = deref(self.data, op.get("requestBody"))
                picked = _pick_media((body or {}).get("content") or {}) if isinstance(body, dict) else None
                if picked and picked[1] is not None:
                    self.types.map(picked[1], f"{hint} {method} payload")
        except Exception as exc:  # noqa: BLE001 - reported, located, like an operation's
            self.unsupported.append(Unsupported(where, f"building its payload model failed: {_describe(exc)}"))

    def model_docs(self, defined: tuple[str, ...]) -> tuple[ir.ModelDoc, ...]:
        schemas: dict[str, Any] = {}
        components = (self.data.get("components") or {}).get("schemas") or {}
        for key, name in self.registry.component_names.items():
            if name in defined:
                schemas[name] = components[key]
        for name, schema in self.registry.hoisted.items():
            if name in defined:
                schemas[name] = schema
        docs = []
        for name in sorted(schemas):
            props, required = self.properties(schemas[name])
            fields = tuple(
                ir.Field(
                    name=wire,
                    display=self.flat_types.map(props[wire], name + pascal(wire)).display,
                    required=wire in required,
                    description=clean_text((deref(self.data, props[wire]) or {}).get("description", "") if isinstance(deref(self.data, props[wire]), dict) else ""),
                )
                for wire in sorted(props)
            )
            schema = deref(self.data, schemas[name]) or {}
            docs.append(ir.ModelDoc(name, clean_text(schema.get("description", "")), fields, "object"))
        return tuple(docs)


def _replace(obj: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(obj, **changes)


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


def _claim_resource_classes(namespace: Namespace, key: str, base: str) -> tuple[str, str]:
    """A resource's class and async class names, such that their ``...WithRawResponse`` companions are free too."""
    candidate = namespace.valid(base)
    while True:
        names = (candidate, "Async" + candidate, candidate + "WithRawResponse", "Async" + candidate + "WithRawResponse")
        if all(namespace.is_free(n) for n in names):
            break
        candidate += "Resource"
    for index, name in enumerate(names):
        namespace.claim(f"resource:{key}:{index}", name)
    return names[0], names[1]


def _claim_constant(namespace: Namespace, original: str, base: str) -> str:
    """A module constant for an endpoint, such that the ``_PAGE``/``_STREAM``/``_STREAM_SPEC`` ones beside it are
    free too."""
    candidate = namespace.valid(base)
    while not all(namespace.is_free(candidate + suffix) for suffix in ("", "_PAGE", "_STREAM", "_STREAM_SPEC")):
        candidate += "_"
    for suffix in ("_PAGE", "_STREAM", "_STREAM_SPEC"):
        namespace.reserve(candidate + suffix)
    return namespace.claim(original, candidate)


@dataclass(frozen=True, slots=True)
class _Pending:
    """A parameter before its Python name is decided (all of an operation's names are claimed at once)."""

    key: str  # "query:limit", "body:name", "arg:tokenId", "body"
    wire: str
    location: ir.Location
    annotation: str
    display: str
    required: bool
    description: str
    example: str

    def named(self, name: str) -> ir.Param:
        return ir.Param(
            name=name,
            wire=self.wire,
            location=self.location,
            annotation=self.annotation,
            display=self.display,
            required=self.required,
            description=self.description,
            example=self.example,
        )


def build(spec: Spec, config: ClientConfig, *, skip_unsupported: bool = False) -> ir.Api:
    """The IR for ``spec``. What cannot be generated (see the module docstring) is an error listing every case,
    or with ``skip_unsupported`` is left out and listed in ``Api.skipped``."""
    api, unsupported = _Builder(spec, config).build()
    if not unsupported and api is not None:
        return api
    locator = Locator(spec.source)
    found = sorted({(u.pointer, u.unit, u.reason) for u in unsupported})
    if not skip_unsupported:
        errors = [locator.error(p, f"cannot generate: {r} (--skip-unsupported leaves it out)") for p, _u, r in found]
        raise GenerationFailed(sorted(set(errors), key=lambda e: (e.file, e.line, e.column, e.pointer, e.message)))
    api, more = _Builder(spec, config, frozenset(u for _p, u, _r in found)).build()
    if more or api is None:
        errors = [locator.error(u.pointer, f"cannot generate: {u.reason}") for u in more]
        raise GenerationFailed(sorted(set(errors), key=lambda e: (e.file, e.line, e.column, e.pointer, e.message)))
    located = sorted({locator.error(p, r) for p, _u, r in found}, key=lambda e: (e.file, e.line, e.column, e.pointer))
    skipped = tuple((f"{e.file}:{e.line}:{e.column}: {e.pointer or '/'}", e.message) for e in located)
    result: ir.Api = _replace(api, skipped=skipped)
    return result
