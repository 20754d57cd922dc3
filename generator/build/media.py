"""Media types: which of a body's or response's content types a client uses, and how it is sent or read."""

from __future__ import annotations

import re
from typing import Any, Literal

BodyKind = Literal["json", "form", "multipart", "bytes"]
_JSON = re.compile(r"^application/([a-z0-9.+-]*\+)?json$")


def is_json(media: str) -> bool:
    return bool(_JSON.match(media.split(";")[0].strip().lower()))


def pick_media(content: dict[str, Any]) -> tuple[str, Any] | None:
    """The media type a client should use and its schema: JSON first, then form, multipart, anything else."""
    if not content:
        return None
    types = sorted(content)
    for predicate in (
        is_json,
        lambda t: t.startswith("application/x-www-form-urlencoded"),
        lambda t: t.startswith("multipart/form-data"),
        lambda t: True,
    ):
        for media in types:
            if predicate(media):
                return media, (content[media] or {}).get("schema")
    return None


def body_kind(media: str) -> BodyKind:
    """How a body of this media type is encoded on the wire."""
    if is_json(media):
        return "json"
    base = media.split(";")[0].strip().lower()
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base == "multipart/form-data":
        return "multipart"
    return "bytes"
