"""Safety: secrets stay out of reprs, logs and messages; paths and headers cannot be bent; logging; redirects."""

from __future__ import annotations

import base64
import logging
import platform
from typing import Any

import httpx
import pytest

from generator.runtime._base_client import Credential
from generator.runtime._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    MissingCredentialError,
)
from generator.runtime._types import Envelope
from generator.runtime._utils import build_path, check_header_value
from runtime_kit import LOG_ENV, SECRET, USER_AGENT, Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio

BASIC_SECRET = "alice:pa55-w0rd-Zq9"
SECRETS = [SECRET, BASIC_SECRET, base64.b64encode(BASIC_SECRET.encode()).decode()]


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


# -- secrets ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("location", ["header", "query", "cookie"])
@pytest.mark.parametrize("scheme", ["bearer", "basic", "raw"])
def test_secret_not_in_repr(kit: Kit, location: Any, scheme: Any) -> None:
    secret = BASIC_SECRET if scheme == "basic" else SECRET
    credential = Credential(location, "X-Key", scheme, secret)
    client = kit.client(credential=credential)
    for text in (repr(client), str(client), repr(credential), str(credential), repr(client.with_options(timeout=1))):
        assert_no_secret(text)
    assert repr(credential) == f"Credential(location={location!r}, name='X-Key', scheme={scheme!r}, secret='***')"
    assert repr(client).startswith(f"{type(client).__name__}(base_url='https://api.example.test/v1/'")


@pytest.mark.parametrize("location", ["header", "query"])
async def test_secret_not_in_debug_logs(
    kit: Kit,
    location: Any,
    fresh_logger: str,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    sleeps: list[float],
) -> None:
    monkeypatch.setenv(LOG_ENV, "debug")
    caplog.set_level(logging.DEBUG)
    script = Script(
        json_response(500, {"message": f"bad key {SECRET}"}),
        httpx.ConnectError,
        json_response(200, {"id": 1, "name": "x"}),
    )
    client = kit.client(script, credential=Credential(location, "api_key", "raw", SECRET), logger_name=fresh_logger)
    await kit.request(client, prepared(endpoint("GET")))
    ours = [r for r in caplog.records if r.name == fresh_logger]
    assert len(ours) == 3
    assert logging.getLogger(fresh_logger).level == logging.DEBUG
    for record in ours:
        assert_no_secret(record.getMessage())
    if location == "header":  # with the secret in a header, no logger at all sees it (httpx logs URLs only)
        assert_no_secret(caplog.text)
    assert SECRET in str(script.requests[0].url) or SECRET in script.requests[0].headers.get("api_key", "")


async def test_secret_not_in_exception_messages(kit: Kit, sleeps: list[float]) -> None:
    credential = Credential("header", "Authorization", "basic", BASIC_SECRET)
    wire = "Basic " + base64.b64encode(BASIC_SECRET.encode()).decode()
    echoed = {"message": f"invalid credential {wire} (user {BASIC_SECRET})"}
    cases: list[tuple[Any, Any, type[APIError]]] = [
        (endpoint("GET"), json_response(401, echoed), AuthenticationError),
        (endpoint("GET"), httpx.Response(403, text=f"denied for {wire}"), APIStatusError),
        (endpoint("GET"), httpx.ConnectError, APIConnectionError),
        (endpoint("GET"), json_response(200, {"echo": wire}), APIResponseValidationError),  # strict client below
        (
            endpoint("POST", envelope=Envelope("status", "status_text", "data")),
            json_response(200, {"status": 401, "status_text": f"bad token {BASIC_SECRET}"}),
            AuthenticationError,
        ),
    ]
    for ep, answer, error in cases:
        client = kit.client(Script(answer), credential=credential, max_retries=0, strict_response_validation=True)
        with pytest.raises(error) as info:
            await kit.request(client, prepared(ep, body=[]))
        assert_no_secret(str(info.value))
        assert_no_secret(repr(info.value))
        assert "***" in str(info.value) or error in (APIConnectionError, APIResponseValidationError)
    client = kit.client(Script(), credential=None)
    with pytest.raises(MissingCredentialError) as missing:
        await kit.request(client, prepared(endpoint("GET")))
    assert_no_secret(str(missing.value))


