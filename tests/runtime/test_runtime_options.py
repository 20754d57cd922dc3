"""Timeouts, per-call extras, request building and raw responses."""

from __future__ import annotations

import json

import httpx
import pydantic
import pytest

from generator.runtime._base_client import Prepared
from generator.runtime._response import APIResponse, AsyncAPIResponse
from generator.runtime._types import DEFAULT_TIMEOUT, NOT_GIVEN, RequestOptions
from runtime_kit import BASE_URL, Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio


def timeouts(seconds: float | None) -> dict[str, float | None]:
    return {"connect": seconds, "read": seconds, "write": seconds, "pool": seconds}


# -- timeouts -----------------------------------------------------------------------------------------------


def test_default_timeout_is_sixty_seconds() -> None:
    assert DEFAULT_TIMEOUT == 60.0


async def test_default_timeout_reaches_httpx(kit: Kit) -> None:
    script = Script()
    client = kit.client(script)
    assert client.timeout == 60.0
    await kit.request(client, prepared(endpoint("GET")))
    assert script.requests[0].extensions["timeout"] == timeouts(60.0)


async def test_client_and_call_timeouts_reach_httpx(kit: Kit) -> None:
    script = Script()
    client = kit.client(script, timeout=7.5)
    await kit.request(client, prepared(endpoint("GET")))
    await kit.request(client, prepared(endpoint("GET"), timeout=1.25))
    await kit.request(client, prepared(endpoint("GET"), timeout=httpx.Timeout(3.0, connect=0.5)))
    await kit.request(client, prepared(endpoint("GET"), timeout=None))
    await kit.request(client.with_options(timeout=2.0), prepared(endpoint("GET")))
    got = [r.extensions["timeout"] for r in script.requests]
    assert got == [
        timeouts(7.5),
        timeouts(1.25),
        {"connect": 0.5, "read": 3.0, "write": 3.0, "pool": 3.0},
        timeouts(None),
        timeouts(2.0),
    ]
    assert client.timeout == 7.5


# -- per-call extras ----------------------------------------------------------------------------------------


async def test_extra_headers_query_and_body(kit: Kit) -> None:
    script = Script()
    client = kit.client(script)
    call = prepared(
        endpoint("POST"),
        query={"limit": 5, "flag": True, "skip": NOT_GIVEN, "nothing": None},
        headers={"X-Given": "g", "X-Bool": False, "X-Left-Out": NOT_GIVEN},
        body={"name": "n", "nested": {"a": 1}},
        extra_headers={"X-Extra": "e", "x-given": "overridden"},
        extra_query={"debug": "1", "limit": "9"},
        extra_body={"extra": [1, 2], "name": "replaced"},
    )
    await kit.request(client, call)
    request = script.requests[0]
    assert dict(request.url.params) == {"limit": "9", "flag": "true", "debug": "1"}
    assert request.headers["X-Extra"] == "e"
    assert request.headers.get_list("X-Given") == ["overridden"]
    assert request.headers["X-Bool"] == "false"
    assert "x-left-out" not in request.headers
    assert json.loads(request.content) == {"name": "replaced", "nested": {"a": 1}, "extra": [1, 2]}
    assert request.headers["Content-Type"] == "application/json"


