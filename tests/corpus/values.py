"""Argument values for calling an operation, taken from its OpenAPI document: the spec's examples first, then a
value built from the schema (``const``, the first ``enum`` value, ``default``, a well-known value per ``format``, the
least number that ``minimum``/``multipleOf`` allow, a string of ``minLength`` that matches ``pattern``, one item
per required array, the required properties of an object).

Everything here is plain JSON data read from the document; nothing is generated code. ``Document`` resolves
``$ref`` (JSON Pointer, percent-decoded) and finds an operation's parameters and request body.
"""

from __future__ import annotations

import base64
import re
import re._constants as sre_c
import re._parser as sre_parse
import urllib.parse
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MAX_DEPTH = 12
BINARY = b"sdksmith test file\n"

_FORMATS: dict[str, Any] = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "duration": "P1D",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "iri": "https://example.com/",
    "uri-reference": "https://example.com/",
    "iri-reference": "https://example.com/",
    "uri-template": "https://example.com/{id}",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "json-pointer": "/a",
    "relative-json-pointer": "0",
    "regex": "^a$",
    "byte": base64.b64encode(BINARY).decode(),
    "password": "secret-password",
}


def _normalize_keys(node: Any) -> Any:
    """OpenAPI reads YAML with the failsafe schema: keys such as ``200`` or ``true`` are strings."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, str) else k: _normalize_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_normalize_keys(v) for v in node]
    return node


@dataclass(frozen=True)
class BodyMedia:
    media_type: str
    media: dict[str, Any]  # the Media Type Object
    schema: Any


class Document:
    """One OpenAPI document as data, with ``$ref`` resolution."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = _normalize_keys(data)

    def pointer(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise KeyError(f"external $ref {ref!r}")
        node: Any = self.data
        fragment = urllib.parse.unquote(ref[1:])
        for raw in fragment.split("/")[1:] if fragment else []:
            part = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def resolve(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 50:
            node = self.pointer(node["$ref"])
            seen += 1
        return node

    def operation(self, method: str, path: str) -> tuple[dict[str, Any], dict[str, Any]]:
        item = self.resolve(self.data["paths"][path])
        return item, self.resolve(item[method.lower()])

    def parameter(self, method: str, path: str, location: str, wire: str) -> dict[str, Any] | None:
        item, op = self.operation(method, path)
        found = None
        for raw in list(item.get("parameters") or []) + list(op.get("parameters") or []):
            p = self.resolve(raw)
            if isinstance(p, dict) and p.get("in") == location and p.get("name") == wire:
                found = p  # operation-level parameters override path-level ones
        return found

    def body(self, method: str, path: str, kind: str) -> BodyMedia | None:
        """The request body media type the client sends for ``kind`` (json, form, multipart, bytes)."""
        _, op = self.operation(method, path)
        body = self.resolve(op.get("requestBody"))
        content = (body or {}).get("content") or {}
        for media_type in sorted(content):
            base = media_type.split(";")[0].strip().lower()
            is_json = bool(re.match(r"^application/([a-z0-9.+-]*\+)?json$", base))
            matches = {
                "json": is_json,
                "form": base == "application/x-www-form-urlencoded",
                "multipart": base == "multipart/form-data",
                "bytes": not is_json,
            }.get(kind, False)
            if matches:
                media = self.resolve(content[media_type]) or {}
                return BodyMedia(media_type, media, media.get("schema"))
        return None

    def response_schema(self, method: str, path: str, status: int, content_type: str) -> Any:
        """The schema the spec gives the answer with this status and media type, or None."""
        _, op = self.operation(method, path)
        responses = op.get("responses") or {}
        answer = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        content = (self.resolve(answer) or {}).get("content") or {}
        base = content_type.split(";")[0].strip().lower()
        media = content.get(base)
        if media is None:
            media = next((m for t, m in content.items() if t.split(";")[0].strip().lower() == base), None)
        return None if media is None else (self.resolve(media) or {}).get("schema")

    # -- schemas ------------------------------------------------------------------------------------------------

    def merged(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        """A schema with its ``allOf`` parts folded in (properties and required lists united)."""
        s = self.resolve(schema)
        if not isinstance(s, dict):
            return {}
        if "allOf" not in s or depth > MAX_DEPTH:
            return s
        out: dict[str, Any] = {k: v for k, v in s.items() if k != "allOf"}
        props: dict[str, Any] = {}
        required: list[str] = []
        for part in [*s["allOf"], {k: v for k, v in s.items() if k != "allOf"}]:
            p = self.merged(part, depth + 1)
            props.update(p.get("properties") or {})
            required += [r for r in p.get("required") or [] if r not in required]
            for key in ("type", "example", "examples", "enum", "const", "format", "pattern", "discriminator"):
                if key in p and key not in out:
                    out[key] = p[key]
        if props:
            out["properties"] = props
        if required:
            out["required"] = required
        return out

    def property_schema(self, schema: Any, name: str) -> Any:
        s = self.merged(schema)
        props = s.get("properties") or {}
        if name in props:
            return props[name]
        for key in ("oneOf", "anyOf"):
            for branch in s.get(key) or []:
                found = self.property_schema(branch, name)
                if found is not None:
                    return found
        return None

    def sample(self, schema: Any, *, examples: bool = True, depth: int = 0) -> Any:
        """A value valid against ``schema``: with ``examples``, its example (or default) where it has one, else
        one built from its keywords."""
        s = self.merged(schema)
        if depth > MAX_DEPTH:
            return None
        if not s:
            return "value"
        if examples:
            if "example" in s:
                return s["example"]
            if isinstance(s.get("examples"), list) and s["examples"]:
                return s["examples"][0]
            if s.get("default") is not None:  # a default is the spec's word too, and may be as wrong as an example
                return s["default"]
        if "const" in s:
            return s["const"]
        if isinstance(s.get("enum"), list) and s["enum"]:
            return next((v for v in s["enum"] if v is not None), None)
        for key in ("oneOf", "anyOf"):
            branches = [self.merged(b) for b in s.get(key) or []]
            branches = [b for b in branches if b.get("type") != "null"]
            if branches and "properties" not in s:
                return self.sample(branches[0], examples=examples, depth=depth + 1)
        kind = s.get("type")
        if isinstance(kind, list):
            kind = next((t for t in kind if t != "null"), "null")
        if kind is None:
            kind = "object" if "properties" in s else ("array" if "items" in s else "string")
        if kind == "string":
            return _string(s)
        if kind == "integer":
            return int(_number(s, integer=True))
        if kind == "number":
            return _number(s, integer=False)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        if kind == "array":
            prefix = s.get("prefixItems")
            if isinstance(prefix, list):
                return [self.sample(p, examples=examples, depth=depth + 1) for p in prefix]
            count = max(int(s.get("minItems") or 0), 1)
            if s.get("maxItems") == 0:
                count = 0
            return [self.sample(s.get("items") or {}, examples=examples, depth=depth + 1) for _ in range(count)]
        # an object: its required properties
        props = s.get("properties") or {}
        out: dict[str, Any] = {}
        for name in s.get("required") or []:
            out[name] = self.sample(props.get(name) or {}, examples=examples, depth=depth + 1)
        return out


    def filled(self, schema: Any) -> Any:
        """Like ``sample``, but an object gets every property it lists and an array one item (for a place where
        an empty value cannot go, a path segment)."""
        s = self.merged(schema)
        if isinstance(s.get("properties"), dict) and s["properties"]:
            return {name: self.sample(prop) for name, prop in s["properties"].items()}
        if "items" in s:
            return [self.sample(s.get("items") or {})]
        return self.sample(schema)


def media_example(doc: Document, media: dict[str, Any]) -> Any:
    """A Media Type (or Parameter) Object's own example: ``example``, then the first named ``examples`` value."""
    if "example" in media:
        return media["example"]
    examples = media.get("examples")
    if isinstance(examples, dict):
        for raw in examples.values():
            ex = doc.resolve(raw)
            if isinstance(ex, dict) and "value" in ex:
                return ex["value"]
    return None


# -- numbers and strings ----------------------------------------------------------------------------------------


def _number(s: dict[str, Any], *, integer: bool) -> float:
    step = 1 if integer else 0.5
    lo, hi = s.get("minimum"), s.get("maximum")
    ex_lo, ex_hi = s.get("exclusiveMinimum"), s.get("exclusiveMaximum")
    if isinstance(ex_lo, (int, float)) and not isinstance(ex_lo, bool):  # 3.1: a number
        lo = ex_lo + step
    elif ex_lo is True and lo is not None:  # 3.0: a flag on minimum
        lo = lo + step
    if isinstance(ex_hi, (int, float)) and not isinstance(ex_hi, bool):
        hi = ex_hi - step
    elif ex_hi is True and hi is not None:
        hi = hi - step
    value: float = lo if lo is not None else (min(hi, 1) if hi is not None else 1)
    multiple = s.get("multipleOf")
    if isinstance(multiple, (int, float)) and multiple > 0:
        k = -(-value // multiple)
        value = k * multiple
    if integer:
        value = int(-(-value // 1))
    return value


def _string(s: dict[str, Any]) -> Any:
    fmt = s.get("format")
    if fmt == "binary":
        return BINARY
    min_len = int(s.get("minLength") or 0)
    max_len = s.get("maxLength")
    max_len = int(max_len) if isinstance(max_len, int) else None
    pattern = s.get("pattern")
    candidate = _FORMATS.get(fmt) if isinstance(fmt, str) else None
    if candidate is None:
        candidate = "string"
    if isinstance(pattern, str):
        if not _matches(pattern, candidate) or not _fits(candidate, min_len, max_len):
            made = string_matching(pattern, min_len, max_len)
            if made is not None:
                return made
    if len(candidate) < min_len:
        candidate = candidate + "x" * (min_len - len(candidate))
    if max_len is not None and len(candidate) > max_len and candidate not in _FORMATS.values():
        candidate = candidate[:max_len]
    return candidate


def _fits(text: str, lo: int, hi: int | None) -> bool:
    return len(text) >= lo and (hi is None or len(text) <= hi)


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True  # a pattern Python cannot read: leave it to the server


_CATEGORY = {
    sre_c.CATEGORY_DIGIT: "0",
    sre_c.CATEGORY_NOT_DIGIT: "a",
    sre_c.CATEGORY_WORD: "a",
    sre_c.CATEGORY_NOT_WORD: "-",
    sre_c.CATEGORY_SPACE: " ",
    sre_c.CATEGORY_NOT_SPACE: "a",
}


def _char_in(items: list[tuple[Any, Any]]) -> str:
    if items and items[0][0] is sre_c.NEGATE:
        rest = items[1:]
        for c in "aA0-_x.~ ":
            if not _in_set(c, rest):
                return c
        return "\u00e9"
    for op, av in items:
        if op is sre_c.LITERAL:
            return chr(av)
        if op is sre_c.RANGE:
            return chr(av[0])
        if op is sre_c.CATEGORY:
            return _CATEGORY.get(av, "a")
    return "a"


def _in_set(c: str, items: list[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op is sre_c.LITERAL and chr(av) == c:
            return True
        if op is sre_c.RANGE and av[0] <= ord(c) <= av[1]:
            return True
        if op is sre_c.CATEGORY and re.fullmatch(_CATEGORY_RE.get(av, "(?!)"), c):
            return True
    return False


_CATEGORY_RE = {
    sre_c.CATEGORY_DIGIT: r"\d",
    sre_c.CATEGORY_NOT_DIGIT: r"\D",
    sre_c.CATEGORY_WORD: r"\w",
    sre_c.CATEGORY_NOT_WORD: r"\W",
    sre_c.CATEGORY_SPACE: r"\s",
    sre_c.CATEGORY_NOT_SPACE: r"\S",
}


def _walk(parsed: Any, repeat: int, groups: dict[int, str]) -> str:
    out: list[str] = []
    for op, av in parsed:
        if op is sre_c.LITERAL:
            out.append(chr(av))
        elif op is sre_c.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op is sre_c.ANY:
            out.append("a")
        elif op is sre_c.IN:
            out.append(_char_in(av))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            n = min(hi, max(lo, repeat))
            out.extend(_walk(sub, repeat, groups) for _ in range(n))
        elif op in (sre_c.SUBPATTERN, getattr(sre_c, "ATOMIC_GROUP", None)):
            group, sub = (av[0], av[-1]) if op is sre_c.SUBPATTERN else (None, av)
            text = _walk(sub, repeat, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op is sre_c.BRANCH:
            out.append(_walk(av[1][0], repeat, groups))
        elif op is sre_c.GROUPREF:
            out.append(groups.get(av, ""))
        # AT (anchors), ASSERT, ASSERT_NOT (lookarounds): nothing to write
    return "".join(out)


@lru_cache(maxsize=None)
def string_matching(pattern: str, min_len: int = 0, max_len: int | None = None) -> str | None:
    """A short string in which ``pattern`` matches (JSON Schema ``pattern`` is unanchored), within the lengths."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, OverflowError, RecursionError):
        return None
    for repeat in (0, 1, 2, 3, 4, 8, 16, 32, 64, 128):
        try:
            text = _walk(parsed, repeat, {})
        except (RecursionError, ValueError):
            return None
        if len(text) < min_len and not pattern.endswith("$"):
            text += "x" * (min_len - len(text))  # the match stays: a pattern without "$" may be followed by more
        if _matches(pattern, text) and _fits(text, min_len, max_len):
            return text
    return None
