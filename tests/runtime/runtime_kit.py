"""Test clients built directly on ``generator.runtime``, and helpers that drive them sync or async alike.

Every behaviour test takes the ``kit`` fixture (parametrized "sync" / "async") and awaits ``kit.call(...)``:
for the sync kit that simply calls the blocking method, for the async kit it awaits the coroutine.
"""

from __future__ import annotations

import inspect
import json
from typing import Any, AsyncIterator, Callable, Iterable, Iterator, Mapping

import httpx
import pydantic

from generator.runtime._base_client import AsyncAPIClient, Credential, Prepared, SyncAPIClient
from generator.runtime._response import async_to_raw_response_wrapper, to_raw_response_wrapper
from generator.runtime._retry import RetryPolicy
from generator.runtime._types import NOT_GIVEN, Endpoint, NotGiven, RequestOptions, TimeoutTypes

SECRET = "sk-live-7Hq2ZxVb9LmN4pR8"
BASE_URL = "https://api.example.test/v1"
USER_AGENT = "sdksmith-test/1.2.3"
LOG_ENV = "SDKSMITH_TEST_LOG"
# Tiny delays so tests that really sleep (fault injection) stay fast.
FAST_RETRY = RetryPolicy(initial_delay=0.01, max_backoff=0.02)

Handler = Callable[[httpx.Request], Any]


def header_credential(secret: str = SECRET) -> Credential:
    return Credential("header", "Authorization", "bearer", secret)


def _config(
    *,
    base_url: str,
    credential: Credential | None,
    timeout: TimeoutTypes | NotGiven,
    max_retries: int | NotGiven,
    default_headers: Mapping[str, str] | None,
    logger_name: str,
    retry_policy: RetryPolicy,
) -> dict[str, Any]:
    return {
        "base_url": base_url,
        "credential": credential,
        "timeout": timeout,
        "max_retries": max_retries,
        "default_headers": default_headers,
        "user_agent": USER_AGENT,
        "logger_name": logger_name,
        "log_env": LOG_ENV,
        "retry_policy": retry_policy,
    }


class SyncTestClient(SyncAPIClient):
    def with_options(self, **changes: Any) -> SyncTestClient:
        return self._copy(**changes)

    def __init__(
        self,
        *,
        http_client: httpx.Client | None,
        base_url: str = BASE_URL,
        credential: Credential | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        logger_name: str = "sdksmith_test",
        retry_policy: RetryPolicy = RetryPolicy(),
        **extra: Any,
    ) -> None:
        super().__init__(
            http_client=http_client,
            **_config(
                base_url=base_url,
                credential=credential,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                logger_name=logger_name,
                retry_policy=retry_policy,
            ),
            **extra,
        )


class AsyncTestClient(AsyncAPIClient):
    def with_options(self, **changes: Any) -> AsyncTestClient:
        return self._copy(**changes)

    def __init__(
        self,
        *,
        http_client: httpx.AsyncClient | None,
        base_url: str = BASE_URL,
        credential: Credential | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        logger_name: str = "sdksmith_test",
        retry_policy: RetryPolicy = RetryPolicy(),
        **extra: Any,
    ) -> None:
        super().__init__(
            http_client=http_client,
            **_config(
                base_url=base_url,
                credential=credential,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                logger_name=logger_name,
                retry_policy=retry_policy,
            ),
            **extra,
        )


class Item(pydantic.BaseModel):
    id: int
    name: str


class ApiError(pydantic.BaseModel):
    code: str
    message: str


def endpoint(method: str = "GET", path: str = "/things/{id}", **kw: Any) -> Endpoint:
    kw.setdefault("operation_id", "testOp")
    kw.setdefault("idempotent", False)
    kw.setdefault("body_kind", "json" if method in ("POST", "PUT", "PATCH") else "none")
    return Endpoint(method=method, path=path, **kw)


