"""How an operation pages, streams and repeats safely: ``x-sdksmith-pagination`` (or pagination inferred from its
parameters and answer), ``x-sdksmith-stream`` (or a ``text/event-stream`` answer), ``x-sdksmith-idempotency-header``,
and the finishing touches of a built method (positional path parameters, query parameter styles).

Inference reads the names of the query parameters and of the answer's fields (see ``_infer``); every inferred
pagination is reported as a located warning naming what was read, so ``generate`` prints it, ``--strict`` refuses
the guess, and ``x-sdksmith-pagination`` (a mapping to declare it, ``false`` to turn it off) overrides it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..names import pascal
from .. import pointer as jp
from ..spec.document import deref, merged_parameters
from .context import BuildContext, Unsupported
from ..mediatype import essence, is_json
from .media import pick_media
from .types import ANY

SSE = "text/event-stream"
# JSON lines under the names APIs give it (Lichess: application/x-ndjson)
JSON_LINES = ("application/jsonl", "application/jsonlines", "application/ndjson", "application/x-jsonlines", "application/x-ndjson")
_WRITES = ("POST", "PUT", "PATCH", "DELETE")

# Names inference recognises (compared lower-case, without "_" and "-").
_CURSOR_PARAMS = ("cursor", "after", "startingafter", "pagetoken", "nexttoken", "continuationtoken", "continuation", "marker", "pagecursor", "paginationtoken")
_OFFSET_PARAMS = ("offset", "skip", "start", "startindex")
_LIMIT_PARAMS = ("limit", "pagesize", "perpage", "size", "maxresults", "top", "count")
_PAGE_PARAMS = ("page", "pagenumber", "pageno", "pageindex")
_ITEMS = ("items", "data", "results", "records", "entries", "values", "elements", "content", "list")
_TOTALS = ("total", "totalcount", "totalresults", "totalitems", "totalsize")
_TOTAL_PAGES = ("totalpages", "pagecount", "numpages")
_NEXT_CURSORS = ("nextcursor", "nextpagetoken", "nexttoken", "continuationtoken", "nextmarker", "cursor", "after")
_NEXT_URLS = ("next", "nexturl", "nextpageurl", "nextlink", "odata.nextlink", "nextpage")
_WRAPPERS = ("meta", "links", "_links", "paging", "pagination", "cursors", "page")


def _key(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "").replace("@", "")


def _success_schema(ctx: BuildContext, op: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The first 2xx answer's JSON schema (None when there is none) and that answer."""
    responses = op.get("responses") or {}
    success = sorted(str(code) for code in responses if str(code).startswith("2"))
    if not success:
        return None, {}
    response = deref(ctx.data, responses.get(success[0], responses.get(int(success[0])) if success[0].isdigit() else None)) or {}
    picked = pick_media(response.get("content") or {})
    return (picked[1] if picked and is_json(picked[0]) else None), response


def pagination(ctx: BuildContext, op: dict[str, Any], where: str, path: str, http_method: str) -> ir.Pagination | None:
    ext = op.get("x-sdksmith-pagination")
    if ext is False:
        return None
    schema, response = _success_schema(ctx, op)
    hint = pascal(op.get("operationId") or path) + "Item"
    if not isinstance(ext, dict):
        if http_method.lower() != "get":
            return None  # a page walk sends the request again: only a read is inferred (Airflow's PATCH /dags)
        inferred = _infer(ctx, op, path, schema, response)
        if inferred is None:
            return None
        ext, items_schema = inferred
        ctx.warnings.append(ctx.locator.warning(where, "pagination inferred: " + _describe(ext) + _OVERRIDE))
        return _page(ctx, ext, items_schema, hint, inferred=True)
    items = ext.get("items", "")
    items_schema = _field_schema(ctx, schema, items)
    if items_schema is None:
        raise Unsupported(jp.join(where, "x-sdksmith-pagination", "items"), f"the success response has no field {items!r}")
    return _page(ctx, ext, items_schema, hint, inferred=False)


