"""Retries: what is retried, how often, and how long the client waits in between."""

from __future__ import annotations

import email.utils
import random
import time
from typing import Any

import httpx
import pytest

from generator.runtime._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    RateLimitError,
)
from generator.runtime._retry import IDEMPOTENT_METHODS, RateLimitReset, RetryPolicy
from generator.runtime._types import DEFAULT_MAX_RETRIES
from runtime_kit import Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio

OK = json_response(200, {"id": 1, "name": "one"})
NOW = 1_700_000_000.0


def failing_body(kit: Kit, status: int = 200) -> Any:
    """A step whose headers arrive but whose body breaks off with a read error."""
    return lambda request: httpx.Response(
        status, content=kit.content([b'{"id": 1,'], fail=httpx.ReadError("reset while reading", request=request))
    )


# -- what is retried ----------------------------------------------------------------------------------------


def test_default_max_retries_is_two() -> None:
    assert DEFAULT_MAX_RETRIES == 2
    assert IDEMPOTENT_METHODS == frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})


async def test_client_default_retries_twice(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(500, {}))
    client = kit.client(script)
    assert client.max_retries == 2
    with pytest.raises(InternalServerError):
        await kit.request(client, prepared(endpoint("GET")))
    assert script.count == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.ReadTimeout,
        httpx.ReadError,
        httpx.RemoteProtocolError,
        json_response(408, {}),
        json_response(429, {}),
        json_response(500, {}),
        json_response(502, {}),
        json_response(503, {}),
        json_response(504, {}),
    ],
    ids=lambda f: getattr(f, "__name__", None) or str(f.status_code),
)
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_idempotent_call_retried_then_succeeds(kit: Kit, sleeps: list[float], failure: Any, method: str) -> None:
    script = Script(failure, OK)
    client = kit.client(script)
    raw = await kit.raw(client, prepared(endpoint(method)))
    assert raw.retries_taken == 1
    assert raw.status_code == 200
    assert await kit.parse(raw) == Item(id=1, name="one")
    assert script.count == 2
    assert len(sleeps) == 1


async def test_idempotent_call_retried_when_body_read_fails(kit: Kit, sleeps: list[float]) -> None:
    script = Script(failing_body(kit), OK)
    client = kit.client(script)
    raw = await kit.raw(client, prepared(endpoint("GET")))
    assert (raw.retries_taken, script.count, len(sleeps)) == (1, 2, 1)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 301])
async def test_other_statuses_are_not_retried(kit: Kit, sleeps: list[float], status: int) -> None:
    script = Script(json_response(status, {}))
    client = kit.client(script)
    with pytest.raises(APIStatusError):
        await kit.request(client, prepared(endpoint("GET")))
    assert script.count == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (json_response(500, {}), InternalServerError),
        (json_response(429, {}), RateLimitError),
        (httpx.ConnectError, APIConnectionError),
        (httpx.ReadTimeout, APITimeoutError),
        (httpx.RemoteProtocolError, APIConnectionError),
    ],
    ids=["500", "429", "connect", "read-timeout", "protocol"],
)
async def test_retries_are_bounded(kit: Kit, sleeps: list[float], failure: Any, error: type[Exception]) -> None:
    script = Script(failure)
    client = kit.client(script, max_retries=3)
    with pytest.raises(error) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert type(info.value) is error
    assert script.count == 4
    assert len(sleeps) == 3


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (json_response(500, {}), InternalServerError),
        (json_response(502, {}), InternalServerError),
        (json_response(503, {}), InternalServerError),  # 503 without Retry-After
        (json_response(500, {}, headers={"Retry-After": "1"}), InternalServerError),  # only 429/503 may ask
        (json_response(429, {}), RateLimitError),  # 429 without Retry-After
        (json_response(408, {}), APIStatusError),
        (httpx.ReadError, APIConnectionError),
        (httpx.ReadTimeout, APITimeoutError),
        (httpx.RemoteProtocolError, APIConnectionError),
        (httpx.WriteError, APIConnectionError),
    ],
    ids=["500", "502", "503", "500-retry-after", "429-bare", "408", "read", "read-timeout", "protocol", "write"],
)
async def test_non_idempotent_not_retried(
    kit: Kit, sleeps: list[float], method: str, failure: Any, error: type[Exception]
) -> None:
    script = Script(failure, OK)
    client = kit.client(script)
    with pytest.raises(error):
        await kit.request(client, prepared(endpoint(method), body={"a": 1}))
    assert script.count == 1
    assert sleeps == []