def prepared(
    ep: Endpoint,
    *,
    path_params: Mapping[str, object] | None = None,
    query: Mapping[str, object] | None = None,
    headers: Mapping[str, object] | None = None,
    body: Any = NOT_GIVEN,
    **options: Any,
) -> Prepared:
    if path_params is None:
        path_params = {"id": 1} if "{id}" in ep.path else {}
    return Prepared(
        ep,
        path_params=path_params,
        query=query or {},
        headers=headers or {},
        body=body,
        options=RequestOptions(**options),
    )


def json_response(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=payload, headers=headers)


class Script:
    """A MockTransport handler that records every request and answers from a list of steps.

    A step is an ``httpx.Response``, an exception class/instance to raise (httpx errors get the request attached),
    or a callable ``request -> Response``. The last step repeats.
    """

    def __init__(self, *steps: Any) -> None:
        self.steps = list(steps) or [json_response(200, {"id": 1, "name": "one"})]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps[min(len(self.requests) - 1, len(self.steps) - 1)]
        if isinstance(step, type) and issubclass(step, httpx.RequestError):
            raise step("injected failure", request=request)
        if isinstance(step, BaseException):
            raise step
        if callable(step) and not isinstance(step, httpx.Response):
            return step(request)  # type: ignore[no-any-return]
        # A fresh copy each time: a Response's stream can be read once.
        return httpx.Response(step.status_code, headers=step.headers, content=step.content)

    @property
    def count(self) -> int:
        return len(self.requests)

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]


class Kit:
    """Builds a sync or async client and runs calls on it the same way."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.is_async = kind == "async"

    def __repr__(self) -> str:
        return f"Kit({self.kind})"

    def http(self, handler: Handler | None = None, *, transport: Any = None, **kw: Any) -> Any:
        transport = transport if transport is not None else httpx.MockTransport(handler or Script())
        cls = httpx.AsyncClient if self.is_async else httpx.Client
        kw.setdefault("follow_redirects", True)  # as the client's own default pool does
        return cls(transport=transport, **kw)

    def client(
        self,
        handler: Handler | None = None,
        *,
        credential: Any = "default",
        http_client: Any = None,
        own_pool: bool = False,
        **kw: Any,
    ) -> Any:
        """A test client over a MockTransport running ``handler``; ``own_pool`` lets the client make its own."""
        if credential == "default":
            credential = header_credential()
        if http_client is None and not own_pool:
            http_client = self.http(handler)
        cls = AsyncTestClient if self.is_async else SyncTestClient
        return cls(http_client=http_client, credential=credential, **kw)

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def request(self, client: Any, call: Prepared, cast_to: Any = Item, **kw: Any) -> Any:
        return await self.call(client.request, call, cast_to, **kw)

    async def raw(self, client: Any, call: Prepared, cast_to: Any = Item) -> Any:
        wrap = async_to_raw_response_wrapper if self.is_async else to_raw_response_wrapper
        return await self.call(wrap(client.request), call, cast_to)

    async def parse(self, response: Any) -> Any:
        """``response.parse()``, awaited for an async response."""
        return await self.call(response.parse)

    async def collect(self, iterable: Any) -> list[Any]:
        if hasattr(iterable, "__aiter__"):
            return [x async for x in iterable]
        return list(iterable)

    async def pages(self, page: Any) -> list[Any]:
        return await self.collect(page.iter_pages())

    async def close(self, client: Any) -> None:
        await self.call(client.close)

    def content(self, chunks: Iterable[bytes], fail: BaseException | None = None, log: list[int] | None = None) -> Any:
        """A streaming response body that yields ``chunks`` one by one (recording each in ``log``), then
        optionally raises ``fail``; sync or async to match the kit."""

        def sync_gen() -> Iterator[bytes]:
            for index, chunk in enumerate(chunks):
                if log is not None:
                    log.append(index)
                yield chunk
            if fail is not None:
                raise fail

        async def async_gen() -> AsyncIterator[bytes]:
            for chunk in sync_gen():
                yield chunk

        return async_gen() if self.is_async else sync_gen()
