"""tests/bad_specs/warnings/: real specs' mistakes that generation reads past. Validation accepts each with the
located warnings in its ``.expected`` file, exactly as the CLI prints them; ``--strict`` refuses each with the same
lines as errors. (tests/bad_specs/*.yaml, the errors, are checked through the CLI by tests/test_cli.py.)

After an intended message change: ``python -m generator validate tests/bad_specs/warnings/X.yaml 2> ...X.expected``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import GenerationFailed
from generator.spec.load import load
from generator.spec.validate import validate

ROOT = Path(__file__).resolve().parents[2]
WARNINGS = ROOT / "tests" / "bad_specs" / "warnings"
SPECS = sorted(p.name for p in WARNINGS.glob("*.yaml"))


def test_there_is_one_spec_per_class() -> None:
    assert len(SPECS) >= 11 and all((WARNINGS / s).with_suffix(".expected").is_file() for s in SPECS)


@pytest.mark.parametrize("name", SPECS)
def test_a_spec_mistake_with_an_intent_is_a_located_warning(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    path = Path("tests/bad_specs/warnings") / name
    expected = (WARNINGS / name).with_suffix(".expected").read_text()
    spec = validate(load(path))
    assert "".join(w.render() + "\n" for w in spec.warnings) == expected
    assert spec.warnings and all(w.level == "warning" and w.line >= 1 and w.column >= 1 for w in spec.warnings)
    with pytest.raises(GenerationFailed) as failed:
        validate(load(path), strict=True)
    assert "".join(e.render() + "\n" for e in failed.value.errors) == expected.replace(": warning: ", ": ")


def test_the_cli_prints_warnings_with_exit_0_and_refuses_them_under_strict() -> None:
    spec = "tests/bad_specs/warnings/properties_ref.yaml"
    expected = (WARNINGS / "properties_ref.expected").read_text()
    run = [sys.executable, "-m", "generator", "validate", spec]
    lenient = subprocess.run(run, capture_output=True, text=True, cwd=ROOT)
    strict = subprocess.run([*run, "--strict"], capture_output=True, text=True, cwd=ROOT)
    assert (lenient.returncode, lenient.stderr) == (0, expected)
    assert (strict.returncode, strict.stderr) == (1, expected.replace(": warning: ", ": "))
