"""One operation becomes one ``ir.Method``: its parameters (path, query, header, cookie and body, named together),
its result and errors, and its pagination or stream."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..names import CALL_OPTIONS, HELPER_LOCALS, PYDANTIC_RESERVED, RUNTIME_RESERVED, TYPE_BUILTINS, Namespace, claim_all, pascal, snake
from .. import pointer as jp
from ..spec.checks import IGNORED_HEADERS
from ..spec.document import deref, merged_parameters
from ..text import clean_text, example_literal, split_first_sentence
from .bodies import BodyMode, BodyShape, Pending, body_params, json_parts
from .context import BuildContext, Unsupported
from .examples import find_example
from .extensions import pagination, stream, surface
from .naming import default_operation_id
from ..mediatype import is_json
from .media import body_kind, content_type, pick_media

from .responses import error_cases, success, whole_success
from .security import secured
from .types import TypeExpr

_PARAM_RESERVED = RUNTIME_RESERVED | HELPER_LOCALS | TYPE_BUILTINS | set(CALL_OPTIONS) | PYDANTIC_RESERVED
_LOCATION_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3}


def build_method(
    ctx: BuildContext,
    path: str,
    http_method: str,
    item: dict[str, Any],
    op: dict[str, Any],
    name: str,
    const: str,
    media: str | None = None,
) -> ir.Method:
    """The method for one operation, sending its body as ``media`` (default: the preferred media type)."""
    where = jp.join("/paths", path, http_method)
    hint = pascal(op.get("operationId") or f"{http_method} {path}")
    pending = _parameters(ctx, item, op, hint, where)
    kind, mode, body_required, body_pending, sent_as = _body(ctx, op, hint, where, media)
    pending += body_pending
    wanted = _by_location([p.key for p in pending])
    names = claim_all(
        Namespace(_PARAM_RESERVED, builtins_reserved=False),
        [p.key for p in pending],
        wanted.__getitem__,
        lambda key: "body" if key == "body" else key.split(":", 1)[1],
    )
    params = [p.named(names[p.key]) for p in pending]
    # Required parameters first (keyword-only, so order is for reading, not for callers).
    params.sort(key=lambda p: not p.required)
    answer = success(ctx, op, hint)
    errors = error_cases(ctx, op, hint)
    pages = pagination(ctx, op, where, path, http_method)
    streams = stream(ctx, op, list(answer.statuses), hint, name, where)
    # a page reads items and totals from the whole answer (an envelope included)
    result = whole_success(ctx, op, hint) if pages is not None else answer.result
    description = clean_text(op.get("description") or "")
    summary = clean_text(op.get("summary") or "")
    if not summary:  # the description's first sentence, said once: the description goes on after it
        summary, description = split_first_sentence(description)
    summary = summary or f"{http_method.upper()} {path}"
    method = ir.Method(
        name=name,
        const=const,
        operation_id=op.get("operationId") or default_operation_id(http_method, path),
        http_method=http_method.upper(),
        path=path,
        summary=summary,
        description=description if description != summary else "",
        deprecated=bool(op.get("deprecated")),
        params=tuple(params),
        body_kind=kind,
        body_mode=mode,
        body_required=body_required,
        result_type=result.code,
        result_display=result.display,
        cast_expr=result.code,
        result_model=result.model,
        errors=errors,
        idempotent=op.get("x-sdksmith-idempotent") is True,
        secured=secured(ctx, op),
        accept=answer.accept,
        envelope=ctx.envelope is not None,
        pagination=pages,
        stream=streams,
        content_type=content_type(sent_as) if sent_as else None,
        json_parts=json_parts(ctx, op, sent_as) if kind == "multipart" else (),
        uses_files=any(p.annotation.startswith(("FileTypes", "list[FileTypes]")) for p in body_pending),
    )
    return surface(ctx, op, item, method)


def _by_location(keys: list[str]) -> dict[str, str]:
    """The Python name each parameter wants: its own, except where parameters in other places want it too (Radarr's
    ``PUT /movie/{id}`` with an ``id`` in the body; Firefly's ``code``): the path's keeps it (else the query's, a
    header's, a cookie's), the others say where they go (``body_id``). Until now both got a hash (``id_d05070``).
    A parameter named like a per-call option says where it goes as well (``query_timeout``)."""
    plain = {key: "body" if key == "body" else snake(key.split(":", 1)[1]) for key in keys}
    rank = {**_LOCATION_ORDER, "body": 4, "arg": 5}
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(plain[key], []).append(key)
    wanted = {}
    for key in keys:
        place = key.split(":", 1)[0]
        places = {other.split(":", 1)[0] for other in groups[plain[key]]}
        first = min(places, key=lambda p: rank.get(p, 6))
        alone = len(places) < 2 or place == first
        # a per-call option's name (Fly's ``timeout`` query parameter) says where it goes too: ``timeout_`` was
        # easy to mistake for the option, and ``timeout=120`` set the HTTP timeout instead of sending it
        wanted[key] = plain[key] if alone and plain[key] not in CALL_OPTIONS else f"{place}_{plain[key]}"
    return wanted


def _parameters(ctx: BuildContext, item: dict[str, Any], op: dict[str, Any], hint: str, where: str) -> list[Pending]:
    spec_params = sorted(
        merged_parameters(ctx.data, item, op),
        key=lambda p: (_LOCATION_ORDER.get(p.get("in", ""), 4), p.get("name", "")),
    )
    pending: list[Pending] = []
    # Nomad's ``X-Nomad-Token`` on 96 operations beside its apiKey scheme: the client's credential goes there (as a
    # parameter the configured key replaced it, and with no key the call failed for a missing credential)
    credential_header = ctx.credential_header if secured(ctx, op) else None
    for raw in spec_params:
        location = raw.get("in")
        if location == "header" and str(raw.get("name", "")).lower() in (credential_header, *IGNORED_HEADERS):
            continue  # Accept, Content-Type, Authorization: ignored as OpenAPI says (validation warns)
        if location not in _LOCATION_ORDER:
            raise Unsupported(where, f"parameter {raw.get('name')!r} is in {location!r}, which no request has")
        schema = raw.get("schema")
        as_json = False
        if schema is None and isinstance(raw.get("content"), dict) and raw["content"]:
            # ``content`` instead of ``schema``: the value is written in that media type, not by a style
            media, entry = next(iter(raw["content"].items()))
            schema = entry.get("schema") if isinstance(entry, dict) else None
            as_json = is_json(media)
        # An object parameter is typed by its model like a body field (the runtime sends a model or a dict by the
        # parameter's style), and takes a plain dict too (``build/params.py``).
        expr = ctx.types.map(schema, f"{hint}{pascal(raw['name'])}") if schema is not None else TypeExpr("str", "str")
        pending.append(
            Pending(
                key=f"{location}:{raw['name']}",
                wire=raw["name"],
                location=location,
                annotation=expr.code,
                display=expr.display,
                required=bool(raw.get("required")) or location == "path",
                description=clean_text(raw.get("description") or deref(ctx.data, schema or {}).get("description", "")),
                example=example_literal(find_example(ctx.data, raw, schema)),
                as_json=as_json,
            )
        )
    return pending


def _body(
    ctx: BuildContext, op: dict[str, Any], hint: str, where: str, media: str | None
) -> tuple[Any, BodyMode, bool, list[Pending], str]:
    """(body kind, body mode, required, parameters, media type) of the operation's request body, sent as
    ``media`` (default: the preferred one)."""
    request_body = deref(ctx.data, op.get("requestBody"))
    rpc = op.get("x-sdksmith-rpc")
    content = (request_body.get("content") or {}) if isinstance(request_body, dict) else {}
    if media is not None:
        picked = (media, (content.get(media) or {}).get("schema"))
    else:
        picked = pick_media(content) if isinstance(request_body, dict) else None
    if isinstance(rpc, dict) and (picked is None or body_kind(picked[0]) != "json"):
        raise Unsupported(jp.join(where, "x-sdksmith-rpc"), "an RPC call needs a JSON request body")
    if picked is None or not isinstance(request_body, dict):
        return "none", "none", False, [], ""
    media, schema = picked
    shape = BodyShape(
        kind=body_kind(media),
        schema=schema,
        rpc=rpc,
        hint=hint,
        where=where,
        required=bool(request_body.get("required")),
        description=clean_text(request_body.get("description") or ""),
        example=find_example(ctx.data, (request_body.get("content") or {}).get(media) or {}, schema),
    )
    params, mode = body_params(ctx, shape)
    return shape.kind, mode, shape.required, params, media


def with_names(method: ir.Method, all_name: str | None, stream_name: str | None) -> ir.Method:
    """``method`` with the names claimed for its ``*_all`` and stream companions."""
    if method.pagination is not None and all_name is not None:
        method = replace(method, pagination=replace(method.pagination, all_name=all_name))
    if method.stream is not None and stream_name is not None:
        method = replace(method, stream=replace(method.stream, name=stream_name))
    return method
