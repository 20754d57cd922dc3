"""File, line and column of a JSON Pointer, computed only when a message needs one.

The happy path parses with the C loader and keeps no positions; a problem is located by composing the file's YAML
node tree (JSON is YAML) and walking it along the pointer.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import GenError
from .. import pointer as jp
from .source import Source


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
    for part in jp.split(pointer):
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


class Locator:
    """Finds file, line and column for JSON Pointers into a (possibly bundled) document.

    A pointer into a part that came from another file is located in that file. Each file's YAML node tree is
    composed once, and only when an error needs it.
    """

    def __init__(self, source: Source) -> None:
        self._source = source
        self._roots: dict[int, Any] = {}

    def error(self, pointer: str, message: str, level: str = "error") -> GenError:
        source, there = self._source.origin(pointer)
        line, col = self._position(source, there)
        return GenError(source.name, there, message, line, col, "warning" if level == "warning" else "error")

    def warning(self, pointer: str, message: str) -> GenError:
        return self.error(pointer, message, "warning")

    def position(self, pointer: str) -> tuple[int, int]:
        source, there = self._source.origin(pointer)
        return self._position(source, there)

    def _position(self, source: Source, pointer: str) -> tuple[int, int]:
        key = id(source)
        if key not in self._roots:
            self._roots[key] = compose_nodes(source.text)  # composed once per file, only when an error needs it
        return position_in(self._roots[key], pointer)
