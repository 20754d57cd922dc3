"""The five generated packages and the runtime pass pyright in strict mode with no error at all.

pyright is pinned in ``tests/package.json``; one run checks every package, so a failure lists each error with its
file and line.
"""

from __future__ import annotations

from pathlib import Path

from typing_kit import GENERATED, PACKAGES, ROOT, errors, pyright, strict_config


def test_generated_packages_and_runtime_pass_pyright_strict(tmp_path: Path) -> None:
    sources = [GENERATED / name / "src" for name in PACKAGES] + [ROOT / "generator" / "runtime"]
    config = strict_config(tmp_path, sources)
    report = pyright(["-p", str(config)], cwd=tmp_path)
    assert report["summary"]["filesAnalyzed"] >= 5 * 15
    found = errors(report)
    assert found == [], f"{len(found)} pyright strict errors:\n" + "\n".join(found)
