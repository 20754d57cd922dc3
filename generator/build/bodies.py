"""Request bodies become keyword parameters: an object body's fields one by one ("fields"), an RPC body's
positional arguments ("args"), or the whole body as one ``body`` argument ("whole")."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from .. import ir
from ..names import pascal
from .. import pointer as jp
from ..spec.document import deref, one_way, structured
from ..text import clean_text, example_literal
from .context import BuildContext, Unsupported
from .examples import find_example
from ..mediatype import is_json
from .media import BodyKind

from .types import ANY, TypeExpr

BodyMode = Literal["none", "fields", "whole", "args"]


@dataclass(frozen=True, slots=True)
class Pending:
    """A parameter before its Python name is decided (all of an operation's names are claimed at once)."""

    key: str  # "query:limit", "body:name", "arg:tokenId", "body"
    wire: str
    location: ir.Location
    annotation: str
    display: str
    required: bool
    description: str
    example: str
    as_json: bool = False

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
            as_json=self.as_json,
        )


@dataclass(frozen=True, slots=True)
class BodyShape:
    """What an operation's request body asks of the caller."""

    kind: BodyKind
    schema: Any
    rpc: Any  # the operation's x-sdksmith-rpc, if any
    hint: str  # base for the names of hoisted inline models
    where: str  # the operation's pointer
    required: bool = True
    description: str = ""
    example: Any = None


def body_params(ctx: BuildContext, body: BodyShape) -> tuple[list[Pending], BodyMode]:
    resolved = deref(ctx.data, body.schema)
    if isinstance(body.rpc, dict):
        return _rpc_args(ctx, body, resolved), "args"
    flat = (
        body.kind in ("json", "form", "multipart")
        and isinstance(resolved, dict)
        and (resolved.get("type") == "object" or "properties" in resolved or "allOf" in resolved)
        and not resolved.get("oneOf")
        and not resolved.get("anyOf")
    )
    if flat:
        return _fields(ctx, body), "fields"
    if body.kind == "multipart" and _is_file(resolved):
        # the whole body is one file (Jira's attachments, Listmonk's media): sent as the part ``file``, the name
        # both of those APIs document; the spec cannot say it without an object around it
        where = jp.join(body.where, "requestBody")
        ctx.warnings.append(
            ctx.locator.warning(
                where,
                "a multipart body that is one file names no part: sent as the part `file` (write an object with a "
                "`file` property)",
            )
        )
        wrapped = {"type": "object", "required": ["file"], "properties": {"file": body.schema}}
        return _fields(ctx, replace(body, schema=wrapped)), "fields"
    if body.kind in ("form", "multipart") and not parts_schema(ctx, body.schema):
        # a form's fields (a multipart's parts) are an object's properties; Jira's setColumns sends an array
        must = f"a {body.kind} body must be an object (its fields), not {_kind_of(resolved)}"
        raise Unsupported(jp.join(body.where, "requestBody"), must)
    if body.kind == "bytes":
        expr = TypeExpr("bytes", "bytes")
    else:
        expr = ctx.types.map(body.schema, f"{body.hint}Body") if body.schema is not None else ANY
    whole = Pending(
        key="body",
        wire="",
        location="whole",
        annotation=expr.code,
        display=expr.display,
        # An optional body may be left out: NOT_GIVEN sends no body at all.
        required=body.required,
        description=body.description
        or (clean_text(resolved.get("description") or "") if isinstance(resolved, dict) else "")
        or "The request body.",
        example=example_literal(body.example if body.example is not None else find_example(ctx.data, resolved)),
    )
    return [whole], "whole"


def _rpc_args(ctx: BuildContext, body: BodyShape, resolved: Any) -> list[Pending]:
    prefix = resolved.get("prefixItems") if isinstance(resolved, dict) else None
    names = body.rpc.get("args") or []
    if not isinstance(prefix, list) or len(prefix) != len(names):
        raise Unsupported(jp.join(body.where, "x-sdksmith-rpc"), "args must name each prefixItems entry of the request body")
    min_items = resolved.get("minItems", len(prefix))
    example = body.example
    out = []
    for index, (arg, item) in enumerate(zip(names, prefix)):
        expr = ctx.types.map(item, f"{body.hint}{pascal(arg)}")
        item_schema = deref(ctx.data, item) or {}
        given = example[index] if isinstance(example, list) and index < len(example) else None
        out.append(
            Pending(
                key="arg:" + arg,
                wire="",
                location="arg",
                annotation=expr.code,
                display=expr.display,
                required=index < min_items,
                description=clean_text(item_schema.get("description", "")),
                example=example_literal(find_example(ctx.data, item_schema, given)),
            )
        )
    return out


