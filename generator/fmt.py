"""Stage 5: black, in-process, on every Python file; other files pass through.

black is the slowest stage on big specs (Stripe emits ~4 MB of Python), so large files are cut into chunks at
top-level statements and chunks are formatted on every core. Black formats each top-level statement on its own
and separates them by exactly two blank lines (after the imports too), so joining formatted chunks that way gives
the same bytes as formatting the whole file; a test holds us to that.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor

import black

_MODE = black.Mode(line_length=120, target_versions={black.TargetVersion.PY310})
_CHUNK = 64 * 1024  # below this, splitting costs more than it saves
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


def format_files(files: dict[str, str], *, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Formatted copies; ``skip`` names files already formatted (the verbatim runtime)."""
    todo = sorted(p for p in files if p.endswith(".py") and p not in skip)
    jobs: list[tuple[str, int, str]] = []
    for path in todo:
        for index, piece in enumerate(_chunks(files[path])):
            jobs.append((path, index, piece))
    total = sum(len(piece) for _p, _i, piece in jobs)
    workers = os.cpu_count() or 1
    if total >= _PARALLEL_MIN and workers > 1 and len(jobs) > 1:
        # Largest first, so one big chunk does not start last and hold everyone up.
        order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i][2]))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = dict(zip(order, pool.map(format_code, [jobs[i][2] for i in order], chunksize=4)))
        formatted = [results[i] for i in range(len(jobs))]
    else:
        formatted = [format_code(piece) for _p, _i, piece in jobs]
    pieces: dict[str, list[str]] = {}
    for (path, _index, _piece), text in zip(jobs, formatted):
        pieces.setdefault(path, []).append(text)
    out = dict(files)
    for path, parts in pieces.items():
        out[path] = "\n\n".join(part.rstrip("\n") + "\n" for part in parts) if len(parts) > 1 else parts[0]
    return out
