"""Fault injection against a real HTTP server on 127.0.0.1: typed errors, bounded retries, no hangs."""

from __future__ import annotations

import time
from typing import Any, Callable

import pytest

from generator.runtime._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
)
from generator.runtime._streaming import AsyncStream, Stream, StreamSpec
from runtime_kit import FAST_RETRY, Item, Kit, endpoint, prepared

pytestmark = pytest.mark.anyio

TIMEOUT = 0.3
# Generous against a 0.3 s timeout, far below the 2-4 s the misbehaving routes would otherwise take.
BOUND = 1.5


def client_for(kit: Kit, server: Any, **kw: Any) -> Any:
    kw.setdefault("timeout", TIMEOUT)
    kw.setdefault("retry_policy", FAST_RETRY)
    return kit.client(own_pool=True, base_url=server.url, **kw)


async def timed(coro: Any) -> tuple[Any, float]:
    start = time.monotonic()
    try:
        return await coro, time.monotonic() - start
    except Exception as exc:  # noqa: BLE001 - handed back for exact assertions
        return exc, time.monotonic() - start


@pytest.mark.parametrize(("method", "attempts"), [("GET", 3), ("POST", 1)])
async def test_connection_reset(
    kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int], method: str, attempts: int
) -> None:
    client = client_for(kit, fault_server)
    path = f"/reset/{key}"
    error, elapsed = await timed(kit.request(client, prepared(endpoint(method, path), body={})))
    assert type(error) is APIConnectionError
    assert hits(path) == attempts  # a POST may have been acted on: not repeated
    assert elapsed < BOUND
    await kit.close(client)


@pytest.mark.parametrize(("method", "max_retries", "attempts"), [("GET", 0, 1), ("GET", 1, 2), ("POST", 2, 1)])
async def test_answer_slower_than_timeout(
    kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int], method: str, max_retries: int, attempts: int
) -> None:
    client = client_for(kit, fault_server, max_retries=max_retries)
    path = f"/slow/{key}"
    error, elapsed = await timed(kit.request(client, prepared(endpoint(method, path), body={})))
    assert type(error) is APITimeoutError
    assert hits(path) == attempts
    assert elapsed < attempts * TIMEOUT + 0.5
    await kit.close(client)


@pytest.mark.parametrize(("max_retries", "attempts"), [(0, 1), (1, 2)])
async def test_body_dripping_slower_than_timeout_still_ends_near_it(
    kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int], max_retries: int, attempts: int
) -> None:
    # One byte every 0.1 s: no single read waits 0.3 s, yet the whole answer would take 4 s.
    client = client_for(kit, fault_server, max_retries=max_retries)
    path = f"/drip/{key}"
    error, elapsed = await timed(kit.request(client, prepared(endpoint("GET", path))))
    assert type(error) is APITimeoutError
    assert hits(path) == attempts
    assert elapsed < BOUND
    await kit.close(client)


async def test_headers_dripping_slower_than_timeout(
    kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int]
) -> None:
    # One header line every 0.1 s: the blocking client's own pool reads under the attempt's deadline, the asyncio
    # client cancels the attempt; both end near the timeout.
    client = client_for(kit, fault_server, max_retries=0)
    path = f"/drip-headers/{key}"
    error, elapsed = await timed(kit.request(client, prepared(endpoint("GET", path))))
    assert type(error) is APITimeoutError
    assert hits(path) == 1
    assert elapsed < BOUND
    await kit.close(client)


@pytest.mark.parametrize("method", ["GET", "PUT"])
async def test_500_then_200(kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int], method: str) -> None:
    client = client_for(kit, fault_server)
    path = f"/flaky/{key}"
    raw = await kit.raw(client, prepared(endpoint(method, path), body={}))
    assert raw.retries_taken == 1
    assert await kit.parse(raw) == Item(id=2, name="ok")
    assert hits(path) == 2
    await kit.close(client)


async def test_500_not_retried_for_post(kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int]) -> None:
    from generator.runtime._exceptions import InternalServerError

    client = client_for(kit, fault_server)
    path = f"/flaky/{key}"
    error, _ = await timed(kit.request(client, prepared(endpoint("POST", path), body={})))
    assert type(error) is InternalServerError
    assert error.status_code == 500
    assert hits(path) == 1
    await kit.close(client)


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_429_retry_after_zero_then_200(
    kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int], method: str
) -> None:
    client = client_for(kit, fault_server)
    path = f"/ratelimited/{key}"
    raw, elapsed = await timed(kit.raw(client, prepared(endpoint(method, path), body={})))
    assert raw.retries_taken == 1
    assert await kit.parse(raw) == Item(id=2, name="ok")
    assert hits(path) == 2
    assert elapsed < BOUND
    await kit.close(client)


async def test_malformed_json(kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int]) -> None:
    client = client_for(kit, fault_server)
    path = f"/malformed/{key}"
    error, _ = await timed(kit.request(client, prepared(endpoint("GET", path))))
    assert type(error) is APIResponseValidationError
    assert error.content == b'{"id": 1, "name": "tru'
    assert hits(path) == 1  # a bad answer is not a transport failure: not retried
    await kit.close(client)


@pytest.mark.parametrize(
    ("route", "error"),
    [("cut-stream", APIConnectionError), ("cut-close", APIResponseValidationError)],
    ids=["content-length-cut", "close-delimited-cut"],
)
async def test_jsonl_stream_cut_mid_line(
    kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int], route: str, error: type[Exception]
) -> None:
    client = client_for(kit, fault_server)
    path = f"/{route}/{key}"
    spec = StreamSpec(type_field="type", type_value="item", data_field="data")
    cls = AsyncStream if kit.is_async else Stream
    stream = await kit.call(cls.open, client, prepared(endpoint("GET", path, accept="application/jsonl")), Item, spec)
    got: list[Item] = []

    async def consume() -> None:
        if kit.is_async:
            async for item in stream:
                got.append(item)
        else:
            for item in stream:
                got.append(item)

    failure, elapsed = await timed(consume())
    assert type(failure) is error
    assert got == [Item(id=1, name="first")]
    assert stream.response.is_closed
    assert hits(path) == 1
    assert elapsed < BOUND
    await kit.close(client)


async def test_healthy_route_after_faults(kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int]) -> None:
    client = client_for(kit, fault_server)
    path = f"/item/{key}"
    assert await kit.request(client, prepared(endpoint("GET", path))) == Item(id=1, name="ok")
    assert hits(path) == 1
    await kit.close(client)


async def test_connection_refused_is_retried_then_typed(kit: Kit) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = kit.client(own_pool=True, base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT, retry_policy=FAST_RETRY)
    error, elapsed = await timed(kit.request(client, prepared(endpoint("POST", "/x"), body={})))
    assert type(error) is APIConnectionError  # refused: retried even for POST, then reported
    assert error.message == "Connection error: ConnectError"
    assert elapsed < BOUND
    await kit.close(client)
