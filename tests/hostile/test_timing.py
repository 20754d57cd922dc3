"""Hostile input is refused quickly: every bad spec fails in well under a second (the bound here is generous, to
catch regressions such as an alias bomb being expanded, not to measure)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.errors import GenerationFailed
from generator.spec.load import load
from generator.spec.validate import validate

from hostile_kit import BAD, cli

BOUND = 2.0
SPECS = sorted(p.name for p in BAD.glob("*.yaml"))


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Imports (openapi-pydantic, yaml) are paid once per process, not per spec."""
    with pytest.raises(GenerationFailed):
        validate(load(BAD / "missing_ref.yaml"))


@pytest.mark.parametrize("spec", SPECS)
def test_bad_spec_fails_fast(spec: str) -> None:
    start = time.perf_counter()
    with pytest.raises(GenerationFailed) as failed:
        validate(load(BAD / spec))
    elapsed = time.perf_counter() - start
    assert failed.value.errors
    assert elapsed < BOUND, f"{spec} took {elapsed:.2f}s"


def test_bad_specs_fail_fast_through_the_cli() -> None:
    """One process for all of them: start-up is paid once, each file must still be quick."""
    start = time.perf_counter()
    result = cli("validate", *(str(Path("tests/bad_specs") / s) for s in SPECS))
    elapsed = time.perf_counter() - start
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert elapsed < BOUND * len(SPECS) / 4, f"{len(SPECS)} bad specs took {elapsed:.2f}s"
