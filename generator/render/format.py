"""Stage 5: black, in-process, on every Python file; other files pass through.

Formatted pieces are cached by the digest of (black version, mode, input text) in a small SQLite file in the user's
cache folder, so a regeneration after a spec edit only formats the pieces that changed. ``SDKSMITH_NO_CACHE=1``
turns the cache off (the benchmarks measure cold runs that way too).

black is the slowest stage on big specs (Stripe emits ~4 MB of Python), so large files are cut into chunks at
top-level statements and chunks are formatted on every core. Black formats each top-level statement on its own
and separates them by exactly two blank lines (after the imports too), so joining formatted chunks that way gives
the same bytes as formatting the whole file; a test holds us to that.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import black

_MODE = black.Mode(line_length=120, target_versions={black.TargetVersion.PY310})
_CHUNK = 16 * 1024  # pieces of about this size: small enough to cache well, big enough to be cheap to look up
_PARALLEL_MIN = 256 * 1024  # total size worth starting worker processes for
_TOP_LEVEL_CLASS = re.compile(r"^(?=class |def |async def |@)", re.M)


def format_code(text: str) -> str:
    return black.format_str(text, mode=_MODE)


def _chunks(text: str) -> list[str]:
    """The file cut before top-level class/def statements into pieces of about _CHUNK characters.

    The first piece keeps the module header and imports; a cut is only made where the previous line is blank,
    so decorators and comments stay with what they belong to.
    """
    if len(text) <= _CHUNK:
        return [text]
    starts = [m.start() for m in _TOP_LEVEL_CLASS.finditer(text) if m.start() >= 2 and text[m.start() - 2 : m.start()] == "\n\n"]
    pieces: list[str] = []
    begin = 0
    for start in starts:
        if start - begin >= _CHUNK:
            pieces.append(text[begin:start])
            begin = start
    pieces.append(text[begin:])
    return pieces


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


class _Cache:
    """Formatted text by digest of its input; every failure just means formatting again."""

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None
        base = cache_dir()
        if base is None:
            return
        try:
            self._db = sqlite3.connect(str(base / "black.sqlite"), timeout=5)
            self._db.execute("CREATE TABLE IF NOT EXISTS formatted (key TEXT PRIMARY KEY, text TEXT NOT NULL)")
        except (OSError, sqlite3.Error):
            self._db = None

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(f"{black.__version__}|{_MODE!r}|{text}".encode()).hexdigest()

    def get(self, keys: list[str]) -> dict[str, str]:
        if self._db is None or not keys:
            return {}
        found: dict[str, str] = {}
        try:
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                found.update(self._db.execute(f"SELECT key, text FROM formatted WHERE key IN ({marks})", batch))
        except sqlite3.Error:
            return {}
        return found

    def put(self, items: dict[str, str]) -> None:
        if self._db is None or not items:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO formatted VALUES (?, ?)", items.items())
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def _format_many(pieces: list[str]) -> list[str]:
    total = sum(len(piece) for piece in pieces)
    workers = os.cpu_count() or 1
    if total < _PARALLEL_MIN or workers < 2 or len(pieces) < 2:
        return [format_code(piece) for piece in pieces]
    # Largest first, so one big piece does not start last and hold everyone up.
    order = sorted(range(len(pieces)), key=lambda i: -len(pieces[i]))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(order, pool.map(format_code, [pieces[i] for i in order], chunksize=4)))
    return [results[i] for i in range(len(pieces))]


def format_files(files: dict[str, str], *, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Formatted copies; ``skip`` names files already formatted (the verbatim runtime)."""
    todo = sorted(p for p in files if p.endswith(".py") and p not in skip)
    jobs: list[tuple[str, int, str]] = []
    for path in todo:
        for index, piece in enumerate(_chunks(files[path])):
            jobs.append((path, index, piece))
    cache = _Cache()
    keys = [_Cache.key(piece) for _p, _i, piece in jobs]
    known = cache.get(keys)
    missing = sorted({k: jobs[i][2] for i, k in enumerate(keys) if k not in known}.items())
    fresh = dict(zip([k for k, _t in missing], _format_many([t for _k, t in missing])))
    cache.put(fresh)
    cache.close()
    formatted = [known.get(k) or fresh[k] for k in keys]
    pieces: dict[str, list[str]] = {}
    for (path, _index, _piece), text in zip(jobs, formatted):
        pieces.setdefault(path, []).append(text)
    out = dict(files)
    for path, parts in pieces.items():
        out[path] = "\n\n".join(part.rstrip("\n") + "\n" for part in parts) if len(parts) > 1 else parts[0]
    return out
