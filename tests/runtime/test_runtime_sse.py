"""Server-Sent Events: the decoder line by line, and typed streams against a local server that sends multi-line data,
comments and unknown events, and cuts off mid-event."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from generator.runtime._exceptions import APIConnectionError, APIResponseValidationError
from generator.runtime._sse import SSEDecoder, ServerSentEvent
from generator.runtime._streaming import AsyncStream, Stream, StreamSpec
from runtime_kit import Item, Kit, Script, endpoint, prepared

pytestmark = pytest.mark.anyio

SSE = StreamSpec(type_field=None, type_value=None, data_field=None, format="sse")
EP = endpoint("GET", "/events", accept="text/event-stream")


def decode(lines: list[str]) -> tuple[list[ServerSentEvent], SSEDecoder]:
    decoder = SSEDecoder()
    events = [event for line in lines if (event := decoder.decode(line)) is not None]
    return events, decoder


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["data: a", ""], [("message", "a", None, None)]),
        (["data: a", "data: b", ""], [("message", "a\nb", None, None)]),  # multi-line data, joined by newlines
        (["data:a", ""], [("message", "a", None, None)]),  # the space after the colon is optional
        (["data:  two spaces", ""], [("message", " two spaces", None, None)]),  # only one is removed
        (["event: update", "data: x", ""], [("update", "x", None, None)]),
        ([": comment", "data: x", ""], [("message", "x", None, None)]),
        (["id: 7", "data: x", ""], [("message", "x", "7", None)]),
        (["id: a\0b", "data: x", ""], [("message", "x", None, None)]),  # an id with NUL is ignored
        (["retry: 2500", "data: x", ""], [("message", "x", None, 2500)]),
        (["retry: soon", "data: x", ""], [("message", "x", None, None)]),  # not digits: ignored
        (["event: only", ""], []),  # no data: nothing dispatched
        (["data", ""], [("message", "", None, None)]),  # a field name alone means an empty value
        (["unknown: field", "data: x", ""], [("message", "x", None, None)]),
        (["data: first", "", "data: second", ""], [("message", "first", None, None), ("message", "second", None, None)]),
        (["data: cut off"], []),  # no blank line: the event never completes
    ],
)
def test_the_decoder_follows_the_standard(lines: list[str], expected: list[tuple[Any, ...]]) -> None:
    events, _ = decode(lines)
    assert [tuple(e) for e in events] == expected


def test_the_last_event_id_and_retry_persist_across_events() -> None:
    events, decoder = decode(["id: 1", "retry: 10", "data: a", "", "data: b", ""])
    assert [(e.id, e.retry) for e in events] == [("1", 10), ("1", 10)]
    assert decoder.last_event_id == "1" and decoder.retry == 10


async def open_sse(kit: Kit, client: Any, path: str, spec: StreamSpec = SSE, **call: Any) -> Any:
    cls = AsyncStream if kit.is_async else Stream
    return await kit.call(cls.open, client, prepared(endpoint("GET", path, accept="text/event-stream"), **call), Item, spec)


async def read_all(kit: Kit, stream: Any, into: list[Any]) -> None:
    if kit.is_async:
        async for item in stream:
            into.append(item)
    else:
        for item in stream:
            into.append(item)


async def test_a_stream_cut_mid_event_yields_what_was_complete_then_a_typed_error(kit: Kit, fault_server: Any, key: str) -> None:
    client = kit.client(own_pool=True, base_url=fault_server.url, max_retries=0)
    stream = await open_sse(kit, client, f"/sse/{key}")
    got: list[Item] = []
    with pytest.raises(APIConnectionError) as info:
        await read_all(kit, stream, got)
    # the multi-line event (sent in two pieces) and the event with an id; the comment and "ping" are skipped
    assert got == [Item(id=1, name="multi-line"), Item(id=2, name="second")]
    assert stream.last_event_id == "ev-2" and stream.retry == 1500
    assert isinstance(info.value.__cause__, httpx.TransportError)
    assert stream.response.is_closed
    await kit.close(client)


async def test_a_stream_closed_mid_event_ends_and_drops_the_partial_event(kit: Kit, fault_server: Any, key: str) -> None:
    client = kit.client(own_pool=True, base_url=fault_server.url, max_retries=0)
    stream = await open_sse(kit, client, f"/sse-close/{key}")
    got: list[Item] = []
    await read_all(kit, stream, got)
    assert got == [Item(id=1, name="multi-line"), Item(id=2, name="second")]
    await kit.close(client)


def sse_answer(kit: Kit, chunks: list[bytes], log: list[int] | None = None) -> Any:
    return lambda request: httpx.Response(
        200, headers={"Content-Type": "text/event-stream"}, content=kit.content(chunks, log=log)
    )


async def test_leaving_the_loop_early_closes_the_response(kit: Kit) -> None:
    sent: list[int] = []
    chunks = [b'data: {"id": %d, "name": "n"}\n\n' % i for i in range(1, 50)]
    script = Script(sse_answer(kit, chunks, sent))
    stream = await open_sse(kit, kit.client(script), "/events")
    if kit.is_async:
        async for item in stream:
            assert item.id == 1
            break
        await stream.aclose()
    else:
        for item in stream:
            assert item.id == 1
            break
        stream.close()
    assert stream.response.is_closed
    assert len(sent) < 5  # the server was not read to the end
    assert script.requests[0].headers["Accept"] == "text/event-stream"


async def test_done_ends_the_stream_and_named_events_can_be_chosen(kit: Kit) -> None:
    chunks = [
        b'event: token\ndata: {"id": 1, "name": "a"}\n\n',
        b'data: {"id": 99, "name": "unnamed"}\n\n',
        b'event: token\ndata: {"id": 2, "name": "b"}\n\n',
        b"event: token\ndata: [DONE]\n\n",
        b'event: token\ndata: {"id": 3, "name": "after done"}\n\n',
    ]
    spec = StreamSpec(None, None, None, format="sse", events=("token",))
    stream = await open_sse(kit, kit.client(Script(sse_answer(kit, chunks))), "/events", spec)
    assert [i.id for i in await kit.collect(stream)] == [1, 2]


async def test_items_filtered_by_a_type_field_inside_the_data(kit: Kit) -> None:
    chunks = [
        b'data: {"type": "item", "data": {"id": 1, "name": "a"}}\n\n',
        b'data: {"type": "heartbeat"}\n\n',
        b'data: {"type": "item", "data": {"id": 2, "name": "b"}}\n\n',
    ]
    spec = StreamSpec("type", "item", "data", format="sse")
    stream = await open_sse(kit, kit.client(Script(sse_answer(kit, chunks))), "/events", spec)
    assert [i.id for i in await kit.collect(stream)] == [1, 2]


async def test_event_data_that_is_not_json_is_a_typed_error(kit: Kit) -> None:
    stream = await open_sse(kit, kit.client(Script(sse_answer(kit, [b"data: {oops\n\n"]))), "/events")
    with pytest.raises(APIResponseValidationError) as info:
        await kit.collect(stream)
    assert info.value.content == b"{oops"
    assert isinstance(info.value.__cause__, ValueError)


async def test_an_event_stream_answered_with_a_json_document_is_a_typed_error(kit: Kit) -> None:
    """Hugging Face TGI: its stream operations answer JSON unless the body asks for a stream; the loop yielded
    nothing and said nothing."""
    script = Script(lambda request: httpx.Response(200, json={"id": 1, "name": "whole"}))
    stream = await open_sse(kit, kit.client(script), "/events")
    with pytest.raises(APIResponseValidationError, match="expected an event stream .* answered application/json"):
        await kit.collect(stream)
    assert stream.response.is_closed
    chunks = [b'data: {"id": 1, "name": "a"}\n\n']
    plain = Script(lambda request: httpx.Response(200, headers={"Content-Type": "text/plain"}, content=chunks[0]))
    assert [i.id for i in await kit.collect(await open_sse(kit, kit.client(plain), "/events"))] == [1]  # lax server


async def test_drifted_event_data_is_kept_unless_strict(kit: Kit) -> None:
    chunks = [b'data: {"id": "one", "name": "a"}\n\n']
    stream = await open_sse(kit, kit.client(Script(sse_answer(kit, chunks))), "/events")
    assert (await kit.collect(stream))[0].id == "one"
    strict = kit.client(Script(sse_answer(kit, chunks)), strict_response_validation=True)
    with pytest.raises(APIResponseValidationError):
        await kit.collect(await open_sse(kit, strict, "/events"))


async def test_crlf_and_cr_line_endings_split_across_chunks(kit: Kit) -> None:
    chunks = [b'data: {"id": 1, "name": "a"}\r', b'\n\r\ndata: {"id": 2, "name": "b"}\r\r']
    stream = await open_sse(kit, kit.client(Script(sse_answer(kit, chunks))), "/events")
    assert [i.id for i in await kit.collect(stream)] == [1, 2]
