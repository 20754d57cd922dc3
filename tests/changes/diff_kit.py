"""Helpers for the diff tests: a base spec, edits of it, and the comparison of the pair."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import yaml

from generator.changes.report import Report
from generator.changes.sources import compare_files
from generator.config import derived

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BASE = HERE / "base.yaml"


def base() -> dict[str, Any]:
    return yaml.safe_load(BASE.read_text())


def pair(
    tmp: Path, edit: Callable[[dict[str, Any]], Any], before: Callable[[dict[str, Any]], Any] | None = None
) -> tuple[Path, Path]:
    """Write the base spec (first changed by ``before``) and a copy changed by ``edit``; return (old, new)."""
    old, new = tmp / "old.yaml", tmp / "new.yaml"
    data = base()
    if before is not None:
        before(data)
    edited = copy.deepcopy(data)
    edit(edited)
    old.write_text(yaml.safe_dump(data, sort_keys=False))
    new.write_text(yaml.safe_dump(edited, sort_keys=False))
    return old, new


def diff(
    tmp: Path, edit: Callable[[dict[str, Any]], Any], before: Callable[[dict[str, Any]], Any] | None = None
) -> Report:
    old, new = pair(tmp, edit, before)
    return compare_files(old, new, derived(new, tmp / "out", "toy"), old_label="old.yaml", new_label="new.yaml")


def sdksmith(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)
