"""Generated code has no unused import, undefined name or other pyflakes finding (ruff, pinned in the dev extra)."""

from __future__ import annotations

import subprocess
import sys

from typing_kit import GENERATED, PACKAGES


def test_generated_code_passes_ruff_pyflakes_rules() -> None:
    sources = [str(GENERATED / name / "src") for name in PACKAGES]
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F", "--output-format", "concise", *sources],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All checks passed!" in done.stdout
