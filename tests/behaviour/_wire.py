"""The vocabulary of the behaviour tables: what a request must look like on the wire, the canned answer, and
what the parsed result must be. Shared by the operation table, the pagination walks and the error table."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx
import pydantic

import chatbotkit_tokens
import fastly_tokens
import hathora_tokens
import launchdarkly_tokens
import softvisio_tokens

NO_BODY: Any = object()
"""The request carries no body at all (zero bytes, no Content-Type)."""


# --- the APIs ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Api:
    """How to build one API's clients, and the exact credential header the real service expects."""

    package: ModuleType
    sync_class: str
    async_class: str
    key: str
    auth_header: str
    auth_value: str
    client_kwargs: Mapping[str, Any] = field(default_factory=dict)

    def sync_client(self, handler: Callable[[httpx.Request], httpx.Response], **overrides: Any) -> Any:
        cls = getattr(self.package, self.sync_class)
        http = httpx.Client(transport=httpx.MockTransport(handler))
        return cls(**{"api_key": self.key, "http_client": http, **self.client_kwargs, **overrides})

    def async_client(self, handler: Callable[[httpx.Request], httpx.Response], **overrides: Any) -> Any:
        cls = getattr(self.package, self.async_class)
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        return cls(**{"api_key": self.key, "http_client": http, **self.client_kwargs, **overrides})


APIS: dict[str, Api] = {
    "chatbotkit": Api(
        chatbotkit_tokens, "ChatBotKit", "AsyncChatBotKit",
        key="sk-cbk-7Qf2mVx9", auth_header="Authorization", auth_value="Bearer sk-cbk-7Qf2mVx9",
    ),
    "fastly": Api(
        fastly_tokens, "Fastly", "AsyncFastly",
        key="fk-5Yo3XXnrQpjc", auth_header="Fastly-Key", auth_value="fk-5Yo3XXnrQpjc",
    ),
    "hathora": Api(
        hathora_tokens, "Hathora", "AsyncHathora",
        key="eyJhbGciOi.hathora.dev", auth_header="Authorization", auth_value="Bearer eyJhbGciOi.hathora.dev",
    ),
    "launchdarkly": Api(
        launchdarkly_tokens, "LaunchDarkly", "AsyncLaunchDarkly",
        key="api-5f0c1a2b-3c4d", auth_header="Authorization", auth_value="api-5f0c1a2b-3c4d",
    ),
    "softvisio": Api(
        softvisio_tokens, "Softvisio", "AsyncSoftvisio",
        key="lBp1McMQQGq8953Z", auth_header="Authorization", auth_value="Bearer lBp1McMQQGq8953Z",
        # The server URL is https://{host}/api; exercise the server variable rather than the placeholder host.
        client_kwargs={"host": "app.softvisio.test"},
    ),
}


# --- requests and answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wire:
    """The request the client must send. ``url`` includes the query; ``body`` is the JSON value the body
    bytes must parse to, or ``NO_BODY``; ``headers`` are further headers that must be present with exactly
    these values."""

    method: str
    url: str
    body: Any = NO_BODY
    accept: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """A canned answer: a JSON value, or raw bytes with their content type."""

    status: int = 200
    json: Any = NO_BODY
    content: bytes = b""
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)

    def response(self) -> httpx.Response:
        headers = dict(self.headers)
        if self.json is not NO_BODY:
            return httpx.Response(self.status, json=self.json, headers=headers)
        if self.content:
            headers["Content-Type"] = self.content_type
        return httpx.Response(self.status, content=self.content, headers=headers)


def ok(data: Any = NO_BODY, **extra: Any) -> Reply:
    """softvisio's success envelope (always HTTP 200); without ``data`` unless one is given (``None`` is null)."""
    body: dict[str, Any] = {"status": 200, "status_text": "OK", "exception": False}
    if data is not NO_BODY:
        body["data"] = data
    body.update(extra)
    return Reply(json=body)


class Script:
    """A MockTransport handler that answers a fixed sequence of replies and records every request."""

    def __init__(self, replies: Sequence[Reply]) -> None:
        self._replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if len(self.requests) > len(self._replies):
            raise AssertionError(f"unexpected extra request: {request.method} {request.url}")
        return self._replies[len(self.requests) - 1].response()


def check_request(api: Api, request: httpx.Request, wire: Wire) -> None:
    """Compare one request to its expectation, field by field so a failure says what differs."""
    want = httpx.URL(wire.url)
    got = request.url
    assert request.method == wire.method
    assert (got.scheme, got.host, got.port) == (want.scheme, want.host, want.port)
    assert got.raw_path.split(b"?")[0] == want.raw_path.split(b"?")[0]
    # Query: same parameters with the same values (order does not matter on the wire).
    assert sorted(got.params.multi_items()) == sorted(want.params.multi_items())

    # Credential: exactly as the real service wants it, and nowhere else.
    assert request.headers.get(api.auth_header) == api.auth_value
    if api.auth_header.lower() != "authorization":
        assert "authorization" not in request.headers
    assert api.key not in str(request.url)

    assert request.headers.get("accept") == wire.accept
    for name, value in wire.headers.items():
        assert request.headers.get(name) == value, name

    if wire.body is NO_BODY:
        assert request.content == b""
        assert "content-type" not in request.headers
    else:
        assert request.headers.get("content-type") == "application/json"
        parsed = json.loads(request.content)
        assert parsed == wire.body
        # bool vs int and list vs object are not told apart by ==, so compare the JSON text too.
        assert json.dumps(parsed, sort_keys=True) == json.dumps(wire.body, sort_keys=True)


# --- results -----------------------------------------------------------------------------------------------


class M:
    """Expect an instance of ``cls`` whose Python attributes have these values (nested ``M`` allowed)."""

    def __init__(self, cls: type[pydantic.BaseModel], **fields: Any) -> None:
        self.cls = cls
        self.fields = fields

    def __repr__(self) -> str:
        return f"M({self.cls.__name__}, {self.fields!r})"


@dataclass(frozen=True)
class PageOf:
    """Expect a page object with these ``items`` and this ``total``."""

    items: list[Any]
    total: int | None


def check_result(actual: Any, expected: Any, where: str = "result") -> None:
    if isinstance(expected, M):
        assert type(actual) is expected.cls, f"{where}: {type(actual).__name__} is not {expected.cls.__name__}"
        for name, value in expected.fields.items():
            assert name in type(actual).model_fields, f"{where}: {expected.cls.__name__} has no field {name!r}"
            check_result(getattr(actual, name), value, f"{where}.{name}")
    elif isinstance(expected, PageOf):
        check_result(actual.items, expected.items, f"{where}.items")
        assert actual.total == expected.total, f"{where}.total"
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: {type(actual).__name__} is not a list"
        assert len(actual) == len(expected), f"{where}: {len(actual)} items, expected {len(expected)}"
        for index, (a, e) in enumerate(zip(actual, expected)):
            check_result(a, e, f"{where}[{index}]")
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: {type(actual).__name__} is not a dict"
        assert actual.keys() == expected.keys(), where
        for key, value in expected.items():
            check_result(actual[key], value, f"{where}[{key!r}]")
    elif expected is None or isinstance(expected, bool):
        assert actual is expected, f"{where}: {actual!r} is not {expected!r}"
    else:
        assert type(actual) is type(expected), f"{where}: {type(actual).__name__} is not {type(expected).__name__}"
        assert actual == expected, where


def method_of(client: Any, dotted: str) -> Any:
    target = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target