@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_non_idempotent_not_retried_when_body_read_fails(kit: Kit, sleeps: list[float], method: str) -> None:
    script = Script(failing_body(kit), OK)
    client = kit.client(script)
    with pytest.raises(APIConnectionError) as info:
        await kit.request(client, prepared(endpoint(method), body={}))
    assert info.value.message == "Connection error while reading: ReadError"
    assert (script.count, sleeps) == (1, [])


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.PoolTimeout,
        json_response(429, {}, headers={"Retry-After": "2"}),
        json_response(503, {}, headers={"Retry-After": "2"}),
        json_response(429, {}, headers={"retry-after-ms": "2000"}),
    ],
    ids=["connect", "connect-timeout", "pool-timeout", "429-retry-after", "503-retry-after", "429-retry-after-ms"],
)
async def test_non_idempotent_retried_when_request_provably_not_processed(
    kit: Kit, sleeps: list[float], method: str, failure: Any
) -> None:
    script = Script(failure, OK)
    client = kit.client(script)
    raw = await kit.raw(client, prepared(endpoint(method), body={"a": 1}))
    assert raw.retries_taken == 1
    assert script.count == 2
    assert script.requests[0].content == script.requests[1].content == b'{"a":1}'
    if isinstance(failure, httpx.Response):
        assert sleeps == [2.0]


async def test_endpoint_marked_idempotent_post_is_retried_on_500(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(500, {}), json_response(502, {}), OK)
    client = kit.client(script)
    raw = await kit.raw(client, prepared(endpoint("POST", idempotent=True), body={}))
    assert (raw.retries_taken, script.count, len(sleeps)) == (2, 3, 2)


async def test_per_call_max_retries_overrides_client(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(500, {}))
    client = kit.client(script)
    with pytest.raises(InternalServerError):
        await kit.request(client, prepared(endpoint("GET"), max_retries=0))
    assert script.count == 1
    with pytest.raises(InternalServerError):
        await kit.request(client, prepared(endpoint("GET"), max_retries=4))
    assert script.count == 1 + 5
    client = kit.client(script, max_retries=0)
    script.requests.clear()
    with pytest.raises(InternalServerError):
        await kit.request(client, prepared(endpoint("GET"), max_retries=1))
    assert script.count == 2


async def test_with_options_copy_shares_http_client(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(500, {}))
    client = kit.client(script, timeout=5.0)
    copy = client.with_options(max_retries=0)
    assert copy is not client
    assert copy._http is client._http
    assert (copy.max_retries, client.max_retries) == (0, 2)
    assert copy.timeout == client.timeout == 5.0
    with pytest.raises(InternalServerError):
        await kit.request(copy, prepared(endpoint("GET")))
    assert script.count == 1
    with pytest.raises(InternalServerError):
        await kit.request(client, prepared(endpoint("GET")))
    assert script.count == 1 + 3


async def test_with_options_copy_close_leaves_shared_pool_open(kit: Kit) -> None:
    client = kit.client(own_pool=True)  # the client creates (and owns) its pool
    copy = client.with_options(max_retries=0)
    await kit.close(copy)
    assert not client._http.is_closed
    await kit.close(client)
    assert client._http.is_closed


def test_negative_max_retries_refused(kit: Kit) -> None:
    with pytest.raises(ValueError):
        kit.client(max_retries=-1)
    with pytest.raises(ValueError):
        kit.client().with_options(max_retries=-1)


# -- how long the client waits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),  # the finer header wins
        ({"Retry-After": email.utils.formatdate(NOW + 7, usegmt=True)}, 7.0),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 1445412480.0 - NOW),
        ({"Retry-After": "soon"}, None),
        ({"retry-after-ms": "x"}, None),
        ({}, None),
    ],
)
def test_header_delay_standard_headers(headers: dict[str, str], expected: float | None) -> None:
    assert RetryPolicy().header_delay(httpx.Headers(headers), now=NOW) == expected


@pytest.mark.parametrize(
    ("unit", "value", "expected"),
    [
        ("epoch-seconds", str(int(NOW) + 12), 12.0),
        ("epoch-milliseconds", str(int(NOW * 1000) + 4500), 4.5),
        ("epoch-seconds", "garbage", None),
    ],
)
def test_header_delay_rate_limit_reset(unit: Any, value: str, expected: float | None) -> None:
    policy = RetryPolicy(rate_limit_reset=RateLimitReset("X-Ratelimit-Reset", unit))
    assert policy.header_delay(httpx.Headers({"x-ratelimit-reset": value}), now=NOW) == pytest.approx(expected)
    assert policy.header_delay(httpx.Headers({"Retry-After": "2", "X-Ratelimit-Reset": value}), now=NOW) == 2.0
    # Without the declaration the API-specific header means nothing.
    assert RetryPolicy().header_delay(httpx.Headers({"X-Ratelimit-Reset": value}), now=NOW) is None


