"""The client classes: servers as named environments, server variables, the typed error classes, request IDs, and
which calls the README shows.

Every absolute ``servers`` entry is an environment (``environment="sandbox"``), named by its
``x-sdksmith-environment``, else from its description (a word such as ``sandbox`` or ``production``, else its first
word that is not filler: "EU region server" -> ``eu``), else ``default`` / ``server_<n>``; the first is the default. A relative server URL (``/api``) names no host, so it is no environment;
a spec with no environment makes ``base_url`` required. Server variables of all environments become constructor
arguments (``Literal`` when the spec lists their values), each environment keeping its own defaults.
"""

from __future__ import annotations

import re
from typing import Any

from .. import ir
from ..names import RUNTIME_RESERVED, Namespace, claim_all, snake
from ..runtime._exceptions import DEFAULT_REQUEST_ID_HEADERS, status_error_class
from ..text import clean_text, py_literal
from .context import BuildContext
from .extensions import idempotency_header
from .resources import CLIENT_RESERVED

# Names the generated ``_config`` helper and client ``__init__`` use beside server-variable parameters.
_CONFIG_LOCALS = frozenset(
    {
        "http_client", "default_headers", "default_query", "secret", "credential", "url", "os", "super", "httpx",
        "cast", "environment", "api_key", "base_url", "timeout", "max_retries", "max_response_size",
        "strict_response_validation", "values", "template", "defaults",
    }
)
_FILLER = frozenset(
    {
        "server", "servers", "api", "apis", "environment", "env", "the", "url", "endpoint", "base", "host", "for", "of",
        "a", "an", "default", "instance", "location", "application", "service", "main", "version", "v1", "v2", "v3",
    }
)
_KNOWN = (
    "production", "prod", "live", "sandbox", "staging", "stage", "test", "testing", "development", "dev", "local",
    "mock", "demo", "preview", "beta", "commercial", "federal", "eu", "us", "uk", "global",
)
_NAMEABLE = re.compile(r"^(models\.[A-Za-z_][A-Za-z0-9_]*|str|int|float|bool)( \| None)?$")
# The runtime's status classes a package binds to its error models, by the runtime's key.
_STATUS_KEYS = ("400", "401", "403", "404", "409", "422", "429", "5xx")


def server(ctx: BuildContext) -> tuple[str, tuple[ir.ServerVariable, ...]]:
    """The default base URL (with ``{var}`` placeholders) and its variables, from the first ``servers`` entry."""
    servers = ctx.data.get("servers") or [{"url": "/"}]
    first = servers[0] if isinstance(servers[0], dict) else {"url": "/"}
    declared = first.get("variables") or {}
    names = claim_all(Namespace(RUNTIME_RESERVED | CLIENT_RESERVED | _CONFIG_LOCALS), list(declared), snake)
    variables = tuple(
        ir.ServerVariable(
            name=names[name],
            wire=name,
            default=clean_text(str(var.get("default", ""))),
            description=clean_text(var.get("description", "")),
            enum=tuple(clean_text(str(v)) for v in var.get("enum") or ()),
        )
        for name, var in sorted(declared.items())
    )
    return str(first.get("url", "/")), variables


def client_info(ctx: BuildContext, resources: tuple[ir.Resource, ...]) -> ir.ClientInfo:
    environments, variables = _environments(ctx)
    methods = [(r, m) for r in resources for m in r.methods]
    first = resources[0] if resources else None
    plain = [m for m in first.methods if m.pagination is None and m.stream is None and m.stream_result is None] if first else []
    reads = [m for m in plain if m.http_method == "GET"]
    call = (reads or plain or [None])[0]
    request_id = ctx.data.get("x-sdksmith-request-id-header")
    error_classes = _error_classes([m for _r, m in methods])
    typed = {e.key: e.name for e in error_classes}
    table = tuple(
        (repr(int(key)) if key.isdigit() else py_literal(key), typed.get(key) or "_exceptions." + _runtime_class(key))
        for key in _STATUS_KEYS
    )
    return ir.ClientInfo(
        environments=environments,
        variables=variables,
        error_classes=error_classes,
        error_table=table + (('"other"', "_exceptions.APIStatusError"),),
        request_id_headers=tuple(request_id if isinstance(request_id, list) else [request_id])
        if request_id
        else DEFAULT_REQUEST_ID_HEADERS,
        idempotency_header=idempotency_header(ctx),
        first_call=ir.Example(first, call) if first is not None and call is not None else None,
        first_write=next((ir.Example(r, m) for r, m in methods if m.idempotency_header), None),
        first_page=next((ir.Example(r, m) for r, m in methods if m.pagination), None),
        first_stream=next((ir.Example(r, m) for r, m in methods if m.stream or m.stream_result), None),
        custom_get=next(
            (
                ir.Example(r, m)
                for r, m in methods
                if m.http_method == "GET" and not any(p.required for p in m.params) and m.stream_result is None
                and m.result_type != "None"
            ),
            None,
        ),
        first_upload=next((ir.Example(r, m) for r, m in methods if m.uses_files), None),
        upload_param=next((p.name for _r, m in methods if m.uses_files for p in m.params if "FileTypes" in p.annotation), ""),
        first_variant=next((ir.Example(r, m) for r, m in methods if m.variant_of), None),
        has_pagination=any(m.pagination for _r, m in methods),
        has_streams=any(m.stream or m.stream_result for _r, m in methods),
        has_sse=any(s.format == "sse" for _r, m in methods for s in (m.stream, m.stream_result) if s is not None),
        uses_literal=bool(environments) or any(v.enum for v in variables),
        imports=tuple(_imports(r) for r in resources),
    )


_TYPING = ("Any", "Dict", "List", "Literal", "Optional", "Tuple", "Union")
_HELPERS = {"fields": "fields_body", "args": "rpc_args"}


