"""Clients generated from small specs written in the test: the IR, and the package imported and called through
MockTransport."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import httpx

from generator import ir
from generator.build import build
from generator.config import derived
from generator.errors import GenError
from generator.pipeline import produce
from generator.spec.load import load
from generator.spec.validate import validate


def document(paths: dict[str, Any], **top: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "Inline", "version": "1"}, "paths": paths}
    doc.setdefault("servers", [{"url": "https://api.inline.test"}])
    doc.update(top)
    return doc


def ok(schema: dict[str, Any], media: str = "application/json", **response: Any) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {media: {"schema": schema}}, **response}}


def build_ir(doc: dict[str, Any], tmp_path: Path, name: str = "inline") -> ir.Api:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(doc))
    return build(validate(load(path)), derived(path, tmp_path / "out", name))


def generate(doc: dict[str, Any], tmp_path: Path, name: str = "inline") -> tuple[Any, tuple[GenError, ...]]:
    """The generated package, imported fresh, and the warnings of its generation."""
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(doc))
    generation = produce(derived(path, tmp_path / "out", name), changelog="")
    for rel, text in generation.files.items():
        target = tmp_path / "out" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    package = f"{name}_client"
    for module in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[module]
    src = str(tmp_path / "out" / "src")
    sys.path.insert(0, src)
    try:
        return importlib.import_module(package), generation.warnings
    finally:
        sys.path.remove(src)


class Recorder:
    """A MockTransport handler answering from a function of the request, keeping every request."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        result = self.answer(request) if callable(self.answer) else self.answer
        return result if isinstance(result, httpx.Response) else httpx.Response(200, json=result)


def clients(package: Any, recorder: Recorder, **kw: Any) -> tuple[Any, Any]:
    """The sync and async client of ``package`` over one recorder."""
    cls = package.Inline
    acls = package.AsyncInline
    kw.setdefault("api_key", "k")
    sync = cls(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kw)
    asynchronous = acls(http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)), **kw)
    return sync, asynchronous
