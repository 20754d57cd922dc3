"""What a method returns when the spec allows a success without a body beside one with a model."""

from __future__ import annotations

from pathlib import Path

import httpx

from _inline import Recorder, build_ir, clients, document, generate


def test_a_success_without_content_beside_one_with_a_model_makes_the_result_optional(tmp_path: Path) -> None:
    """Jira's ``GET /configuration/timetracking``: 200 with a provider, or 204 when tracking is off. The method was
    annotated ``-> models.Provider`` and returned None on the 204."""
    provider = {"type": "object", "properties": {"key": {"type": "string"}}}
    responses = {"200": {"description": "on", "content": {"application/json": {"schema": provider}}}, "204": {"description": "off"}}
    doc = document({"/timetracking": {"get": {"operationId": "getTimeTracking", "tags": ["jira"], "responses": responses}}})
    [method] = build_ir(doc, tmp_path).resources[0].methods
    assert method.result_type == "models.GetTimeTrackingResponse | None"
    package, _ = generate(doc, tmp_path)
    answers = iter([httpx.Response(200, json={"key": "k"}), httpx.Response(204)])
    sync, _ = clients(package, Recorder(lambda _request: next(answers)))
    assert sync.jira.get_time_tracking().key == "k"
    assert sync.jira.get_time_tracking() is None


def test_a_binary_answer_beside_an_empty_success_stays_bytes(tmp_path: Path) -> None:
    """Box's thumbnail: 200 with image bytes, or 202 (not ready yet) without a body: still ``bytes`` (an empty
    answer reads as ``b""``); typed ``bytes | None`` it was parsed as JSON and refused."""
    image = {"content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}}
    responses = {"200": {"description": "the image", **image}, "202": {"description": "not ready"}}
    doc = document({"/thumb": {"get": {"operationId": "getThumb", "tags": ["files"], "responses": responses}}})
    [method] = build_ir(doc, tmp_path).resources[0].methods
    assert method.result_type == "bytes"
    package, _ = generate(doc, tmp_path)
    sync, _ = clients(package, Recorder(lambda _request: httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"})))
    assert sync.files.get_thumb() == b"\x89PNG"
