"""Each generated package's public types are complete: ``pyright --verifytypes`` scores at least 95%.

pyright reads the package from a path on PYTHONPATH (editable installs hide ``py.typed`` from it), and
``--ignoreexternal`` leaves httpx's and pydantic's own completeness out of the score.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from typing_kit import GENERATED, PACKAGES, pyright

MIN_SCORE = 0.95


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_public_types_are_complete(name: str, tmp_path: Path) -> None:
    report = pyright(
        ["--verifytypes", PACKAGES[name], "--ignoreexternal"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(GENERATED / name / "src")},
    )
    completeness = report["typeCompleteness"]
    assert completeness["exportedSymbolCounts"]["withKnownType"] > 50, completeness
    ambiguous = [
        f"{s['name']}: {d['message']}"
        for s in completeness["symbols"]
        if not s["isTypeKnown"]
        for d in s["diagnostics"]
    ]
    score = completeness["completenessScore"]
    assert score >= MIN_SCORE, f"{name}: {score:.1%} (at least {MIN_SCORE:.0%})\n" + "\n".join(ambiguous[:40])
