"""A YAML document's parse, kept in the user's cache as JSON, which reads back ten times faster: an unchanged spec is
not parsed again (Spotify's parse is 0.1 s of every regeneration). Kept only when the parse succeeded and no node is
shared (a YAML alias: JSON would copy it, and the alias-bomb check counts a shared node once). Keyed by PyYAML's
version, the reader's code and the text."""

from __future__ import annotations

import json
from typing import Any, Callable

from .. import cache


def remembered(text: str, reader_code: str, parse: Callable[[], Any]) -> Any:
    with cache.Store("yaml") as store:
        key = cache.digest("yaml", cache.version("PyYAML"), reader_code, text) if store.enabled else ""
        if key:
            found = store.get([key])
            if key in found:
                return json.loads(found[key])
        data = parse()
        if key and not _shares_nodes(data):
            try:
                store.put({key: json.dumps(data)})
            except (TypeError, ValueError):
                pass  # not plain JSON data (our loader makes none): parsed again next time
    return data


def _shares_nodes(data: Any) -> bool:
    seen: set[int] = set()
    todo = [data]
    while todo:
        node = todo.pop()
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                return True
            seen.add(id(node))
            todo.extend(node.values() if isinstance(node, dict) else node)
    return False
