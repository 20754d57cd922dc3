"""The client surface a spec asks for, on specs written in the test: environments and server variables, SSE, idempotency
keys, query styles, positional path parameters, typed error classes, request-ID headers; sync and async."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.errors import GenerationFailed

from _inline import Recorder, build_ir, clients, document, generate, ok

ITEM = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}, "required": ["id"]}
NAMED = {"type": "object", "properties": {"name": {"type": "string"}}}
ERROR = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}


def run(kit: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    import asyncio

    result = fn(*args, **kwargs)
    return asyncio.run(result) if kit == "async" else result


# -- environments and server variables ---------------------------------------------------------------------

SERVERS = [
    {"url": "https://{region}.api.inline.test/v1", "description": "Production server",
     "variables": {"region": {"default": "us", "enum": ["us", "eu"]}}},
    {"url": "https://sandbox.inline.test/v1", "description": "Sandbox"},
    {"url": "/relative", "description": "no host: not an environment"},
]
PING = {"/ping": {"get": {"operationId": "ping", "responses": ok(ITEM)}}}


def test_every_absolute_server_is_a_named_environment(tmp_path: Path) -> None:
    api = build_ir(document(PING, servers=SERVERS), tmp_path)
    assert [(e.name, e.url, e.defaults) for e in api.client.environments] == [
        ("production", "https://{region}.api.inline.test/v1", (("region", "us"),)),
        ("sandbox", "https://sandbox.inline.test/v1", ()),
    ]
    assert [(v.name, v.default, v.enum) for v in api.client.variables] == [("region", "us", ("us", "eu"))]


def test_environments_variables_and_base_url_on_the_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package, _ = generate(document(PING, servers=SERVERS), tmp_path)
    monkeypatch.delenv("INLINE_BASE_URL", raising=False)
    for cls in (package.Inline, package.AsyncInline):
        assert str(cls(api_key="k").base_url) == "https://us.api.inline.test/v1/"
        assert str(cls(api_key="k", region="eu").base_url) == "https://eu.api.inline.test/v1/"
        assert str(cls(api_key="k", environment="sandbox").base_url) == "https://sandbox.inline.test/v1/"
        assert str(cls(api_key="k", environment="sandbox", base_url="https://mine.test").base_url) == "https://mine.test/"
        with pytest.raises(package.APIUsageError, match="region='mars' is not one of us, eu"):
            cls(api_key="k", region="mars")
        with pytest.raises(package.APIUsageError, match="unknown environment 'staging'"):
            cls(api_key="k", environment="staging")
        client = cls(api_key="k")
        assert str(client.copy(environment="sandbox").base_url) == "https://sandbox.inline.test/v1/"
        assert str(client.with_options(region="eu").base_url) == "https://eu.api.inline.test/v1/"
        monkeypatch.setenv("INLINE_BASE_URL", "https://from-env.test")
        assert str(cls(api_key="k", environment="sandbox").base_url) == "https://from-env.test/"
        monkeypatch.delenv("INLINE_BASE_URL")
    assert package.ENVIRONMENTS == {"production": "https://{region}.api.inline.test/v1", "sandbox": "https://sandbox.inline.test/v1"}


def test_a_server_variable_given_without_the_environment_that_uses_it_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outline: ``Outline(domain="wiki.acme.org")`` went to the cloud server (the default environment has no
    ``{domain}``), silently. Named with its environment it works; an explicit environment is the caller's choice."""
    servers = [
        {"url": "https://app.inline.test/api", "description": "Cloud hosted"},
        {"url": "https://{domain}/api", "description": "Self-hosted", "variables": {"domain": {"default": "example.com"}}},
    ]
    package, _ = generate(document(PING, servers=servers), tmp_path)
    monkeypatch.delenv("INLINE_BASE_URL", raising=False)
    for cls in (package.Inline, package.AsyncInline):
        with pytest.raises(package.APIUsageError, match="domain= is not used by environment 'cloud': pass environment=self_hosted"):
            cls(api_key="k", domain="wiki.acme.org")
        assert str(cls(api_key="k", environment="self_hosted", domain="wiki.acme.org").base_url) == "https://wiki.acme.org/api/"
        assert str(cls(api_key="k").base_url) == "https://app.inline.test/api/"


def test_without_servers_base_url_is_required_at_construction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package, _ = generate(document(PING, servers=[]), tmp_path)
    monkeypatch.delenv("INLINE_BASE_URL", raising=False)
    for cls in (package.Inline, package.AsyncInline):
        with pytest.raises(package.APIUsageError, match="pass base_url= \\(or set the INLINE_BASE_URL"):
            cls(api_key="k")
        assert str(cls(api_key="k", base_url="https://given.test/api").base_url) == "https://given.test/api/"
    assert package.DEFAULT_BASE_URL is None


# -- Server-Sent Events -------------------------------------------------------------------------------------

