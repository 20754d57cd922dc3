"""Real public specs nobody here wrote: every operation generated, every module imports, mypy --strict passes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .corpus_kit import CORPUS, CORPUS_FILES, LARGE, SEEDS_DIR, SPECS, Build, Builds, readme_listed

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def test_every_file_in_the_corpus_folder_is_collected_as_a_spec() -> None:
    assert [p.name for p in SPECS] == [p.name for p in CORPUS_FILES], "a corpus file with an unknown extension"
    assert [p.name for p in SPECS] == readme_listed(), f"{CORPUS}/README.md lists other files than the folder holds"
    assert SPECS, f"no specs in {CORPUS}"


def _operations_in(spec: Path) -> int:
    """Counted straight from the document, independently of the generator."""
    data = yaml.load(spec.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return sum(1 for item in (data.get("paths") or {}).values() for m in METHODS if isinstance(item.get(m), dict))


@pytest.mark.parametrize(
    "spec", [pytest.param(s, id=s.name, marks=[pytest.mark.slow] if s.name in LARGE else []) for s in SPECS]
)
def test_corpus_spec_generates_complete_typed_client(spec: Path, builds: Builds) -> None:
    build: Build = builds.get(spec)
    assert build.returncode == 0, build.stderr
    # the spec's own mistakes, located, that generation read past (a required name nothing declares, say)
    assert all(": warning: " in line for line in build.stderr.splitlines()), build.stderr
    provenance = build.provenance()
    assert provenance["skipped"] == []
    assert len(provenance["operations"]) == _operations_in(spec)
    package, src = build.package, build.src
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib, pkgutil, sys\n"
            f"m = importlib.import_module({package!r})\n"
            "names = [i.name for i in pkgutil.walk_packages(m.__path__, m.__name__ + '.')]\n"
            "[importlib.import_module(n) for n in names]\n"
            "print(len(names))",
        ],
        capture_output=True,
        text=True,
        cwd=src,
    )
    assert imported.returncode == 0, imported.stderr
    assert int(imported.stdout) >= 13  # runtime, client, models, resources: every module imported
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", package],
        capture_output=True,
        text=True,
        cwd=src,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]


def test_a_spec_whose_name_starts_with_a_digit_is_imported_by_the_generators_name_for_it(tmp_path: Path) -> None:
    """The kit names a package as the generator does (a name starting with a digit is made importable), so such
    a spec can be run through the contract layer (``SDKSMITH_CONTRACT_SPECS``) like any other."""
    spec = tmp_path / "3d-secure.yaml"
    shutil.copy(SEEDS_DIR / "fastly.yaml", spec)
    build = Builds(tmp_path / "out").get(spec)
    assert build.returncode == 0, build.stderr
    assert not build.package[0].isdigit() and (build.src / build.package / "__init__.py").is_file()
