"""Formatting in pieces (for parallelism and caching) gives exactly the bytes black gives for the whole file."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.render import format as fmt
from generator.build import build
from generator.config import derived
from generator.spec.load import load
from generator.render.package import render
from generator.spec.validate import validate

ROOT = Path(__file__).resolve().parent.parent
SPECS = [ROOT / "specs" / "launchdarkly.yaml", ROOT.parent / "shared" / "corpus" / "twilio_video_v1.yaml"]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_pieces_format_like_the_whole_file(spec: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fmt, "_CHUNK", 2048)  # force many pieces, so every join is exercised
    monkeypatch.setenv("SDKSMITH_CACHE_DIR", str(tmp_path))
    files = render(build(validate(load(spec)), derived(spec, tmp_path / "out", "c")))
    code = {k: v for k, v in files.items() if k.endswith(".py") and "_runtime" not in k}
    assert any(len(fmt._chunks(v)) > 3 for v in code.values())
    whole = {k: fmt.format_code(v) for k, v in code.items()}
    assert fmt.format_files(code) == whole  # cold: every piece formatted
    assert fmt.format_files(code) == whole  # warm: every piece from the cache
    assert (tmp_path / "black.sqlite").is_file()


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SDKSMITH_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SDKSMITH_NO_CACHE", "1")
    assert fmt.format_files({"a.py": "x=1\n"}) == {"a.py": "x = 1\n"}
    assert not (tmp_path / "black.sqlite").exists()
