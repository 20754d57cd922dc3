"""End to end, with real parts: build the five clients, publish them to a real package index, install them from it.

The index is pypiserver (``python -m pypiserver run``) on 127.0.0.1 with authentication (an htpasswd file made here
with passlib) and ``--disable-fallback``, so nothing it lacks is fetched from anywhere else. Its package folder is
seeded with wheels of httpx, pydantic and their dependencies, pinned to the versions this environment runs (kept
between runs in pytest's cache, so only a first run downloads them), which lets a fresh virtual environment install
every client with ``pip install --index-url http://127.0.0.1:PORT/simple/`` and no other index, no pip
configuration and no cache. Each installed client then runs its README's "A first call" example against the Prism
mock server of its spec (``tests/contract``'s pool of Prism servers).

Everything goes through the CLI: ``sdksmith build`` and ``sdksmith publish``, with credentials in the environment.
A wrong password fails with one clear line before anything is uploaded; publishing the same versions again skips
each one without touching the index.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from email.parser import Parser
from importlib.metadata import requires, version
from pathlib import Path
from typing import Any

import httpx
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from contract.conftest import CLIENTS, PRISM_BIN, PrismPool
from prism_kit import free_port  # one set of handed-out ports with the Prism servers
from generator.config import ClientConfig
from generator.config.project import load_project
from generator.release.build import dist_files, normalized
from generator.release.links import rendered_links, works_on_index

from .conftest import SUMMARY

ROOT = Path(__file__).resolve().parents[2]
USER = "release-bot"
PASSWORD = "s3cret-e2e-password"
WRONG_PASSWORD = "not-the-password"

# passlib's htpasswd support imports the crypt module, deprecated since Python 3.11; only this test makes the file.
pytestmark = pytest.mark.filterwarnings("ignore:'crypt' is deprecated:DeprecationWarning")


def sdksmith(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def twine_env(password: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWINE_")}
    if password is not None:
        env |= {"TWINE_USERNAME": USER, "TWINE_PASSWORD": password}
    return env


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


# --- the index ------------------------------------------------------------------------------------------------


def _runtime_requirements() -> list[str]:
    """httpx and pydantic and everything they need (no extras), each pinned to the version installed here."""
    pins: dict[str, str] = {}
    todo = ["httpx", "pydantic"]
    while todo:
        name = todo.pop()
        key = str(canonicalize_name(name))
        if key in pins:
            continue
        pins[key] = version(key)
        for line in requires(key) or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return [f"{name}=={pins[name]}" for name in sorted(pins)]


def _dependency_wheels(cache: Path) -> list[Path]:
    """Wheels of the pinned runtime requirements in ``cache``: from the cache alone when it has them all."""
    reqs = _runtime_requirements()
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--dest", str(cache), *reqs]
    offline = subprocess.run(cmd + ["--no-index", "--find-links", str(cache)], capture_output=True, text=True)
    if offline.returncode != 0:
        online = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert online.returncode == 0, f"cannot download {reqs}:\n{online.stdout}\n{online.stderr}"
    wheels = sorted(cache.glob("*.whl"))
    wanted = {r.split("==")[0] for r in reqs}
    found = {str(canonicalize_name(w.name.split("-")[0])) for w in wheels}
    assert wanted <= found, f"missing wheels for {wanted - found}"
    return wheels


@dataclass
class Index:
    url: str
    packages: Path
    process: subprocess.Popen[bytes]
    seeded: set[str]

    @property
    def simple(self) -> str:
        return f"{self.url}/simple/"

    def client_files(self) -> dict[str, float]:
        """File name -> mtime of every client distribution on the index (not the seeded dependencies)."""
        return {p.name: p.stat().st_mtime for p in self.packages.iterdir() if p.name not in self.seeded}

    def listed(self, dist_name: str) -> str:
        response = httpx.get(f"{self.simple}{normalized(dist_name)}/", timeout=10)
        return response.text if response.status_code == 200 else ""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Index]:
    from passlib.apache import HtpasswdFile  # type: ignore[import-untyped]

    base = tmp_path_factory.mktemp("index")
    htpasswd = HtpasswdFile(str(base / "htpasswd"), new=True)
    htpasswd.set_password(USER, PASSWORD)
    htpasswd.save()
    packages = base / "packages"
    packages.mkdir()
    for wheel in _dependency_wheels(Path(request.config.cache.mkdir("publish-e2e-wheels"))):
        shutil.copy2(wheel, packages / wheel.name)
    seeded = {p.name for p in packages.iterdir()}
    for _ in range(3):  # the free port may be taken between probing and the server binding it
        port = free_port()
        log_path = base / f"pypiserver-{port}.log"
        cmd = [sys.executable, "-m", "pypiserver", "run", "-i", "127.0.0.1", "-p", str(port)]
        cmd += ["-P", str(base / "htpasswd"), "-a", "update", "--disable-fallback", "--server", "wsgiref"]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [*cmd, str(packages)], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        server = Index(f"http://127.0.0.1:{port}", packages, process, seeded)
        if _wait_ready(server):
            break
        _stop(process)
    else:
        pytest.fail("pypiserver did not start:\n" + log_path.read_text(errors="replace"))
    try:
        yield server
    finally:
        _stop(server.process)


def _wait_ready(server: Index) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            if httpx.get(server.simple, timeout=1).status_code == 200:
                return True
        except httpx.TransportError:
            time.sleep(0.1)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# --- build and publish ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def configs() -> list[ClientConfig]:
    found = load_project(ROOT)
    assert [c.name for c in found] == sorted(CLIENTS)
    return found


@dataclass
class Built:
    dist: Path
    result: subprocess.CompletedProcess[str]
    generated_before: dict[str, str]
    generated_after: dict[str, str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, configs: list[ClientConfig]) -> Built:
    dist = tmp_path_factory.mktemp("dist")
    before = tree_digest(ROOT / "generated")
    result = sdksmith("build", "--dist-dir", str(dist))
    assert result.returncode == 0, result.stderr
    return Built(dist, result, before, tree_digest(ROOT / "generated"))


@pytest.fixture(scope="module")
def refused(built: Built, index: Index) -> tuple[subprocess.CompletedProcess[str], dict[str, float]]:
    """A publish with the wrong password, before any client is on the index; and what the index then has."""
    result = sdksmith(
        "publish", "--repository-url", index.url, "--dist-dir", str(built.dist), env=twine_env(WRONG_PASSWORD)
    )
    return result, index.client_files()


@pytest.fixture(scope="module")
def published(built: Built, index: Index, refused: Any) -> subprocess.CompletedProcess[str]:
    return sdksmith("publish", "--repository-url", index.url, "--dist-dir", str(built.dist), env=twine_env(PASSWORD))


@pytest.fixture(scope="module")
def republished(
    built: Built, index: Index, published: Any
) -> tuple[subprocess.CompletedProcess[str], dict[str, float], dict[str, float]]:
    before = index.client_files()
    result = sdksmith("publish", "--repository-url", index.url, "--dist-dir", str(built.dist), env=twine_env(PASSWORD))
    return result, before, index.client_files()


def test_build_makes_a_checked_sdist_and_wheel_per_client(built: Built, configs: list[ClientConfig]) -> None:
    names = sorted(p.name for p in built.dist.iterdir())
    assert len(names) == 10, names
    assert built.result.stderr.count("built ") == 5
    for config in configs:
        files = dist_files(config, built.dist)
        assert [p.name for p in files] == [
            f"{config.import_name}-{config.version}-py3-none-any.whl",
            f"{config.import_name}-{config.version}.tar.gz",
        ]
        wheel, sdist = files
        with zipfile.ZipFile(wheel) as zf:
            members = set(zf.namelist())
            meta = Parser().parsestr(zf.read(f"{config.import_name}-{config.version}.dist-info/METADATA").decode())
        assert f"{config.import_name}/py.typed" in members
        assert f"{config.import_name}-{config.version}.dist-info/licenses/LICENSE" in members
        assert meta["Name"] == config.dist_name and meta["Version"] == config.version
        assert meta["Requires-Python"] == ">=3.10"
        # at run time httpx and pydantic only; pytest only for the package's own tests (the "test" extra)
        assert sorted(meta.get_all("Requires-Dist") or []) == ["httpx<1,>=0.23", "pydantic<3,>=2.0", "pytest>=7; extra == 'test'"]
        assert meta["License-Expression"] == "MIT"
        assert meta["Description-Content-Type"] == "text/markdown"
        description = str(meta.get_payload())
        assert description.startswith("<!-- Generated by sdksmith")
        assert "Reference documentation (`docs/README.md` in the source distribution)" in description
        links = rendered_links(description)
        assert links is not None, "comrak (readme_renderer's Markdown renderer) is in the dev extra"
        assert all(works_on_index(t) for t in links), links
        with tarfile.open(sdist) as tf:
            sdist_names = set(tf.getnames())
        top = f"{config.import_name}-{config.version}"
        assert {f"{top}/LICENSE", f"{top}/README.md", f"{top}/docs/README.md", f"{top}/pyproject.toml"} <= sdist_names
        assert f"{top}/src/{config.import_name}/py.typed" in sdist_names


def test_building_leaves_generated_untouched(built: Built) -> None:
    assert built.generated_after == built.generated_before


def test_version_comes_from_the_config(configs: list[ClientConfig]) -> None:
    import json
    import tomllib

    for config in configs:
        project = tomllib.loads((config.out / "pyproject.toml").read_text())["project"]
        provenance = json.loads((config.out / ".sdksmith.json").read_text())
        assert project["version"] == provenance["version"] == config.version
        assert project["requires-python"] == ">=3.10"
        assert project["dependencies"] == ["httpx>=0.23,<1", "pydantic>=2.0,<3"]


def test_wrong_password_fails_clearly_and_uploads_nothing(refused: Any) -> None:
    result, on_index = refused
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "refused the credentials (HTTP 403)" in lines[0] and "TWINE_PASSWORD" in lines[0]
    assert WRONG_PASSWORD not in result.stdout + result.stderr
    assert on_index == {}


def test_missing_credentials_fail_clearly(built: Built, index: Index) -> None:
    result = sdksmith(
        "publish", "fastly", "--repository-url", index.url, "--dist-dir", str(built.dist), env=twine_env(None)
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "sdksmith publish: fastly-tokens: no credentials: set TWINE_USERNAME and TWINE_PASSWORD "
        "(for a token: TWINE_USERNAME=__token__ and TWINE_PASSWORD=the token)"
    )


def test_publish_uploads_all_five(published: Any, index: Index, configs: list[ClientConfig], built: Built) -> None:
    assert published.returncode == 0, published.stderr
    assert PASSWORD not in published.stdout + published.stderr
    assert published.stderr.count("published ") == 5
    expected = {p.name for c in configs for p in dist_files(c, built.dist)}
    assert set(index.client_files()) == expected
    for config in configs:
        listing = index.listed(config.dist_name)
        assert all(p.name in listing for p in dist_files(config, built.dist))


def test_publishing_the_same_versions_again_skips_cleanly(republished: Any, configs: list[ClientConfig]) -> None:
    result, before, after = republished
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 5
    for line, config in zip(lines, configs):
        assert line.startswith(f"skipped {config.dist_name} {config.version}: already on the index")
    assert after == before  # nothing re-uploaded, nothing replaced


# --- install into a clean environment and call the API -------------------------------------------------------

FIRST_CALL = re.compile(r"## A first call\s+```python\n(?P<code>.*?)```", re.S)

CALL_SCRIPT = r"""
import importlib, json, os, re, sys
from importlib.metadata import distribution
dist_name, import_name, base_url = sys.argv[1:4]
client_module = importlib.import_module(import_name + "._client")
os.environ[client_module.ENV_API_KEY] = "publish-e2e-key"
os.environ[client_module.ENV_BASE_URL] = base_url
readme = distribution(dist_name).metadata.get_payload()
code = re.search(r"## A first call\s+```python\n(.*?)```", readme, re.S).group(1)
exec(compile(code, "README:A first call", "exec"), {"__name__": "__main__"})
print("MODULE", importlib.import_module(import_name).__file__)
print("VERSION", distribution(dist_name).version)
"""


@pytest.fixture(scope="module")
def prism_static(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not PRISM_BIN.exists():
        pytest.fail(f"{PRISM_BIN} is missing: run `cd tests && npm ci` (Prism is pinned in tests/package.json)")
    if shutil.which("node") is None:
        pytest.fail("node is not on PATH; Prism needs it")
    pool = PrismPool(tmp_path_factory.mktemp("prism"))
    try:
        pool.ensure([(name, "static") for name in CLIENTS])
        yield lambda name: pool.url(name, "static")
    finally:
        pool.close()


@dataclass
class Installed:
    python: Path
    venv: Path
    install: subprocess.CompletedProcess[str]
    pip_list: str


def clean_pip_env() -> dict[str, str]:
    """No pip configuration, no PIP_* variables: the index on the command line is the only source."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    return env | {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