def _imports(resource: ir.Resource) -> ir.ResourceImports:
    """The names a resource module uses, read from every type expression it writes."""
    code: list[str] = []
    for m in resource.methods:
        code += [p.annotation for p in m.params] + [m.result_type, m.cast_expr] + [e.type_expr for e in m.errors]
        code += [s.item_type for s in (m.stream, m.stream_result) if s is not None]
        code += [m.pagination.item_type] if m.pagination else []
    # annotations in a class body spell list/dict/tuple as List/Dict/Tuple (the ``sig`` template filter)
    text = re.sub(r"\b(list|dict|tuple)\[", lambda match: match.group(1).capitalize() + "[", " ".join(code))
    typing = {name for name in _TYPING if re.search(rf"\b{name}\b", text)}
    if any(m.pagination for m in resource.methods):
        typing.add("Iterator")
    return ir.ResourceImports(
        module=resource.module,
        typing=tuple(sorted(typing)),
        datetime=bool(re.search(r"\bdatetime\.", text)),
        models=bool(re.search(r"\bmodels\.", text)),
        pagination=any(m.pagination for m in resource.methods),
        streams=any(m.stream or m.stream_result for m in resource.methods),
        query_styles=any(m.query_styles for m in resource.methods),
        path_styles=any(m.path_styles for m in resource.methods),
        files=any(m.uses_files for m in resource.methods),
        helpers=tuple(
            sorted(
                {_HELPERS[m.body_mode] for m in resource.methods if m.body_mode in _HELPERS}
                | ({"json_text"} if any(p.as_json for m in resource.methods for p in m.params) else set())
            )
        ),
    )


def _runtime_class(key: str) -> str:
    return status_error_class(500 if key == "5xx" else int(key)).__name__


def _env_name(server: dict[str, Any], index: int) -> str:
    explicit = server.get("x-sdksmith-environment")
    if isinstance(explicit, str):
        return explicit
    # whole words of the description: "Trigger.dev API" is no ``dev`` server, "Self-hosted" is ``self_hosted``
    tokens = (snake(token.strip(".,;:()[]'\"")) for token in str(server.get("description") or "").split())
    words = [w for w in tokens if w]
    known = [w for w in words if w in _KNOWN]
    plain = [w for w in words if w and w not in _FILLER and not w[0].isdigit()]
    if known or plain:
        return (known or plain)[0]
    return "default" if index == 0 else f"server_{index + 1}"


def _environments(ctx: BuildContext) -> tuple[tuple[ir.Environment, ...], tuple[ir.ServerVariable, ...]]:
    servers = [s for s in ctx.data.get("servers") or [] if isinstance(s, dict) and re.match(r"^(https?:)?//|^\{", str(s.get("url", "")))]
    namespace = Namespace(RUNTIME_RESERVED, builtins_reserved=False)
    env_names = claim_all(namespace, [str(i) for i in range(len(servers))], lambda i: _env_name(servers[int(i)], int(i)))
    declared: dict[str, dict[str, Any]] = {}
    for s in servers:
        for wire, var in sorted((s.get("variables") or {}).items()):
            declared.setdefault(wire, var if isinstance(var, dict) else {})
    names = claim_all(Namespace(RUNTIME_RESERVED | CLIENT_RESERVED | _CONFIG_LOCALS), sorted(declared), snake)
    variables = tuple(
        ir.ServerVariable(
            name=names[wire],
            wire=wire,
            default=clean_text(str(var.get("default", ""))),
            description=clean_text(var.get("description", "")),
            enum=tuple(clean_text(str(v)) for v in var.get("enum") or ()),
            only_in=_only_in(wire, servers, env_names),
        )
        for wire, var in sorted(declared.items())
    )
    environments = tuple(
        ir.Environment(
            name=env_names[str(i)],
            url=str(s["url"]),
            description=clean_text(str(s.get("description") or "")),
            defaults=tuple(
                (wire, clean_text(str((var or {}).get("default", "")))) for wire, var in sorted((s.get("variables") or {}).items())
            ),
        )
        for i, s in enumerate(servers)
    )
    return environments, variables


def _only_in(wire: str, servers: list[dict[str, Any]], env_names: dict[str, str]) -> tuple[str, ...]:
    """The environments whose URL has ``{wire}`` when some do not (Outline's ``domain``: only the self-hosted one)."""
    users = tuple(env_names[str(i)] for i, s in enumerate(servers) if "{" + wire + "}" in str(s["url"]))
    return users if len(users) < len(servers) else ()


def _error_classes(methods: list[ir.Method]) -> tuple[ir.ErrorClass, ...]:
    """One class per status class whose answers the API describes: bound to the union of its error models."""
    found: dict[str, set[str]] = {key: set() for key in _STATUS_KEYS}
    for method in methods:
        for case in method.errors:
            if not case.type_expr:
                continue
            status = case.status.upper()
            if status == "DEFAULT":
                keys = list(_STATUS_KEYS)
            elif status == "4XX":
                keys = [k for k in _STATUS_KEYS if k.startswith("4")]
            elif status == "5XX" or status.startswith("5"):
                keys = ["5xx"]
            else:
                keys = [status] if status in found else []
            for key in keys:
                found[key].add(case.type_expr)
    classes = []
    for key in _STATUS_KEYS:
        # bound only to what the client module can name: models and plain builtins (not Literal[...], List[...])
        if found[key] and all(_NAMEABLE.match(t) for t in found[key]):
            cls = status_error_class(500 if key == "5xx" else int(key))
            doc = (cls.__doc__ or "").strip().split("\n")[0]
            classes.append(ir.ErrorClass(cls.__name__, key, " | ".join(sorted(found[key])), doc))
    return tuple(classes)
