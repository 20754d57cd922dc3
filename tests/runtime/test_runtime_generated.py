"""The same runtime, through three generated clients (each carries its own ``_runtime`` copy)."""

from __future__ import annotations

import json
import platform
import time
from typing import Any

import httpx
import pytest

import chatbotkit_tokens
import launchdarkly_tokens
import softvisio_tokens
from chatbotkit_tokens import AsyncChatBotKit, ChatBotKit
from launchdarkly_tokens import AsyncLaunchDarkly, LaunchDarkly
from softvisio_tokens import AsyncSoftvisio, Softvisio
from runtime_kit import SECRET, Kit, Script, json_response

pytestmark = pytest.mark.anyio


def make(kit: Kit, sync_cls: Any, async_cls: Any, script: Script, **kw: Any) -> Any:
    cls = async_cls if kit.is_async else sync_cls
    return cls(api_key=SECRET, base_url="https://api.example.test", http_client=kit.http(script), **kw)


def test_runtime_copies_match_source() -> None:
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "generator" / "runtime"
    for package in (launchdarkly_tokens, chatbotkit_tokens, softvisio_tokens):
        copy = Path(str(package.__file__)).parent / "_runtime"
        for file in sorted(source.glob("*.py")):
            assert (copy / file.name).read_text() == file.read_text(), f"{package.__name__}: stale {file.name}"


# -- LaunchDarkly: offset pages with totalCount, error models, epoch-ms rate-limit header ----------------------


def ld_token(i: int) -> dict[str, Any]:
    return {"_id": f"t{i}", "_links": {}, "creationDate": 1, "lastModified": 2, "memberId": "m", "ownerId": "o"}


async def test_launchdarkly_offset_pages_and_headers(kit: Kit) -> None:
    script = Script(
        json_response(200, {"items": [ld_token(1), ld_token(2)], "totalCount": 3}),
        json_response(200, {"items": [ld_token(3)], "totalCount": 3}),
    )
    client = make(kit, LaunchDarkly, AsyncLaunchDarkly, script)
    page = await kit.call(client.tokens.list, limit=2, ld_api_version=20240415)
    assert [t.id for t in await kit.collect(page)] == ["t1", "t2", "t3"]
    first, second = script.requests
    assert dict(first.url.params) == {"limit": "2"}
    assert dict(second.url.params) == {"limit": "2", "offset": "2"}
    assert first.headers["Authorization"] == SECRET
    assert first.headers["LD-API-Version"] == "20240415"
    assert first.headers["User-Agent"] == f"launchdarkly-tokens/0.1.0 python/{platform.python_version()}"


async def test_launchdarkly_error_model_and_rate_limit_reset(kit: Kit, sleeps: list[float]) -> None:
    reset = str(int((time.time() + 5) * 1000))
    script = Script(
        json_response(429, {"code": "rate_limited", "message": "slow down"}, headers={"X-Ratelimit-Reset": reset}),
        json_response(404, {"code": "not_found", "message": "no token t9"}),
    )
    client = make(kit, LaunchDarkly, AsyncLaunchDarkly, script)
    with pytest.raises(launchdarkly_tokens.NotFoundError) as info:
        await kit.call(client.tokens.get, id="t9")
    assert isinstance(info.value.error, launchdarkly_tokens.models.NotFoundErrorRep)
    assert info.value.error.code == "not_found"
    assert info.value.message == "getToken: HTTP 404: no token t9"
    assert len(sleeps) == 1 and 4.0 < sleeps[0] <= 5.0
    assert script.count == 2


async def test_launchdarkly_raw_response_and_with_options(kit: Kit, sleeps: list[float]) -> None:
    script = Script(json_response(500, {}), json_response(200, ld_token(1)))
    client = make(kit, LaunchDarkly, AsyncLaunchDarkly, script)
    raw = await kit.call(client.tokens.with_raw_response.get, id="a/../b")
    assert raw.retries_taken == 1
    assert raw.http_request.url.raw_path == b"/api/v2/tokens/a%2F..%2Fb"
    assert (await kit.parse(raw)).id == "t1"
    quiet = client.with_options(max_retries=0)
    assert quiet._http is client._http
    with pytest.raises(launchdarkly_tokens.InternalServerError):
        script.steps = [json_response(500, {})]
        await kit.call(quiet.tokens.get, id="x")


