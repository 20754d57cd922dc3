"""Path parameters styled as the spec declares them, through a generated client: ``label`` and ``matrix`` segments,
arrays and objects (readme's oas-examples ``parameters-style.json`` could not be generated before: an object path
parameter was refused, and an array one was sent as its Python repr)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from _inline import Recorder, clients, document, generate

COLOR = {"type": "object", "properties": {"R": {"type": "integer"}, "G": {"type": "integer"}}}


def _op(name: str, style: str, explode: bool, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": name,
            "tags": ["paint"],
            "parameters": [{"name": "color", "in": "path", "required": True, "style": style, "explode": explode, "schema": schema}],
            "responses": {"204": {"description": "done"}},
        }
    }


PATHS = {
    "/simple/{color}": _op("simpleArray", "simple", False, {"type": "array", "items": {"type": "string"}}),
    "/label/{color}": _op("labelObject", "label", True, COLOR),
    "/matrix/{color}": _op("matrixArray", "matrix", True, {"type": "array", "items": {"type": "string"}}),
    "/matrix-object/{color}": _op("matrixObject", "matrix", False, COLOR),
}


def test_styled_path_parameters_are_sent_as_openapi_writes_them(tmp_path: Path) -> None:
    package, _ = generate(document(PATHS), tmp_path)
    recorder = Recorder(lambda _request: httpx.Response(204))
    sync, asynchronous = clients(package, recorder)
    calls = [
        ("simple_array", ["a b", "c"]),
        ("label_object", {"R": 1, "G": 2}),
        ("matrix_array", ["x", "y"]),
        ("matrix_object", {"R": 1, "G": 2}),
    ]
    for method, value in calls:
        getattr(sync.paint, method)(value)

    async def run() -> None:
        for method, value in calls:
            await getattr(asynchronous.paint, method)(value)

    asyncio.run(run())
    expected = [b"/simple/a%20b,c", b"/label/.R=1.G=2", b"/matrix/;color=x;color=y", b"/matrix-object/;color=R,1,G,2"]
    assert [r.url.raw_path for r in recorder.requests] == expected * 2
