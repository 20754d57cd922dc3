"""Output is a function of the input alone: two processes, each with its own empty cache and its own hash seed
(so no set or dict order can leak through), write the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("spec", [ROOT / "specs" / "launchdarkly.yaml", CORPUS / "hathora-swagger.json"], ids=lambda p: p.name)
def test_two_cold_processes_with_different_hash_seeds_write_the_same_bytes(spec: Path, tmp_path: Path) -> None:
    caches = [tmp_path / "cache1", tmp_path / "cache2"]
    assert not any(c.exists() for c in caches), "both runs start cold"
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SDKSMITH_CACHE_DIR": str(tmp_path / f"cache{seed}")}
        env.pop("SDKSMITH_NO_CACHE", None)
        out = tmp_path / f"out{seed}"
        command = [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(out), "--name", "same", "-q"]
        runs.append((out, subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)))
    for out, process in runs:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
    (first, _), (second, _) = runs
    assert _tree(first) == _tree(second)
    assert all(list(c.iterdir()) for c in caches), "each run filled its own cache"
