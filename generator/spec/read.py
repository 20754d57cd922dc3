"""Stage 1, one file: bytes -> text -> plain data, refusing anything unsafe, unbounded or ambiguous.

* Nesting is bounded before any parser can recurse: YAML's composer recurses in C and a 100 KB file of nested
  ``[`` kills the process (SIGSEGV), so the event stream (a state machine, no recursion) is read first and a
  document nested deeper than ``MAX_DEPTH`` is refused at the line where it goes too deep. JSON's parser raises
  RecursionError instead, and is located the same way.
* Mapping keys are the strings they were written as: OpenAPI asks for YAML's failsafe schema there, so ``200:``,
  ``True:``, ``yes:``, ``null:`` and ``1.5:`` are the keys "200", "True", "yes", "null" and "1.5".
* A key written twice in one mapping (YAML or JSON) is an error naming both lines: parsers keep the last one and
  silently drop the first (two ``/a`` path items lose an operation).
* JSON's ``NaN`` and ``Infinity`` are not JSON (Python's parser accepts them): refused, located.
* Alias bombs and absurd nesting are refused before any later stage walks the data (``_check_shape``).

The happy path uses the C parser and keeps no positions; line numbers are computed only when an error needs one.
Nothing here follows a reference: ``bundle`` does, reading each file with ``read_file``. Tests: tests/spec/test_read.py
and tests/hostile/test_hostile_documents.py.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import GenError, GenerationFailed, sort_key
from .. import pointer as jp
from .locate import compose_nodes, locate
from .source import Source
from . import yaml_cache

# Bounds that keep hostile input (alias bombs, absurd nesting) cheap to refuse.
MAX_NODES = 5_000_000
MAX_DEPTH = 200
MAX_BYTES = 64 * 1024 * 1024

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"
_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Refused(Exception):
    """A YAML construct we do not read, at a position."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem)
        self.problem = problem
        self.mark = mark


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loading; timestamps kept as the strings they were written as; keys read as written; duplicates noted."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicated = False

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise _Refused(f"expected a mapping, found {node.id}", node.start_mark)
        merging = any(key_node.tag == _MERGE for key_node, _value in node.value)
        if merging:  # ``<<: *base`` then explicit keys: the explicit ones override, as YAML says
            explicit = [_key(k) for k, _v in node.value if k.tag != _MERGE]
            self.duplicated |= len(set(explicit)) != len(explicit)
            self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _key(key_node)
            if not merging and key in mapping:
                self.duplicated = True
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _key(node: Any) -> str:
    """A mapping key as the string it was written as (YAML's failsafe schema, which OpenAPI asks for)."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
    raise _Refused(f"a mapping key must be a string, found {kind}", node.start_mark)


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
        return _parse_json(name, text)
    return yaml_cache.remembered(text, _own_code(), lambda: _parse_yaml(name, text))


@lru_cache(maxsize=1)
def _own_code() -> str:
    """Part of a kept parse's key: editing this reader never reads back a parse the old one made."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _parse_yaml(name: str, text: str) -> Any:
    try:
        _check_yaml_depth(name, text)
        loader = _Loader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError):
            problem = f"refused YAML tag ({problem}); only plain data is allowed"
        if "nesting depth" in problem:  # PyYAML 6.0.4+ stops deep nesting itself, before our own count does
            raise GenerationFailed([GenError(name, "", f"nesting deeper than {MAX_DEPTH} levels", line, col)]) from None
        raise GenerationFailed([GenError(name, "", f"YAML error: {problem}", line, col)]) from None
    except _Refused as exc:
        line, col = exc.mark.line + 1, exc.mark.column + 1
        raise GenerationFailed([GenError(name, "", f"YAML error: {exc.problem}", line, col)]) from None
    except yaml.YAMLError as exc:
        raise GenerationFailed([GenError(name, "", f"YAML error: {exc}")]) from None
    except RecursionError:
        raise GenerationFailed([GenError(name, "", f"nesting deeper than {MAX_DEPTH} levels", 1, 1)]) from None
    if loader.duplicated:
        raise GenerationFailed(_duplicates(name, text))
    return data


# -- nesting -----------------------------------------------------------------------------------------------------


def _check_yaml_depth(name: str, text: str) -> None:
    """Refuse a YAML document nested deeper than ``MAX_DEPTH`` before the (recursive, C) composer sees it."""
    depth = 0
    count = 0
    loader = _BaseLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            count += 1
            if isinstance(event, _STARTS):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the document's own mapping is depth 1
                    mark = event.start_mark
                    where = _event_pointer(text, count)
                    raise GenerationFailed(
                        [GenError(name, where, f"nesting deeper than {MAX_DEPTH} levels", mark.line + 1, mark.column + 1)]
                    )
            elif isinstance(event, _ENDS):
                depth -= 1
    finally:
        loader.dispose()