SSE_PATHS = {
    "/chat": {"post": {"operationId": "chat", "requestBody": {"content": {"application/json": {"schema": ITEM}}},
                       "responses": ok(ITEM, media="text/event-stream")}},
    "/feed": {"get": {"operationId": "feed", "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"type": "array", "items": ITEM}},
        "text/event-stream": {"schema": ITEM}}}}}},
}
EVENTS = b'data: {"id": 1, "name": "a"}\n\nevent: other\ndata: {}\n\ndata: {"id": 2, "name": "b"}\n\n'


@pytest.mark.parametrize("kit", ["sync", "async"])
def test_an_event_stream_answer_is_a_typed_stream(tmp_path: Path, kit: str) -> None:
    package, _ = generate(document(SSE_PATHS), tmp_path)
    recorder = Recorder(lambda r: httpx.Response(200, content=EVENTS, headers={"Content-Type": "text/event-stream"}))
    sync, asynchronous = clients(package, recorder)

    async def read_async() -> list[Any]:
        async with await asynchronous.chat.chat(id=5) as stream:
            return [item async for item in stream]

    async def companion_async() -> list[Any]:
        stream = await asynchronous.feed.feed_stream()
        return [item async for item in stream]

    if kit == "sync":
        with sync.chat.chat(id=5) as stream:
            got = list(stream)
        companion = list(sync.feed.feed_stream())
    else:
        got, companion = run(kit, read_async), run(kit, companion_async)
    assert [(i.id, i.name) for i in got] == [(1, "a"), (2, "b")]
    assert [i.id for i in companion] == [1, 2]
    assert len(recorder.requests) == 2
    assert [r.headers["Accept"] for r in recorder.requests] == ["text/event-stream"] * 2  # the companion too
    assert recorder.requests[0].content == b'{"id":5}'


def test_a_stream_only_operation_returns_the_stream_type(tmp_path: Path) -> None:
    api = build_ir(document(SSE_PATHS), tmp_path)
    chat, feed = (r.methods[0] for r in api.resources)
    assert chat.stream_result is not None and chat.stream_result.format == "sse"
    assert chat.result_type == "Stream[models.ChatStreamItem]"
    # beside a JSON answer the stream is a companion method; the operation itself returns the JSON
    assert feed.stream_result is None and feed.result_type == "list[models.FeedResponseItem]"
    assert feed.stream is not None and feed.stream.item_type == "models.FeedStreamItem"


@pytest.mark.parametrize("kit", ["sync", "async"])
@pytest.mark.parametrize("media", ["application/x-ndjson", "application/jsonl"])
def test_a_json_lines_only_answer_is_a_typed_stream(tmp_path: Path, kit: str, media: str) -> None:
    """An operation whose only answer is JSON lines (Lichess: ``application/x-ndjson``) streams items of the
    media type's schema, one a line, instead of returning the raw bytes."""
    paths = {"/games": {"get": {"operationId": "games", "responses": ok(ITEM, media=media)}}}
    assert build_ir(document(paths), tmp_path).resources[0].methods[0].result_type == "Stream[models.GamesStreamItem]"
    package, _ = generate(document(paths), tmp_path)
    lines = b'{"id": 1, "name": "a"}\n{"id": 2, "name": "b"}\n'
    recorder = Recorder(lambda r: httpx.Response(200, content=lines, headers={"Content-Type": media}))
    sync, asynchronous = clients(package, recorder)

    async def read_async() -> list[Any]:
        async with await asynchronous.games.games() as stream:
            return [item async for item in stream]

    if kit == "sync":
        with sync.games.games() as stream:
            got = list(stream)
    else:
        got = run(kit, read_async)
    assert [(i.id, i.name) for i in got] == [(1, "a"), (2, "b")]
    assert recorder.requests[0].headers["Accept"] == media


# -- idempotency keys ---------------------------------------------------------------------------------------

ORDERS = {
    "/orders": {
        "get": {"operationId": "listOrders", "responses": ok({"type": "array", "items": ITEM})},
        "post": {"operationId": "createOrder", "requestBody": {"content": {"application/json": {"schema": ITEM}}}, "responses": ok(ITEM)},
    },
    "/orders/{id}": {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "put": {"operationId": "replaceOrder", "requestBody": {"content": {"application/json": {"schema": NAMED}}}, "responses": ok(ITEM)},
        "delete": {"operationId": "deleteOrder", "x-sdksmith-idempotency-header": False, "responses": {"204": {"description": "gone"}}},
    },
}


