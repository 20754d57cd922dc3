"""black leaves every generated Python file as sdksmith writes it, across the corpus and the seed specs.

sdksmith runs black only on the statements its templates could not write as black would (``render/settle.py``);
everything else it writes in black's style itself. This holds it to that: each file, as generation gives it, is
a fixed point of black (``black.format_str(file) == file``), so what sdksmith did not give black is exactly what
black would have produced.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from generator.build import build
from generator.config import derived
from generator.render.format import format_code, format_files
from generator.render.package import render
from generator.client_runtime import RUNTIME_FILES
from generator.spec.load import load
from generator.spec.validate import validate

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SPECS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yaml", ".yml", ".json")) + sorted((ROOT / "specs").glob("*.yaml"))
LARGE = {"box-openapi.json", "stripe-spec3-2023-09-12.yaml"}


def _changed_by_black(item: tuple[str, str]) -> str | None:
    path, text = item
    return None if format_code(text) == text else path


@pytest.mark.parametrize("spec", [pytest.param(s, id=s.name, marks=[pytest.mark.slow] if s.name in LARGE else []) for s in SPECS])
def test_black_leaves_every_generated_file_as_it_is(spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKSMITH_NO_CACHE", "1")  # what generation itself produces, not a cached piece
    api = build(validate(load(spec)), derived(spec, tmp_path / "out", "c"))
    runtime = frozenset(f"src/{api.import_name}/_runtime/{name}" for name in RUNTIME_FILES)
    files = format_files(render(api), skip=runtime)
    code = sorted((path, text) for path, text in files.items() if path.endswith(".py") and path not in runtime)
    assert code
    if sum(len(text) for _path, text in code) > 1_000_000:
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            changed = [path for path in pool.map(_changed_by_black, code, chunksize=8) if path]
    else:
        changed = [path for path in map(_changed_by_black, code) if path]
    assert changed == [], f"black would change {len(changed)} generated files, first {changed[:5]}"