class Payload(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(populate_by_name=True)
    display_name: str = pydantic.Field(alias="displayName")
    note: str | None = None


async def test_extra_body_merges_into_model_body_by_wire_name(kit: Kit) -> None:
    script = Script()
    client = kit.client(script)
    body = Payload.model_validate({"displayName": "d"})
    await kit.request(client, prepared(endpoint("POST"), body=body, extra_body={"more": True}))
    assert json.loads(script.requests[0].content) == {"displayName": "d", "more": True}


async def test_extra_body_alone_makes_an_object_body(kit: Kit) -> None:
    script = Script()
    client = kit.client(script)
    await kit.request(client, prepared(endpoint("POST"), extra_body={"only": "extra"}))
    assert json.loads(script.requests[0].content) == {"only": "extra"}


@pytest.mark.parametrize(
    ("ep", "body"),
    [
        (endpoint("POST"), [1, 2]),  # positional RPC arguments: not an object
        (endpoint("GET"), NOT_GIVEN),  # no request body at all
        (endpoint("POST", body_kind="bytes"), b"raw"),
    ],
    ids=["array-body", "no-body", "bytes-body"],
)
async def test_extra_body_without_object_body_is_refused_before_io(kit: Kit, ep: object, body: object) -> None:
    script = Script()
    client = kit.client(script)
    with pytest.raises(ValueError, match="extra_body needs a request body that is an object"):
        await kit.request(client, prepared(ep, body=body, extra_body={"x": 1}))  # type: ignore[arg-type]
    assert script.count == 0


async def test_headers_merge_case_insensitively(kit: Kit) -> None:
    script = Script()
    client = kit.client(script, default_headers={"user-agent": "custom-agent", "X-Team": "a"})
    await kit.request(client, prepared(endpoint("GET"), extra_headers={"x-team": "b", "ACCEPT": "text/plain"}))
    request = script.requests[0]
    assert request.headers.get_list("User-Agent") == ["custom-agent"]
    assert request.headers.get_list("X-Team") == ["b"]
    assert request.headers.get_list("Accept") == ["text/plain"]
    copy = client.with_options(default_headers={"X-TEAM": "c"})
    await kit.request(copy, prepared(endpoint("GET")))
    assert script.requests[1].headers.get_list("x-team") == ["c"]


async def test_credential_wins_over_extra_headers(kit: Kit) -> None:
    script = Script()
    client = kit.client(script)
    await kit.request(client, prepared(endpoint("GET"), extra_headers={"authorization": "Bearer other"}))
    assert script.requests[0].headers.get_list("Authorization") == ["Bearer sk-live-7Hq2ZxVb9LmN4pR8"]


async def test_accept_and_content_type_per_body_kind(kit: Kit) -> None:
    script = Script(httpx.Response(200, text="ok"))
    client = kit.client(script)
    await kit.request(client, prepared(endpoint("GET", accept="application/jsonl")), str)
    await kit.request(client, prepared(endpoint("POST", body_kind="bytes"), body=b"\x00\x01"), str)
    await kit.request(client, prepared(endpoint("POST", body_kind="form"), body={"a": {"b": [1, True]}}), str)
    await kit.request(client, prepared(endpoint("POST", body_kind="multipart"), body={"f": b"data", "n": 3}), str)
    jsonl, raw, form, multipart = script.requests
    assert jsonl.headers["Accept"] == "application/jsonl"
    assert (raw.headers["Content-Type"], raw.content) == ("application/octet-stream", b"\x00\x01")
    assert form.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form.content == b"a%5Bb%5D%5B0%5D=1&a%5Bb%5D%5B1%5D=true"
    assert multipart.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="f"' in multipart.content and b"data" in multipart.content and b'name="n"' in multipart.content


async def test_base_url_and_path_join(kit: Kit) -> None:
    script = Script()
    for base in ("https://api.example.test/v1", "https://api.example.test/v1/"):
        client = kit.client(script, base_url=base)
        await kit.request(client, prepared(endpoint("GET")))
        await kit.request(client, prepared(endpoint("POST", "/tokens:batchGet"), body={}))
    urls = [str(r.url) for r in script.requests]
    assert (
        urls
        == [
            "https://api.example.test/v1/things/1",
            "https://api.example.test/v1/tokens:batchGet",
        ]
        * 2
    )


# -- raw responses ------------------------------------------------------------------------------------------


async def test_raw_response_wrapper(kit: Kit) -> None:
    script = Script(json_response(201, {"id": 3, "name": "raw"}, headers={"X-Trace": "t-1"}))
    client = kit.client(script)
    raw = await kit.raw(client, prepared(endpoint("GET")))
    assert isinstance(raw, AsyncAPIResponse if kit.is_async else APIResponse)
    assert raw.status_code == 201
    assert raw.headers["x-trace"] == "t-1"
    assert raw.http_request is script.requests[0]
    assert raw.http_request.method == "GET"
    assert str(raw.url) == BASE_URL + "/things/1"
    assert raw.retries_taken == 0
    assert await kit.call(raw.read) == b'{"id":3,"name":"raw"}'
    assert await kit.call(raw.text) == '{"id":3,"name":"raw"}'
    assert await kit.call(raw.json) == {"id": 3, "name": "raw"}
    parsed = await kit.parse(raw)
    assert parsed == Item(id=3, name="raw")
    assert await kit.parse(raw) is parsed  # parsed once, cached
    name = "AsyncAPIResponse" if kit.is_async else "APIResponse"
    assert repr(raw) == f"<{name} [201] GET {BASE_URL}/things/1>"


async def test_raw_response_defers_validation_to_parse(kit: Kit) -> None:
    from generator.runtime._exceptions import APIResponseValidationError

    client = kit.client(Script(json_response(200, {"unexpected": True})), strict_response_validation=True)
    raw = await kit.raw(client, prepared(endpoint("GET")))
    assert raw.status_code == 200
    with pytest.raises(APIResponseValidationError):
        await kit.parse(raw)


async def test_raw_flag_does_not_leak_past_the_wrapped_call(kit: Kit) -> None:
    client = kit.client(Script())
    await kit.raw(client, prepared(endpoint("GET")))
    assert await kit.request(client, prepared(endpoint("GET"))) == Item(id=1, name="one")


async def test_raw_response_still_raises_status_errors(kit: Kit) -> None:
    from generator.runtime._exceptions import NotFoundError

    client = kit.client(Script(json_response(404, {})))
    with pytest.raises(NotFoundError):
        await kit.raw(client, prepared(endpoint("GET")))


def test_prepared_and_options_are_frozen() -> None:
    call = prepared(endpoint("GET"))
    assert isinstance(call, Prepared)
    with pytest.raises(Exception):
        call.body = 1  # type: ignore[misc]
    assert RequestOptions().timeout is NOT_GIVEN


async def test_cookie_parameters_are_sent(kit: Kit) -> None:
    script = Script(json_response(200, {"id": 1, "name": "one"}))
    client = kit.client(script)
    call = prepared(endpoint("GET"))._replace(cookies={"session": "abc", "flag": True, "skipped": NOT_GIVEN, "null": None})
    await kit.request(client, call)
    assert script.requests[0].headers["cookie"] == "session=abc; flag=true"