@pytest.fixture(scope="module")
def installed(
    published: Any, index: Index, configs: list[ClientConfig], tmp_path_factory: pytest.TempPathFactory
) -> Installed:
    assert published.returncode == 0, published.stderr
    venv = tmp_path_factory.mktemp("clean") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    names = [c.dist_name for c in configs]
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-cache-dir", "--index-url", index.simple, *names],
        capture_output=True,
        text=True,
        env=clean_pip_env(),
        cwd=venv.parent,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    pip_list = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        env=clean_pip_env(),
        check=True,
    ).stdout
    return Installed(python, venv, install, pip_list)


def test_clean_environment_installs_all_five_from_the_local_index(
    installed: Installed, index: Index, configs: list[ClientConfig]
) -> None:
    out = installed.install.stdout
    assert f"Looking in indexes: {index.simple}" in out
    downloads = re.findall(r"Downloading (\S+)", out)
    assert downloads and all(d.startswith(f"{index.url}/") for d in downloads), downloads
    for config in configs:
        assert f"{index.url}/packages/{config.import_name}-{config.version}-py3-none-any.whl" in downloads
        assert f"{config.dist_name}=={config.version}" in installed.pip_list.splitlines()
    SUMMARY.append(f"index: pypiserver at {index.url} (htpasswd auth, no fallback); clean venv: {installed.venv}")
    SUMMARY.append(f"$ pip install --index-url {index.simple} {' '.join(c.dist_name for c in configs)}")
    SUMMARY.extend(
        f"  {line.strip()}"
        for line in out.splitlines()
        if line.strip().startswith(("Looking in", "Downloading", "Successfully"))
    )
    SUMMARY.append("$ pip list --format=freeze  (in the clean venv)")
    SUMMARY.extend(f"  {line}" for line in installed.pip_list.splitlines())


@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_installed_client_calls_prism(
    name: str, installed: Installed, prism_static: Any, configs: list[ClientConfig]
) -> None:
    config = next(c for c in configs if c.name == name)
    result = subprocess.run(
        [str(installed.python), "-I", "-c", CALL_SCRIPT, config.dist_name, config.import_name, prism_static(name)],
        capture_output=True,
        text=True,
        cwd=installed.venv,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    module = re.search(r"^MODULE (.+)$", result.stdout, re.M)
    assert module and Path(module.group(1)).is_relative_to(installed.venv), result.stdout
    assert re.search(rf"^VERSION {re.escape(config.version)}$", result.stdout, re.M)
    first_line = result.stdout.splitlines()[0]
    SUMMARY.append(f"{config.dist_name}: README first call against Prism -> {first_line[:110]}")
