"""The corpus: which specs there are, and each one's generated client, made once per session.

``SPECS`` is every file in ``../shared/corpus/`` but its README (whatever the extension: ``.yaml``, ``.yml``,
``.json``), ``SEEDS`` the five hand-written specs in ``specs/``. ``Builds`` runs
``python -m generator generate SPEC --out DIR --name NAME -q`` once per spec and session, for
``test_corpus.py`` (generate, import, mypy) and the contract layer alike; it is thread-safe, so the contract
layer can generate ahead in the background.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config.naming import derive

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SEEDS_DIR = ROOT / "specs"
NOT_SPECS = {"README.md"}

CORPUS_FILES = sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name not in NOT_SPECS)
SPECS = [p for p in CORPUS_FILES if p.suffix in (".yaml", ".yml", ".json")]
SEEDS = sorted(SEEDS_DIR.glob("*.yaml"))
# Specs that take long enough to mark ``slow`` (still run in CI): generation, mypy and Prism all scale with them.
LARGE = {"box-openapi.json", "stripe-spec3-2023-09-12.yaml"}


def client_name(spec: Path) -> str:
    """``--name`` for a spec: its file name without the extension, ``.`` and ``-`` made ``_``."""
    return spec.name.rsplit(".", 1)[0].replace(".", "_").replace("-", "_")


def readme_listed() -> list[str]:
    """The file names the corpus README's table lists (``| `name` | ...``)."""
    text = (CORPUS / "README.md").read_text(encoding="utf-8")
    return sorted(line.split("`")[1] for line in text.splitlines() if line.startswith("| `"))


@dataclass(frozen=True)
class Build:
    spec: Path
    name: str
    out: Path
    returncode: int
    stderr: str
    seconds: float

    @property
    def package(self) -> str:
        """The import name the generator gives this name (made safe: a name starting with a digit is not)."""
        return derive(self.name).import_name

    @property
    def src(self) -> Path:
        return self.out / "src"

    def provenance(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.out / ".sdksmith.json").read_text(encoding="utf-8"))
        return data


class Builds:
    """Generated clients by spec path, each generated on first request."""

    def __init__(self, base: Path) -> None:
        self._base = base
        self._lock = threading.Lock()
        self._locks: dict[Path, threading.Lock] = {}
        self._done: dict[Path, Build] = {}

    def get(self, spec: Path) -> Build:
        with self._lock:
            lock = self._locks.setdefault(spec, threading.Lock())
        with lock:
            if spec not in self._done:
                self._done[spec] = self._generate(spec)
            return self._done[spec]

    def _generate(self, spec: Path) -> Build:
        name = client_name(spec)
        folder = "seed" if spec.parent == SEEDS_DIR else "corpus"
        out = self._base / folder / name
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(out), "--name", name, "-q"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        return Build(spec, name, out, result.returncode, result.stderr, time.monotonic() - started)
