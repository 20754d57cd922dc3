"""Webhooks and callbacks: the requests the API sends to its users. Their payloads become models too."""

from __future__ import annotations

from typing import Any

from .. import pointer as jp
from ..spec.document import HTTP_METHODS, deref, iter_operations
from .context import BuildContext, Unsupported, describe
from .media import pick_media


def payload_models(ctx: BuildContext) -> None:
    for name, item in sorted((ctx.data.get("webhooks") or {}).items()):
        _payloads(ctx, deref(ctx.data, item), f"{name} webhook", jp.join("/webhooks", name))
    for path, method, _item, op in sorted(iter_operations(ctx.data), key=lambda e: (e[0], HTTP_METHODS.index(e[1]))):
        if jp.join("/paths", path, method) in ctx.skip:
            continue
        for cb_name, callback in sorted((op.get("callbacks") or {}).items()):
            where = jp.join("/paths", path, method, "callbacks", cb_name)
            for _expression, cb_item in sorted((deref(ctx.data, callback) or {}).items()):
                hint = f"{op.get('operationId') or method + path} {cb_name} callback"
                _payloads(ctx, deref(ctx.data, cb_item), hint, where)


def _payloads(ctx: BuildContext, item: Any, hint: str, where: str) -> None:
    if not isinstance(item, dict) or where in ctx.skip:
        return
    ctx.registry.context = where
    try:
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            body = deref(ctx.data, op.get("requestBody"))
            picked = pick_media((body or {}).get("content") or {}) if isinstance(body, dict) else None
            if picked and picked[1] is not None:
                ctx.types.map(picked[1], f"{hint} {method} payload")
    except Exception as exc:  # noqa: BLE001 - reported, located, like an operation's
        ctx.unsupported.append(Unsupported(where, f"building its payload model failed: {describe(exc)}"))
