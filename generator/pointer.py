"""JSON Pointers (RFC 6901), and the URI fragments that carry them (RFC 3986): the one place that spells them."""

from __future__ import annotations

import urllib.parse


def escape(token: object) -> str:
    """One reference token: ``~`` and ``/`` escaped."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(base: str, *tokens: object) -> str:
    """``base`` with reference tokens appended."""
    return base + "".join("/" + escape(token) for token in tokens)


def split(pointer: str) -> list[str]:
    """The unescaped reference tokens of ``pointer`` ("" is the whole document)."""
    return [unescape(part) for part in pointer.split("/")[1:]] if pointer else []


def from_fragment(fragment: str) -> str:
    """The JSON Pointer a URI fragment (the part after ``#``) carries: percent-decoded first (RFC 3986), then read as
    a pointer (RFC 6901). ``#/paths/~1users~1%7Bid%7D`` names the path item ``/users/{id}``."""
    return urllib.parse.unquote(fragment)
