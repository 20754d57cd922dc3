"""A generated package's own conventions: its black and ruff settings agree with its code, its tests pass with
`pytest` in its folder and fail when a method sends the wrong request, its metadata comes from the config and no
license is invented."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from generator.build import build
from generator import ir
from generator.config import ClientConfig, PackageMeta
from generator.config.project import load_project
from generator.render.environment import environment
from generator.render.package import python_versions, render
from generator.spec.load import load
from generator.spec.validate import validate

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = {c.name: c for c in load_project(ROOT)}
BIN = Path(sys.executable).parent


def run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, **env}, timeout=300)


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_the_users_own_black_and_ruff_agree_with_the_generated_code(name: str) -> None:
    folder = CLIENTS[name].out
    black = run([str(BIN / "black"), "--check", "."], folder)
    assert black.returncode == 0, black.stderr
    ruff = run([str(BIN / "ruff"), "check", "--no-cache", "."], folder)
    assert ruff.returncode == 0, ruff.stdout
    settings = tomllib.loads((folder / "pyproject.toml").read_text())["tool"]
    assert settings["black"]["line-length"] == settings["ruff"]["line-length"] == 120


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_the_generated_tests_pass_with_pytest_in_the_package_folder(name: str) -> None:
    folder = CLIENTS[name].out
    done = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], folder)
    operations = sum(1 for line in (folder / ".sdksmith.json").read_text().splitlines() if '"operationId"' in line)
    assert done.returncode == 0, done.stdout[-3000:]
    assert f"{2 * operations} passed" in done.stdout, "every operation, sync and async"


def test_the_generated_tests_catch_a_method_that_sends_the_wrong_request(tmp_path: Path) -> None:
    copy = tmp_path / "fastly"
    shutil.copytree(CLIENTS["fastly"].out, copy)
    tokens = copy / "src" / "fastly_tokens" / "resources" / "tokens.py"
    text = tokens.read_text()
    assert text.count("path='/tokens'") + text.count('path="/tokens"') >= 1
    tokens.write_text(text.replace('path="/tokens"', 'path="/token"').replace("path='/tokens'", "path='/token'"))
    done = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], copy, PYTHONPATH=str(copy / "src"))
    assert done.returncode == 1 and "does not match" in done.stdout


def _api() -> tuple[ir.Api, ClientConfig]:
    config = CLIENTS["fastly"]
    return build(validate(load(config.spec)), config), config


def test_metadata_comes_from_the_config_and_no_license_is_invented() -> None:
    api, _config = _api()
    bare = render(api, PackageMeta())
    assert "LICENSE" not in bare
    project = tomllib.loads(bare["pyproject.toml"])["project"]
    assert "license" not in project and "authors" not in project and "urls" not in project
    assert "Programming Language :: Python :: 3.10" in project["classifiers"]
    meta = PackageMeta(
        description="Fastly tokens.", license="MIT", license_text="MIT text\n", authors=(("Ada", "ada@example.com"), ("", "ops@example.com")),
        urls=(("Homepage", "https://example.com"),), keywords=("fastly",), classifiers=("Intended Audience :: Developers",),
    )
    full = render(api, meta)
    assert full["LICENSE"] == "MIT text\n"
    project = tomllib.loads(full["pyproject.toml"])["project"]
    assert (project["license"], project["license-files"], project["description"]) == ("MIT", ["LICENSE"], "Fastly tokens.")
    assert project["authors"] == [{"name": "Ada", "email": "ada@example.com"}, {"email": "ops@example.com"}]
    assert project["urls"] == {"Homepage": "https://example.com"} and project["keywords"] == ["fastly"]
    assert "Intended Audience :: Developers" in project["classifiers"]


def test_the_python_versions_follow_requires_python() -> None:
    assert python_versions(">=3.10") == ("3.10", "3.11", "3.12", "3.13", "3.14")
    assert python_versions(">=3.11,<3.13") == ("3.11", "3.12")
    api, _config = _api()
    narrow = replace(api, python_requires=">=3.12")
    files = render(narrow, PackageMeta())
    assert '"3.12", "3.13", "3.14"' in files[".github/workflows/ci.yml"]
    assert 'target-version = "py312"' in files["pyproject.toml"]


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (PackageMeta(), "No license is declared: this package carries no license file and no license metadata."),
        (PackageMeta(license="MIT", license_text="x"), "fastly-tokens is licensed under `MIT`; the text is in `LICENSE`."),
        (PackageMeta(license="MIT"), "fastly-tokens is licensed under `MIT`; no license text is included."),
    ],
)
def test_the_readme_section_on_own_code_tests_ci_and_license(meta: PackageMeta, expected: str) -> None:
    api, _config = _api()
    text = environment().get_template("README_development.md.j2").render(api=api, package=meta, python_versions=("3.10", "3.14"))
    assert expected in " ".join(text.split())
    assert "src/fastly_tokens/lib/" in text and "class MyFastly(Fastly)" in text and "tests/test_operations.py" in text
    assert "Python 3.10, 3.14" in text and "trusted publisher" in text
