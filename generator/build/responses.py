"""An operation's answers: the type its success is parsed into, and the typed error for each error status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import ir
from ..runtime._exceptions import status_error_class
from ..spec.document import deref
from .context import BuildContext
from .media import body_kind, pick_media
from .types import ANY, TypeExpr

NONE = TypeExpr("None", "None")


@dataclass(frozen=True, slots=True)
class Success:
    result: TypeExpr  # what the plain method returns
    accept: str  # the media type asked for
    statuses: tuple[str, ...]  # the 2xx codes the operation declares, sorted


def success(ctx: BuildContext, op: dict[str, Any], hint: str) -> Success:
    """The result of the first declared 2xx answer (the media type an ``x-sdksmith-stream`` streams is left out)."""
    responses = op.get("responses") or {}
    codes = tuple(sorted(str(code) for code in responses if str(code).startswith("2")))
    if not codes:
        return Success(NONE, "application/json", codes)
    response = deref(ctx.data, _response(responses, codes[0])) or {}
    content = dict(response.get("content") or {})
    stream_ext = op.get("x-sdksmith-stream")
    if isinstance(stream_ext, dict):
        content.pop(stream_ext.get("media_type", ""), None)
    picked = pick_media(content)
    if picked is None:
        return Success(NONE, "application/json", codes)
    media, schema = picked
    if body_kind(media) == "json":
        if ctx.envelope is not None:
            data_schema = ctx.properties(schema)[0].get(ctx.envelope[2])
            result = ctx.types.map(data_schema, f"{hint}Data") if data_schema is not None else NONE
            result = NONE if result.code == "None" else result
        else:
            result = ctx.types.map(schema, f"{hint}Response") if schema is not None else ANY
    elif "text/" in media and schema is not None and deref(ctx.data, schema).get("type") == "string":
        result = TypeExpr("str", "str")
    else:
        result = TypeExpr("bytes", "bytes")
    optional = result.code in ("Any", "None") or result.code.endswith("| None")
    if body_kind(media) == "json" and not optional and _empty_answer(ctx, responses, codes):
        # another success has no body (Jira's timetracking: 200 with a provider, or 204): the method returns None
        # then (a bytes or text answer reads as empty instead)
        result = TypeExpr(f"{result.code} | None", f"{result.display} | null", result.model)
    return Success(result, media, codes)


def _empty_answer(ctx: BuildContext, responses: dict[str, Any], codes: tuple[str, ...]) -> bool:
    """Does a success other than the first declare no content?"""
    return any(not (deref(ctx.data, _response(responses, code)) or {}).get("content") for code in codes[1:])


def whole_success(ctx: BuildContext, op: dict[str, Any], hint: str) -> TypeExpr:
    """The whole first 2xx answer, envelope included (what a page reads its items and totals from)."""
    responses = op.get("responses") or {}
    codes = sorted(str(code) for code in responses if str(code).startswith("2"))
    picked = pick_media(dict((deref(ctx.data, _response(responses, codes[0])) or {}).get("content") or {})) if codes else None
    return ctx.types.map(picked[1], f"{hint}Response") if picked else ANY


def exception_for(status: str) -> str:
    """The runtime's exception class for a declared status: the class the runtime raises for it."""
    if status == "default" or status.upper() == "4XX":
        return "APIStatusError"
    if status.upper() == "5XX":
        return status_error_class(500).__name__
    return status_error_class(int(status)).__name__


def error_cases(ctx: BuildContext, op: dict[str, Any], hint: str) -> tuple[ir.ErrorCase, ...]:
    responses = op.get("responses") or {}
    cases: list[ir.ErrorCase] = []
    for code in sorted(str(c) for c in responses):
        if code[0] in "123":
            continue
        response = deref(ctx.data, _response(responses, code)) or {}
        picked = pick_media(response.get("content") or {})
        expr, media = TypeExpr("", ""), ""
        if picked is not None:
            media, schema = picked
            if body_kind(media) == "json" and schema is not None:
                expr = ctx.types.map(schema, f"{hint}Error{code}")
        cases.append(ir.ErrorCase(code, exception_for(code), expr.code, expr.display, media))
    return tuple(cases)


def _response(responses: dict[Any, Any], code: str) -> Any:
    return responses[code] if code in responses else responses[int(code)]
