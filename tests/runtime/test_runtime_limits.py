"""A hostile or broken server cannot exhaust the client's memory or time, and whatever goes wrong is an APIError.

The memory cases run in a child process whose address space is capped (``RLIMIT_AS``) a few hundred MB above what it
uses at the start: without the limits under test, a gzip bomb (1 GiB inflated) or a 150 MB body would need more than
that and the child would die with MemoryError; with them it reports the typed error. Every loop is bounded.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, Callable

import httpx
import pytest

from generator.runtime._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseTooLargeError,
    APIResponseValidationError,
    APITimeoutError,
    APIUsageError,
)
from generator.runtime._streaming import AsyncStream, Stream, StreamSpec
from generator.runtime._types import DEFAULT_MAX_RESPONSE_SIZE
from runtime_kit import FAST_RETRY, Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[2]


# -- max response size (in process, small) -----------------------------------------------------------------


def test_the_default_limit_is_100_mb() -> None:
    assert DEFAULT_MAX_RESPONSE_SIZE == 100 * 1024 * 1024


async def test_an_answer_over_the_clients_limit_is_a_typed_error(kit: Kit) -> None:
    client = kit.client(Script(json_response(200, {"id": 1, "name": "x" * 500})), max_response_size=100)
    with pytest.raises(APIResponseTooLargeError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert info.value.limit == 100 and "max_response_size (100 bytes)" in info.value.message
    assert isinstance(info.value, APIError)


async def test_the_limit_is_per_call_too(kit: Kit) -> None:
    script = Script(json_response(200, {"id": 1, "name": "x" * 500}))
    client = kit.client(script)
    with pytest.raises(APIResponseTooLargeError):
        await kit.request(client, prepared(endpoint("GET"), max_response_size=64))
    big_enough = await kit.request(client, prepared(endpoint("GET"), max_response_size=10_000))
    assert big_enough.id == 1


async def test_the_limit_counts_decompressed_bytes(kit: Kit) -> None:
    body = gzip.compress(json.dumps({"id": 1, "name": "0" * 100_000}).encode())
    assert len(body) < 1_000
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    client = kit.client(Script(lambda request: httpx.Response(200, content=body, headers=headers)), max_response_size=10_000)
    with pytest.raises(APIResponseTooLargeError):
        await kit.request(client, prepared(endpoint("GET")))


async def test_a_declared_length_over_the_limit_is_refused_before_reading(kit: Kit) -> None:
    read: list[int] = []
    answer = lambda request: httpx.Response(  # noqa: E731
        200, headers={"Content-Length": "5000"}, content=kit.content([b"x" * 1000] * 5, log=read)
    )
    client = kit.client(Script(answer), max_response_size=1000)
    with pytest.raises(APIResponseTooLargeError):
        await kit.request(client, prepared(endpoint("GET")))
    assert read == []


async def test_one_stream_line_over_the_limit_is_a_typed_error(kit: Kit) -> None:
    lines = [b'{"type": "item", "data": {"id": 1, "name": "a"}}\n', b'{"type": "item", "data": {"id": 2, "name": "' + b"y" * 300 + b'"}}\n']
    answer = lambda request: httpx.Response(200, content=kit.content(lines))  # noqa: E731
    client = kit.client(Script(answer), max_response_size=200)
    cls = AsyncStream if kit.is_async else Stream
    stream = await kit.call(cls.open, client, prepared(endpoint("GET", "/s")), Item, StreamSpec("type", "item", "data"))
    got: list[Any] = []
    with pytest.raises(APIResponseTooLargeError) as info:
        if kit.is_async:
            async for item in stream:
                got.append(item)
        else:
            for item in stream:
                got.append(item)
    assert got == [Item(id=1, name="a")]
    assert "one line of the stream" in info.value.message


async def test_undecodable_compression_is_a_typed_error(kit: Kit) -> None:
    broken = lambda request: httpx.Response(  # noqa: E731 - a streamed body, decoded only as it is read
        200, content=kit.content([b"not gzip"]), headers={"Content-Encoding": "gzip"}
    )
    client = kit.client(Script(broken))
    with pytest.raises(APIResponseValidationError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert isinstance(info.value.__cause__, httpx.DecodingError)


# -- memory, in a child process with a capped address space --------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import asyncio, resource, sys
    sys.path[:0] = [{root!r}, {tests!r}]
    from runtime_kit import Kit, endpoint, prepared
    from generator.runtime._streaming import AsyncStream, Stream, StreamSpec
    from generator.runtime._exceptions import APIResponseTooLargeError

    def address_space() -> int:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))

    headroom = {headroom}
    resource.setrlimit(resource.RLIMIT_AS, (address_space() + headroom, address_space() + headroom))

    async def main(kind: str) -> str:
        kit = Kit(kind)
        client = kit.client(own_pool=True, base_url={url!r}, max_retries=0, timeout=60.0)
        try:
            if {route!r} == "long-line":
                cls = AsyncStream if kit.is_async else Stream
                call = prepared(endpoint("GET", "/long-line/" + kind))
                stream = await kit.call(cls.open, client, call, dict, StreamSpec("type", "item", "data"))
                await kit.collect(stream)
            else:
                await kit.request(client, prepared(endpoint("GET", "/{route}/" + kind)), dict)
        except APIResponseTooLargeError as exc:
            return "too large: " + exc.message
        except MemoryError:
            return "MemoryError"
        finally:
            await kit.close(client)
        return "read it all"

    for kind in ("sync", "async"):
        print(kind, asyncio.run(main(kind)), flush=True)
    """
)