# -- ChatBotKit: cursor pages and a JSONL stream ------------------------------------------------------------


def cbk_token(i: int) -> dict[str, Any]:
    return {"id": f"k{i}", "createdAt": 1, "updatedAt": 2}


async def test_chatbotkit_cursor_pages(kit: Kit) -> None:
    script = Script(
        json_response(200, {"items": [cbk_token(1)], "cursor": "c1"}),
        json_response(200, {"items": [cbk_token(2)], "cursor": "c2"}),
        json_response(200, {"items": [], "cursor": "c3"}),
    )
    client = make(kit, ChatBotKit, AsyncChatBotKit, script)
    page = await kit.call(client.tokens.list, user_id="u 1")
    assert [t.id for t in await kit.collect(page)] == ["k1", "k2"]
    assert [r.url.params.get("cursor") for r in script.requests] == [None, "c1", "c2"]
    assert script.requests[0].url.raw_path == b"/partner/user/u%201/token/list"
    assert script.requests[0].headers["Authorization"] == f"Bearer {SECRET}"


async def test_chatbotkit_jsonl_stream(kit: Kit) -> None:
    lines = [
        json.dumps({"type": "item", "data": cbk_token(1)}).encode() + b"\n",
        b'{"type": "heartbeat"}\n',
        json.dumps({"type": "item", "data": cbk_token(2)}).encode(),
    ]
    script = Script(lambda request: httpx.Response(200, content=kit.content(lines)))
    client = make(kit, ChatBotKit, AsyncChatBotKit, script)
    stream = await kit.call(client.tokens.list_stream, user_id="u1")
    assert [t.id for t in await kit.collect(stream)] == ["k1", "k2"]
    assert script.requests[0].headers["Accept"] == "application/jsonl"
    assert stream.response.is_closed


# -- softvisio: envelope RPC and offset inside the positional arguments -------------------------------------


def sv_token(i: int) -> dict[str, Any]:
    return {
        "created": "2024-01-01T00:00:00Z",
        "enabled": True,
        "id": f"s{i}",
        "name": None,
        "permissions": {},
        "user_id": "u",
    }


def envelope(status: int, data: Any = None, total: int | None = None, text: str = "OK") -> httpx.Response:
    payload: dict[str, Any] = {"status": status, "status_text": text, "exception": status >= 400, "data": data}
    if total is not None:
        payload["total"] = total
    return json_response(200, payload)


async def test_softvisio_envelope_pages_with_pointer_offset(kit: Kit) -> None:
    script = Script(envelope(200, [sv_token(1), sv_token(2)], 3), envelope(200, [sv_token(3)], 3))
    client = make(kit, Softvisio, AsyncSoftvisio, script)
    page = await kit.call(client.api_tokens.read, options=softvisio_tokens.models.ReadOptions(limit=2))
    assert [t.id for t in await kit.collect(page)] == ["s1", "s2", "s3"]
    assert [json.loads(r.content) for r in script.requests] == [[{"limit": 2}], [{"limit": 2, "offset": 2}]]


async def test_softvisio_envelope_error_and_unwrap(kit: Kit) -> None:
    script = Script(
        envelope(404, text="token not found"),
        envelope(200, [{"description": "d", "enabled": True, "id": "p", "name": "n"}]),
    )
    client = make(kit, Softvisio, AsyncSoftvisio, script)
    with pytest.raises(softvisio_tokens.NotFoundError) as info:
        await kit.call(client.api_tokens.delete, token_id="t1")
    assert info.value.status_code == 404
    assert info.value.message == "deleteApiToken: status 404: token not found"
    permissions = await kit.call(client.api_tokens.get_permissions, token_id="t1")
    assert [p.id for p in permissions] == ["p"]
    assert json.loads(script.requests[1].content) == ["t1"]
