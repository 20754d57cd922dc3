"""What a call carries: idempotency keys, credentials read before every attempt, query parameters by style, calls to
paths the description does not list, and client copies with any setting changed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from generator.runtime._auth import Credential
from generator.runtime._exceptions import (
    APIConnectionError,
    APIUsageError,
    InternalServerError,
    MissingCredentialError,
    NotFoundError,
)
from generator.runtime._request import serialize_query
from generator.runtime._types import QueryStyle, RequestOptions
from runtime_kit import SECRET, Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio

IDEMPOTENT_WRITE = endpoint("POST", "/orders", idempotency_header="Idempotency-Key")


# -- idempotency keys ---------------------------------------------------------------------------------------


async def test_a_write_carries_one_key_reused_across_its_retries(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(500, {}), httpx.ConnectError, json_response(200, {"id": 1, "name": "ok"}))
    client = kit.client(script)
    assert await kit.request(client, prepared(IDEMPOTENT_WRITE, body={"n": 1})) == Item(id=1, name="ok")
    keys = [r.headers["Idempotency-Key"] for r in script.requests]
    assert len(keys) == 3 and len(set(keys)) == 1 and keys[0].startswith("sdksmith-")
    assert len(sleeps) == 2  # with a key, a POST is retried on 5xx and on a broken connection


async def test_each_call_gets_its_own_key(kit: Kit) -> None:
    script = Script(json_response(200, {"id": 1, "name": "ok"}))
    client = kit.client(script)
    for _ in range(3):
        await kit.request(client, prepared(IDEMPOTENT_WRITE, body={}))
    assert len({r.headers["Idempotency-Key"] for r in script.requests}) == 3


async def test_the_key_can_be_given_per_call(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(503, {}), json_response(200, {"id": 1, "name": "ok"}))
    client = kit.client(script)
    await kit.request(client, prepared(IDEMPOTENT_WRITE, body={}, idempotency_key="order-7"))
    assert [r.headers["Idempotency-Key"] for r in script.requests] == ["order-7", "order-7"]


async def test_without_the_header_a_post_is_still_not_repeated_after_a_5xx(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(500, {}))
    client = kit.client(script)
    with pytest.raises(InternalServerError):
        await kit.request(client, prepared(endpoint("POST", "/orders"), body={}))
    assert script.count == 1 and "idempotency-key" not in script.requests[0].headers


async def test_reads_carry_no_key(kit: Kit) -> None:
    script = Script()
    await kit.request(kit.client(script), prepared(endpoint("GET", "/orders/{id}", idempotency_header="Idempotency-Key")))
    assert "idempotency-key" not in script.requests[0].headers


# -- credentials --------------------------------------------------------------------------------------------


async def test_a_credential_function_is_asked_before_every_attempt(kit: Kit, sleeps: list[float]) -> None:
    tokens = iter(["token-1", "token-2", "token-3"])
    script = Script(json_response(500, {}), json_response(503, {}), json_response(200, {"id": 1, "name": "ok"}))
    client = kit.client(script, credential=Credential("header", "Authorization", "bearer", lambda: next(tokens)))
    await kit.request(client, prepared(endpoint("GET")))
    assert [r.headers["Authorization"] for r in script.requests] == ["Bearer token-1", "Bearer token-2", "Bearer token-3"]


async def test_the_async_client_awaits_an_async_credential_function() -> None:
    kit = Kit("async")
    calls: list[int] = []

    async def fetch() -> str:
        calls.append(1)
        return f"async-{len(calls)}"

    script = Script()
    client = kit.client(script, credential=Credential("query", "key", "raw", fetch))
    await kit.request(client, prepared(endpoint("GET")))
    await kit.request(client, prepared(endpoint("GET")))
    assert [r.url.params["key"] for r in script.requests] == ["async-1", "async-2"]


def test_the_blocking_client_refuses_an_async_credential_function() -> None:
    async def fetch() -> str:
        return "never"

    client = Kit("sync").client(Script(), credential=Credential("header", "Authorization", "bearer", fetch))
    with pytest.raises(APIUsageError, match="awaitable"):
        client.request(prepared(endpoint("GET")), Item)


async def test_a_credential_function_returning_nothing_is_a_usage_error(kit: Kit) -> None:
    script = Script()
    client = kit.client(script, credential=Credential("header", "Authorization", "bearer", lambda: ""))
    with pytest.raises(APIUsageError):
        await kit.request(client, prepared(endpoint("GET")))
    assert script.count == 0


async def test_secrets_from_a_function_are_redacted_from_messages(kit: Kit) -> None:
    client = kit.client(
        Script(json_response(404, {"message": "token dyn-secret-9 unknown"})),
        credential=Credential("header", "Authorization", "bearer", lambda: "dyn-secret-9"),
        max_retries=0,
    )
    with pytest.raises(NotFoundError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert "dyn-secret-9" not in str(info.value) and "***" in str(info.value)


async def test_the_missing_credential_message_names_the_argument_and_the_variable(kit: Kit) -> None:
    client = kit.client(Script(), credential=None, credential_env="TEST_API_TOKEN")
    with pytest.raises(MissingCredentialError) as info:
        await kit.request(client, prepared(endpoint("GET", operation_id="getThing")))
    name = "AsyncTestClient" if kit.is_async else "SyncTestClient"
    assert info.value.message == f"getThing needs a credential: pass api_key= to {name}() or set the TEST_API_TOKEN environment variable"


# -- query styles -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "style", "wire"),
    [
        (["a", "b"], QueryStyle("form", True), "ids=a&ids=b"),
        (["a", "b"], QueryStyle("form", False), "ids=a%2Cb"),
        (["a", "b"], QueryStyle("spaceDelimited", False), "ids=a+b"),
        (["a", "b"], QueryStyle("pipeDelimited", False), "ids=a%7Cb"),
        ({"color": "red", "size": 2}, QueryStyle("deepObject", True), "ids%5Bcolor%5D=red&ids%5Bsize%5D=2"),
        ({"color": "red", "size": 2}, QueryStyle("form", True), "color=red&size=2"),
        ({"color": "red", "size": 2}, QueryStyle("form", False), "ids=color%2Cred%2Csize%2C2"),
        ({"color": "red", "size": 2}, QueryStyle("pipeDelimited", False), "ids=color%7Cred%7Csize%7C2"),
        ({"color": "red", "size": 2}, QueryStyle("spaceDelimited", False), "ids=color+red+size+2"),
        ({"a": {"b": True}}, QueryStyle("deepObject", True), "ids%5Ba%5D%5Bb%5D=true"),
        ([True, False], QueryStyle("form", True), "ids=true&ids=false"),
        ("plain", QueryStyle("pipeDelimited", False), "ids=plain"),
    ],
)
async def test_query_parameters_go_on_the_wire_by_their_style(kit: Kit, value: Any, style: QueryStyle, wire: str) -> None:
    script = Script()
    ep = endpoint("GET", "/search", query_styles={"ids": style})
    await kit.request(kit.client(script), prepared(ep, query={"ids": value, "q": "x y"}))
    query = script.requests[0].url.query.decode()
    assert query == f"{wire}&q=x+y"


def test_omitted_and_null_query_values_are_left_out() -> None:
    from generator.runtime._types import NOT_GIVEN

    assert serialize_query({"a": None, "b": NOT_GIVEN, "c": [None, 1]}, {}) == [("c", "1")]


async def test_extra_query_replaces_a_parameter_of_the_same_name(kit: Kit) -> None:
    script = Script()
    await kit.request(kit.client(script), prepared(endpoint("GET", "/s"), query={"a": [1, 2], "b": 3}, extra_query={"a": "z"}))
    assert script.requests[0].url.query.decode() == "b=3&a=z"


# -- calls to paths the description does not list -------------------------------------------------------------


async def test_custom_calls_keep_auth_retries_and_errors(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(502, {}), json_response(200, {"id": 5, "name": "custom"}))
    client = kit.client(script)
    got = await kit.call(client.get, "/unlisted/thing", cast_to=Item, query={"expand": True})
    assert got == Item(id=5, name="custom")
    request = script.requests[-1]
    assert str(request.url) == "https://api.example.test/v1/unlisted/thing?expand=true"
    assert request.headers["Authorization"] == f"Bearer {SECRET}"
    assert script.count == 2  # a GET is retried

    posted = Script(json_response(404, {"message": "nope"}))
    client = kit.client(posted, max_retries=0)
    with pytest.raises(NotFoundError) as info:
        await kit.call(client.post, "/unlisted", cast_to=object, body={"a": 1}, options=RequestOptions(timeout=3.0))
    assert info.value.message == "POST /unlisted: HTTP 404: nope"
    assert posted.bodies() == [{"a": 1}]
    assert posted.requests[0].extensions["timeout"]["read"] == 3.0


async def test_custom_calls_return_plain_json_and_nothing(kit: Kit) -> None:
    client = kit.client(Script(json_response(200, {"any": ["json"]}), httpx.Response(204)))
    assert await kit.call(client.put, "/x", cast_to=object, body=[1]) == {"any": ["json"]}
    assert await kit.call(client.delete, "/x", cast_to=object) is None


async def test_custom_calls_never_send_the_credential_to_another_server(kit: Kit) -> None:
    script = Script()
    client = kit.client(script)
    with pytest.raises(APIUsageError, match="not on this client's server"):
        await kit.call(client.get, "https://elsewhere.test/steal", cast_to=object)
    assert script.count == 0
    await kit.call(client.patch, "https://api.example.test/v1/same", cast_to=object, body={})
    assert script.requests[0].headers["Authorization"] == f"Bearer {SECRET}"


# -- copies -------------------------------------------------------------------------------------------------


async def test_copies_change_any_setting_and_share_the_pool(kit: Kit) -> None:
    script = Script()
    client = kit.client(script, default_query={"v": "1"}, default_headers={"X-A": "a"})
    other = client.with_options(
        base_url="https://other.example.test/v2",
        credential=Credential("header", "X-Key", "raw", "second"),
        default_headers={"X-B": "b"},
        default_query={"w": "2"},
        max_response_size=123,
        strict_response_validation=True,
        timeout=9.0,
        max_retries=0,
    )
    assert other._http is client._http
    await kit.request(other, prepared(endpoint("GET")))
    request = script.requests[0]
    assert str(request.url) == "https://other.example.test/v2/things/1?v=1&w=2"
    assert request.headers["X-Key"] == "second" and "authorization" not in request.headers
    assert request.headers["X-A"] == "a" and request.headers["X-B"] == "b"
    assert (other.max_response_size, other.strict_response_validation, other.timeout, other.max_retries) == (123, True, 9.0, 0)
    replaced = client.with_options(set_default_headers={"X-C": "c"}, set_default_query={})
    await kit.request(replaced, prepared(endpoint("GET")))
    last = script.requests[-1]
    assert "x-a" not in last.headers and last.headers["X-C"] == "c" and last.url.query == b""
    assert last.headers["User-Agent"].startswith("sdksmith-test/")
    # the original is unchanged
    await kit.request(client, prepared(endpoint("GET")))
    assert script.requests[-1].url.query == b"v=1" and script.requests[-1].headers["Authorization"] == f"Bearer {SECRET}"


def test_copies_check_what_they_are_given() -> None:
    client = Kit("sync").client(Script())
    with pytest.raises(APIUsageError):
        client.with_options(max_retries=-1)
    with pytest.raises(APIUsageError):
        client.with_options(default_headers={"X": "a\nb"})
    with pytest.raises(APIUsageError):
        client.with_options(default_headers={"X": "a"}, set_default_headers={"Y": "b"})
    with pytest.raises(APIUsageError):
        client.with_options(base_url="nowhere")


async def test_a_copy_with_its_own_pool_uses_it(kit: Kit) -> None:
    first, second = Script(), Script()
    client = kit.client(first)
    copy = client.with_options(http_client=kit.http(second))
    await kit.request(copy, prepared(endpoint("GET")))
    assert (first.count, second.count) == (0, 1)


async def test_connection_errors_carry_their_cause(kit: Kit) -> None:
    client = kit.client(Script(httpx.ReadError), max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert isinstance(info.value.__cause__, httpx.ReadError)


def test_json_text_writes_compact_ascii_json_and_leaves_omitted_values_alone() -> None:
    import pydantic

    from generator.runtime._types import NOT_GIVEN
    from generator.runtime._utils import json_text

    class Where(pydantic.BaseModel):
        color: str | None = None
        size_cm: int | None = pydantic.Field(default=None, alias="sizeCm")

    assert json_text({"a": [1, "é"], "b": None}) == '{"a":[1,"\\u00e9"],"b":null}'
    assert json_text(Where.model_validate({"sizeCm": 3})) == '{"sizeCm":3}'  # wire names, only what was set
    assert json_text("x") == '"x"' and json_text(NOT_GIVEN) is NOT_GIVEN and json_text(None) is None