def test_delay_uses_header_within_cap_else_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(random, "random", lambda: 0.0)  # no jitter: backoff is exactly initial * 2**n
    policy = RetryPolicy(initial_delay=0.5, max_backoff=8.0, max_header_delay=60.0)
    assert policy.delay(0, httpx.Headers({"Retry-After": "60"})) == 60.0
    assert policy.delay(0, httpx.Headers({"Retry-After": "61"})) == 0.5  # asks too much: capped to the backoff
    assert policy.delay(1, httpx.Headers({"Retry-After": "-3"})) == 1.0  # negative: ignored
    assert policy.delay(2, httpx.Headers({"Retry-After": "nan"})) == 2.0
    assert policy.delay(2, httpx.Headers({"Retry-After": "inf"})) == 2.0
    assert policy.delay(0, httpx.Headers({"Retry-After": "0"})) == 0.0
    past = email.utils.formatdate(time.time() - 100, usegmt=True)
    assert policy.delay(0, httpx.Headers({"Retry-After": past})) == 0.5


def test_backoff_grows_and_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(random, "random", lambda: 0.0)
    policy = RetryPolicy(initial_delay=0.5, max_backoff=8.0)
    assert [policy.delay(n, None) for n in range(7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    monkeypatch.setattr(random, "random", lambda: 1.0)
    assert [policy.delay(n, None) for n in range(3)] == [0.375, 0.75, 1.5]


def test_backoff_jitter_stays_within_bounds() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_backoff=8.0)
    for n, base in [(0, 0.5), (1, 1.0), (3, 4.0), (10, 8.0)]:
        samples = [policy.delay(n, None) for _ in range(300)]
        assert all(0.75 * base <= s <= base for s in samples), (n, min(samples), max(samples))
        assert len(set(samples)) > 250  # jittered, not a constant
        assert max(samples) - min(samples) > 0.15 * base


def test_should_retry_status_rules() -> None:
    policy = RetryPolicy()

    def resp(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
        return httpx.Response(status, headers=headers)

    for status in (408, 429, 500, 502, 503, 504, 599):
        assert policy.should_retry_status(resp(status), idempotent=True)
    for status in (400, 401, 403, 404, 409, 422, 301):
        assert not policy.should_retry_status(resp(status), idempotent=True)
    assert not policy.should_retry_status(resp(500, {"Retry-After": "1"}), idempotent=False)
    assert not policy.should_retry_status(resp(429), idempotent=False)
    assert policy.should_retry_status(resp(429, {"Retry-After": "1"}), idempotent=False)
    assert policy.should_retry_status(resp(503, {"Retry-After": "1"}), idempotent=False)


async def test_client_sleeps_what_the_server_asked(kit: Kit, sleeps: list[float]) -> None:
    script = Script(
        json_response(429, {}, headers={"Retry-After": "3"}),
        json_response(503, {}, headers={"retry-after-ms": "1500"}),
        OK,
    )
    client = kit.client(script)
    raw = await kit.raw(client, prepared(endpoint("GET")))
    assert raw.retries_taken == 2
    assert sleeps == [3.0, 1.5]


async def test_client_honours_http_date_and_rate_limit_reset(kit: Kit, sleeps: list[float]) -> None:
    reset_ms = str(int((time.time() + 10) * 1000))
    script = Script(
        json_response(429, {}, headers={"Retry-After": email.utils.formatdate(time.time() + 20, usegmt=True)}),
        json_response(429, {}, headers={"X-Ratelimit-Reset": reset_ms}),
        OK,
    )
    policy = RetryPolicy(rate_limit_reset=RateLimitReset("X-Ratelimit-Reset", "epoch-milliseconds"))
    client = kit.client(script, retry_policy=policy)
    raw = await kit.raw(client, prepared(endpoint("GET")))
    assert raw.retries_taken == 2
    assert 18.0 < sleeps[0] <= 20.0
    assert 9.0 < sleeps[1] <= 10.0


async def test_client_backoff_without_headers(kit: Kit, sleeps: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(random, "random", lambda: 0.0)
    script = Script(json_response(500, {}), httpx.ConnectError, json_response(502, {}), OK)
    client = kit.client(script, max_retries=3, retry_policy=RetryPolicy(initial_delay=0.25, max_backoff=0.75))
    raw = await kit.raw(client, prepared(endpoint("GET")))
    assert raw.retries_taken == 3
    assert sleeps == [0.25, 0.5, 0.75]


async def test_too_long_retry_after_falls_back_to_backoff(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(429, {}, headers={"Retry-After": "3600"}), OK)
    client = kit.client(script)
    await kit.request(client, prepared(endpoint("GET")))
    assert len(sleeps) == 1 and 0.375 <= sleeps[0] <= 0.5


async def test_retried_request_is_identical(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(503, {}), OK)
    client = kit.client(script)
    await kit.request(client, prepared(endpoint("PUT"), body={"name": "x"}, query={"q": 1}))
    first, second = script.requests
    assert (first.method, str(first.url), first.content) == (second.method, str(second.url), second.content)
    assert first.headers == second.headers


async def test_error_after_exhausted_retries_is_last_answer(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(503, {}), json_response(500, {}), json_response(400, {"m": 1}))
    client = kit.client(script)
    with pytest.raises(BadRequestError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert info.value.content == b'{"m":1}'
    assert script.count == 3