@pytest.mark.parametrize("kit", ["sync", "async"])
def test_writes_carry_an_idempotency_key_and_are_retried(tmp_path: Path, kit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.sleep", lambda s: None)
    package, _ = generate(document(ORDERS, **{"x-sdksmith-idempotency-header": "Idempotency-Key"}), tmp_path)
    answers = iter([httpx.Response(502), httpx.Response(200, json={"id": 1})] + [httpx.Response(200, json={"id": 2})] * 5 + [httpx.Response(204)])
    recorder = Recorder(lambda r: next(answers))
    sync, asynchronous = clients(package, recorder)
    client = sync if kit == "sync" else asynchronous
    if kit == "async":
        import anyio

        async def no_sleep(seconds: float) -> None:
            return None

        monkeypatch.setattr(anyio, "sleep", no_sleep)
    assert run(kit, client.orders.create_order, id=1).id == 1
    run(kit, client.orders.replace_order, "o-1", name="two", idempotency_key="mine")
    run(kit, client.orders.list_orders)
    run(kit, client.orders.delete_order, "o-1")
    keys = [r.headers.get("Idempotency-Key") for r in recorder.requests]
    assert keys[0] == keys[1] and keys[0] is not None and keys[0].startswith("sdksmith-")
    assert keys[2:] == ["mine", None, None]  # a GET carries none; the DELETE turned it off


# -- query styles, positional path parameters, request IDs, typed errors ----------------------------------------

SEARCH = {
    "/orgs/{orgId}/users/{userId}/search": {
        "parameters": [
            {"name": "userId", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "orgId", "in": "path", "required": True, "schema": {"type": "string"}},
        ],
        "get": {
            "operationId": "search",
            "parameters": [
                {"name": "tags", "in": "query", "style": "pipeDelimited", "explode": False, "schema": {"type": "array", "items": {"type": "string"}}},
                {"name": "filter", "in": "query", "style": "deepObject", "explode": True, "schema": {"type": "object", "additionalProperties": {"type": "string"}}},
            ],
            "responses": {**ok(ITEM), "404": {"description": "no", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
        },
    }
}


@pytest.mark.parametrize("kit", ["sync", "async"])
def test_styles_positional_paths_request_ids_and_typed_errors(tmp_path: Path, kit: str) -> None:
    doc = document(SEARCH, components={"schemas": {"Error": ERROR}}, **{"x-sdksmith-request-id-header": "Trace-Id"})
    package, _ = generate(doc, tmp_path)
    answers = iter([
        httpx.Response(200, json={"id": 1, "name": "a"}, headers={"Trace-Id": "t-1"}),
        httpx.Response(404, json={"code": "gone", "message": "no user"}, headers={"Trace-Id": "t-2"}),
    ])
    recorder = Recorder(lambda r: next(answers))
    sync, asynchronous = clients(package, recorder, max_retries=0)
    client = sync if kit == "sync" else asynchronous
    found = run(kit, client.orgs.search, "org 1", "u/2", tags=["a", "b"], filter={"role": "admin"})
    assert found._request_id == "t-1"
    url = recorder.requests[0].url
    assert url.raw_path == b"/orgs/org%201/users/u%2F2/search?filter%5Brole%5D=admin&tags=a%7Cb"
    with pytest.raises(package.NotFoundError) as info:
        run(kit, client.orgs.search, org_id="o", user_id="u")
    assert info.value.request_id == "t-2"
    assert isinstance(info.value.error, package.models.Error) and info.value.error.code == "gone"
    assert info.value.body == {"code": "gone", "message": "no user"}
    assert issubclass(package.NotFoundError, package.APIStatusError)


def test_typed_error_classes_are_bound_to_the_error_models(tmp_path: Path) -> None:
    api = build_ir(document(SEARCH, components={"schemas": {"Error": ERROR}}), tmp_path)
    assert [(e.name, e.key, e.type_expr) for e in api.client.error_classes] == [("NotFoundError", "404", "models.Error")]
    method = api.resources[0].methods[0]
    assert method.positional == ("org_id", "user_id")  # in URL order, not declaration order
    assert [(q.wire, q.style, q.explode) for q in method.query_styles] == [("filter", "deepObject", True), ("tags", "pipeDelimited", False)]


# -- extensions are checked -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("op", {"x-sdksmith-pagination": {"style": "sideways", "items": "x"}}, "style must be one of"),
        ("op", {"x-sdksmith-pagination": {"style": "page", "items": "x"}}, "page pagination needs: page_param"),
        ("op", {"x-sdksmith-pagination": "yes"}, "must be a mapping or false"),
        ("op", {"x-sdksmith-idempotency-header": "Bad Header"}, "must be a header name or false"),
        ("op", {"x-sdksmith-stream": {"media_type": "text/event-stream", "events": []}}, "must be a list of event names"),
        ("doc", {"x-sdksmith-idempotency-header": 3}, "must be a header name"),
        ("doc", {"x-sdksmith-request-id-header": ["ok", "not ok"]}, "must be a header name or a list of header names"),
        ("doc", {"servers": [{"url": "https://a.test", "x-sdksmith-environment": "Not Snake"}]}, "must be a snake_case name"),
    ],
)
def test_malformed_extensions_are_located_errors(tmp_path: Path, where: str, value: dict[str, Any], message: str) -> None:
    op = {"operationId": "ping", "responses": ok(ITEM), **(value if where == "op" else {})}
    doc = document({"/ping": {"get": op}}, **(value if where == "doc" else {}))
    with pytest.raises(GenerationFailed) as info:
        build_ir(doc, tmp_path)
    assert any(message in e.message and e.line > 0 for e in info.value.errors), [e.render() for e in info.value.errors]
