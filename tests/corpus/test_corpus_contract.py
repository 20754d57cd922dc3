"""The corpus contract layer: every operation of every corpus and seed client called against Prism.

For each spec in ``../shared/corpus/`` and ``specs/``: generate the client (shared with ``test_corpus.py``), serve
the spec with Prism (static examples, and ``--dynamic``), call every operation of the sync client and every 5th of
the async one, then import every module, rebuild every model and build every return type (``contract_kit``). The
test fails on any failure and lists them all; the session summary (``conftest.pytest_terminal_summary``) prints
one row per spec. Run only this layer with ``pytest tests/corpus/test_corpus_contract.py``; add specs of your own with
``SDKSMITH_CONTRACT_SPECS``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .contract_kit import run_spec
from .corpus_kit import LARGE, SEEDS, SPECS

# Marked slow (still run in CI): Box and Stripe, about 25 s and 65 s each on 2 cores (Stripe's Prism alone starts in
# 35-45 s); every other spec takes under 15 s, the opc-e2e baselines the longest (Prism crashes and restarts).
SLOW = LARGE


def _order(spec: Path) -> tuple[bool, int]:
    """Small specs first and the large ones last, so their Prism servers start while the small ones run."""
    return (spec.name in LARGE, spec.stat().st_size)


# Any other spec can be held to the same contract: SDKSMITH_CONTRACT_SPECS=one.yaml:other.json (os.pathsep-separated)
EXTRA = [Path(p).resolve() for p in os.environ.get("SDKSMITH_CONTRACT_SPECS", "").split(os.pathsep) if p]
ALL = sorted([*SPECS, *SEEDS, *EXTRA], key=_order)


@pytest.mark.parametrize(
    "spec",
    [pytest.param(s, id=s.name, marks=[pytest.mark.slow] if s.name in SLOW else []) for s in ALL],
)
def test_every_operation_parses_or_raises_its_typed_error(spec: Path, preparer: object) -> None:
    prep = preparer.get(spec)  # type: ignore[attr-defined]
    try:
        report = run_spec(prep)
    finally:
        preparer.release(prep)  # type: ignore[attr-defined]
    failures = report.failures()
    assert not failures, f"{spec.name}: {len(failures)} failure(s)\n" + "\n".join(f.line() for f in failures)