_OVERRIDE = "; declare x-sdksmith-pagination to confirm it, or set it to false"


def _describe(ext: dict[str, Any]) -> str:
    parts = [f"{k} {v!r}" for k, v in ext.items() if k != "style"]
    return f"{ext['style']} ({', '.join(parts)})"


def _page(ctx: BuildContext, ext: dict[str, Any], items_schema: Any, hint: str, *, inferred: bool) -> ir.Pagination:
    resolved = deref(ctx.data, items_schema) or {}
    item = ctx.types.map(resolved.get("items"), hint) if "items" in resolved else ANY
    return ir.Pagination(
        style=ext["style"],
        items=ext.get("items", ""),
        cursor_param=ext.get("cursor_param"),
        next_cursor=ext.get("next_cursor"),
        offset_param=ext.get("offset_param"),
        limit_param=ext.get("limit_param"),
        total=ext.get("total"),
        item_type=item.code,
        item_display=item.display,
        all_name="",
        page_param=ext.get("page_param"),
        total_pages=ext.get("total_pages"),
        next_url=ext.get("next_url"),
        inferred=inferred,
    )


def _field_schema(ctx: BuildContext, schema: Any, path: str) -> Any:
    """The schema of an answer's field, named or addressed by JSON Pointer ("" is the answer itself)."""
    if not path:
        return schema
    parts = jp.split(path) if path.startswith("/") else [path]
    for part in parts:
        props, _ = ctx.properties(schema)
        if part not in props:
            return None
        schema = props[part]
    return schema


def _props(ctx: BuildContext, schema: Any) -> dict[str, Any]:
    return {name: deref(ctx.data, value) or {} for name, value in ctx.properties(schema)[0].items()}


def _find(props: dict[str, Any], names: tuple[str, ...], kinds: tuple[str, ...]) -> str | None:
    by_key = {_key(name): name for name in props}
    for wanted in names:
        name = by_key.get(wanted)
        if name is not None and (props[name].get("type") in kinds or not props[name].get("type")):
            return name
    return None


