"""Multipart fields that are objects, or arrays of objects, go as one JSON part each, with its media type (OpenAPI's
default for an object part, and what an ``encoding`` with a JSON ``contentType`` says); they went in the bracket form
(``metadata[0][key]=a``), which Immich's ``upload_asset`` (the server parses ``metadata`` as JSON) and Box's uploads
(``attributes``) do not read. A field whose ``encoding`` gives a ``style`` (Stripe's ``deepObject``) keeps brackets."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from _inline import Recorder, build_ir, clients, document, generate

OBJECT = {"type": "object", "properties": {"key": {"type": "string"}, "value": {"type": "string"}}}
FORM = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary"},
        "metadata": {"type": "array", "items": OBJECT},  # no encoding: an array of objects, JSON
        "attributes": OBJECT,  # no encoding: an object, JSON
        "link": OBJECT,  # encoding style deepObject: brackets
        "raw": {"type": "string"},  # encoding contentType application/json: JSON even for a string
        "tags": {"type": "array", "items": {"type": "string"}},  # scalars: as before
    },
}
ENCODING = {"link": {"style": "deepObject", "explode": True}, "raw": {"contentType": "application/json"}}
PATHS = {
    "/assets": {
        "post": {
            "operationId": "uploadAsset",
            "tags": ["assets"],
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": FORM, "encoding": ENCODING}}},
            "responses": {"204": {"description": "done"}},
        }
    }
}


def _parts(request: httpx.Request, heads: dict[str, str] | None = None) -> list[tuple[str, str]]:
    boundary = request.headers["content-type"].split("boundary=")[1]
    out = []
    for chunk in request.content.decode().split(f"--{boundary}")[1:-1]:
        head, _, body = chunk.strip("\r\n").partition("\r\n\r\n")
        name = head.split('name="')[1].split('"')[0]
        if heads is not None:
            heads[name] = head
        out.append((name, body))
    return out


def test_the_build_names_the_parts_sent_as_json(tmp_path: Path) -> None:
    [method] = build_ir(document(PATHS), tmp_path).resources[0].methods
    assert method.json_parts == ("attributes", "metadata", "raw")


def test_object_parts_are_json_text_sync_and_async(tmp_path: Path) -> None:
    package, _ = generate(document(PATHS), tmp_path)
    recorder = Recorder(lambda _request: httpx.Response(204))
    sync, asynchronous = clients(package, recorder)
    call: dict[str, Any] = {
        "file": b"abc",
        "metadata": [{"key": "a", "value": "é"}],
        "attributes": {"key": "k"},
        "link": {"key": "l"},
        "raw": "x",
        "tags": ["t1", "t2"],
    }
    sync.assets.upload_asset(**call)
    asyncio.run(asynchronous.assets.upload_asset(**call))
    for request in recorder.requests:
        heads: dict[str, str] = {}
        parts = dict((name, body) for name, body in _parts(request, heads) if name != "tags")
        assert all("Content-Type: application/json" in heads[n] for n in ("metadata", "attributes", "raw"))
        assert "Content-Type" not in heads["link[key]"]
        assert json.loads(parts["metadata"]) == [{"key": "a", "value": "é"}]
        assert json.loads(parts["attributes"]) == {"key": "k"} and json.loads(parts["raw"]) == "x"
        assert parts["link[key]"] == "l" and parts["file"] == "abc"
        assert [body for name, body in _parts(request) if name.startswith("tags")] == ["t1", "t2"]