@pytest.mark.parametrize("route", ["gzip-bomb", "big", "long-line"])
def test_memory_stays_bounded_under_a_capped_address_space(fault_server: Any, route: str) -> None:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure the child's address space")
    headroom = 400 * 1024 * 1024  # the 100 MB default limit fits twice; 1 GiB inflated, or 150 MB twice, does not
    code = _CHILD.format(root=str(ROOT), tests=str(ROOT / "tests" / "runtime"), headroom=headroom, url=fault_server.url, route=route)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 2, done.stdout + done.stderr[-2000:]
    for line in lines:
        assert "too large: " in line, line


# -- time ---------------------------------------------------------------------------------------------------


async def test_a_server_dripping_its_headers_is_cut_off_at_the_timeout(
    kit: Kit, fault_server: Any, key: str, hits: Callable[[str], int]
) -> None:
    # The case: timeout=1, one header byte every 0.2 s. No single read waits a second, yet the head would
    # take 8 s. The blocking client's own pool puts every socket read of the attempt under its deadline.
    client = kit.client(own_pool=True, base_url=fault_server.url, timeout=1.0, max_retries=0, retry_policy=FAST_RETRY)
    path = f"/drip-header-bytes/{key}"
    start = time.monotonic()
    with pytest.raises(APITimeoutError) as info:
        await kit.request(client, prepared(endpoint("GET", path)))
    elapsed = time.monotonic() - start
    assert 0.9 < elapsed < 1.6, elapsed
    assert info.value.__cause__ is not None
    assert hits(path) == 1
    await kit.close(client)


def test_a_default_httpx_client_given_by_the_caller_keeps_the_deadline(fault_server: Any, key: str) -> None:
    from generator.runtime._transport import DefaultHttpxClient

    kit = Kit("sync")
    http = DefaultHttpxClient()
    client = kit.client(http_client=http, base_url=fault_server.url, timeout=0.5, max_retries=0)
    start = time.monotonic()
    with pytest.raises(APITimeoutError):
        client.request(prepared(endpoint("GET", f"/drip-header-bytes/{key}")), Item)
    assert time.monotonic() - start < 1.2
    http.close()


# -- every failure is an APIError ---------------------------------------------------------------------------


async def test_header_names_that_are_not_tokens_are_usage_errors(kit: Kit) -> None:
    script = Script()
    client = kit.client(script)
    with pytest.raises(APIUsageError) as info:
        await kit.request(client, prepared(endpoint("GET"), extra_headers={"Bad Name": "x"}))
    assert isinstance(info.value, APIError) and isinstance(info.value, ValueError)
    assert script.count == 0


@pytest.mark.parametrize("variable", ["ALL_PROXY", "HTTPS_PROXY"])
def test_a_socks_proxy_without_socksio_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    pytest.importorskip("httpx")
    try:
        import socksio  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("socksio is installed here: the proxy would work")
    monkeypatch.setenv(variable, "socks5://127.0.0.1:1080")
    for kind in ("sync", "async"):
        with pytest.raises(APIUsageError) as info:
            Kit(kind).client(own_pool=True)
        assert isinstance(info.value.__cause__, ImportError)
        assert "proxy" in info.value.message


@pytest.mark.parametrize("base_url", ["not a url", "ftp://example.test", "/relative/only"])
def test_a_base_url_that_cannot_work_is_a_usage_error(base_url: str) -> None:
    for kind in ("sync", "async"):
        with pytest.raises(APIUsageError):
            Kit(kind).client(base_url=base_url)


async def test_a_connection_refused_is_a_connection_error_with_its_cause(kit: Kit) -> None:
    client = kit.client(own_pool=True, base_url="http://127.0.0.1:9", max_retries=0, timeout=2.0)
    with pytest.raises(APIConnectionError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    await kit.close(client)


# -- the asyncio deadline: one timer for all attempts ---------------------------------------------------------


async def test_concurrent_attempts_each_end_at_their_own_deadline(fault_server: Any, key: str) -> None:
    import asyncio

    kit = Kit("async")
    client = kit.client(own_pool=True, base_url=fault_server.url, max_retries=0, retry_policy=FAST_RETRY)

    async def timed_call(timeout: float, path: str) -> tuple[str, float]:
        start = time.monotonic()
        try:
            await client.request(prepared(endpoint("GET", path), timeout=timeout), Item)
        except APITimeoutError:
            return "timeout", time.monotonic() - start
        return "answered", time.monotonic() - start

    results = await asyncio.gather(
        timed_call(0.3, f"/slow/{key}-a"), timed_call(0.8, f"/slow/{key}-b"), timed_call(5.0, f"/item/{key}-c")
    )
    (first, t1), (second, t2), (third, t3) = results
    assert (first, second, third) == ("timeout", "timeout", "answered")
    assert 0.25 < t1 < 0.6 and 0.7 < t2 < 1.2 and t3 < 1.0
    await client.aclose()


async def test_a_cancellation_from_outside_stays_a_cancellation(fault_server: Any, key: str) -> None:
    import asyncio

    kit = Kit("async")
    client = kit.client(own_pool=True, base_url=fault_server.url, max_retries=0, timeout=30.0)
    task = asyncio.ensure_future(client.request(prepared(endpoint("GET", f"/slow/{key}")), Item))
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await client.aclose()
