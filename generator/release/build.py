"""``sdksmith build``: an sdist and a wheel of each generated client, checked, from a staging copy.

The staging copy's README has its links rewritten for a package index (``links.index_readme``); the build runs
the standard ``build`` frontend (sdist, then the wheel from it); ``twine check --strict`` must pass, and the wheel
must carry ``py.typed`` (and the license file, when the config gives one), with the configured name and version, and
no relative link left.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.version import Version

from ..config import ClientConfig
from ..output.records import stored_release
from .links import index_readme, markdown_links, rendered_links, works_on_index


class ReleaseFailed(Exception):
    """One clear line for the user: the command exits 1 with it."""


def normalized(dist_name: str) -> str:
    """PEP 503 normalised name, as in the simple API's URLs."""
    return re.sub(r"[-_.]+", "-", dist_name).lower()


def _file_stem(dist_name: str) -> str:
    """The name as it starts sdist and wheel file names (PEP 625 / binary distribution format)."""
    return re.sub(r"[-_.]+", "_", dist_name).lower()


def dist_files(config: ClientConfig, dist_dir: Path) -> list[Path]:
    """The sdist and wheel(s) of this client's configured version in ``dist_dir``, wheels first."""
    stem = f"{_file_stem(config.dist_name)}-{Version(config.version)}"  # file names carry the normalised version
    wheels = sorted(dist_dir.glob(f"{stem}-*.whl"))
    sdist = dist_dir / f"{stem}.tar.gz"
    return wheels + ([sdist] if sdist.exists() else [])


def _staging_copy(config: ClientConfig, staging: Path) -> Path:
    folder = staging / config.name
    shutil.copytree(
        config.out,
        folder,
        ignore=shutil.ignore_patterns("dist", "build", "*.egg-info", "__pycache__", "*.pyc", ".mypy_cache"),
    )
    readme = folder / "README.md"
    if readme.exists():
        readme.write_text(index_readme(readme.read_text(encoding="utf-8"), folder), encoding="utf-8")
    return folder


def check_generated(config: ClientConfig) -> None:
    """The generated folder exists, has no unreleased change and carries the configured version."""
    pyproject = config.out / "pyproject.toml"
    if not pyproject.exists():
        raise ReleaseFailed(f"{pyproject} is missing: run `sdksmith generate` first")
    if stored_release(config.out) is not None:
        raise ReleaseFailed(
            f"{config.name} has unreleased changes (\"Unreleased\" in {config.out / 'CHANGELOG.md'}): "
            f"run `sdksmith release {config.name}` first"
        )
    version = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("version")
    provenance_path = config.out / ".sdksmith.json"
    provenance = json.loads(provenance_path.read_text(encoding="utf-8")) if provenance_path.exists() else {}
    for where, found in ((pyproject, version), (provenance_path, provenance.get("version"))):
        if found != config.version:
            raise ReleaseFailed(
                f"{where} has version {found!r} but the config says {config.version!r}: run `sdksmith generate`"
            )


def last_error_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith("ERROR") or "Error" in line:
            return re.sub(r"\s+", " ", line)
    return re.sub(r"\s+", " ", lines[-1]) if lines else "no output"


def build_one(config: ClientConfig, dist_dir: Path, isolation: bool) -> list[Path]:
    """sdist, then wheel from the sdist, of a staging copy; checked; moved into ``dist_dir``. Returns the files."""
    with tempfile.TemporaryDirectory(prefix=f"sdksmith-build-{config.name}-") as tmp:
        staging = _staging_copy(config, Path(tmp))
        out = Path(tmp) / "out"
        cmd = [sys.executable, "-m", "build", "--outdir", str(out), str(staging)]
        if not isolation:
            cmd.insert(3, "--no-isolation")
        env = {**os.environ, "NO_COLOR": "1"}
        env.setdefault("SOURCE_DATE_EPOCH", "1580601600")  # 2020-02-02, hatchling's default: reproducible archives
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise ReleaseFailed(f"{config.name}: python -m build failed: {last_error_line(done.stdout + done.stderr)}")
        built = sorted(out.iterdir())
        check_built(config, built)
        dist_dir.mkdir(parents=True, exist_ok=True)
        moved = []
        for path in built:
            target = dist_dir / path.name
            shutil.move(str(path), str(target))  # replaces an earlier build of the same version
            moved.append(target)
        return moved


def check_built(config: ClientConfig, built: list[Path]) -> None:
    """Exactly one sdist and one wheel; ``twine check --strict``; the wheel has py.typed, LICENSE, clean links."""
    wheels = [p for p in built if p.name.endswith(".whl")]
    sdists = [p for p in built if p.name.endswith(".tar.gz")]
    if len(wheels) != 1 or len(sdists) != 1:
        raise ReleaseFailed(f"{config.name}: expected one sdist and one wheel, got {', '.join(p.name for p in built)}")
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, built)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        problems = [
            re.sub(r"\s+", " ", line.strip())
            for line in (done.stdout + done.stderr).splitlines()
            if line.strip().startswith(("ERROR", "WARNING", "`"))
        ]
        raise ReleaseFailed(f"{config.name}: twine check --strict failed: {'; '.join(problems) or 'see twine check'}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
        metadata_name = next((n for n in names if n.endswith(".dist-info/METADATA")), None)
        metadata = Parser().parsestr(wheel.read(metadata_name).decode("utf-8")) if metadata_name else None
    missing = [n for n in (f"{config.import_name}/py.typed",) if n not in names]
    if config.package.license_text and not any(re.search(r"\.dist-info/licenses/LICENSE[^/]*$", n) for n in names):
        missing.append("*.dist-info/licenses/LICENSE")
    if metadata is None:
        missing.append("*.dist-info/METADATA")
    if missing:
        raise ReleaseFailed(f"{config.name}: the wheel lacks {', '.join(missing)}")
    assert metadata is not None
    if Version(metadata["Version"]) != Version(config.version) or normalized(metadata["Name"]) != normalized(config.dist_name):
        raise ReleaseFailed(f"{config.name}: the wheel is {metadata['Name']} {metadata['Version']}, not what the config says")
    description = str(metadata.get_payload())
    links = rendered_links(description)
    relative = [t for t in (markdown_links(description) if links is None else links) if not works_on_index(t)]
    if relative:
        raise ReleaseFailed(f"{config.name}: the long description still has relative links: {', '.join(relative)}")
