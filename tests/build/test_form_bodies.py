"""A form or multipart body's fields are an object's properties: a body of another shape cannot be sent that way.
Jira's ``setColumns`` offers ``multipart/form-data`` with an array schema; the method took a list and failed with
``AttributeError: 'list' object has no attribute 'items'`` when called."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_kit import build_api, spec
from generator.errors import GenerationFailed

ARRAY = {"type": "array", "items": {"type": "string"}}
PATH_ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]


def _doc(content: dict[str, object]) -> dict[str, object]:
    op = {"operationId": "setColumns", "parameters": PATH_ID, "requestBody": {"content": content}, "responses": {"204": {"description": "ok"}}}
    return spec({}, {"/filter/{id}/columns": {"put": op}})


def test_a_multipart_variant_of_an_array_body_is_left_out_with_its_reason(tmp_path: Path) -> None:
    api = build_api(_doc({"application/json": {"schema": ARRAY}, "multipart/form-data": {"schema": ARRAY}}), tmp_path)
    [method] = [m for r in api.resources for m in r.methods]
    assert (method.name, method.body_kind) == ("set_columns", "json")
    [(location, reason)] = api.media_left_out
    assert location.endswith("/requestBody/content/multipart~1form-data")
    assert reason == "the body is not sent as multipart/form-data: its schema is no object, whose properties would be the fields"


def test_an_operation_that_can_only_send_an_array_as_multipart_is_unsupported_and_located(tmp_path: Path) -> None:
    with pytest.raises(GenerationFailed) as failed:
        build_api(_doc({"multipart/form-data": {"schema": ARRAY}}), tmp_path)
    [error] = failed.value.errors
    assert error.pointer == "/paths/~1filter~1{id}~1columns/put/requestBody"
    assert "a multipart body must be an object (its fields), not an array" in error.message


def test_a_multipart_body_that_is_one_file_is_sent_as_the_part_file(tmp_path: Path) -> None:
    """Jira's attachments and Listmonk's media: ``multipart/form-data`` whose schema is a binary string. Both APIs
    document the part as ``file``; the method takes it as ``file`` and says so in a located warning."""
    document = _doc({"multipart/form-data": {"schema": {"type": "string", "format": "binary"}}})
    api = build_api(document, tmp_path)
    [method] = [m for r in api.resources for m in r.methods]
    assert [(p.name, p.location, p.annotation, p.required) for p in method.params if p.location == "body"] == [
        ("file", "body", "FileTypes", True)
    ]
    assert any("names no part: sent as the part `file`" in w.message for w in api.warnings)
