"""Media types: which of a body's or response's content types a client uses, and how it is sent or read."""

from __future__ import annotations

from typing import Any, Literal

from ..mediatype import essence, is_json

BodyKind = Literal["json", "form", "multipart", "bytes"]


def pick_media(content: dict[str, Any]) -> tuple[str, Any] | None:
    """The media type a client should use and its schema: JSON first, then form, multipart, anything else."""
    if not content:
        return None
    types = _concrete_first(content)
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


def by_kind(content: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The media types a client sends a body as, one per encoding, preferred first (JSON, form, multipart,
    anything else), and the ones left out because an earlier one has the same encoding."""
    chosen: dict[BodyKind, str] = {}
    left_out: list[str] = []
    for media in _ordered(content):
        kind = body_kind(media)
        if kind in chosen:
            left_out.append(media)
        else:
            chosen[kind] = media
    return list(chosen.values()), left_out


def _concrete_first(content: dict[str, Any]) -> list[str]:
    """Media types sorted, those with a wildcard (``application/*+json``, ``*/*``) last: no body is sent as one."""
    return sorted(content, key=lambda t: ("*" in t, t))


def _ordered(content: dict[str, Any]) -> list[str]:
    types = _concrete_first(content)
    rank = [
        is_json,
        lambda t: t.startswith("application/x-www-form-urlencoded"),
        lambda t: t.startswith("multipart/form-data"),
        lambda t: True,
    ]
    return sorted(types, key=lambda t: next(i for i, test in enumerate(rank) if test(t)))


def content_type(media: str) -> str | None:
    """The Content-Type to send for a body of ``media`` when its kind's default would be wrong."""
    base = media.split(";")[0].strip()
    kind = body_kind(media)
    if kind == "json":
        return None if base.lower() == "application/json" or "*" in base else base
    if kind == "bytes":
        return None if "*" in base or base.lower() == "application/octet-stream" else base
    return None


def body_kind(media: str) -> BodyKind:
    """How a body of this media type is encoded on the wire."""
    if is_json(media):
        return "json"
    base = essence(media)
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base == "multipart/form-data":
        return "multipart"
    return "bytes"
