"""The ``x-sdksmith-pagination`` and ``x-sdksmith-stream`` extensions of an operation, as IR."""

from __future__ import annotations

from typing import Any

from .. import ir
from ..names import pascal
from ..spec import pointer as jp
from ..spec.document import deref
from .context import BuildContext, Unsupported
from .media import pick_media
from .types import ANY


def pagination(ctx: BuildContext, op: dict[str, Any], where: str, path: str) -> ir.Pagination | None:
    ext = op.get("x-sdksmith-pagination")
    if not isinstance(ext, dict):
        return None
    responses = op.get("responses") or {}
    success = sorted(code for code in responses if str(code).startswith("2"))
    schema = None
    if success:
        picked = pick_media((deref(ctx.data, responses[success[0]]) or {}).get("content") or {})
        schema = picked[1] if picked else None
    props, _ = ctx.properties(schema)
    items_schema = props.get(ext["items"])
    if items_schema is None:
        raise Unsupported(jp.join(where, "x-sdksmith-pagination", "items"), f"the success response has no field {ext['items']!r}")
    resolved = deref(ctx.data, items_schema) or {}
    hint = pascal(op.get("operationId") or path) + "Item"
    item = ctx.types.map(resolved.get("items"), hint) if "items" in resolved else ANY
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


def stream(ctx: BuildContext, op: dict[str, Any], success: list[str], hint: str, name: str, where: str) -> ir.StreamInfo | None:
    ext = op.get("x-sdksmith-stream")
    if not isinstance(ext, dict):
        return None
    responses = op.get("responses") or {}
    media = ext.get("media_type", "application/jsonl")
    content = (deref(ctx.data, responses[success[0]]) or {}).get("content") or {} if success else {}
    if media not in content:
        raise Unsupported(jp.join(where, "x-sdksmith-stream"), f"the success response has no {media!r} content")
    line_schema = content[media].get("schema")
    data_field = ext.get("data_field")
    item_schema = ctx.properties(line_schema)[0].get(data_field) if data_field else line_schema
    item = ctx.types.map(item_schema, f"{hint}StreamItem") if item_schema is not None else ANY
    return ir.StreamInfo(
        name=ext.get("name") or f"{name}_stream",
        media_type=media,
        type_field=ext.get("type_field"),
        type_value=ext.get("type_value"),
        data_field=data_field,
        item_type=item.code,
        item_display=item.display,
    )
