"""Raw responses (body read) and streamed responses (body read as asked): what they expose, for plain results, pages
and streams."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.runtime._exceptions import APIResponseTooLargeError, NotFoundError
from generator.runtime._pagination import AsyncPage, PageSpec, SyncPage
from generator.runtime._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from generator.runtime._streaming import AsyncStream, Stream, StreamSpec
from runtime_kit import Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio

CURSOR = PageSpec(style="cursor", items="items", cursor_param="cursor", next_cursor="next")


def raw(kit: Kit, fn: Any) -> Any:
    return (async_to_raw_response_wrapper if kit.is_async else to_raw_response_wrapper)(fn)


def streamed(kit: Kit, fn: Any) -> Any:
    return (async_to_streamed_response_wrapper if kit.is_async else to_streamed_response_wrapper)(fn)


async def enter(kit: Kit, manager: Any) -> Any:
    return await manager.__aenter__() if kit.is_async else manager.__enter__()


async def leave(kit: Kit, manager: Any) -> None:
    if kit.is_async:
        await manager.__aexit__(None, None, None)
    else:
        manager.__exit__(None, None, None)


async def test_a_raw_response_exposes_everything_about_the_answer(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(500, {}), json_response(200, {"id": 1, "name": "a"}, headers={"x-request-id": "r-1"}))
    client = kit.client(script)
    response = await kit.call(raw(kit, client.request), prepared(endpoint("GET")), Item)
    assert (response.status_code, response.request_id, response.retries_taken) == (200, "r-1", 1)
    assert isinstance(response.elapsed, datetime.timedelta) and response.elapsed.total_seconds() >= 0
    assert await kit.call(response.json) == {"id": 1, "name": "a"}
    assert await kit.call(response.text) == '{"id":1,"name":"a"}'
    assert await kit.parse(response) == Item(id=1, name="a")
    assert response.http_response.is_closed


async def test_a_streamed_response_reads_only_what_is_asked(kit: Kit) -> None:
    produced: list[int] = []
    body = [b'{"id": 7,', b' "name": "big"}\n', b"second line\n"]
    script = Script(lambda request: httpx.Response(200, headers={"request-id": "r-2"}, content=kit.content(body, log=produced)))
    client = kit.client(script)
    manager = await kit.call(streamed(kit, client.request), prepared(endpoint("GET")), Item)
    assert script.count == 0  # nothing is sent until the block is entered
    response = await enter(kit, manager)
    assert response.status_code == 200 and response.request_id == "r-2"
    assert produced == []  # headers only
    lines = await kit.collect(response.iter_lines())
    assert lines == ['{"id": 7, "name": "big"}', "second line"]
    await leave(kit, manager)
    assert response.http_response.is_closed


async def test_a_streamed_response_parses_and_writes_to_a_file(kit: Kit, tmp_path: Path) -> None:
    payload = b'{"id": 3, "name": "file"}'
    script = Script(lambda request: httpx.Response(200, content=kit.content([payload[:5], payload[5:]])))
    client = kit.client(script)
    manager = await kit.call(streamed(kit, client.request), prepared(endpoint("GET")), Item)
    response = await enter(kit, manager)
    assert await kit.parse(response) == Item(id=3, name="file")
    await leave(kit, manager)

    manager = await kit.call(streamed(kit, client.request), prepared(endpoint("GET")), Item)
    response = await enter(kit, manager)
    target = tmp_path / "answer.json"
    await kit.call(response.write_to_file, target)
    assert target.read_bytes() == payload
    await leave(kit, manager)


async def test_a_streamed_read_keeps_the_size_limit_but_a_download_does_not(kit: Kit, tmp_path: Path) -> None:
    script = Script(lambda request: httpx.Response(200, content=kit.content([b"x" * 600] * 3)))
    client = kit.client(script, max_response_size=1000)
    manager = await kit.call(streamed(kit, client.request), prepared(endpoint("GET")), bytes)
    response = await enter(kit, manager)
    with pytest.raises(APIResponseTooLargeError):
        await kit.call(response.read)
    await leave(kit, manager)
    manager = await kit.call(streamed(kit, client.request), prepared(endpoint("GET")), bytes)
    response = await enter(kit, manager)
    await kit.call(response.write_to_file, tmp_path / "big.bin")
    assert (tmp_path / "big.bin").stat().st_size == 1800
    await leave(kit, manager)


async def test_error_statuses_raise_when_the_streamed_response_opens(kit: Kit) -> None:
    client = kit.client(Script(json_response(404, {"message": "gone"})), max_retries=0)
    manager = await kit.call(streamed(kit, client.request), prepared(endpoint("GET")), Item)
    with pytest.raises(NotFoundError):
        await enter(kit, manager)


async def test_pages_as_raw_and_streamed_responses(kit: Kit) -> None:
    answers = {None: {"items": [{"id": 1, "name": "a"}], "next": "b"}, "b": {"items": [{"id": 2, "name": "b"}]}}
    script = Script(lambda request: json_response(200, answers[request.url.params.get("cursor")]))
    client = kit.client(script)
    page_cls = AsyncPage if kit.is_async else SyncPage
    from pydantic import BaseModel

    class Listing(BaseModel):
        items: list[Item]
        next: str | None = None

    response = await kit.call(raw(kit, page_cls.first), client, prepared(endpoint("GET", "/l")), Listing, CURSOR)
    page = await kit.parse(response)
    assert isinstance(page, page_cls)
    assert [i.id for i in await kit.collect(page)] == [1, 2]  # the walk after a raw first page is parsed
    manager = await kit.call(streamed(kit, page_cls.first), client, prepared(endpoint("GET", "/l")), Listing, CURSOR)
    opened = await enter(kit, manager)
    assert [i.id for i in (await kit.parse(opened)).items] == [1]
    await leave(kit, manager)


async def test_streams_as_raw_responses_stay_lazy(kit: Kit) -> None:
    produced: list[int] = []
    lines = [b'{"id": 1, "name": "a"}\n', b'{"id": 2, "name": "b"}\n']
    script = Script(lambda request: httpx.Response(200, content=kit.content(lines, log=produced)))
    client = kit.client(script)
    cls = AsyncStream if kit.is_async else Stream
    response = await kit.call(raw(kit, cls.open), client, prepared(endpoint("GET", "/s")), Item, StreamSpec(None, None, None))
    assert produced == []
    stream = await kit.parse(response)
    assert isinstance(stream, cls)
    assert [i.id for i in await kit.collect(stream)] == [1, 2]
