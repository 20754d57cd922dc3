"""Parameters declared with ``content`` instead of ``schema`` are written in that media type: a JSON one as JSON text
(LoopBack's ``filter={"where":...}``), in the query, a header and the path alike. They were sent by the default
style, so an object went out as ``color=red&size=2`` and an array as ``tags=a&tags=b``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from _inline import Recorder, build_ir, clients, document, generate

WHERE = {"type": "object", "properties": {"color": {"type": "string"}, "size": {"type": "integer"}}}


def _param(name: str, where: str, schema: dict[str, Any], media: str = "application/json") -> dict[str, Any]:
    return {"name": name, "in": where, "required": where == "path", "content": {media: {"schema": schema}}}


PATHS = {
    "/items/{key}": {
        "get": {
            "operationId": "listItems",
            "tags": ["items"],
            "parameters": [
                _param("key", "path", {"type": "array", "items": {"type": "integer"}}),
                _param("where", "query", WHERE),
                _param("tags", "query", {"type": "array", "items": {"type": "string"}}),
                _param("X-Scope", "header", {"type": "object", "properties": {"team": {"type": "string"}}}),
                _param("note", "query", {"type": "string"}, media="text/plain"),
            ],
            "responses": {"204": {"description": "done"}},
        }
    }
}


def test_a_json_content_parameter_is_marked_to_be_sent_as_json(tmp_path: Path) -> None:
    [method] = build_ir(document(PATHS), tmp_path).resources[0].methods
    assert {p.wire: p.as_json for p in method.params} == {"key": True, "where": True, "tags": True, "X-Scope": True, "note": False}


def test_json_content_parameters_are_sent_as_json_text_sync_and_async(tmp_path: Path) -> None:
    package, _ = generate(document(PATHS), tmp_path)
    recorder = Recorder(lambda _request: httpx.Response(204))
    sync, asynchronous = clients(package, recorder)
    call: dict[str, Any] = {"where": {"color": "rouge é", "size": 2}, "tags": ["a", "b"], "x_scope": {"team": "core"}, "note": "plain"}
    sync.items.list_items([1, 2], **call)
    sync.items.list_items([3])  # optional ones not given are left out

    async def run() -> None:
        await asynchronous.items.list_items([1, 2], **call)

    asyncio.run(run())
    first, bare, again = recorder.requests
    query = first.url.params
    assert json.loads(query["where"]) == {"color": "rouge é", "size": 2}
    assert json.loads(query["tags"]) == ["a", "b"] and query["note"] == "plain"
    assert json.loads(first.headers["X-Scope"]) == {"team": "core"}
    assert json.loads(first.url.path.rsplit("/", 1)[1]) == [1, 2]  # httpx's path is percent-decoded
    assert bare.url.query == b"" and "X-Scope" not in bare.headers
    assert (again.url.raw_path, dict(again.headers)) == (first.url.raw_path, dict(first.headers))
