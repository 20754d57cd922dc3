"""A changed spec is built once per generation: `generate` hands the spec it built to the comparison with the
last release (plan) and to the output (produce), so only the last release's spec is built besides it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.changes.surface import surface
from generator.config import derived
from generator.pipeline import build_client, produce
from generator.release import plan as plan_module
from generator.release.pending import carried
from generator.release.plan import Current, plan

ROOT = Path(__file__).resolve().parents[2]


def test_the_current_spec_is_not_built_again_for_the_unreleased_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "fastly.yaml"
    shutil.copy(ROOT / "specs" / "fastly.yaml", spec)
    config = derived(spec, tmp_path / "out", "fastly")
    first = produce(config, changelog=carried(config).changelog)
    for path, text in first.files.items():
        (config.out / path).parent.mkdir(parents=True, exist_ok=True)
        (config.out / path).write_text(text)
    spec.write_text(spec.read_text().replace("Fastly API Tokens", "Fastly API tokens, edited", 1))

    built_paths: list[str] = []
    real = plan_module.build_surface
    monkeypatch.setattr(plan_module, "build_surface", lambda path, *a, **k: built_paths.append(str(path)) or real(path, *a, **k))
    built = build_client(config)
    current = Current(built.source, lambda: surface(built.api, built.spec.data, str(config.spec)), skip_unsupported=False)
    update = plan(config, current=current)

    assert update is not None and update.report is not None
    assert built_paths == [str(config.out / ".sdksmith" / "spec.yaml")]  # the last release's spec, only
    assert [c.rule for c in update.report.changes] and all(c.level == "fix" for c in update.report.changes)
    without = plan(config)  # the same answer when plan builds the current spec itself
    assert without is not None and without.records == update.records


def test_what_was_built_with_other_flags_is_refused_rather_than_silently_used(tmp_path: Path) -> None:
    """A client built once for both the comparison and the output must have been built with the flags the caller
    passes beside it: otherwise they would silently not apply."""
    spec = tmp_path / "fastly.yaml"
    shutil.copy(ROOT / "specs" / "fastly.yaml", spec)
    config = derived(spec, tmp_path / "out", "fastly")
    built = build_client(config, skip_unsupported=True)
    changelog = carried(config).changelog
    with pytest.raises(ValueError, match="other skip_unsupported/strict flags"):
        produce(config, changelog=changelog, built=built)
    with pytest.raises(ValueError, match="other skip_unsupported/strict flags"):
        produce(config, changelog=changelog, built=built, skip_unsupported=True, strict=True)
    assert produce(config, changelog=changelog, built=built, skip_unsupported=True).files == produce(
        config, changelog=changelog, skip_unsupported=True
    ).files
    current = Current(built.source, lambda: surface(built.api, built.spec.data, str(config.spec)), skip_unsupported=True)
    with pytest.raises(ValueError, match="another skip_unsupported flag"):
        plan(config, current=current)
