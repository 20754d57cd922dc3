"""The user's cache: results of the pure, expensive steps of a run, by a digest of everything they depend on.

What is kept: black's output for a piece of code, datamodel-code-generator's output for a set of schemas,
openapi-pydantic's acceptance of a document, and a YAML document's parse (as JSON, which reads back faster). Each
key names the library version and options that made the value as well as the input, so a new version or option
never reads an old value. A step whose value is cached never
imports its library, which is most of the start-up of a small spec. Every failure to read or write just means
computing again; ``SDKSMITH_NO_CACHE=1`` turns the cache off (cold runs, as in CI or for a new user).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sqlite3
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import CodeType, FunctionType, TracebackType
from typing import cast

_FILE = "cache.sqlite"
_BATCH = 500  # SQLite's default limit on host parameters is 999


def cache_dir() -> Path | None:
    """The user's cache folder for sdksmith, or None when caching is turned off."""
    if os.environ.get("SDKSMITH_NO_CACHE"):
        return None
    base = os.environ.get("SDKSMITH_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "sdksmith"
    )
    try:
        Path(base).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return Path(base)


@lru_cache(maxsize=None)
def version(distribution: str) -> str:
    """An installed distribution's version, read from its metadata without importing it."""
    return importlib.metadata.version(distribution)


def digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def code_digest(function: Callable[..., object]) -> str:
    """A digest of what ``function`` does (its bytecode, names and constants, nested code included; not its line
    numbers): part of the key of a value it computes, so editing it never reads a value the old code made."""

    def parts(code: CodeType) -> list[str]:
        out = [code.co_code.hex(), repr(code.co_names)]
        for const in code.co_consts:
            out += parts(const) if isinstance(const, CodeType) else [repr(const)]
        return out

    return digest(*parts(cast(FunctionType, function).__code__))


class Store:
    """Text by key in one table of the cache file; a no-op when caching is off or the file cannot be used."""

    def __init__(self, table: str) -> None:
        self._table = table
        self._db: sqlite3.Connection | None = None
        base = cache_dir()
        if base is None:
            return
        try:
            self._db = sqlite3.connect(str(base / _FILE), timeout=5)
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, text TEXT NOT NULL)")
        except (OSError, sqlite3.Error):
            self._db = None

    @property
    def enabled(self) -> bool:
        """Whether anything can be read or kept (else computing a key is wasted work)."""
        return self._db is not None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def get(self, keys: list[str]) -> dict[str, str]:
        if self._db is None or not keys:
            return {}
        found: dict[str, str] = {}
        try:
            for start in range(0, len(keys), _BATCH):
                batch = keys[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                found.update(self._db.execute(f"SELECT key, text FROM {self._table} WHERE key IN ({marks})", batch))
        except sqlite3.Error:
            return {}
        return found

    def put(self, items: dict[str, str]) -> None:
        if self._db is None or not items:
            return
        try:
            with self._db:
                self._db.executemany(f"INSERT OR REPLACE INTO {self._table} VALUES (?, ?)", items.items())
        except sqlite3.Error:
            pass


def remembered(table: str, key: Callable[[], str], compute: Callable[[], str]) -> str:
    """``compute()``, or what it gave before for the same ``key()`` (computed only when the cache is on)."""
    return remembered_each(table, [""], lambda _item: key(), lambda _missing: [compute()])[""]


def remembered_each(
    table: str, items: list[str], key: Callable[[str], str], compute: Callable[[list[str]], list[str]]
) -> dict[str, str]:
    """Each item's value: kept ones read back by ``key(item)``, the others computed together (``compute`` gets
    them in order and gives their values in order) and kept. Keys are computed only when the cache is on."""
    with Store(table) as store:
        if not store.enabled:
            return dict(zip(items, compute(items)))
        keys = {item: key(item) for item in items}
        known = store.get(sorted(set(keys.values())))
        missing = [item for item in items if keys[item] not in known]
        fresh = dict(zip(missing, compute(missing))) if missing else {}
        store.put({keys[item]: value for item, value in fresh.items()})
    return {item: fresh[item] if item in fresh else known[keys[item]] for item in items}