def _fields(ctx: BuildContext, body: BodyShape) -> list[Pending]:
    props, required = ctx.properties(body.schema)
    out = []
    for wire in sorted(props):
        prop = props[wire]
        prop_schema = deref(ctx.data, prop) or {}
        if one_way(ctx.data, prop) == "readOnly":
            continue  # the server's to set (an id, a creation time): a request does not send it
        expr = ctx.flat_types.map(prop, f"{body.hint}{pascal(wire)}")
        if body.kind == "multipart" and _is_file(prop_schema):
            expr = TypeExpr("FileTypes", "file")
        elif body.kind == "multipart" and _is_file(deref(ctx.data, prop_schema.get("items"))):
            expr = TypeExpr("list[FileTypes]", "list[file]")
        if ctx.registry.is_model(prop) and isinstance(prop, dict) and "$ref" in prop:
            expr = ctx.types.map(prop, f"{body.hint}{pascal(wire)}")
        given = body.example.get(wire) if isinstance(body.example, dict) else None
        out.append(
            Pending(
                key="body:" + wire,
                wire=wire,
                location="body",
                annotation=expr.code,
                display=expr.display,
                required=wire in required,
                description=clean_text(prop_schema.get("description", "") if isinstance(prop_schema, dict) else ""),
                example=example_literal(find_example(ctx.data, prop_schema if isinstance(prop_schema, dict) else None, given)),
            )
        )
    return out


def parts_schema(ctx: BuildContext, schema: Any) -> bool:
    """Can a form or multipart body hold this schema: an object (or no schema at all, any fields), or one file?"""
    resolved = deref(ctx.data, schema) if schema is not None else {}
    if _is_file(resolved):
        return True  # sent as the part ``file`` (``body_params``)
    return not isinstance(resolved, dict) or not (resolved.get("type") in ("array", "string", "integer", "number", "boolean") or "items" in resolved)


def _kind_of(schema: Any) -> str:
    kind = schema.get("type") if isinstance(schema, dict) else None
    return f"an {kind}" if kind in ("array", "integer", "object") else f"a {kind}" if isinstance(kind, str) else "that schema"


def json_parts(ctx: BuildContext, op: dict[str, Any], media: str) -> tuple[str, ...]:
    """The multipart fields sent as JSON text: those whose ``encoding`` names a JSON ``contentType``, and, where no
    ``style`` is given, the objects and arrays of objects (OpenAPI's default for an object part is
    ``application/json``; Immich's server parses ``metadata`` as JSON). A field with an encoding ``style`` (Stripe's
    ``deepObject``) keeps the bracket form."""
    request_body = deref(ctx.data, op.get("requestBody")) or {}
    entry = ((request_body.get("content") or {}) if isinstance(request_body, dict) else {}).get(media) or {}
    encoding = entry.get("encoding") if isinstance(entry.get("encoding"), dict) else {}
    props, _ = ctx.properties(entry.get("schema"))
    out = []
    for wire, prop in props.items():
        spelled = encoding.get(wire) if isinstance(encoding.get(wire), dict) else {}
        declared = spelled.get("contentType")
        if isinstance(declared, str):
            if any(is_json(m) for m in declared.split(",")):
                out.append(wire)
            continue
        if "style" not in spelled and _json_part(ctx, prop):
            out.append(wire)
    return tuple(sorted(out))


def _json_part(ctx: BuildContext, schema: Any) -> bool:
    """An object (or a composition), or an array of them: what a form field cannot hold as one text value."""
    resolved = deref(ctx.data, schema)
    if not isinstance(resolved, dict) or _is_file(resolved):
        return False
    if resolved.get("type") == "array" or "items" in resolved:
        items = deref(ctx.data, resolved.get("items"))
        return isinstance(items, dict) and not _is_file(items) and structured(items)
    return structured(resolved)


def _is_file(schema: Any) -> bool:
    """A multipart part that is a file: a string of format ``binary`` or ``byte`` (or with a content media type)."""
    return isinstance(schema, dict) and (
        schema.get("format") in ("binary", "byte") or (schema.get("type") == "string" and "contentMediaType" in schema)
    )
