"""Stage 1: read a spec file (YAML or JSON) into plain data, refusing anything unsafe.

The happy path uses the C loader and no position tracking; line numbers are computed only when an error needs
one (``locate``), by composing the YAML node tree and walking it along the error's JSON Pointer.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from .errors import GenError, GenerationFailed

# Bounds that keep hostile input (alias bombs, absurd nesting) cheap to refuse.
MAX_NODES = 5_000_000
MAX_DEPTH = 200
MAX_BYTES = 64 * 1024 * 1024

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loading, with timestamps kept as the strings they were written as."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


@dataclass(frozen=True, slots=True)
class Source:
    """A loaded document: its data, where it came from and the bytes' digest.

    A document whose ``$ref``s name other files is bundled: ``data`` holds everything, and ``origins`` says which
    parts came from which file, as (pointer in ``data``, that file's Source, pointer in that file), so that a
    problem found later is located in the file that holds it. ``sha256`` then covers every file read.
    """

    path: Path
    text: str
    data: dict[str, Any]
    sha256: str
    origins: tuple[tuple[str, Source, str], ...] = ()

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file this document was read from: the spec itself, then the files it references."""
        return (self.path, *sorted({origin.path for _at, origin, _ptr in self.origins}))

    def origin(self, pointer: str) -> tuple[Source, str]:
        """The file holding the value at ``pointer`` and its pointer there."""
        best: tuple[str, Source, str] | None = None
        for at, source, there in self.origins:
            if (pointer == at or pointer.startswith(at + "/")) and (best is None or len(at) > len(best[0])):
                best = (at, source, there)
        if best is None:
            return self, pointer
        return best[1], best[2] + pointer[len(best[0]) :]


def load(path: Path, *, allow_outside: bool = False) -> Source:
    """Read and parse ``path``, following its relative file ``$ref``s; raise GenerationFailed with located errors
    for anything unusable. Referenced files must lie in the spec's folder tree unless ``allow_outside``."""
    source = _load_one(path)
    # Cheap test first: only a "$ref" whose value does not start with "#" can name another file.
    if not _MAYBE_FILE_REF.search(source.text) or not any(_is_file_ref(r) for _w, r in _iter_refs(source.data)):
        return source
    from .bundle import bundle

    return bundle(source, allow_outside=allow_outside)


def _is_file_ref(ref: str) -> bool:
    return not ref.startswith("#") and not _REMOTE.match(ref) and not ref.startswith("//")


_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_MAYBE_FILE_REF = re.compile(r"""\$ref['"]?\s*:\s*['"]?[^#'"\s]""")


def _iter_refs(node: Any) -> Iterator[tuple[str, str]]:
    from .validate import iter_refs

    return iter_refs(node)


def _load_one(path: Path, display: str | None = None) -> Source:
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
                where = pointer + "/" + str(k).replace("~", "~0").replace("/", "~1")
                line, col = locate(text, where)
                raise GenerationFailed([GenError(name, where, "text contains an unpaired UTF-16 surrogate", line, col)])
            if isinstance(child, (dict, list)):
                child_pointer = pointer + "/" + str(k).replace("~", "~0").replace("/", "~1")
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

    import sys

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
            raise GenerationFailed([GenError(name, f"{pointer}/{k}", f"mapping key {k!r} is not a string", line, col)])
        if key in converted:
            line, col = locate(text, pointer)
            raise GenerationFailed([GenError(name, f"{pointer}/{key}", f"duplicate key {key!r}", line, col)])
        converted[key] = child
    mapping.clear()
    mapping.update(converted)


def _unpaired(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def compose_nodes(text: str) -> Any:
    """The YAML node tree of ``text`` (JSON included), or None when it cannot be composed."""
    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return None


def position_in(root: Any, pointer: str) -> tuple[int, int]:
    """Line and column (1-based) of the value at ``pointer`` in a node tree, or of its nearest existing parent."""
    if root is None:
        return (1, 1)
    node, best = root, root.start_mark
    for part in [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]] if pointer else []:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                    child, best = value_node, key_node.start_mark
                    break
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            child = node.value[int(part)]
            best = child.start_mark
        if child is None:
            break
        node = child
    return (best.line + 1, best.column + 1)


def locate(text: str, pointer: str) -> tuple[int, int]:
    """Line and column (1-based) of the value at ``pointer`` in ``text``."""
    return position_in(compose_nodes(text), pointer)
