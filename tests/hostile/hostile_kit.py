"""Helpers for the hostile-input tests: generate a client from a spec in memory or through the CLI, then prove the
package is harmless and sound (compiles, imports without running anything injected, passes mypy --strict)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.config import derived
from generator.pipeline import produce
from generator.release.pending import changelog_for
from generator.output.write import write

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
BAD = ROOT / "tests" / "bad_specs"

# What injected code would do if it ever ran: create this file (its folder is the test's own tmp_path).
MARKER = "PWNED"


def injection(folder: Path) -> str:
    """A payload that, if any generated file executed it, would create ``folder/PWNED``."""
    marker = (folder / MARKER).as_posix()
    return f'"""; import os; os.system("touch {marker}")#' + f"\n''';__import__('pathlib').Path({marker!r}).touch()#"


def write_spec(spec: dict[str, Any] | str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(spec, str):
        path.write_text(spec, encoding="utf-8")
    elif path.suffix == ".json":
        path.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def generate(spec: Path, out: Path, name: str, *, skip_unsupported: bool = False) -> dict[str, str]:
    """Produce in memory and write, as `sdksmith generate SPEC --out OUT --name NAME` does."""
    config = derived(spec, out, name)
    files = produce(config, skip_unsupported=skip_unsupported, changelog=changelog_for(config.out, config.version)).files
    write(files, out)
    return files


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def compile_all(out: Path) -> int:
    """Compile every Python file of a generated package (no execution); the number compiled."""
    count = 0
    for path in sorted(out.rglob("*.py")):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
        count += 1
    return count


def import_all(src: Path, package: str) -> subprocess.CompletedProcess[str]:
    """Import the package and every module in it, in a fresh interpreter."""
    code = (
        "import importlib, pkgutil\n"
        f"m = importlib.import_module({package!r})\n"
        "names = [i.name for i in pkgutil.walk_packages(m.__path__, m.__name__ + '.')]\n"
        "[importlib.import_module(n) for n in names]\n"
        "print(len(names))\n"
    )
    return subprocess.run([sys.executable, "-W", "error::SyntaxWarning", "-c", code], capture_output=True, text=True, cwd=src)


def mypy_strict(*packages: Path) -> subprocess.CompletedProcess[str]:
    """mypy --strict over generated package folders (each ``.../src/<import_name>``) in one run."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", *map(str, packages)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def assert_sound(out: Path, package: str, *, mypy: bool = True) -> None:
    """The generated package compiles, imports every module, and (optionally) passes mypy --strict."""
    assert compile_all(out) >= 13
    imported = import_all(out / "src", package)
    assert imported.returncode == 0, imported.stderr[-3000:]
    if mypy:
        checked = mypy_strict(out / "src" / package)
        assert checked.returncode == 0, checked.stdout[-5000:]


def assert_inside(files: dict[str, str]) -> None:
    """Every file a generation produced lies inside its output folder."""
    for rel in files:
        parts = Path(rel).parts
        assert not Path(rel).is_absolute() and ".." not in parts and parts, rel
