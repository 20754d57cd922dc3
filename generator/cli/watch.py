"""``sdksmith generate --watch``: regenerate whenever a spec, a template or the config changes.

File events come from watchfiles (inotify, FSEvents, ReadDirectoryChangesW; polling only where the platform has
nothing better). Events are debounced: a burst of saves becomes one regeneration, which goes through the normal
``generate`` path, so the cache skips every client whose inputs did not change and a changed spec is diffed and
its changes listed as unreleased in the changelog (never a version bump), its diff summary printed. Folders are
watched one level deep (the project root for pyproject.toml, each spec's folder, templates/ and its subfolders),
never the whole tree.
Ctrl-C stops it with exit status 0.
"""

from __future__ import annotations

import argparse
import os
import traceback
from pathlib import Path
from typing import Callable

from ..errors import GenerationFailed
from ..render.templates import templates_dir
from . import console
from .clients import configured

# How long a burst of changes may last before it is handled anyway, and how quiet the files must stay to end it.
DEBOUNCE_MS = 1600
STEP_MS = 200


def _targets(args: argparse.Namespace) -> tuple[set[Path], set[Path], Path]:
    """(folders to watch, files that matter, templates folder)."""
    templates = templates_dir().resolve()
    files: set[Path] = set()
    if args.spec is not None:
        files.add(args.spec.resolve())
    else:
        files.add((args.root / "pyproject.toml").resolve())
        try:
            files.update(c.spec.resolve() for c in configured(args.root))
        except GenerationFailed:
            pass  # a broken config is reported by the generation; its file is still watched
    folders = {f.parent for f in files} | {templates}
    folders |= {p for p in templates.rglob("*") if p.is_dir() and p.name != "__pycache__"}
    return {f for f in folders if f.is_dir()}, files, templates


def _snapshot(files: set[Path], templates: Path) -> dict[Path, bytes | None]:
    """The bytes of every watched file, to tell real edits from events that change nothing (our own bump of
    pyproject.toml, an editor touching a file)."""
    paths = set(files) | {p for p in templates.rglob("*") if p.is_file()}
    result: dict[Path, bytes | None] = {}
    for path in paths:
        try:
            result[path] = path.read_bytes()
        except OSError:
            result[path] = None
    return result


def _run(args: argparse.Namespace, generate: Callable[[argparse.Namespace], int]) -> None:
    try:
        generate(args)
    except GenerationFailed as exc:
        console.errors(exc.errors)
    except Exception as exc:  # keep watching: the next save may fix it
        if os.environ.get("SDKSMITH_DEBUG"):
            traceback.print_exc()
        console.problem(f"sdksmith: internal error: {type(exc).__name__}: {exc} (set SDKSMITH_DEBUG=1 for details)")


def watch(args: argparse.Namespace, generate: Callable[[argparse.Namespace], int]) -> int:
    import watchfiles  # only a watching session loads it

    try:
        _run(args, generate)
        args.watching = True  # from now on, clients that did not change are not mentioned
        while True:
            folders, files, templates = _targets(args)
            known = _snapshot(files, templates)

            def relevant(_change: watchfiles.Change, path: str) -> bool:
                resolved = Path(path).resolve()
                return resolved in files or templates in resolved.parents

            console.problem(f"watching {len(files)} files and the templates (Ctrl-C to stop)")
            restart = False
            for changes in watchfiles.watch(
                *sorted(folders),
                watch_filter=relevant,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                recursive=False,
                raise_interrupt=True,
            ):
                now = _snapshot(files, templates)
                changed = sorted(p for p in now.keys() | known.keys() if now.get(p) != known.get(p))
                if not changed:
                    continue
                console.problem("changed: " + ", ".join(_show(p) for p in changed))
                _run(args, generate)
                known = _snapshot(files, templates)
                new_folders, new_files, _ = _targets(args)
                if (new_folders, new_files) != (folders, files):
                    restart = True  # the config now names other specs: watch those
                    break
            if not restart:
                return 0
    except KeyboardInterrupt:
        console.problem("stopped watching")
        return 0


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
