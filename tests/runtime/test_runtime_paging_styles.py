"""The other pagination styles (page number, next-page URL, RFC 8288 Link headers, fields addressed by JSON Pointer),
and walks that cannot run away: loops end with a logged warning, limits and foreign next links raise."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pydantic
import pytest

from generator.runtime._exceptions import APIPaginationError
from generator.runtime._pagination import AsyncPage, AsyncPaginator, PageSpec, SyncPage
from runtime_kit import Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio


class Listing(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")
    items: list[Item] = []


def items(*ids: int) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"n{i}"} for i in ids]


async def first(kit: Kit, client: Any, spec: PageSpec, cast_to: Any = Listing, **call: Any) -> Any:
    cls = AsyncPage if kit.is_async else SyncPage
    return await kit.call(cls.first, client, prepared(endpoint("GET", "/list"), **call), cast_to, spec)


def ids(values: list[Any]) -> list[int]:
    # items under an answer field the model does not declare stay JSON (the pointer reaches into model_extra)
    return [v["id"] if isinstance(v, dict) else v.id for v in values]


async def test_page_numbers_until_the_last_page(kit: Kit) -> None:
    spec = PageSpec(style="page", items="items", page_param="page", total_pages="pages")
    script = Script(
        json_response(200, {"items": items(1, 2), "pages": 3}),
        json_response(200, {"items": items(3, 4), "pages": 3}),
        json_response(200, {"items": items(5), "pages": 3}),
    )
    page = await first(kit, kit.client(script), spec, query={"per_page": 2})
    assert ids(await kit.collect(page)) == [1, 2, 3, 4, 5]
    assert [r.url.params.get("page") for r in script.requests] == [None, "2", "3"]


class Counted(Listing):
    total: float | None = None  # ``type: number`` (Formbricks' ``meta.total``): 4 is read as 4.0
    pages: float | None = None


async def test_counts_typed_number_end_the_walk_like_integers(kit: Kit) -> None:
    """A whole-number float total stops an offset walk without asking past the end; a fraction is no count."""
    spec = PageSpec(style="offset", items="items", offset_param="offset", total="total")
    script = Script(json_response(200, {"items": items(1, 2), "total": 4}), json_response(200, {"items": items(3, 4), "total": 4}))
    page = await first(kit, kit.client(script), spec, cast_to=Counted)
    assert page.total == 4 and isinstance(page.total, int)
    assert ids(await kit.collect(page)) == [1, 2, 3, 4] and script.count == 2
    spec = PageSpec(style="page", items="items", page_param="page", total_pages="pages")
    script = Script(json_response(200, {"items": items(1), "pages": 2}), json_response(200, {"items": items(2), "pages": 2}))
    assert ids(await kit.collect(await first(kit, kit.client(script), spec, cast_to=Counted))) == [1, 2] and script.count == 2
    script = Script(json_response(200, {"items": items(1), "total": 2.5}))
    assert (await first(kit, kit.client(script), PageSpec(style="offset", items="items", offset_param="offset", total="total"), cast_to=Counted)).total is None


async def test_page_numbers_stop_on_an_empty_page_and_on_a_falsy_next_field(kit: Kit) -> None:
    spec = PageSpec(style="page", items="items", page_param="page")
    script = Script(json_response(200, {"items": items(1)}), json_response(200, {"items": []}))
    assert ids(await kit.collect(await first(kit, kit.client(script), spec, query={"page": 4}))) == [1]
    assert [r.url.params["page"] for r in script.requests] == ["4", "5"]
    spec = PageSpec(style="page", items="items", page_param="page", next_url="hasMore")
    script = Script(json_response(200, {"items": items(1), "hasMore": False}))
    assert ids(await kit.collect(await first(kit, kit.client(script), spec))) == [1]
    assert script.count == 1


async def test_next_urls_from_the_answer_relative_or_absolute(kit: Kit) -> None:
    spec = PageSpec(style="next_url", items="/data/items", next_url="/meta/next_page_url")
    script = Script(
        json_response(200, {"data": {"items": items(1)}, "meta": {"next_page_url": "/v1/list?page_token=b"}}),
        json_response(200, {"data": {"items": items(2)}, "meta": {"next_page_url": "https://api.example.test/v1/list?page_token=c"}}),
        json_response(200, {"data": {"items": items(3)}, "meta": {"next_page_url": None}}),
    )
    page = await first(kit, kit.client(script), spec, query={"q": "x"})
    assert ids(await kit.collect(page)) == [1, 2, 3]
    assert [str(r.url) for r in script.requests] == [
        "https://api.example.test/v1/list?q=x",
        "https://api.example.test/v1/list?page_token=b",
        "https://api.example.test/v1/list?page_token=c",
    ]
    assert all(r.headers["Authorization"] for r in script.requests)


async def test_link_headers(kit: Kit) -> None:
    spec = PageSpec(style="link_header", items="")
    link = '<https://api.example.test/v1/list?page=2>; rel="next", <https://api.example.test/v1/list?page=9>; rel="last"'
    script = Script(json_response(200, items(1, 2), headers={"Link": link}), json_response(200, items(3)))
    page = await first(kit, kit.client(script), spec, cast_to=list[Item])
    assert ids(page.items) == [1, 2] and page.has_next_page()
    assert ids(await kit.collect(page)) == [1, 2, 3]
    assert str(script.requests[1].url) == "https://api.example.test/v1/list?page=2"


async def test_a_next_link_to_another_server_is_refused(kit: Kit) -> None:
    spec = PageSpec(style="next_url", items="items", next_url="next")
    script = Script(json_response(200, {"items": items(1), "next": "https://evil.test/steal?page=2"}))
    page = await first(kit, kit.client(script), spec)
    with pytest.raises(APIPaginationError, match="another origin"):
        await kit.collect(page)
    assert script.count == 1


async def test_cursor_fields_by_json_pointer(kit: Kit) -> None:
    spec = PageSpec(style="cursor", items="/artists/items", cursor_param="after", next_cursor="/artists/cursors/after")
    script = Script(
        json_response(200, {"artists": {"items": items(1), "cursors": {"after": "x"}}}),
        json_response(200, {"artists": {"items": items(2), "cursors": {"after": None}}}),
    )
    page = await first(kit, kit.client(script), spec)
    assert ids(await kit.collect(page)) == [1, 2]
    assert script.requests[1].url.params["after"] == "x"


async def test_offset_stops_when_the_next_link_is_null(kit: Kit) -> None:
    spec = PageSpec(style="offset", items="items", offset_param="offset", limit_param="limit", total="total", next_url="next")
    script = Script(
        json_response(200, {"items": items(1, 2), "total": 100, "next": "https://api.example.test/v1/list?offset=2"}),
        json_response(200, {"items": items(3), "total": 100, "next": None}),
    )
    page = await first(kit, kit.client(script), spec, query={"limit": 2})
    assert ids(await kit.collect(page)) == [1, 2, 3]
    assert script.count == 2


# -- walks that cannot run away ------------------------------------------------------------------------------


async def test_a_cursor_cycle_ends_the_walk_with_a_warning(kit: Kit, caplog: pytest.LogCaptureFixture) -> None:
    spec = PageSpec(style="cursor", items="items", cursor_param="cursor", next_cursor="next")
    answers = {None: ("A", 1), "A": ("B", 2), "B": ("A", 3)}  # A -> B -> A -> ...

    def server(request: httpx.Request) -> httpx.Response:
        nxt, i = answers[request.url.params.get("cursor")]
        return json_response(200, {"items": items(i), "next": nxt})

    script = Script(server)
    with caplog.at_level(logging.WARNING):
        got = await kit.collect(await first(kit, kit.client(script), spec))
    assert ids(got) == [1, 2, 3]
    assert script.count == 3
    assert "stopped paging: the server led back to a page it already gave (cursor:A)" in caplog.text


async def test_by_hand_a_cycle_ends_paging_silently_in_questions_and_loudly_in_get_next_page(
    kit: Kit, caplog: pytest.LogCaptureFixture
) -> None:
    """Asking whether there is a next page (or printing the page) has no side effect: only a walk that stops
    logs, and asking for the page anyway says why there is none."""
    spec = PageSpec(style="cursor", items="items", cursor_param="cursor", next_cursor="next")
    answers = {None: ("A", 1), "A": ("B", 2), "B": ("A", 3)}

    def server(request: httpx.Request) -> httpx.Response:
        nxt, i = answers[request.url.params.get("cursor")]
        return json_response(200, {"items": items(i), "next": nxt})

    script = Script(server)
    page = await first(kit, kit.client(script), spec)
    second = await kit.call(page.get_next_page)  # cursor A
    third = await kit.call(second.get_next_page)  # cursor B, whose answer leads back to A
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert not third.has_next_page()
        assert repr(third).endswith("items=1 has_next_page=False>")
        assert caplog.text == ""
        with pytest.raises(APIPaginationError, match=r"no next page: the server led back to a page it already gave \(cursor:A\)"):
            await kit.call(third.get_next_page)
    assert script.count == 3


async def test_a_server_that_ignores_the_offset_ends_the_walk_with_a_warning(kit: Kit, caplog: pytest.LogCaptureFixture) -> None:
    spec = PageSpec(style="offset", items="items", offset_param="offset", total="total")
    script = Script(json_response(200, {"items": items(1, 2), "total": 10**9}))  # the same page forever
    with caplog.at_level(logging.WARNING):
        got = await kit.collect(await first(kit, kit.client(script), spec))
    assert ids(got) == [1, 2]  # the repeated page is not yielded
    assert script.count == 2
    assert "page 2 repeats page 1 (the server ignores the offset parameter)" in caplog.text


async def test_more_pages_than_the_limit_raise(kit: Kit) -> None:
    spec = PageSpec(style="page", items="items", page_param="page")
    script = Script(lambda request: json_response(200, {"items": items(int(request.url.params.get("page", "1")))}))
    page = await first(kit, kit.client(script), spec)
    with pytest.raises(APIPaginationError, match="after 5 pages"):
        await kit.collect(page.iter_pages(max_pages=5))
    assert script.count == 5


async def test_iterating_a_page_twice_walks_twice(kit: Kit) -> None:
    spec = PageSpec(style="cursor", items="items", cursor_param="cursor", next_cursor="next")
    answers = {None: {"items": items(1), "next": "b"}, "b": {"items": items(2)}}
    script = Script(lambda request: json_response(200, answers[request.url.params.get("cursor")]))
    page = await first(kit, kit.client(script), spec)
    assert ids(await kit.collect(page)) == [1, 2]
    assert ids(await kit.collect(page)) == [1, 2]


async def test_get_next_page_by_hand(kit: Kit) -> None:
    spec = PageSpec(style="cursor", items="items", cursor_param="cursor", next_cursor="next")
    answers = {None: {"items": items(1), "next": "b"}, "b": {"items": items(2), "next": "a-page-0"}, "a-page-0": {"items": items(3)}}
    script = Script(lambda request: json_response(200, answers[request.url.params.get("cursor")]))
    page = await first(kit, kit.client(script), spec)
    second = await kit.call(page.get_next_page)
    assert ids(second.items) == [2] and second.has_next_page()
    third = await kit.call(second.get_next_page)
    assert ids(third.items) == [3] and not third.has_next_page()
    with pytest.raises(APIPaginationError):
        await kit.call(third.get_next_page)


async def test_an_async_list_is_awaitable_and_async_iterable() -> None:
    kit = Kit("async")
    spec = PageSpec(style="cursor", items="items", cursor_param="cursor", next_cursor="next")
    answers = {None: {"items": items(1), "next": "b"}, "b": {"items": items(2)}}
    script = Script(lambda request: json_response(200, answers[request.url.params.get("cursor")]))
    client = kit.client(script)
    call = prepared(endpoint("GET", "/list"))
    paginator: AsyncPaginator[Item] = AsyncPaginator(lambda: AsyncPage.first(client, call, Listing, spec))
    assert ids([item async for item in paginator]) == [1, 2]
    page = await paginator
    assert isinstance(page, AsyncPage) and ids(page.items) == [1]
    assert ids([p.items[0] async for p in page.iter_pages()]) == [1, 2]


class Required(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")
    data: list[Item]


async def test_a_lenient_answer_without_its_required_items_is_an_empty_last_page(kit: Kit) -> None:
    """Trigger.dev's queues, SendGrid's recipients: an answer that left out its required items field was kept by the
    lenient parse, and iterating it raised a bare AttributeError (no APIError)."""
    spec = PageSpec(style="page", items="data", page_param="page")
    script = Script(json_response(200, {"total": 0}))
    page = await first(kit, kit.client(script), spec, Required)
    assert page.items == [] and await kit.collect(page) == [] and script.count == 1
