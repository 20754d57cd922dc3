"""Stage 6: write the files into the output folder atomically, or compare them with what is there.

Files are written into a fresh sibling folder which then replaces the old output in two renames, so a failure at
any point leaves the previous output as it was. Paths are checked to stay inside the output folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from .errors import GenError, GenerationFailed


def _safe(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts or any(p in ("", ".") for p in path.parts):
        raise GenerationFailed([GenError(rel, "", "refusing to write outside the output folder")])
    return path


def write(files: dict[str, str], out: Path) -> None:
    out = out.resolve()
    paths = {rel: _safe(rel) for rel in files}
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for rel in sorted(files):
            target = staging.joinpath(*paths[rel].parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(files[rel], encoding="utf-8", newline="\n")
        _keep_user_files(out, staging)
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        if out.exists():
            os.replace(out, old)
        os.replace(staging, out)
        if old.exists():
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _keep_user_files(out: Path, staging: Path) -> None:
    """Hand-written code under ``custom/`` and build artefacts survive regeneration untouched."""
    for name in ("custom", "dist"):
        source = out / name
        if source.is_dir():
            shutil.copytree(source, staging / name)


def stale(files: dict[str, str], out: Path) -> list[str]:
    """Relative paths that differ from, are missing in, or are extra in ``out``."""
    problems: list[str] = []
    for rel in sorted(files):
        target = out / rel
        try:
            if target.read_text(encoding="utf-8") != files[rel]:
                problems.append(f"{rel}: differs")
        except (OSError, UnicodeDecodeError):
            problems.append(f"{rel}: missing")
    if out.is_dir():
        for path in sorted(out.rglob("*")):
            rel = path.relative_to(out).as_posix()
            if path.is_file() and rel not in files and not rel.startswith(("custom/", "dist/")) and "__pycache__" not in rel:
                problems.append(f"{rel}: not generated (extra file)")
    return problems
