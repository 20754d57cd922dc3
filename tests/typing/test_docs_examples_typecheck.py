"""Every Python example in the generated READMEs and docs type-checks as a user's strict code would:
``mypy --strict`` and pyright strict, each run once over all examples.

(The contract tests run the same examples against Prism; this proves a user who copies one into a strictly typed
project gets no error either.)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typing_kit import GENERATED, PACKAGES, errors, pyright, strict_config

FENCE = re.compile(r"^```([A-Za-z0-9_+-]*)\s*$")


def examples() -> dict[str, str]:
    """{file name to write: code} for every ```python block of every generated Markdown file."""
    found: dict[str, str] = {}
    for name in PACKAGES:
        folder = GENERATED / name
        for path in [folder / "README.md", *sorted((folder / "docs").rglob("*.md"))]:
            lang, start, body = None, 0, []
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                match = FENCE.match(line)
                if lang is None and match:
                    lang, start, body = match.group(1), number, []
                elif lang is not None and line.strip() == "```":
                    if lang == "python":
                        stem = re.sub(r"\W", "_", str(path.relative_to(GENERATED)).removesuffix(".md"))
                        found[f"ex_{stem}_{start}.py"] = "\n".join(body) + "\n"
                    lang = None
                elif lang is not None:
                    body.append(line)
    return found


def _check(found: list[str]) -> None:
    assert found == [], f"{len(found)} errors in the docs examples:\n" + "\n".join(found[:60])


def _write(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "examples"
    folder.mkdir()
    code = examples()
    for name, text in code.items():
        (folder / name).write_text(text)
    assert len(code) >= 100, len(code)
    return folder, code


def test_every_docs_example_passes_mypy_strict(tmp_path: Path) -> None:
    folder, code = _write(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), *sorted(code)],
        capture_output=True,
        text=True,
        cwd=folder,
    )
    found = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert found or done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    _check(found)


def test_every_docs_example_passes_pyright_strict(tmp_path: Path) -> None:
    folder, code = _write(tmp_path)
    report = pyright(["-p", str(strict_config(tmp_path, [folder]))], cwd=tmp_path)
    assert report["summary"]["filesAnalyzed"] == len(code)
    _check(errors(report))
