"""Stage 1, one file: bytes -> text -> plain data, refusing anything unsafe or unbounded.

The happy path uses the C loader and no position tracking; line numbers are computed only when an error needs
one (``locate``). Nothing here follows a reference: ``bundle`` does, reading each file with ``read_file``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from ..errors import GenError, GenerationFailed
from . import pointer as jp
from .locate import locate
from .source import Source

# Bounds that keep hostile input (alias bombs, absurd nesting) cheap to refuse.
MAX_NODES = 5_000_000
MAX_DEPTH = 200
MAX_BYTES = 64 * 1024 * 1024

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loading, with timestamps kept as the strings they were written as."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def read_file(path: Path, display: str | None = None) -> Source:
    """One file: bytes, text, safe parse, shape checks. No reference is followed."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GenerationFailed([GenError(name, "", f"cannot read file: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_BYTES:
        raise GenerationFailed([GenError(name, "", f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GenerationFailed([GenError(name, "", f"file is not UTF-8 text (byte {exc.start})")]) from None
    data = _parse(name, text)
    if not isinstance(data, dict) or not data:
        kind = "empty" if data is None or data == {} else f"a {type(data).__name__}, not a mapping"
        raise GenerationFailed([GenError(name, "", f"document is {kind}; expected an OpenAPI object", 1, 1)])
    _check_shape(name, text, data)
    return Source(Path(name), text, data, hashlib.sha256(raw).hexdigest())


def _parse(name: str, text: str) -> Any:
    stripped = text.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        try:
            return json.loads(text)
        except RecursionError:
            raise GenerationFailed([GenError(name, "", f"nesting deeper than {MAX_DEPTH} levels", 1, 1)]) from None
        except ValueError as exc:
            line = getattr(exc, "lineno", 0)
            col = getattr(exc, "colno", 0)
            msg = getattr(exc, "msg", str(exc))
            raise GenerationFailed([GenError(name, "", f"JSON syntax error: {msg}", line, col)]) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError):
            problem = f"refused YAML tag ({problem}); only plain data is allowed"
        raise GenerationFailed([GenError(name, "", f"YAML error: {problem}", line, col)]) from None
    except yaml.YAMLError as exc:
        raise GenerationFailed([GenError(name, "", f"YAML error: {exc}")]) from None
    except RecursionError:
        raise GenerationFailed([GenError(name, "", f"nesting deeper than {MAX_DEPTH} levels", 1, 1)]) from None


def _check_shape(name: str, text: str, data: Any) -> None:
    """Refuse alias bombs and absurd nesting before any later stage walks the data.

    YAML aliases load as shared objects, so the expanded size is computed once per distinct object (memoised by
    identity): a billion-laughs document is refused after touching only its few real nodes.
    """
    sizes: dict[int, int] = {}
    depth_of: dict[int, int] = {}
    # Only an escape (JSON "\ud800", YAML "\ud800") can produce an unpaired surrogate, which no file can hold.
    surrogates = bool(re.search(r"\\u[dD][89a-fA-F]|\\U0000[dD][89a-fA-F]", text))

    def visit(value: Any, pointer: str, depth: int) -> int:
        key = id(value)
        if key in sizes and depth + depth_of[key] <= MAX_DEPTH:
            return sizes[key]
        if depth > MAX_DEPTH:
            line, col = locate(text, pointer)
            raise GenerationFailed([GenError(name, pointer, f"nesting deeper than {MAX_DEPTH} levels", line, col)])
        total, deepest = 1, 0
        items: Any
        if isinstance(value, dict):
            if not all(isinstance(k, str) for k in value):
                _string_keys(name, text, pointer, value)
            items = value.items()
        else:
            items = enumerate(value)
        for k, child in items:
            if surrogates and (isinstance(child, str) and _unpaired(child) or isinstance(k, str) and _unpaired(k)):
                where = jp.join(pointer, k)
                line, col = locate(text, where)
                raise GenerationFailed([GenError(name, where, "text contains an unpaired UTF-16 surrogate", line, col)])
            if isinstance(child, (dict, list)):
                child_pointer = jp.join(pointer, k)
                total += visit(child, child_pointer, depth + 1)
                deepest = max(deepest, depth_of[id(child)] + 1)
            else:
                total += 1
            if total > MAX_NODES:
                raise GenerationFailed(
                    [GenError(name, "", f"document expands to more than {MAX_NODES:,} values (YAML alias bomb?)", 1, 1)]
                )
        sizes[key] = total
        depth_of[key] = deepest
        return total

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, MAX_DEPTH * 4 + 100))
    try:
        visit(data, "", 0)
    finally:
        sys.setrecursionlimit(limit)


def _string_keys(name: str, text: str, pointer: str, mapping: dict[Any, Any]) -> None:
    """YAML reads ``200:`` as an integer key; OpenAPI means the string. Anything else that is not a string is
    refused. The mapping is rewritten in place, keeping its order."""
    converted: dict[str, Any] = {}
    for k, child in mapping.items():
        if isinstance(k, int) and not isinstance(k, bool):
            key = str(k)
        elif isinstance(k, str):
            key = k
        else:
            line, col = locate(text, pointer)
            raise GenerationFailed([GenError(name, jp.join(pointer, k), f"mapping key {k!r} is not a string", line, col)])
        if key in converted:
            line, col = locate(text, pointer)
            raise GenerationFailed([GenError(name, jp.join(pointer, key), f"duplicate key {key!r}", line, col)])
        converted[key] = child
    mapping.clear()
    mapping.update(converted)


def _unpaired(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
