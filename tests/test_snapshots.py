"""generated/ is the golden record: regenerating each client in memory must reproduce it byte for byte.

To accept an intended change, run `sdksmith generate` and review the diff of generated/.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.config.project import load_project
from generator.pipeline import produce
from generator.release.pending import changelog_for

ROOT = Path(__file__).resolve().parent.parent

CONFIGS = {c.name: c for c in load_project(ROOT)}


def test_the_five_showcase_clients_are_configured() -> None:
    assert sorted(CONFIGS) == ["chatbotkit", "fastly", "hathora", "launchdarkly", "softvisio"]


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_generated_matches_snapshot(name: str) -> None:
    config = CONFIGS[name]
    files = produce(config, changelog=changelog_for(config.out, config.version)).files
    on_disk = {
        p.relative_to(config.out).as_posix()
        for p in config.out.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
    }
    assert sorted(on_disk - set(files)) == [], "files in generated/ that the generator no longer produces"
    assert sorted(set(files) - on_disk) == [], "files the generator produces that are missing from generated/"
    for rel, text in files.items():
        current = (config.out / rel).read_text(encoding="utf-8")
        if current != text:
            diff = "".join(
                difflib.unified_diff(
                    current.splitlines(keepends=True), text.splitlines(keepends=True), f"generated/{name}/{rel}", "regenerated"
                )
            )
            pytest.fail(f"generated/{name}/{rel} is stale; run `sdksmith generate`:\n{diff}")


def test_provenance_lists_every_operation() -> None:
    import json

    counts = {}
    for name, config in CONFIGS.items():
        data = json.loads((config.out / ".sdksmith.json").read_text())
        assert data["skipped"] == []
        assert len(data["spec_sha256"]) == 64
        counts[name] = len(data["operations"])
        for op in data["operations"]:
            assert set(op) == {"operationId", "method", "path", "python"}
    assert counts == {"chatbotkit": 3, "fastly": 5, "hathora": 3, "launchdarkly": 6, "softvisio": 7}


def test_output_records_its_spec_and_changelog() -> None:
    """generated/<name>/.sdksmith/spec.yaml is the base `sdksmith generate` diffs the next spec against, so it
    must be the spec the folder was made from; CHANGELOG.md is history (carried over by produce()) whose newest
    entry is the configured version."""
    for name, config in CONFIGS.items():
        assert (config.out / ".sdksmith" / "spec.yaml").read_text(encoding="utf-8") == config.spec.read_text(encoding="utf-8"), name
        changelog = (config.out / "CHANGELOG.md").read_text(encoding="utf-8")
        assert changelog.startswith("# Changelog\n"), name
        newest = next(line for line in changelog.splitlines() if line.startswith("## "))
        assert newest == f"## {config.version}", name