def _event_pointer(text: str, stop: int) -> str:
    """The JSON Pointer of the node the ``stop``-th parser event starts (read again, tracking keys; errors only)."""
    frames: list[dict[str, Any]] = []  # open collections: is it a mapping, its next role, last key/index, own token
    loader = _BaseLoader(text)
    try:
        for count in range(1, stop + 1):
            event = loader.get_event()
            if isinstance(event, _ENDS):
                _completed(frames, frames.pop()["role"], "?")
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, *_STARTS)):
                continue
            role, token = "root", None
            if frames:
                parent = frames[-1]
                if not parent["mapping"]:
                    parent["last"] += 1
                    role, token = "item", str(parent["last"])
                elif parent["key_next"]:
                    role = "key"
                else:
                    role, token = "value", parent["last"]
            if count == stop:
                return jp.join("", *(f["token"] for f in frames if f["token"] is not None), *([token] if token else []))
            if isinstance(event, _STARTS):
                mapping = isinstance(event, yaml.MappingStartEvent)
                frames.append({"mapping": mapping, "key_next": True, "last": "" if mapping else -1, "role": role, "token": token})
            else:
                _completed(frames, role, str(event.value) if isinstance(event, yaml.ScalarEvent) else "?")
    finally:
        loader.dispose()
    return ""


def _completed(frames: list[dict[str, Any]], role: str, key: str) -> None:
    """A node in the innermost open mapping is complete: after a key comes its value, after a value the next key."""
    if frames and frames[-1]["mapping"]:
        if role == "key":
            frames[-1]["last"] = key
        frames[-1]["key_next"] = role != "key"


def _parse_json(name: str, text: str) -> Any:
    duplicated: list[str] = []
    constants: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(items)
        if len(mapping) != len(items):
            duplicated.extend(k for k, n in Counter(k for k, _v in items).items() if n > 1)
        return mapping

    def constant(literal: str) -> float:
        constants.append(literal)
        return float(literal.replace("Infinity", "inf"))

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except RecursionError:
        line, col = _json_too_deep(text)
        raise GenerationFailed([GenError(name, "", f"nesting deeper than {MAX_DEPTH} levels", line, col)]) from None
    except ValueError as exc:
        line = getattr(exc, "lineno", 0)
        col = getattr(exc, "colno", 0)
        msg = getattr(exc, "msg", str(exc))
        raise GenerationFailed([GenError(name, "", f"JSON syntax error: {msg}", line, col)]) from None
    errors = _duplicates(name, text, duplicated) if duplicated else []
    if constants:
        errors += _json_constants(name, text, data)
    if errors:
        raise GenerationFailed(sorted(errors, key=sort_key))
    return data


def _json_too_deep(text: str) -> tuple[int, int]:
    """Line and column where a JSON text first nests deeper than ``MAX_DEPTH`` (strings skipped)."""
    depth = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH + 1:
                return _line_col(text, match.start())
        elif token in "]}":
            depth -= 1
    return (1, 1)


def _json_constants(name: str, text: str, data: Any) -> list[GenError]:
    """``NaN``/``Infinity`` literals, located: their positions in the text and their pointers, both in document order."""
    found = [(m.start(1), m.group(1)) for m in re.finditer(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)', text) if m.group(1)]
    pointers: list[str] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            pointers.append(where)
        elif isinstance(value, dict):
            stack.extend(reversed([(jp.join(where, k), v) for k, v in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{where}/{i}", v) for i, v in enumerate(value)]))
    errors = []
    for index, where in enumerate(pointers):
        offset, literal = found[index] if index < len(found) else (0, "NaN")
        line, col = _line_col(text, offset)
        errors.append(
            GenError(name, where, f"{literal} is not JSON (JSON has no NaN or Infinity): write a number, or a string", line, col)
        )
    return errors


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# -- duplicate keys ----------------------------------------------------------------------------------------------


def _duplicates(name: str, text: str, keys: list[str] | None = None) -> list[GenError]:
    """One error per key written twice in a mapping, at its second spelling and naming the line of the first."""
    root = compose_nodes(text)
    if root is None:  # cannot happen for text that parsed; say what we know
        return [GenError(name, "", f"duplicate key {k!r}: each key may appear once in a mapping", 1, 1) for k in keys or ["?"]]
    errors: list[GenError] = []
    stack: list[tuple[str, Any]] = [("", root)]
    seen: set[int] = set()
    while stack:
        where, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else None
                if key is None:
                    continue
                if key in first:
                    before = first[key].start_mark.line + 1
                    mark = key_node.start_mark
                    message = (
                        f"duplicate key {key!r} (also on line {before}): a parser keeps only the last one, "
                        "so the first would be silently lost; merge them or rename one"
                    )
                    errors.append(GenError(name, jp.join(where, key), message, mark.line + 1, mark.column + 1))
                else:
                    first[key] = key_node
                stack.append((jp.join(where, key), value_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((f"{where}/{i}", child) for i, child in enumerate(node.value))
    return sorted(errors, key=sort_key)


# -- shape -------------------------------------------------------------------------------------------------------


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
        items: Any = value.items() if isinstance(value, dict) else enumerate(value)
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


def _unpaired(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
