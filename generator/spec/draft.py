"""A corrected copy of a loaded document, made copy-on-write: the loaded data (``Source.data``) is never changed.

A container is copied (shallowly) the first time something below it is written, so a document that needs no
correction costs nothing, and one that needs a few costs a few copied paths, not a deep copy of everything.
Edits compose: a later edit sees the earlier ones.
"""

from __future__ import annotations

from typing import Any

from .. import pointer as jp


class Draft:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._own: set[int] = set()  # ids of the containers this draft copied (alive: they are in ``data``)

    def get(self, pointer: str) -> Any:
        """The current value at ``pointer``; KeyError when there is none."""
        node: Any = self.data
        for part in jp.split(pointer):
            node = node[_index(node, part)]
        return node

    def set(self, pointer: str, value: Any) -> None:
        parts = jp.split(pointer)
        if not parts:
            raise ValueError("the document itself cannot be replaced")
        parent = self._writable(parts[:-1])
        parent[_index(parent, parts[-1])] = value

    def delete(self, pointer: str) -> None:
        parts = jp.split(pointer)
        parent = self._writable(parts[:-1])
        del parent[_index(parent, parts[-1])]

    def rename(self, pointer: str, old: str, new: str) -> None:
        """Rename the key ``old`` of the mapping at ``pointer`` to ``new``, keeping the keys' order."""
        mapping = self._writable(jp.split(pointer))
        items = [(new if key == old else key, value) for key, value in mapping.items()]
        mapping.clear()
        mapping.update(items)

    def _writable(self, parts: list[str]) -> Any:
        """The container at ``parts``, copied (with every container above it) unless this draft already owns it."""
        if id(self.data) not in self._own:
            self.data = dict(self.data)
            self._own.add(id(self.data))
        node: Any = self.data
        for part in parts:
            key = _index(node, part)
            child = node[key]
            if id(child) not in self._own:
                if not isinstance(child, (dict, list)):
                    raise KeyError(part)
                child = dict(child) if isinstance(child, dict) else list(child)
                node[key] = child
                self._own.add(id(child))
            node = child
        return node


def _index(node: Any, part: str) -> Any:
    return int(part) if isinstance(node, list) else part
