"""JSONL streams: items as lines arrive, unknown kinds skipped, early exit closes, bad lines are typed errors."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from generator.runtime._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    NotFoundError,
)
from generator.runtime._streaming import AsyncStream, Stream, StreamSpec
from runtime_kit import Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio

SPEC = StreamSpec(type_field="type", type_value="item", data_field="data")
PLAIN = StreamSpec(type_field=None, type_value=None, data_field=None)
EP = endpoint("GET", "/stream", accept="application/jsonl")


def line(i: int, kind: str = "item") -> bytes:
    return b'{"type": "%s", "data": {"id": %d, "name": "n%d"}}\n' % (kind.encode(), i, i)


async def open_stream(kit: Kit, client: Any, spec: StreamSpec = SPEC, **call: Any) -> Any:
    cls = AsyncStream if kit.is_async else Stream
    stream = await kit.call(cls.open, client, prepared(EP, **call), Item, spec)
    assert isinstance(stream, cls)
    return stream


def streaming(kit: Kit, chunks: list[bytes], log: list[int] | None = None, fail: BaseException | None = None) -> Any:
    return lambda request: httpx.Response(
        200, headers={"Content-Type": "application/jsonl"}, content=kit.content(chunks, fail=fail, log=log)
    )


async def test_items_are_yielded_as_lines_arrive(kit: Kit) -> None:
    sent: list[int] = []
    client = kit.client(Script(streaming(kit, [line(1), line(2), line(3)], log=sent)))
    stream = await open_stream(kit, client)
    assert sent == []  # opening reads the status and headers only
    seen: list[tuple[int, list[int]]] = []
    if kit.is_async:
        async for item in stream:
            seen.append((item.id, list(sent)))
    else:
        for item in stream:
            seen.append((item.id, list(sent)))
    # each item is handed out before the next line has even been produced by the server
    assert seen == [(1, [0]), (2, [0, 1]), (3, [0, 1, 2])]
    assert stream.response.is_closed


async def test_request_asks_for_jsonl(kit: Kit) -> None:
    script = Script(streaming(kit, [line(1)]))
    client = kit.client(script)
    stream = await open_stream(kit, client)
    await kit.collect(stream)
    assert script.requests[0].headers["Accept"] == "application/jsonl"


async def test_lines_split_across_chunks_and_final_line_without_newline(kit: Kit) -> None:
    chunks = [
        b'{"type": "item", "da',
        b'ta": {"id": 1, "name": "a"}}\n{"type": "item",',
        b' "data": {"id": 2, "name": "b"}}',
    ]
    client = kit.client(Script(streaming(kit, chunks)))
    stream = await open_stream(kit, client)
    assert await kit.collect(stream) == [Item(id=1, name="a"), Item(id=2, name="b")]


async def test_unknown_kinds_and_blank_lines_are_skipped(kit: Kit) -> None:
    chunks = [
        line(1),
        b"\n",
        b'{"type": "progress", "percent": 50}\n',
        b"   \r\n",
        b'{"type": "summary"}\n',
        b'{"no_type": true}\n',
        line(2),
    ]
    client = kit.client(Script(streaming(kit, chunks)))
    stream = await open_stream(kit, client)
    assert await kit.collect(stream) == [Item(id=1, name="n1"), Item(id=2, name="n2")]


async def test_stream_without_type_field_parses_every_line(kit: Kit) -> None:
    chunks = [b'{"id": 1, "name": "a"}\n', b'{"id": 2, "name": "b"}\r\n']
    client = kit.client(Script(streaming(kit, chunks)))
    stream = await open_stream(kit, client, PLAIN)
    assert await kit.collect(stream) == [Item(id=1, name="a"), Item(id=2, name="b")]


async def test_early_break_closes_the_response(kit: Kit) -> None:
    sent: list[int] = []
    client = kit.client(Script(streaming(kit, [line(i) for i in range(1, 100)], log=sent)))
    stream = await open_stream(kit, client)
    if kit.is_async:
        async for item in stream:
            assert item.id == 1
            break
        # ``async for`` cannot close an async generator on break; the event loop finalizes it right after.
        for _ in range(20):
            if stream.response.is_closed:
                break
            await anyio.sleep(0)
    else:
        for item in stream:
            assert item.id == 1
            break
    assert stream.response.is_closed
    assert len(sent) < 5  # the rest of the stream was not read


async def test_context_manager_closes_on_early_exit(kit: Kit) -> None:
    client = kit.client(Script(streaming(kit, [line(i) for i in range(1, 50)])))
    stream = await open_stream(kit, client)
    if kit.is_async:
        async with stream as s:
            async for item in s:
                break
        assert stream.response.is_closed
    else:
        with stream as s:
            for item in s:
                break
        assert stream.response.is_closed
    assert item == Item(id=1, name="n1")


@pytest.mark.parametrize(
    "bad",
    [
        b'{"type": "item", "data": {"id": 1, "name": \n',  # not JSON
        b'{"type": "item", "data": {"id": "x", "name": "a"}}\n',  # wrong schema
        b'{"type": "item"}\n',  # no data field
        b"[1, 2]\n",  # not an object
        b'"text"\n',
    ],
    ids=["json", "schema", "no-data", "array", "string"],
)
async def test_malformed_line_is_validation_error(kit: Kit, bad: bytes) -> None:
    # strict: a well-formed line of the wrong shape is kept as given otherwise (see test_runtime_parsing)
    client = kit.client(Script(streaming(kit, [line(1), bad, line(3)])), strict_response_validation=True)
    stream = await open_stream(kit, client)
    got: list[Item] = []
    with pytest.raises(APIResponseValidationError) as info:
        if kit.is_async:
            async for item in stream:
                got.append(item)
        else:
            for item in stream:
                got.append(item)
    assert got == [Item(id=1, name="n1")]
    assert info.value.content == bad.rstrip(b"\n")
    assert info.value.status_code == 200
    assert stream.response.is_closed


@pytest.mark.parametrize(
    ("failure", "error"),
    [(httpx.ReadError("cut"), APIConnectionError), (httpx.ReadTimeout("slow"), APITimeoutError)],
    ids=["read-error", "read-timeout"],
)
async def test_transport_failure_mid_stream_is_typed(kit: Kit, failure: Exception, error: type[Exception]) -> None:
    client = kit.client(Script(streaming(kit, [line(1), b'{"type": "it'], fail=failure)))
    stream = await open_stream(kit, client)
    got: list[Item] = []
    with pytest.raises(APIConnectionError) as info:
        if kit.is_async:
            async for item in stream:
                got.append(item)
        else:
            for item in stream:
                got.append(item)
    assert type(info.value) is error
    assert got == [Item(id=1, name="n1")]
    assert stream.response.is_closed


async def test_error_status_when_opening_raises_typed_error(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(404, {"code": "gone", "message": "no such user"}))
    client = kit.client(script)
    with pytest.raises(NotFoundError) as info:
        await open_stream(kit, client)
    assert info.value.content == b'{"code":"gone","message":"no such user"}'
    assert script.count == 1


async def test_opening_is_retried_like_any_get(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(503, {}), streaming(kit, [line(1)]))
    client = kit.client(script)
    stream = await open_stream(kit, client)
    assert await kit.collect(stream) == [Item(id=1, name="n1")]
    assert script.count == 2 and len(sleeps) == 1
