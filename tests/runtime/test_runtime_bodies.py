"""Request bodies on the wire: multipart file parts in every accepted form, a form without files still sent as
multipart, and a body's own media type when it is not its kind's usual one."""

from __future__ import annotations

import io
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import httpx
import pytest

from runtime_kit import Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio


def _parts(request: httpx.Request) -> list[tuple[str, str | None, str | None, bytes]]:
    """(name, file name, media type, content) of each part of a multipart request, parsed by the standard library."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.read())
    out = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        media = part.get_content_type() if part.get("Content-Type") else None
        out.append((str(name), filename, media, part.get_payload(decode=True) or b""))
    return out


async def _send(kit: Kit, body: Any, **endpoint_kw: Any) -> httpx.Request:
    script = Script(json_response(200, {}))
    client = kit.client(script)
    await kit.request(client, prepared(endpoint("POST", path="/upload", **endpoint_kw), body=body), dict)
    return script.requests[0]


async def test_a_file_part_may_be_bytes_an_open_file_or_a_tuple_and_several_may_share_a_name(kit: Kit) -> None:
    body = {
        "raw": b"\x00\x01",
        "opened": io.BytesIO(b"from a file"),
        "named": ("photo.jpg", b"jpeg bytes", "image/jpeg"),
        "pair": ("notes.txt", io.BytesIO(b"notes")),
        "many": [b"one", ("two.bin", b"two")],
        "title": "A title",
        "count": 3,
        "flag": True,
    }
    request = await _send(kit, body, body_kind="multipart")
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    parts = {(name, filename): (media, content) for name, filename, media, content in _parts(request)}
    assert parts[("named", "photo.jpg")] == ("image/jpeg", b"jpeg bytes")
    assert parts[("pair", "notes.txt")][1] == b"notes"
    assert [content for (name, _f), (_m, content) in parts.items() if name == "many"] == [b"one", b"two"]
    assert [content for (name, _f), (_m, content) in parts.items() if name in ("raw", "opened")] == [b"\x00\x01", b"from a file"]
    assert parts[("title", None)][1] == b"A title" and parts[("count", None)][1] == b"3" and parts[("flag", None)][1] == b"true"


async def test_a_multipart_body_without_files_is_still_multipart(kit: Kit) -> None:
    request = await _send(kit, {"name": "report", "tags": ["a", "b"], 'odd"name': "x"}, body_kind="multipart")
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    # a quote in a part's name is written %22, as browsers and httpx write it
    assert [(n, c) for n, _f, _m, c in _parts(request)] == [("name", b"report"), ("tags[0]", b"a"), ("tags[1]", b"b"), ("odd%22name", b"x")]


@pytest.mark.parametrize(
    ("kind", "content_type", "body", "sent", "wire"),
    [
        ("json", "application/merge-patch+json", {"a": None}, "application/merge-patch+json", b'{"a":null}'),
        ("json", None, {"a": 1}, "application/json", b'{"a":1}'),
        ("bytes", "image/png", b"\x89PNG", "image/png", b"\x89PNG"),
        ("bytes", None, lambda: io.BytesIO(b"stream me"), "application/octet-stream", b"stream me"),
    ],
    ids=["merge-patch", "json", "png", "file-object"],
)
async def test_the_body_goes_as_its_own_media_type(kit: Kit, kind: str, content_type: str | None, body: Any, sent: str, wire: bytes) -> None:
    request = await _send(kit, body() if callable(body) else body, body_kind=kind, content_type=content_type)
    assert (request.headers["Content-Type"], request.read()) == (sent, wire)
