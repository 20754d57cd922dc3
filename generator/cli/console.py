"""The only place that prints. Progress and results go to stderr (stdout is kept for machine-readable output)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from ..errors import GenError

T = TypeVar("T")


def problem(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def errors(found: Iterable[GenError]) -> None:
    """One ``FILE:LINE:COL: POINTER: message`` line per problem."""
    for error in found:
        problem(error.render())


def skips(files: dict[str, str]) -> None:
    """What ``--skip-unsupported`` left out of a generation (listed in its ``.sdksmith.json`` too): never silent."""
    for skip in json.loads(files[".sdksmith.json"])["skipped"]:
        problem(f"{skip['location']}: skipped: {skip['reason']}")


def progress(quiet: bool) -> Callable[[str], None]:
    """Where progress lines go: nowhere with ``--quiet``."""
    if quiet:
        return lambda _msg: None
    return problem


def out(text: str) -> None:
    """Machine-readable output (``diff --json``) and reports, on stdout."""
    sys.stdout.write(text)


def tracked(items: Sequence[T], quiet: bool, description: str) -> Iterable[T]:
    """``items``, with a progress bar on a terminal (never in CI, never with --quiet)."""
    if quiet or not sys.stderr.isatty() or os.environ.get("CI"):
        return items
    from rich.progress import track  # only a terminal user pays for it

    return track(items, description=description, console=None, transient=True)
