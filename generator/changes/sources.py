"""Both versions of a spec, built into surfaces: from files, from text held in memory, from git."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ..build import build
from ..config import ClientConfig
from ..errors import GenError, GenerationFailed
from ..spec.load import load
from ..spec.validate import validate
from .compare import compare
from .report import Report
from .surface import Surface, surface


def build_surface(path: Path, config: ClientConfig, label: str, *, skip_unsupported: bool = False) -> Surface:
    """Load, validate and build one version; errors name ``label`` instead of a temporary file."""
    try:
        spec = validate(load(path, allow_outside=config.allow_refs_outside))
        api = build(spec, config, skip_unsupported=skip_unsupported)
    except GenerationFailed as exc:
        if label != str(path):
            raise GenerationFailed([_relabel(e, str(path), label) for e in exc.errors]) from None
        raise
    return surface(api, spec.data, label)  # the document as the generator read it


def _relabel(error: GenError, file: str, label: str) -> GenError:
    if error.file != file:
        return error
    return GenError(label, error.pointer, error.message, error.line, error.column, error.level)


def compare_files(
    old: Path, new: Path, config: ClientConfig, *, old_label: str | None = None, new_label: str | None = None,
    skip_unsupported: bool = False,
) -> Report:
    before = build_surface(old, config, old_label or str(old), skip_unsupported=skip_unsupported)
    after = build_surface(new, config, new_label or str(new), skip_unsupported=skip_unsupported)
    return compare(before, after)


def compare_text(
    old_text: str, new: Path, config: ClientConfig, *, old_label: str, new_label: str | None = None,
    skip_unsupported: bool = False,
) -> Report:
    """Compare a version held in memory (from git, say) with a file."""
    with tempfile.TemporaryDirectory(prefix="sdksmith-diff-") as tmp:
        path = Path(tmp) / new.name
        path.write_text(old_text, encoding="utf-8")
        return compare_files(path, new, config, old_label=old_label, new_label=new_label, skip_unsupported=skip_unsupported)


def git_show(spec: Path, ref: str) -> str:
    """The text of ``spec`` at git revision ``ref``."""
    spec = spec.resolve()
    try:
        result = subprocess.run(
            ["git", "show", f"{ref}:./{spec.name}"], cwd=spec.parent, capture_output=True, check=False
        )
    except OSError as exc:
        raise GenerationFailed([GenError(str(spec), "", f"cannot run git: {exc}")]) from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GenerationFailed([GenError(str(spec), "", f"git show {ref}: {message[-1] if message else 'failed'}")])
    try:
        return result.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise GenerationFailed([GenError(f"{ref}:{spec.name}", "", "file is not UTF-8 text")]) from None