def _infer(ctx: BuildContext, op: dict[str, Any], path: str, schema: Any, response: dict[str, Any]) -> tuple[dict[str, Any], Any] | None:
    """``x-sdksmith-pagination`` as it would be declared, and the items' schema; ``None`` when nothing fits.

    The items are the answer's array field (by a list name such as ``items``/``data``, or its only array), or the
    array of the answer's one object field (``{"playlists": {"items": [...]}}``). The style follows the query
    parameters and the fields beside the items (or in a ``meta``/``links``/``paging``/``cursors`` object):
    a cursor parameter and a next-cursor field make ``cursor``; an offset parameter with a total, a next link or a
    limit makes ``offset``; a next-page URL with a cursor, page or limit parameter makes ``next_url``; a page
    parameter makes ``page``; a ``Link`` response header makes ``link_header``."""
    item = (ctx.data.get("paths") or {}).get(path) or {}
    params = [p for p in merged_parameters(ctx.data, item, op) if p.get("in") == "query"]
    query = {_key(p["name"]): p["name"] for p in params}
    # an offset or a page, which a page walk counts up, is a number: Firefly's ``start`` is a date filter
    counts = {_key(p["name"]): p["name"] for p in params if _numeric(ctx, p)}
    link = any(str(name).lower() == "link" for name in response.get("headers") or {})
    resolved = deref(ctx.data, schema) if schema is not None else None
    if link and isinstance(resolved, dict) and resolved.get("type") == "array":
        return {"style": "link_header", "items": ""}, schema
    if not query or schema is None:
        return None
    props = _props(ctx, schema)
    base: list[str] = []
    items = _find(props, _ITEMS, ("array",))
    arrays = [n for n, p in props.items() if p.get("type") == "array"]
    if items is None and len(arrays) == 1:
        items = arrays[0]
    if items is None:
        inner = [(n, _props(ctx, props[n])) for n in sorted(props)]
        inner = [(n, p) for n, p in inner if _find(p, _ITEMS, ("array",))]
        if len(inner) != 1 or len(props) > 2:
            return None
        base, props = [inner[0][0]], inner[0][1]
        items = _find(props, _ITEMS, ("array",))
    assert items is not None

    def at(*parts: str) -> str:
        full = base + list(parts)
        return full[0] if len(full) == 1 else "".join("/" + jp.escape(part) for part in full)

    found = {
        "total": _find(props, _TOTALS, ("integer", "number")),
        "total_pages": _find(props, _TOTAL_PAGES, ("integer", "number")),
        "next_url": _find(props, _NEXT_URLS, ("string",)),
        "next_cursor": _find(props, _NEXT_CURSORS, ("string",)),
    }
    fields = {key: at(name) for key, name in found.items() if name is not None}
    names = {"total": _TOTALS, "total_pages": _TOTAL_PAGES, "next_url": _NEXT_URLS, "next_cursor": _NEXT_CURSORS}
    for wrapper in sorted(name for name in props if _key(name) in _WRAPPERS):
        inner_props = _props(ctx, props[wrapper])
        for key, candidates in names.items():
            kinds = ("string",) if key.startswith("next") else ("integer", "number")
            name = _find(inner_props, candidates, kinds)
            if key not in fields and name is not None:
                fields[key] = at(wrapper, name)
    cursor, limit = (next((query[k] for k in names_ if k in query), None) for names_ in (_CURSOR_PARAMS, _LIMIT_PARAMS))
    offset, page = (next((counts[k] for k in names_ if k in counts), None) for names_ in (_OFFSET_PARAMS, _PAGE_PARAMS))
    ext: dict[str, Any] = {}
    if cursor is not None and "next_cursor" in fields:
        ext = {"style": "cursor", "cursor_param": cursor, "next_cursor": fields["next_cursor"]}
    elif offset is not None and ("total" in fields or "next_url" in fields or limit):
        ext = {"style": "offset", "offset_param": offset, "limit_param": limit, "total": fields.get("total"), "next_url": fields.get("next_url")}
    elif "next_url" in fields and (cursor or page or limit):
        ext = {"style": "next_url", "next_url": fields["next_url"]}
    elif page is not None and ("total_pages" in fields or "next_url" in fields or limit):
        ext = {"style": "page", "page_param": page, "limit_param": limit, "total_pages": fields.get("total_pages"), "next_url": fields.get("next_url")}
    elif link:
        ext = {"style": "link_header"}
    else:
        return None
    ext = {"style": ext.pop("style"), "items": at(items), **{k: v for k, v in ext.items() if v is not None}}
    return ext, _field_schema(ctx, schema, ext["items"])


def _numeric(ctx: BuildContext, param: dict[str, Any]) -> bool:
    """A parameter whose schema is a number, or says no type (a spec that leaves it out still means a count)."""
    schema = deref(ctx.data, param.get("schema")) if param.get("schema") is not None else {}
    kind = schema.get("type") if isinstance(schema, dict) else None
    kinds = kind if isinstance(kind, list) else [kind]
    if any(k in ("integer", "number") for k in kinds):
        return True
    return kinds == [None] and (schema.get("format") if isinstance(schema, dict) else None) in (None, "int32", "int64")


def stream(ctx: BuildContext, op: dict[str, Any], success: list[str], hint: str, name: str, where: str) -> ir.StreamInfo | None:
    """The stream companion of an operation (``x-sdksmith-stream``, or an SSE answer beside a JSON one)."""
    ext = op.get("x-sdksmith-stream")
    responses = op.get("responses") or {}
    content = (deref(ctx.data, responses[success[0]]) or {}).get("content") or {} if success else {}
    if not isinstance(ext, dict):
        if SSE in content and any(is_json(media) for media in content):
            ext = {"media_type": SSE}
        else:
            return None
    media = ext.get("media_type", "application/jsonl")
    if media not in content:
        raise Unsupported(jp.join(where, "x-sdksmith-stream"), f"the success response has no {media!r} content")
    return _stream_info(ctx, ext, media, content[media].get("schema"), hint, ext.get("name") or f"{name}_stream")


