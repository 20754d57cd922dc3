"""Stage 3: a validated spec plus its config become the frozen IR (``ir.Api``).

Every component is registered first, then operations are resolved against that registry: no mutation of the
document, no repeat-until-stable loops.
"""

from __future__ import annotations

import re
from typing import Any

from . import __version__, ir
from .config import ClientConfig
from .errors import GenError, GenerationFailed, pointer_join
from .models import render_models
from .names import CALL_OPTIONS, PYDANTIC_RESERVED, RUNTIME_RESERVED, Namespace, claim_all, pascal, snake
from .schemas import ANY, ModelRegistry, TypeExpr, TypeMapper, is_model
from .text import clean_text, example_literal, first_sentence
from .validate import Locator, Spec, deref, iter_operations, merged_parameters

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
# Attributes every client has; resources may not take these names.
_CLIENT_RESERVED = frozenset(
    {"with_options", "close", "aclose", "base_url", "timeout", "max_retries", "request", "resources", "api_key"}
)
_JSON = re.compile(r"^application/([a-z0-9.+-]*\+)?json$")


def _exception_for(status: str) -> str:
    if status in _EXCEPTIONS:
        return _EXCEPTIONS[status]
    if status.startswith("5"):
        return "InternalServerError"
    return "APIStatusError"


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
    def __init__(self, spec: Spec, config: ClientConfig, skip_unsupported: bool) -> None:
        self.spec = spec
        self.data = spec.data
        self.config = config
        self.locator = Locator(spec.source)
        self.skip_unsupported = skip_unsupported
        self.registry = ModelRegistry(self.data)
        self.types = TypeMapper(self.registry)
        self.flat_types = TypeMapper(self.registry, hoisting=False)
        self.errors: list[GenError] = []
        self.skipped: list[tuple[str, str]] = []
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
        params_ns = Namespace(
            RUNTIME_RESERVED | set(CALL_OPTIONS) | {"models", "self"} | PYDANTIC_RESERVED, builtins_reserved=False
        )
        params: list[ir.Param] = []
        spec_params = sorted(
            merged_parameters(self.data, item, op),
            key=lambda p: ({"path": 0, "query": 1, "header": 2, "cookie": 3}.get(p.get("in", ""), 4), p.get("name", "")),
        )
        for raw in spec_params:
            location = raw.get("in")
            if location not in ("path", "query", "header", "cookie"):
                continue
            schema = raw.get("schema")
            if schema is None and isinstance(raw.get("content"), dict) and raw["content"]:
                schema = next(iter(raw["content"].values())).get("schema")
            expr = self.types.map(schema, f"{hint}{pascal(raw['name'])}") if schema is not None else TypeExpr("str", "str")
            if is_model(deref(self.data, schema)) and location != "path":
                expr = TypeExpr("dict[str, Any]", "object")
            params.append(
                ir.Param(
                    name=params_ns.claim(f"{location}:{raw['name']}", snake(raw["name"])),
                    wire=raw["name"],
                    location=location,
                    annotation=expr.code,
                    display=expr.display,
                    required=bool(raw.get("required")) or location == "path",
                    description=clean_text(raw.get("description") or deref(self.data, schema or {}).get("description", "")),
                    example=example_literal(raw.get("example", deref(self.data, schema or {}).get("example"))),
                )
            )
        body_kind, body_mode, body_required = "none", "none", False
        request_body = deref(self.data, op.get("requestBody"))
        rpc = op.get("x-sdksmith-rpc")
        if isinstance(request_body, dict):
            picked = _pick_media(request_body.get("content") or {})
            if picked is not None:
                media, schema = picked
                body_kind = _body_kind(media)
                body_required = bool(request_body.get("required"))
                body_params, body_mode = self.body_params(
                    schema, body_kind, rpc, hint, params_ns, where, body_required, clean_text(request_body.get("description") or "")
                )
                params.extend(body_params)
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
        params_ns: Namespace,
        where: str,
        body_required: bool = True,
        body_description: str = "",
    ) -> tuple[list[ir.Param], str]:
        resolved = deref(self.data, schema)
        if isinstance(rpc, dict):
            prefix = resolved.get("prefixItems") if isinstance(resolved, dict) else None
            names = rpc.get("args") or []
            if not isinstance(prefix, list) or len(prefix) != len(names):
                self.errors.append(
                    self.locator.error(pointer_join(where, "x-sdksmith-rpc"), "args must name each prefixItems entry of the request body")
                )
                return [], "none"
            min_items = resolved.get("minItems", len(prefix))
            out = []
            for index, (arg, item) in enumerate(zip(names, prefix)):
                expr = self.types.map(item, f"{hint}{pascal(arg)}")
                item_schema = deref(self.data, item) or {}
                out.append(
                    ir.Param(
                        name=params_ns.claim("arg:" + arg, snake(arg)),
                        wire="",
                        location="arg",
                        annotation=expr.code,
                        display=expr.display,
                        required=index < min_items,
                        description=clean_text(item_schema.get("description", "")),
                        example=example_literal(item_schema.get("example")),
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
                    ir.Param(
                        name=params_ns.claim("body:" + wire, snake(wire)),
                        wire=wire,
                        location="body",
                        annotation=expr.code,
                        display=expr.display,
                        required=wire in required,
                        description=clean_text(prop_schema.get("description", "") if isinstance(prop_schema, dict) else ""),
                        example=example_literal(prop_schema.get("example") if isinstance(prop_schema, dict) else None),
                    )
                )
            return out, "fields"
        if body_kind == "bytes":
            expr = TypeExpr("bytes", "bytes")
        else:
            expr = self.types.map(schema, f"{hint}Body") if schema is not None else ANY
        return [
            ir.Param(
                name=params_ns.claim("body", "body"),
                wire="",
                location="whole",
                annotation=expr.code,
                display=expr.display,
                # An optional body may be left out: NOT_GIVEN sends no body at all.
                required=body_required,
                description=body_description
                or (clean_text(resolved.get("description") or "") if isinstance(resolved, dict) else "")
                or "The request body.",
                example=example_literal(resolved.get("example") if isinstance(resolved, dict) else None),
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
            self.errors.append(
                self.locator.error(pointer_join(where, "x-sdksmith-pagination", "items"), f"the response has no field {ext['items']!r}")
            )
            return None
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
        if not isinstance(ext, dict) or not success:
            return None
        media = ext.get("media_type", "application/jsonl")
        content = (deref(self.data, responses[success[0]]) or {}).get("content") or {}
        if media not in content:
            self.errors.append(self.locator.error(pointer_join(where, "x-sdksmith-stream"), f"the success response has no {media!r} content"))
            return None
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

    def build(self) -> ir.Api:
        data = self.data
        info = data.get("info") or {}
        tags = {t.get("name"): t for t in data.get("tags") or [] if isinstance(t, dict)}
        grouped: dict[str, list[tuple[str, str, dict[str, Any], dict[str, Any]]]] = {}
        for path, method, item, op in iter_operations(data):
            grouped.setdefault(self.resource_key(path, op), []).append((path, method, item, op))
        client_ns = Namespace(RUNTIME_RESERVED | _CLIENT_RESERVED, builtins_reserved=False)
        resource_attrs = claim_all(client_ns, sorted(grouped), snake)
        class_ns = Namespace(RUNTIME_RESERVED | {"models"} | {self.config.client_class, "Async" + self.config.client_class})
        resources: list[ir.Resource] = []
        for key in sorted(grouped):
            attr = resource_attrs[key]
            class_name = class_ns.claim("resource:" + key, pascal(attr))
            async_name = class_ns.claim("resource-async:" + key, "Async" + class_name)
            methods_ns = Namespace(_RESOURCE_RESERVED | RUNTIME_RESERVED, builtins_reserved=False)
            entries = grouped[key]
            originals = [self.method_key(path, method, op) for path, method, _i, op in entries]
            wanted = {o: o for o in originals}
            method_names = claim_all(methods_ns, originals, lambda o: wanted[o].split("\0")[0])
            const_ns = Namespace(builtins_reserved=False)
            methods = []
            for (path, method, item, op), original in zip(entries, originals):
                const = const_ns.claim(original, "_" + method_names[original].upper())
                built = self.build_method(path, method, item, op, method_names[original], const)
                if built.pagination is not None:
                    all_name = methods_ns.claim(original + "\0all", method_names[original] + "_all")
                    built = _replace(built, pagination=_replace(built.pagination, all_name=all_name))
                if built.stream is not None:
                    stream_name = methods_ns.claim(original + "\0stream", built.stream.name)
                    built = _replace(built, stream=_replace(built.stream, name=stream_name))
                methods.append(built)
            first_tags = entries[0][3].get("tags") or []
            tag = tags.get(first_tags[0] if first_tags else key) or {"name": first_tags[0] if first_tags else key}
            resources.append(
                ir.Resource(
                    attr=attr,
                    module=attr,
                    class_name=class_name,
                    async_class_name=async_name,
                    title=str(tag.get("name") or key),
                    description=clean_text(tag.get("description", "")),
                    methods=tuple(sorted(methods, key=lambda m: m.name)),
                )
            )
        self.webhook_models()
        if self.errors:
            raise GenerationFailed(self.errors)
        models_code, model_names = render_models(self.registry, self.spec.version, self.spec.source.name)
        servers = data.get("servers") or [{"url": "/"}]
        server = servers[0] if isinstance(servers[0], dict) else {"url": "/"}
        variables_ns = Namespace(RUNTIME_RESERVED | _CLIENT_RESERVED | {"http_client", "default_headers"}, builtins_reserved=False)
        variables = tuple(
            ir.ServerVariable(
                name=variables_ns.claim(name, snake(name)),
                wire=name,
                default=str(var.get("default", "")),
                description=clean_text(var.get("description", "")),
            )
            for name, var in sorted((server.get("variables") or {}).items())
        )
        reset = data.get("x-sdksmith-rate-limit-reset")
        return ir.Api(
            key=self.config.name,
            title=clean_text(info.get("title", self.config.name)),
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
            skipped=tuple(self.skipped),
            spec_sha256=self.spec.source.sha256,
            generator_version=__version__,
            python_requires=">=3.10",
        )

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
            self._payloads(deref(self.data, item), f"{name} webhook")
        for path, method, _item, op in iter_operations(self.data):
            for cb_name, callback in sorted((op.get("callbacks") or {}).items()):
                for expression, cb_item in sorted((deref(self.data, callback) or {}).items()):
                    self._payloads(deref(self.data, cb_item), f"{op.get('operationId') or method + path} {cb_name} callback")

    def _payloads(self, item: Any, hint: str) -> None:
        if not isinstance(item, dict):
            return
        for method in ("get", "put", "post", "delete", "patch"):
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            body = deref(self.data, op.get("requestBody"))
            picked = _pick_media((body or {}).get("content") or {}) if isinstance(body, dict) else None
            if picked and picked[1] is not None:
                self.types.map(picked[1], f"{hint} {method} payload")

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


def build(spec: Spec, config: ClientConfig, *, skip_unsupported: bool = False) -> ir.Api:
    return _Builder(spec, config, skip_unsupported).build()
