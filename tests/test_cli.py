"""The CLI contract: exit statuses, located messages, untouched output on failure, `check` catching edits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent

BAD = ROOT / "tests" / "bad_specs"
CORPUS = ROOT.parent / "shared" / "corpus"


def sdksmith(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("spec", sorted(p.name for p in BAD.glob("*.yaml")))
def test_bad_spec_gives_located_errors(spec: str) -> None:
    result = sdksmith("validate", f"tests/bad_specs/{spec}")
    expected = (BAD / spec).with_suffix(".expected").read_text()
    assert result.returncode == 1
    assert result.stderr == expected
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        file, line_no, col, rest = line.split(":", 3)
        assert file == f"tests/bad_specs/{spec}" and int(line_no) >= 1 and int(col) >= 1 and rest.startswith(" /")


def test_valid_specs_validate_cleanly() -> None:
    specs = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "specs").glob("*.yaml"))
    result = sdksmith("validate", *specs)
    assert (result.returncode, result.stderr) == (0, "")


def test_usage_errors_exit_2() -> None:
    assert sdksmith().returncode == 2
    assert sdksmith("frobnicate").returncode == 2
    result = sdksmith("generate", "specs/fastly.yaml")
    assert result.returncode == 2 and "--out is required" in result.stderr


def test_failed_generation_leaves_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "client"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    result = sdksmith("generate", str(BAD / "missing_ref.yaml"), "--out", str(out))
    assert result.returncode == 1
    assert "points at nothing" in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert (out / "keep.txt").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["client"], "no staging folders left behind"


def test_generate_one_spec_then_check_detects_hand_edit(seed_project: Callable[[str], Path]) -> None:
    project = seed_project("hathora")
    assert sdksmith("generate", "--quiet", cwd=project).returncode == 0
    assert sdksmith("check", cwd=project).returncode == 0
    target = project / "generated" / "hathora" / "src" / "hathora_tokens" / "_client.py"
    target.write_text(target.read_text() + "# hand edit\n")
    result = sdksmith("check", cwd=project)
    assert result.returncode == 1
    assert "src/hathora_tokens/_client.py: differs" in result.stderr
    assert sdksmith("generate", "--quiet", cwd=project).returncode == 0
    assert sdksmith("check", cwd=project).returncode == 0


def test_generate_from_json_spec(tmp_path: Path) -> None:
    out = tmp_path / "petstore"
    result = sdksmith("generate", str(CORPUS / "oai-v3.0-petstore.yaml"), "--out", str(out), "--name", "petstore")
    assert result.returncode == 0, result.stderr
    assert (out / "src" / "petstore_client" / "py.typed").is_file()
    assert (out / ".sdksmith.json").is_file()


def test_cache_skips_unchanged_and_notices_spec_edits(seed_project: Callable[[str], Path]) -> None:
    project = seed_project("fastly")
    spec = project / "specs" / "fastly.yaml"
    assert sdksmith("generate", cwd=project).stderr.startswith("generated fastly")
    assert sdksmith("generate", cwd=project).stderr == "unchanged fastly\n"
    spec.write_text(spec.read_text().replace("Get the current token", "Fetch the current token", 1))
    result = sdksmith("check", cwd=project)
    assert result.returncode == 1 and "differs" in result.stderr
    assert sdksmith("generate", cwd=project).stderr.startswith("generated fastly")
    assert "Fetch the current token" in (project / "generated/fastly/src/fastly_tokens/resources/tokens.py").read_text()
    assert sdksmith("check", cwd=project).returncode == 0