def _stream_info(ctx: BuildContext, ext: dict[str, Any], media: str, line_schema: Any, hint: str, name: str) -> ir.StreamInfo:
    data_field = ext.get("data_field")
    item_schema = ctx.properties(line_schema)[0].get(data_field) if data_field else line_schema
    item = ctx.types.map(item_schema, f"{hint}StreamItem") if item_schema is not None else ANY
    sse = essence(media) == SSE
    return ir.StreamInfo(
        name=name,
        media_type=media,
        type_field=ext.get("type_field"),
        type_value=ext.get("type_value"),
        data_field=data_field,
        item_type=item.code,
        item_display=item.display,
        format="sse" if sse else "jsonl",
        events=tuple(ext.get("events") or ("message",)),
    )


def stream_only(ctx: BuildContext, op: dict[str, Any], hint: str) -> ir.StreamInfo | None:
    """The stream an operation answers with when a stream is its only 2xx answer: ``text/event-stream``, or JSON
    lines (``application/x-ndjson``, ``application/jsonl``...), each line an item of the media type's schema."""
    _, response = _success_schema(ctx, op)
    content = response.get("content") or {}
    if any(is_json(media) for media in content):
        return None
    streamed = sorted(m for m in content if essence(m) in (SSE, *JSON_LINES))
    if not streamed:
        return None
    media = SSE if SSE in streamed else streamed[0]
    ext = op.get("x-sdksmith-stream")
    ext = ext if isinstance(ext, dict) and ext.get("media_type", media) == media else {}
    return _stream_info(ctx, ext, media, (content[media] or {}).get("schema"), hint, "")


def idempotency_header(ctx: BuildContext, op: dict[str, Any] | None = None) -> str | None:
    """The header of ``x-sdksmith-idempotency-header`` (operation level first, ``false`` there turns it off)."""
    value = op.get("x-sdksmith-idempotency-header") if op is not None else None
    if value is None:
        value = ctx.data.get("x-sdksmith-idempotency-header")
    return value if isinstance(value, str) else None


def surface(ctx: BuildContext, op: dict[str, Any], item: dict[str, Any], method: ir.Method) -> ir.Method:
    """``method`` with what is decided from the whole operation: positional path parameters (in URL order), the
    idempotency header of a write, query and path styles, and the stream a stream-only operation returns."""
    path_params = sorted((p for p in method.params if p.location == "path"), key=lambda p: method.path.find("{" + p.wire + "}"))
    styles: list[ir.QueryStyle] = []
    path_styles: list[ir.PathStyle] = []
    for raw in sorted(merged_parameters(ctx.data, item, op), key=lambda p: p.get("name", "")):
        if raw.get("in") == "path":
            style = raw.get("style", "simple")
            explode = bool(raw.get("explode", False))
            if style in ("simple", "label", "matrix") and (style, explode) != ("simple", False):
                path_styles.append(ir.PathStyle(raw["name"], style, explode))
        if raw.get("in") != "query":
            continue
        style = raw.get("style", "form")
        explode = raw.get("explode", style == "form" or style == "deepObject")
        if style in ("form", "spaceDelimited", "pipeDelimited", "deepObject") and (style, explode) != ("form", True):
            styles.append(ir.QueryStyle(raw["name"], style, bool(explode)))
    is_write = method.http_method in _WRITES
    hint = pascal(op.get("operationId") or f"{method.http_method} {method.path}")
    only = stream_only(ctx, op, hint) if method.stream is None else None
    return replace(
        method,
        positional=tuple(p.name for p in path_params),
        idempotency_header=idempotency_header(ctx, op) if is_write else None,
        query_styles=tuple(styles),
        path_styles=tuple(path_styles),
        stream_result=only,
        is_write=is_write,
        result_type=f"Stream[{only.item_type}]" if only else method.result_type,
        result_display=f"stream of {only.item_display}" if only else method.result_display,
    )
