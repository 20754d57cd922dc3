"""Errors: status -> class, what an error carries, envelopes, response validation, missing credentials."""

from __future__ import annotations

import httpx
import pydantic
import pytest

from generator.runtime._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    status_error_class,
)
from generator.runtime._types import Endpoint, Envelope
from runtime_kit import ApiError, Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio

STATUS_CLASSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (409, ConflictError),
    (422, UnprocessableEntityError),
    (429, RateLimitError),
    (500, InternalServerError),
    (501, InternalServerError),
    (502, InternalServerError),
    (503, InternalServerError),
    (504, InternalServerError),
    (599, InternalServerError),
    (402, APIStatusError),
    (405, APIStatusError),
    (410, APIStatusError),
    (418, APIStatusError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
def test_status_error_class_mapping(status: int, cls: type[APIStatusError]) -> None:
    assert status_error_class(status) is cls


def test_error_hierarchy() -> None:
    for _, cls in STATUS_CLASSES:
        assert issubclass(cls, APIStatusError) and issubclass(cls, APIError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIResponseValidationError, APIError)
    assert issubclass(MissingCredentialError, APIError)


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
async def test_status_raises_typed_error(kit: Kit, status: int, cls: type[APIStatusError]) -> None:
    body = b'{"code": "c%d", "message": "went wrong"}' % status
    script = Script(httpx.Response(status, content=body, headers={"X-Request-Id": "req-7"}))
    client = kit.client(script, max_retries=0)
    with pytest.raises(APIStatusError) as info:
        await kit.request(client, prepared(endpoint("GET", error_types={"default": ApiError})))
    exc = info.value
    assert type(exc) is cls
    assert exc.status_code == status
    assert exc.headers["x-request-id"] == "req-7"
    assert exc.content == body
    assert exc.body == {"code": f"c{status}", "message": "went wrong"}  # parsed JSON
    assert exc.request_id == "req-7"
    assert exc.error == ApiError(code=f"c{status}", message="went wrong")
    assert exc.message == f"testOp: HTTP {status}: went wrong"
    assert str(exc) == exc.message
    assert exc.request is not None and exc.request.url.path == "/v1/things/1"
    assert exc.response is not None and exc.response.status_code == status
    assert script.count == 1


class E404(pydantic.BaseModel):
    missing: str


class E4xx(pydantic.BaseModel):
    client_fault: str


class EDefault(pydantic.BaseModel):
    other: str


@pytest.mark.parametrize(
    ("status", "payload", "expected"),
    [
        (404, {"missing": "thing"}, E404(missing="thing")),
        (409, {"client_fault": "dup"}, E4xx(client_fault="dup")),
        (500, {"other": "x"}, EDefault(other="x")),
        (404, {"not": "matching"}, None),  # body does not fit the declared model: no parsed error, no crash
    ],
)
async def test_error_model_lookup_exact_then_range_then_default(
    kit: Kit, status: int, payload: dict[str, str], expected: object
) -> None:
    ep = endpoint("GET", error_types={"404": E404, "4XX": E4xx, "default": EDefault})
    client = kit.client(Script(json_response(status, payload)), max_retries=0)
    with pytest.raises(APIStatusError) as info:
        await kit.request(client, prepared(ep))
    assert info.value.error == expected
    assert info.value.status_code == status


async def test_error_without_declared_model_keeps_raw_body(kit: Kit) -> None:
    client = kit.client(Script(httpx.Response(400, text="plain failure")), max_retries=0)
    with pytest.raises(BadRequestError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert info.value.error is None
    assert info.value.body == "plain failure"  # not JSON: the text
    assert info.value.content == b"plain failure"
    assert info.value.message == "testOp: HTTP 400: plain failure"


async def test_error_with_non_json_body_and_declared_model(kit: Kit) -> None:
    client = kit.client(Script(httpx.Response(404, text="<html>nope</html>")), max_retries=0)
    with pytest.raises(NotFoundError) as info:
        await kit.request(client, prepared(endpoint("GET", error_types={"404": ApiError})))
    assert info.value.error is None
    assert info.value.body == "<html>nope</html>"


# -- envelopes ----------------------------------------------------------------------------------------------

ENVELOPE = Envelope(status="status", message="status_text", data="data")


def _rpc() -> Endpoint:
    return endpoint("POST", "/v1/rpc/read", envelope=ENVELOPE, idempotent=False)


@pytest.mark.parametrize(("inner", "cls"), [(s, c) for s, c in STATUS_CLASSES if s != 599])
async def test_envelope_error_status_raises_same_classes(kit: Kit, inner: int, cls: type[APIStatusError]) -> None:
    payload = {"status": inner, "status_text": "inner trouble", "data": None}
    script = Script(json_response(200, payload))
    client = kit.client(script)
    with pytest.raises(APIStatusError) as info:
        await kit.request(client, prepared(_rpc(), body=[1]), Item)
    assert type(info.value) is cls
    assert info.value.status_code == inner
    assert info.value.error == payload
    assert info.value.message == f"testOp: status {inner}: inner trouble"
    assert script.count == 1  # an envelope error is an answer, not a transport failure: never retried


@pytest.mark.parametrize("inner", [200, 201, 299])
async def test_envelope_success_unwraps_data(kit: Kit, inner: int) -> None:
    payload = {"status": inner, "status_text": "OK", "data": {"id": 5, "name": "five"}}
    client = kit.client(Script(json_response(200, payload)))
    assert await kit.request(client, prepared(_rpc(), body=[]), Item) == Item(id=5, name="five")


async def test_envelope_success_with_no_result_type(kit: Kit) -> None:
    client = kit.client(Script(json_response(200, {"status": 200, "status_text": "OK", "data": None})))
    assert await kit.request(client, prepared(_rpc(), body=[]), None) is None


async def test_envelope_error_with_no_result_type_still_raises(kit: Kit) -> None:
    client = kit.client(Script(json_response(200, {"status": 403, "status_text": "denied"})))
    with pytest.raises(PermissionDeniedError):
        await kit.request(client, prepared(_rpc(), body=[]), None)


@pytest.mark.parametrize("payload", [{"status_text": "no status"}, {"status": "200"}, {"status": True}, [1, 2], None])
async def test_envelope_without_integer_status_is_validation_error(kit: Kit, payload: object) -> None:
    client = kit.client(Script(json_response(200, payload)))
    with pytest.raises(APIResponseValidationError) as info:
        await kit.request(client, prepared(_rpc(), body=[]), Item)
    empty = "testOp: the answer is empty where the API description promises JSON"
    assert info.value.message == (empty if payload is None else "testOp: the answer has no envelope status")
    assert info.value.status_code == 200


# -- response validation ------------------------------------------------------------------------------------


async def test_malformed_json_is_validation_error(kit: Kit) -> None:
    body = b'{"id": 1, "name": '
    script = Script(httpx.Response(200, content=body, headers={"Content-Type": "application/json"}))
    client = kit.client(script)
    with pytest.raises(APIResponseValidationError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert info.value.status_code == 200
    assert info.value.content == body
    assert info.value.message.startswith("testOp: the answer is not valid JSON")
    assert isinstance(info.value.__cause__, ValueError)
    assert script.count == 1


@pytest.mark.parametrize("headers", [{"Content-Type": "application/json"}, {}])
@pytest.mark.parametrize("status", [200, 204])
async def test_an_empty_success_where_json_is_described_is_nothing_unless_strict(
    kit: Kit, status: int, headers: dict[str, str]
) -> None:
    """Servers answer writes with no body where their description promises JSON (Vault's generated spec does so
    for many of its writes): the call succeeded, so lenient parsing gives None; strict parsing refuses it."""
    lenient = kit.client(Script(httpx.Response(status, headers=headers)))
    assert await kit.request(lenient, prepared(endpoint("POST")), Item) is None
    strict = kit.client(Script(httpx.Response(status, headers=headers)), strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as info:
        await kit.request(strict, prepared(endpoint("POST")), Item)
    assert info.value.message == "testOp: the answer is empty where the API description promises JSON"


async def test_schema_mismatch_is_validation_error_when_strict(kit: Kit) -> None:
    client = kit.client(Script(json_response(200, {"id": "not-a-number", "name": "x"})), strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert info.value.message == (
        "testOp: the answer does not match the API description at id: expected a valid integer, unable to parse "
        "string as an integer, got 'not-a-number'"
    )
    assert info.value.content == b'{"id":"not-a-number","name":"x"}'
    assert info.value.errors[0]["loc"] == ("id",)
    assert isinstance(info.value.__cause__, pydantic.ValidationError)


async def test_result_types_bytes_str_none_and_list(kit: Kit) -> None:
    client = kit.client(Script(httpx.Response(200, content=b"\x00\x01raw")))
    assert await kit.request(client, prepared(endpoint("GET")), bytes) == b"\x00\x01raw"
    client = kit.client(Script(httpx.Response(200, text="hello")))
    assert await kit.request(client, prepared(endpoint("GET")), str) == "hello"
    client = kit.client(Script(httpx.Response(204)))
    assert await kit.request(client, prepared(endpoint("DELETE")), None) is None
    client = kit.client(Script(json_response(200, [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}])))
    assert await kit.request(client, prepared(endpoint("GET")), list[Item]) == [
        Item(id=1, name="a"),
        Item(id=2, name="b"),
    ]


# -- credentials ---------------------------------------------------------------------------------------------


async def test_missing_credential_raises_before_any_request(kit: Kit) -> None:
    script = Script()
    client = kit.client(script, credential=None)
    with pytest.raises(MissingCredentialError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert script.count == 0
    assert "testOp needs a credential" in info.value.message


async def test_unsecured_endpoint_needs_no_credential(kit: Kit) -> None:
    script = Script()
    client = kit.client(script, credential=None)
    assert await kit.request(client, prepared(endpoint("GET", secured=False))) == Item(id=1, name="one")
    assert "authorization" not in script.requests[0].headers


@pytest.mark.parametrize(
    ("location", "scheme", "check"),
    [
        ("header", "bearer", lambda r: r.headers["Authorization"] == "Bearer s3cr3t"),
        ("header", "raw", lambda r: r.headers["Authorization"] == "s3cr3t"),
        ("header", "basic", lambda r: r.headers["Authorization"] == "Basic dXNlcjpzM2NyM3Q="),
        ("query", "raw", lambda r: r.url.params["Authorization"] == "s3cr3t"),
        ("cookie", "raw", lambda r: r.headers["Cookie"] == "Authorization=s3cr3t"),
    ],
)
async def test_credential_placement(kit: Kit, location: str, scheme: str, check: object) -> None:
    from generator.runtime._base_client import Credential

    secret = "user:s3cr3t" if scheme == "basic" else "s3cr3t"
    script = Script()
    client = kit.client(script, credential=Credential(location, "Authorization", scheme, secret))  # type: ignore[arg-type]
    await kit.request(client, prepared(endpoint("GET")))
    assert check(script.requests[0])  # type: ignore[operator]
