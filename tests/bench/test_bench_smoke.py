"""The benchmark suite still runs (tiny sizes, no peer). It asserts that a report comes out, never a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_suite_smoke() -> None:
    result = subprocess.run(
        [sys.executable, "tests/bench/bench.py", "--quick", "--only", "growth", "imports", "per_call"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = result.stdout
    assert "| 2x |" in report  # growth rows
    for package in ("chatbotkit_tokens", "fastly_tokens", "hathora_tokens", "launchdarkly_tokens", "softvisio_tokens"):
        assert f"| {package} |" in report
    assert "| sdksmith sync |" in report and "| sdksmith async |" in report
