"""A changed spec is built once per generation: `generate` hands the spec it built to the comparison with the
last release (``since_release``) and to the output (``package``), so only the last release's spec is built besides
it, with the same flags."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.changes.surface import surface
from generator.config import ClientConfig, derived
from generator.pipeline import build_client, package, produce
from generator.release import plan as plan_module
from generator.release.pending import carried, changed_from
from generator.release.plan import Current, plan, since_release

ROOT = Path(__file__).resolve().parents[2]


def _released_then_edited(tmp_path: Path) -> ClientConfig:
    spec = tmp_path / "fastly.yaml"
    shutil.copy(ROOT / "specs" / "fastly.yaml", spec)
    config = derived(spec, tmp_path / "out", "fastly")
    first = produce(config, changelog=carried(config).changelog)
    for path, text in first.files.items():
        (config.out / path).parent.mkdir(parents=True, exist_ok=True)
        (config.out / path).write_text(text)
    spec.write_text(spec.read_text().replace("Fastly API Tokens", "Fastly API tokens, edited", 1))
    return config


def _recording(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """(path, skip_unsupported) of every spec the comparison builds itself."""
    built: list[tuple[str, bool]] = []
    real = plan_module.build_surface

    def record(path: Path, *args: Any, **kwargs: Any) -> Any:
        built.append((str(path), kwargs["skip_unsupported"]))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(plan_module, "build_surface", record)
    return built


def test_the_current_spec_is_not_built_again_for_the_unreleased_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _released_then_edited(tmp_path)
    built_paths = _recording(monkeypatch)
    built = build_client(config)
    previous = changed_from(config, built.source)
    assert previous is not None
    update = since_release(config, previous, Current(lambda: surface(built.api, built.spec.data, str(config.spec)), False))

    assert update.report is not None
    assert built_paths == [(str(config.out / ".sdksmith" / "spec.yaml"), False)]  # the last release's spec, only
    assert [c.rule for c in update.report.changes] and all(c.level == "fix" for c in update.report.changes)
    without = plan(config)  # the same answer when plan builds the current spec itself
    assert without is not None and without.records == update.records


def test_both_sides_of_the_comparison_and_the_output_are_built_with_the_same_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The flags travel with what was built: the last release's spec is built as the current one was, and the
    package of a client built once is the package produce() makes with the same flags."""
    config = _released_then_edited(tmp_path)
    built_paths = _recording(monkeypatch)
    built = build_client(config, skip_unsupported=True)
    previous = changed_from(config, built.source)
    assert previous is not None
    since_release(config, previous, Current(lambda: surface(built.api, built.spec.data, str(config.spec)), True))
    assert built_paths == [(str(config.out / ".sdksmith" / "spec.yaml"), True)]
    plan(config, skip_unsupported=True)
    assert built_paths[1:] == [(str(config.out / ".sdksmith" / "spec.yaml"), True), (str(config.spec), True)]
    changelog = carried(config).changelog
    assert package(config, built, changelog=changelog).files == produce(config, changelog=changelog, skip_unsupported=True).files
