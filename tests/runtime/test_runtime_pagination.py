"""Pagination: cursor and offset pages, page navigation, and walking every item."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pydantic
import pytest

from generator.runtime._exceptions import APIPaginationError
from generator.runtime._fields import set_pointer, wire_get
from generator.runtime._pagination import AsyncPage, PageSpec, SyncPage
from generator.runtime._types import NOT_GIVEN, Envelope
from runtime_kit import Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio


class CursorList(pydantic.BaseModel):
    items: list[Item]
    next_cursor: str | None = pydantic.Field(None, alias="nextCursor")


class OffsetList(pydantic.BaseModel):
    items: list[Item] | None = None
    total_count: int | None = pydantic.Field(None, alias="totalCount")


class RpcList(pydantic.BaseModel):
    status: int
    data: list[Item] | None = None
    total: int | None = None


CURSOR = PageSpec(style="cursor", items="items", cursor_param="cursor", next_cursor="nextCursor")
OFFSET = PageSpec(style="offset", items="items", offset_param="offset", limit_param="limit", total="totalCount")
OFFSET_NO_TOTAL = PageSpec(style="offset", items="items", offset_param="offset", limit_param="limit")
POINTER = PageSpec(style="offset", items="data", offset_param="/0/offset", limit_param="/0/limit", total="total")


def items(*ids: int) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"n{i}"} for i in ids]


async def first_page(kit: Kit, client: Any, call: Any, cast_to: Any, spec: PageSpec) -> Any:
    page_cls = AsyncPage if kit.is_async else SyncPage
    page = await kit.call(page_cls.first, client, call, cast_to, spec)
    assert isinstance(page, page_cls)
    return page


def ids(values: list[Item]) -> list[int]:
    return [v.id for v in values]


# -- cursor -------------------------------------------------------------------------------------------------


async def test_cursor_walks_until_cursor_missing(kit: Kit) -> None:
    script = Script(
        json_response(200, {"items": items(1, 2), "nextCursor": "c1"}),
        json_response(200, {"items": items(3, 4), "nextCursor": "c2"}),
        json_response(200, {"items": items(5)}),
    )
    client = kit.client(script)
    page = await first_page(kit, client, prepared(endpoint("GET", "/list"), query={"limit": 2}), CursorList, CURSOR)
    assert ids(page.items) == [1, 2]
    assert page.has_next_page()
    assert ids(await kit.collect(page)) == [1, 2, 3, 4, 5]
    assert [dict(r.url.params) for r in script.requests] == [
        {"limit": "2"},
        {"limit": "2", "cursor": "c1"},
        {"limit": "2", "cursor": "c2"},
    ]


@pytest.mark.parametrize(
    ("last", "requests"),
    [
        ({"items": [], "nextCursor": "c9"}, 2),  # empty page ends the walk even with a cursor
        ({"items": items(3), "nextCursor": ""}, 2),  # empty cursor
        ({"items": items(3), "nextCursor": None}, 2),  # null cursor
        ({"items": items(3), "nextCursor": "c1"}, 2),  # the same cursor again: would loop forever
    ],
    ids=["empty-items", "empty-cursor", "null-cursor", "repeated-cursor"],
)
async def test_cursor_stops(kit: Kit, last: dict[str, Any], requests: int) -> None:
    script = Script(json_response(200, {"items": items(1, 2), "nextCursor": "c1"}), json_response(200, last))
    client = kit.client(script)
    page = await first_page(kit, client, prepared(endpoint("GET", "/list")), CursorList, CURSOR)
    walked = await kit.collect(page)
    assert ids(walked) == [1, 2] + ids([Item(**i) for i in last["items"]])
    assert script.count == requests


async def test_first_page_empty_has_no_next(kit: Kit) -> None:
    script = Script(json_response(200, {"items": [], "nextCursor": "c1"}))
    client = kit.client(script)
    page = await first_page(kit, client, prepared(endpoint("GET", "/list")), CursorList, CURSOR)
    assert not page.has_next_page()
    assert await kit.collect(page) == []
    with pytest.raises(APIPaginationError, match="no next page"):
        await kit.call(page.next_page)
    assert script.count == 1


async def test_next_page_and_iter_pages(kit: Kit) -> None:
    by_cursor = {
        None: {"items": items(1), "nextCursor": "a"},
        "a": {"items": items(2), "nextCursor": "b"},
        "b": {"items": items(3)},
    }
    script = Script(lambda request: json_response(200, by_cursor[request.url.params.get("cursor")]))
    client = kit.client(script)
    page = await first_page(kit, client, prepared(endpoint("GET", "/list")), CursorList, CURSOR)
    second = await kit.call(page.next_page)
    assert ids(second.items) == [2]
    assert isinstance(second.result, CursorList) and second.result.next_cursor == "b"
    third = await kit.call(second.next_page)
    assert ids(third.items) == [3] and not third.has_next_page()
    assert repr(third).endswith("items=1 has_next_page=False>")
    # iter_pages starts again from the page it is called on, fetching each next page once
    script.requests.clear()
    pages = await kit.pages(page)
    assert [ids(p.items) for p in pages] == [[1], [2], [3]]
    assert script.count == 2


# -- offset -------------------------------------------------------------------------------------------------


async def test_offset_with_total_stops_at_total(kit: Kit) -> None:
    script = Script(
        json_response(200, {"items": items(1, 2), "totalCount": 5}),
        json_response(200, {"items": items(3, 4), "totalCount": 5}),
        json_response(200, {"items": items(5), "totalCount": 5}),
        json_response(500, {}),  # never reached
    )
    client = kit.client(script)
    page = await first_page(kit, client, prepared(endpoint("GET", "/list"), query={"limit": 2}), OffsetList, OFFSET)
    assert page.total == 5
    assert ids(await kit.collect(page)) == [1, 2, 3, 4, 5]
    assert [r.url.params.get("offset") for r in script.requests] == [None, "2", "4"]
    assert script.count == 3


async def test_offset_starts_from_given_offset(kit: Kit) -> None:
    script = Script(
        json_response(200, {"items": items(11, 12), "totalCount": 14}),
        json_response(200, {"items": items(13, 14), "totalCount": 14}),
    )
    client = kit.client(script)
    call = prepared(endpoint("GET", "/list"), query={"offset": 10, "limit": 2})
    page = await first_page(kit, client, call, OffsetList, OFFSET)
    assert ids(await kit.collect(page)) == [11, 12, 13, 14]
    assert [r.url.params["offset"] for r in script.requests] == ["10", "12"]


async def test_offset_without_total_stops_on_empty_page(kit: Kit) -> None:
    script = Script(
        json_response(200, {"items": items(1, 2)}),
        json_response(200, {"items": items(3)}),
        json_response(200, {"items": None}),
    )
    client = kit.client(script)
    page = await first_page(kit, client, prepared(endpoint("GET", "/list")), OffsetList, OFFSET_NO_TOTAL)
    assert page.total is None
    assert ids(await kit.collect(page)) == [1, 2, 3]
    assert [r.url.params.get("offset") for r in script.requests] == [None, "2", "3"]


async def test_offset_via_json_pointer_in_rpc_body_with_envelope(kit: Kit) -> None:
    script = Script(
        json_response(200, {"status": 200, "data": items(1, 2), "total": 5}),
        json_response(200, {"status": 200, "data": items(3, 4), "total": 5}),
        json_response(200, {"status": 200, "data": items(5), "total": 5}),
    )
    client = kit.client(script)
    ep = endpoint("POST", "/rpc/read", envelope=Envelope("status", "status_text", "data"))
    call = prepared(ep, body=[{"limit": 2, "sort": "name"}])
    page = await first_page(kit, client, call, RpcList, POINTER)
    assert ids(await kit.collect(page)) == [1, 2, 3, 4, 5]
    assert script.bodies() == [
        [{"limit": 2, "sort": "name"}],
        [{"limit": 2, "sort": "name", "offset": 2}],
        [{"limit": 2, "sort": "name", "offset": 4}],
    ]


async def test_json_pointer_offset_with_no_arguments_given(kit: Kit) -> None:
    script = Script(
        json_response(200, {"status": 200, "data": items(1), "total": 2}),
        json_response(200, {"status": 200, "data": items(2), "total": 2}),
    )
    client = kit.client(script)
    ep = endpoint("POST", "/rpc/read", envelope=Envelope("status", "status_text", "data"))
    page = await first_page(kit, client, prepared(ep, body=[]), RpcList, POINTER)
    assert ids(await kit.collect(page)) == [1, 2]
    assert script.bodies() == [[], [{"offset": 1}]]


async def test_envelope_error_on_a_later_page_raises(kit: Kit) -> None:
    from generator.runtime._exceptions import PermissionDeniedError

    script = Script(
        json_response(200, {"status": 200, "data": items(1), "total": 3}),
        json_response(200, {"status": 403, "status_text": "denied"}),
    )
    client = kit.client(script)
    ep = endpoint("POST", "/rpc/read", envelope=Envelope("status", "status_text", "data"))
    page = await first_page(kit, client, prepared(ep, body=[]), RpcList, POINTER)
    with pytest.raises(PermissionDeniedError):
        await kit.collect(page)


async def test_json_pointer_offset_in_object_body(kit: Kit) -> None:
    spec = PageSpec(style="offset", items="items", offset_param="/page/offset", total="totalCount")
    script = Script(
        json_response(200, {"items": items(1), "totalCount": 2}),
        json_response(200, {"items": items(2), "totalCount": 2}),
    )
    client = kit.client(script)
    page = await first_page(kit, client, prepared(endpoint("POST", "/search"), body={"q": "x"}), OffsetList, spec)
    assert ids(await kit.collect(page)) == [1, 2]
    assert script.bodies() == [{"q": "x"}, {"q": "x", "page": {"offset": 1}}]


async def test_page_keeps_per_call_options(kit: Kit) -> None:
    script = Script(
        json_response(200, {"items": items(1), "nextCursor": "c1"}),
        json_response(200, {"items": items(2)}),
    )
    client = kit.client(script)
    call = prepared(endpoint("GET", "/list"), extra_headers={"X-Trace": "t"}, extra_query={"debug": "1"}, timeout=3.0)
    page = await first_page(kit, client, call, CursorList, CURSOR)
    await kit.collect(page)
    for request in script.requests:
        assert request.headers["X-Trace"] == "t"
        assert request.url.params["debug"] == "1"
        assert request.extensions["timeout"]["read"] == 3.0


async def test_raw_first_page(kit: Kit) -> None:
    from generator.runtime._response import async_to_raw_response_wrapper, to_raw_response_wrapper

    script = Script(
        json_response(200, {"items": items(1), "nextCursor": "c1"}, headers={"X-Page": "1"}),
        json_response(200, {"items": items(2)}),
    )
    client = kit.client(script)
    page_cls = AsyncPage if kit.is_async else SyncPage
    wrap = async_to_raw_response_wrapper if kit.is_async else to_raw_response_wrapper
    raw = await kit.call(wrap(page_cls.first), client, prepared(endpoint("GET", "/list")), CursorList, CURSOR)
    assert raw.headers["X-Page"] == "1"
    page = await kit.parse(raw)
    assert isinstance(page, page_cls)
    assert ids(await kit.collect(page)) == [1, 2]  # later pages are parsed results, not raw responses


# -- helpers ------------------------------------------------------------------------------------------------


def test_wire_get_uses_aliases_and_extras() -> None:
    class M(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(extra="allow", populate_by_name=True)
        next_cursor: str | None = pydantic.Field(None, alias="nextCursor")

    m = M.model_validate({"nextCursor": "c", "other": 1})
    assert wire_get(m, "nextCursor") == "c"
    assert wire_get(m, "other") == 1
    assert wire_get(m, "absent") is None
    assert wire_get({"a": 1}, "a") == 1
    assert wire_get(None, "a") is None


@pytest.mark.parametrize(
    ("body", "pointer", "expected"),
    [
        ([], "/0/offset", [{"offset": 7}]),
        ([{"limit": 2}], "/0/offset", [{"limit": 2, "offset": 7}]),
        ([None], "/0/offset", [{"offset": 7}]),
        (["a"], "/2/offset", ["a", None, {"offset": 7}]),
        (NOT_GIVEN, "/offset", {"offset": 7}),
        (None, "/offset", {"offset": 7}),
        (None, "/0/offset", [{"offset": 7}]),
        ({"page": {"size": 1}}, "/page/offset", {"page": {"size": 1, "offset": 7}}),
        ({}, "/a~1b/c~0d", {"a/b": {"c~d": 7}}),
    ],
)
def test_set_pointer(body: Any, pointer: str, expected: Any) -> None:
    original = json.dumps(body) if body is not NOT_GIVEN else None
    assert set_pointer(body, pointer, 7) == expected
    if original is not None:
        assert json.dumps(body) == original  # the call's own body is never modified


def test_page_spec_is_frozen() -> None:
    with pytest.raises(Exception):
        CURSOR.items = "x"  # type: ignore[misc]


def test_httpx_is_what_we_think() -> None:
    assert httpx.__version__ == "0.28.1"
