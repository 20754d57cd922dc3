"""The client runtime as the generator reads it: its files, copied verbatim into every package, and the facts the
generator takes from their source without importing them (the runtime imports httpx and pydantic).

The files are read once per run; the facts are parsed from them once and kept in the user's cache by their text
(and by the code that reads them), so a run does not parse the runtime again unless it changed.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import cache

RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"
RUNTIME_FILES = ('__init__.py', '_auth.py', '_base_client.py', '_decode.py', '_exceptions.py', '_fields.py', '_lenient.py', '_lines.py', '_models.py', '_pagination.py', '_request.py', '_response.py', '_retry.py', '_settings.py', '_sse.py', '_streaming.py', '_transport.py', '_types.py', '_utils.py', '_verbs.py')


@dataclass(frozen=True, slots=True)
class Facts:
    exports: frozenset[str]  # every name of every module's ``__all__``
    client_attributes: frozenset[str]  # what the client classes define (methods and ``self.x``): no resource may hide one
    request_options: tuple[tuple[str, str, str], ...]  # ``RequestOptions``: (name, annotation, default), in order


@lru_cache(maxsize=1)
def sources() -> dict[str, str]:
    """Each runtime file's text, by file name."""
    return {name: (RUNTIME_DIR / name).read_text(encoding="utf-8") for name in RUNTIME_FILES}


@lru_cache(maxsize=1)
def facts() -> Facts:
    texts = sources()
    found = json.loads(
        cache.remembered(
            "runtime_facts",
            lambda: cache.digest(cache.code_digest(_read), *texts, *texts.values()),
            lambda: json.dumps(_read(texts)),
        )
    )
    return Facts(
        frozenset(found["exports"]),
        frozenset(found["client_attributes"]),
        tuple((name, annotation, default) for name, annotation, default in found["request_options"]),
    )


def _read(texts: dict[str, str]) -> dict[str, Any]:
    """The facts, from the parsed files. One function, so the cache key (its code's digest) covers all of it."""
    exports: set[str] = set()
    attributes: set[str] = set()
    options: list[list[str]] = []
    for name, text in texts.items():
        for node in ast.parse(text).body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                if isinstance(node.value, (ast.List, ast.Tuple)):
                    exports.update(e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
            elif isinstance(node, ast.ClassDef) and name == "_base_client.py":
                if node.name in ("BaseClient", "SyncAPIClient", "AsyncAPIClient"):
                    for inner in ast.walk(node):
                        if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                            attributes.add(inner.name)
                        elif isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) and inner.value.id == "self":
                            attributes.add(inner.attr)
            elif isinstance(node, ast.ClassDef) and name == "_types.py" and node.name == "RequestOptions":
                options = [
                    [field.target.id, ast.unparse(field.annotation), ast.unparse(field.value)]
                    for field in node.body
                    if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name) and field.value is not None
                ]
    return {
        "exports": sorted(exports),
        "client_attributes": sorted(n for n in attributes if not n.startswith("__")),
        "request_options": options,
    }
