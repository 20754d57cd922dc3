"""Clients generated from small specs written in the test: the IR, and the package imported and called through
MockTransport."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import build_kit
import httpx
from build_kit import build_api

from generator import ir
from generator.errors import GenError


def document(paths: dict[str, Any], **top: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "Inline", "version": "1"}, "paths": paths}
    doc.setdefault("servers", [{"url": "https://api.inline.test"}])
    doc.update(top)
    return doc


def ok(schema: dict[str, Any], media: str = "application/json", **response: Any) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {media: {"schema": schema}}, **response}}


def build_ir(doc: dict[str, Any], tmp_path: Path, name: str = "inline") -> ir.Api:
    return build_api(doc, tmp_path, name)


def generate(doc: dict[str, Any], tmp_path: Path, name: str = "inline") -> tuple[Any, tuple[GenError, ...]]:
    """The generated package, imported fresh, and the warnings of its generation."""
    return build_kit.generate(doc, tmp_path, name)


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
