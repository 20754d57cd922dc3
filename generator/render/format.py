"""Stage 5: black, in-process, on what the templates could not write as black would.

The templates write black's style (``render/style.py``), so most generated code is already what black makes of
it, and black is not run on it: ``style.unsettled_lines`` finds the lines black might still change (too long,
or spelled in a way black normalises), and only the logical lines around them are formatted (``settle``), many
to one black call. black itself is imported only when something is left for it.

Formatted pieces are cached (``generator.cache``) by the digest of (black version, mode, input text), so a
regeneration after a spec edit only formats the pieces that changed.

A file ``settle`` cannot cut up is formatted whole: cut into chunks at top-level statements, formatted on every
core when there is a lot. Black formats each top-level statement on its own and separates them by exactly two
blank lines (after the imports too), so joining formatted chunks that way gives the same bytes as formatting the
whole file; a test holds us to that.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Any

from .. import cache
from . import settle
from .style import LINE_LENGTH

_CHUNK = 16 * 1024  # pieces of about this size: small enough to cache well, big enough to be cheap to look up
_PARALLEL_MIN = 256 * 1024  # total size worth starting worker processes for
_TOP_LEVEL_CLASS = re.compile(r"^(?=class |def |async def |@)", re.M)
_MARK = "# @sdksmith-piece@"  # between pieces formatted in one call


@lru_cache(maxsize=1)
def _black() -> tuple[Any, Any]:
    import black  # heavy (~0.1 s to import): loaded only when something is left to format

    return black, black.Mode(line_length=LINE_LENGTH, target_versions={black.TargetVersion.PY310})


def _key(text: str) -> str:
    """What a formatted piece depends on: black's version and the mode (``_black``'s), read without importing
    black, so a run whose pieces are all cached never loads it, and the text."""
    return cache.digest("black", cache.version("black"), f"line {LINE_LENGTH}", "py310", text)


def format_code(text: str) -> str:
    black, mode = _black()
    return str(black.format_str(text, mode=mode))


def _format_batch(pieces: list[str]) -> list[str]:
    """Small modules formatted in one black call (black's fixed cost per call is larger than a small module's):
    joined with a marker comment between them, cut apart after."""
    if len(pieces) == 1:
        return [format_code(pieces[0])]
    out = format_code("".join(f"{_MARK}\n{piece}" for piece in pieces))
    parts = out.split(f"{_MARK}\n")[1:]
    if len(parts) != len(pieces):  # cannot happen: black keeps comments where they are
        return [format_code(piece) for piece in pieces]
    return [part.strip("\n") + "\n" for part in parts]


def _batches(pieces: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    size = 0
    for piece in pieces:
        if size + len(piece) > _CHUNK and out[-1]:
            out.append([])
            size = 0
        out[-1].append(piece)
        size += len(piece)
    return out


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


def _join_chunks(parts: list[str]) -> str:
    return "\n\n".join(part.rstrip("\n") + "\n" for part in parts) if len(parts) > 1 else parts[0]


def _format_many(pieces: list[str], *, batched: bool) -> list[str]:
    """Each piece formatted (small ones in batches), on every core when there is a lot."""
    batches = _batches(pieces) if batched else [[piece] for piece in pieces]
    total = sum(len(piece) for piece in pieces)
    workers = os.cpu_count() or 1
    if total < _PARALLEL_MIN or workers < 2 or len(batches) < 2:
        return [text for batch in batches for text in _format_batch(batch)]
    # Largest first, so one big batch does not start last and hold everyone up.
    order = sorted(range(len(batches)), key=lambda i: -sum(len(p) for p in batches[i]))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(order, pool.map(_format_batch, [batches[i] for i in order])))
    return [text for i in range(len(batches)) for text in results[i]]


def _formatted(pieces: list[str], *, batched: bool = False) -> dict[str, str]:
    """Every piece's formatted text, from the cache or from black. ``batched``: the pieces are logical lines
    (``settle``), which black formats alike in one module; a file's chunks are not (its first one may hold the
    module docstring)."""
    unique = sorted(set(pieces))
    if not unique:
        return {}
    return cache.remembered_each("formatted", unique, _key, lambda missing: _format_many(missing, batched=batched))


def format_files(files: dict[str, str], *, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Formatted copies; ``skip`` names files already formatted (the verbatim runtime). A file formatted before
    (same text, same black) is taken whole from the cache, without even looking for what black would change."""
    todo = [path for path in sorted(files) if path.endswith(".py") and path not in skip]

    def settled(paths: list[str]) -> list[str]:
        done = _settled({path: files[path] for path in paths})
        return [done[path] for path in paths]

    return {**files, **cache.remembered_each("formatted_files", todo, lambda path: _key(files[path]), settled)}


def _settled(files: dict[str, str]) -> dict[str, str]:
    """Each file as black would write it: only the logical lines it might change are formatted (``settle``); a
    file that cannot be cut up is formatted whole, in chunks."""
    plans = {path: settle.plan(text) for path, text in files.items()}
    done = _formatted([piece for found in plans.values() if found for piece in found[0]], batched=True)
    out: dict[str, str] = {}
    whole: list[str] = []
    for path, found in plans.items():
        text = found[1]([done[piece] for piece in found[0]]) if found else None
        if text is None:
            whole.append(path)
        else:
            out[path] = text
    chunks = {path: _chunks(files[path]) for path in whole}
    formatted = _formatted([chunk for parts in chunks.values() for chunk in parts])
    for path, parts in chunks.items():
        out[path] = _join_chunks([formatted[chunk] for chunk in parts])
    return out
