"""A request body offered in several media types: one method per encoding, each sending its own media type, and
every media type no method sends listed with the reason. Multipart file parts take ``FileTypes``."""

from __future__ import annotations

import json
from pathlib import Path

from build_kit import build_api, spec

OBJECT = {"type": "object", "properties": {"name": {"type": "string"}}}


def _upload_spec() -> dict[str, object]:
    content = {
        "application/json": {"schema": OBJECT},
        "application/x-www-form-urlencoded": {"schema": OBJECT},
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary"},
            "pages": {"type": "array", "items": {"type": "string", "format": "byte"}},
            "name": {"type": "string"},
        }}},
        "application/xml": {"schema": OBJECT},
        "text/plain": {"schema": {"type": "string"}},
    }
    paths = {"/documents": {"post": {"operationId": "upload", "requestBody": {"required": True, "content": content},
                                      "responses": {"204": {"description": "ok"}}}},
             "/documents/{id}": {"patch": {"operationId": "patchDocument",
                                           "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                                           "requestBody": {"content": {"application/merge-patch+json": {"schema": OBJECT}}},
                                           "responses": {"204": {"description": "ok"}}}}}
    return spec({}, paths)


def test_each_encoding_gets_a_method_and_each_sends_its_media_type(tmp_path: Path) -> None:
    api = build_api(_upload_spec(), tmp_path)
    methods = {m.name: m for r in api.resources for m in r.methods}
    assert sorted(methods) == ["patch_document", "upload", "upload_bytes", "upload_form", "upload_multipart"]
    sent = {name: (m.body_kind, m.content_type, m.variant_of) for name, m in methods.items()}
    assert sent == {
        "upload": ("json", None, ""),
        "upload_form": ("form", None, "upload"),
        "upload_multipart": ("multipart", None, "upload"),
        "upload_bytes": ("bytes", "application/xml", "upload"),
        "patch_document": ("json", "application/merge-patch+json", ""),
    }


def test_multipart_file_parts_take_bytes_files_or_tuples(tmp_path: Path) -> None:
    [upload] = [m for r in build_api(_upload_spec(), tmp_path).resources for m in r.methods if m.name == "upload_multipart"]
    assert {p.name: p.annotation for p in upload.params} == {"file": "FileTypes", "pages": "list[FileTypes]", "name": "str"}
    assert upload.uses_files


def test_a_media_type_no_method_sends_is_listed_with_its_reason(tmp_path: Path) -> None:
    api = build_api(_upload_spec(), tmp_path)
    [(location, reason)] = api.media_left_out
    assert location.endswith(": /paths/~1documents/post/requestBody/content/text~1plain")
    assert reason == "the body is not sent as text/plain: application/xml has the same encoding and is what `upload` sends"


def test_provenance_lists_variants_under_their_operation(tmp_path: Path) -> None:
    from generator.config import derived
    from generator.pipeline import produce

    path = tmp_path / "docs.json"
    path.write_text(json.dumps(_upload_spec()))
    provenance = json.loads(produce(derived(path, tmp_path / "out", "docs"), changelog="").files[".sdksmith.json"])
    [upload] = [o for o in provenance["operations"] if o["operationId"] == "upload"]
    assert upload["variants"] == ["documents.upload_bytes", "documents.upload_form", "documents.upload_multipart"]
    assert [m["location"].split(": ")[1] for m in provenance["media_types_left_out"]] == ["/paths/~1documents/post/requestBody/content/text~1plain"]


def test_json_spelled_three_ways_is_one_json_method_sending_application_json(tmp_path: Path) -> None:
    """Swashbuckle (Radarr): ``[application/json, text/json, application/*+json]`` made a second method sending the
    body as ``application/octet-stream``, which the operation does not take, and named the wildcard as what the JSON
    method sends."""
    content = {media: {"schema": OBJECT} for media in ("application/*+json", "text/json", "application/json")}
    paths = {"/bulk": {"delete": {"operationId": "deleteBulk", "requestBody": {"content": content}, "responses": {"204": {"description": "ok"}}}}}
    api = build_api(spec({}, paths), tmp_path)
    [method] = [m for r in api.resources for m in r.methods]
    assert (method.name, method.body_kind, method.content_type) == ("delete_bulk", "json", None)
    reasons = sorted(reason for _, reason in api.media_left_out)
    assert reasons == [
        f"the body is not sent as {media}: application/json has the same encoding and is what `delete_bulk` sends"
        for media in ("application/*+json", "text/json")
    ]