async def test_status_error_message_redacts_but_body_is_kept(kit: Kit) -> None:
    client = kit.client(Script(json_response(401, {"message": f"key {SECRET} revoked"})), max_retries=0)
    with pytest.raises(AuthenticationError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert info.value.message == "testOp: HTTP 401: key *** revoked"
    assert SECRET.encode() in info.value.content  # the raw answer is the caller's to inspect


# -- redirects ----------------------------------------------------------------------------------------------


def redirecting(target: str, status: int = 302) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.example.test" and request.url.path == "/v1/things/1":
            return httpx.Response(status, headers={"Location": target})
        return json_response(200, {"id": 9, "name": "moved"})

    return handler


@pytest.mark.parametrize(
    ("target", "keeps"),
    [
        ("https://api.example.test/v1/things/2", True),  # same origin
        ("https://elsewhere.test/collect", False),  # another host
        ("https://api.example.test:8443/v1/x", False),  # another port
        ("http://api.example.test/v1/x", False),  # a downgrade to plain HTTP
    ],
)
@pytest.mark.parametrize("name", ["X-Api-Key", "Authorization"])
async def test_credential_header_not_sent_to_another_origin(kit: Kit, target: str, keeps: bool, name: str) -> None:
    script = Script(redirecting(target))
    client = kit.client(script, credential=Credential("header", name, "raw", SECRET))
    assert await kit.request(client, prepared(endpoint("GET"))) == Item(id=9, name="moved")
    first, second = script.requests
    assert first.headers[name] == SECRET
    assert str(second.url) == target
    assert (second.headers.get(name) == SECRET) is keeps
    assert_no_secret(str(second.headers) if not keeps else "")


async def test_query_credential_not_sent_to_another_origin(kit: Kit) -> None:
    script = Script(redirecting(f"https://elsewhere.test/collect?api_key={SECRET}&x=1"))
    client = kit.client(script, credential=Credential("query", "api_key", "raw", SECRET))
    await kit.request(client, prepared(endpoint("GET")))
    assert script.requests[0].url.params["api_key"] == SECRET
    assert dict(script.requests[1].url.params) == {"x": "1"}


async def test_redirect_not_followed_when_http_client_says_so(kit: Kit) -> None:
    script = Script(redirecting("https://api.example.test/v1/things/2"))
    client = kit.client(http_client=kit.http(script, follow_redirects=False))
    with pytest.raises(APIStatusError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert info.value.status_code == 302
    assert script.count == 1


async def test_redirect_loop_is_bounded(kit: Kit) -> None:
    script = Script(lambda request: httpx.Response(307, headers={"Location": str(request.url)}))
    client = kit.client(http_client=kit.http(script, follow_redirects=True, max_redirects=3))
    with pytest.raises(APIStatusError) as info:
        await kit.request(client, prepared(endpoint("GET")))
    assert info.value.status_code == 307
    assert script.count == 4


async def test_post_body_survives_307(kit: Kit) -> None:
    script = Script(
        lambda r: (
            httpx.Response(307, headers={"Location": "/v1/other"})
            if r.url.path == "/v1/things/1"
            else json_response(200, {"id": 2, "name": "p"})
        )
    )
    client = kit.client(script)
    await kit.request(client, prepared(endpoint("POST"), body={"a": 1}))
    assert [(r.method, r.url.path, r.content) for r in script.requests] == [
        ("POST", "/v1/things/1", b'{"a":1}'),
        ("POST", "/v1/other", b'{"a":1}'),
    ]


# -- path parameters ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "raw_path"),
    [
        ("a/../b", b"/v1/things/a%2F..%2Fb"),
        ("..", b"/v1/things/%2E%2E"),
        (".", b"/v1/things/%2E"),
        ("x y?z#w", b"/v1/things/x%20y%3Fz%23w"),
        ("%2F", b"/v1/things/%252F"),
        ("ünï", b"/v1/things/%C3%BCn%C3%AF"),
        (42, b"/v1/things/42"),
        (True, b"/v1/things/true"),
    ],
)
async def test_path_params_are_one_encoded_segment(kit: Kit, value: object, raw_path: bytes) -> None:
    script = Script()
    client = kit.client(script)
    await kit.request(client, prepared(endpoint("GET"), path_params={"id": value}))
    assert script.requests[0].url.raw_path == raw_path


@pytest.mark.parametrize(
    ("params", "message"), [({"id": ""}, "must not be empty"), ({"id": None}, "must not be None"), ({}, "is missing")]
)
async def test_bad_path_params_refused_before_io(kit: Kit, params: dict[str, Any], message: str) -> None:
    script = Script()
    client = kit.client(script)
    with pytest.raises(ValueError, match=message):
        await kit.request(client, prepared(endpoint("GET"), path_params=params))
    assert script.count == 0


def test_build_path_multiple_params() -> None:
    assert build_path("/u/{user}/t/{token}/x", {"user": "a b", "token": ".."}) == "/u/a%20b/t/%2E%2E/x"


# -- headers ------------------------------------------------------------------------------------------------

INJECTIONS = ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\x00b"]


@pytest.mark.parametrize("value", INJECTIONS)
async def test_header_values_with_line_breaks_refused_before_io(kit: Kit, value: str) -> None:
    script = Script()
    client = kit.client(script)
    with pytest.raises(ValueError, match="line break or NUL"):
        await kit.request(client, prepared(endpoint("GET"), extra_headers={"X-Test": value}))
    with pytest.raises(ValueError, match="line break or NUL"):
        await kit.request(client, prepared(endpoint("GET"), headers={"X-Param": value}))
    with pytest.raises(ValueError, match="line break or NUL"):
        client.with_options(default_headers={"X-Default": value})
    with pytest.raises(ValueError, match="line break or NUL"):
        kit.client(script, default_headers={"X-Default": value})
    with pytest.raises(ValueError, match="line break or NUL"):
        await kit.request(
            kit.client(script, credential=Credential("header", "X-Key", "raw", value)), prepared(endpoint("GET"))
        )
    assert script.count == 0


@pytest.mark.parametrize("name", ["X Bad", "X-Bad:", "X-Bad\r\nY", "", "Ünï"])
async def test_bad_header_names_refused_before_io(kit: Kit, name: str) -> None:
    script = Script()
    client = kit.client(script)
    with pytest.raises(ValueError, match="not a valid HTTP token"):
        await kit.request(client, prepared(endpoint("GET"), extra_headers={name: "v"}))
    assert script.count == 0


def test_check_header_value_accepts_normal_values() -> None:
    assert check_header_value("X-Ok", "tab\tand spaces, commas; ümlauts") == "tab\tand spaces, commas; ümlauts"


async def test_user_agent_names_package_and_version(kit: Kit) -> None:
    script = Script()
    client = kit.client(script)
    await kit.request(client, prepared(endpoint("GET")))
    assert script.requests[0].headers["User-Agent"] == f"{USER_AGENT} python/{platform.python_version()}"


# -- logging ------------------------------------------------------------------------------------------------


async def test_info_logging_names_method_url_status_and_retries(
    kit: Kit, fresh_logger: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    monkeypatch.setenv(LOG_ENV, "info")
    script = Script(json_response(503, {}), httpx.ConnectError, json_response(200, {"id": 1, "name": "x"}))
    client = kit.client(script, logger_name=fresh_logger)
    assert logging.getLogger(fresh_logger).level == logging.INFO
    await kit.request(client, prepared(endpoint("GET"), query={"q": "v"}))
    messages = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == fresh_logger]
    url = "https://api.example.test/v1/things/1?q=v"
    assert messages == [
        ("INFO", f"GET {url} -> 503 (retries: 0)"),
        ("INFO", f"GET {url} -> ConnectError (retries: 1)"),
        ("INFO", f"GET {url} -> 200 (retries: 2)"),
    ]


async def test_no_logging_without_env(kit: Kit, fresh_logger: str, caplog: pytest.LogCaptureFixture) -> None:
    client = kit.client(Script(), logger_name=fresh_logger)
    await kit.request(client, prepared(endpoint("GET")))
    assert [r for r in caplog.records if r.name == fresh_logger] == []
    assert logging.getLogger(fresh_logger).handlers == []


@pytest.mark.parametrize(
    ("value", "level"), [("INFO", logging.INFO), (" debug ", logging.DEBUG), ("verbose", logging.NOTSET)]
)
def test_log_env_values(kit: Kit, fresh_logger: str, monkeypatch: pytest.MonkeyPatch, value: str, level: int) -> None:
    monkeypatch.setenv(LOG_ENV, value)
    kit.client(logger_name=fresh_logger)
    kit.client(logger_name=fresh_logger)
    logger = logging.getLogger(fresh_logger)
    assert logger.level == level
    assert len(logger.handlers) == (0 if level == logging.NOTSET else 1)  # a second client adds no second handler
