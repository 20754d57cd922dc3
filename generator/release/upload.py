"""``sdksmith publish``: upload what ``build`` made, skipping what the index already has.

Credentials come from the environment only (``TWINE_USERNAME`` / ``TWINE_PASSWORD``; for a token,
``TWINE_USERNAME=__token__`` and the token as the password) and are never printed. Before anything is uploaded,
every selected client must be built and the index's simple page for each distribution is read: a version whose
files are all there already is skipped without any upload, and only files missing from the index are uploaded,
one ``twine upload`` per file, wheel first. An index that answers an upload with "already exists" (pypiserver:
409, or 400 to twine; PyPI: 400) counts as a skip too; twine's own ``--skip-existing`` is used as well on PyPI and
TestPyPI, the only indexes twine 6+ allows it for.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from ..config import ClientConfig
from .build import ReleaseFailed, dist_files, last_error_line, normalized
from .links import LinkParser


def sanitize_url(url: str) -> str:
    """The URL without any credentials in it."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def simple_index_url(repository_url: str) -> str:
    """The simple API that belongs to an upload URL: ``.../legacy/`` -> ``.../simple/`` (PyPI, TestPyPI: on the
    host without ``upload.``), else the upload URL plus ``simple/`` (pypiserver serves both from its root)."""
    parts = urlsplit(repository_url)
    path = parts.path.rstrip("/")
    netloc = parts.netloc
    if path.endswith("/legacy"):
        path = path[: -len("/legacy")]
        host = netloc.rsplit("@", 1)[-1]
        if host.startswith("upload."):
            netloc = netloc[: len(netloc) - len(host)] + host[len("upload.") :]
    return urlunsplit(parts._replace(netloc=netloc, path=path + "/simple/"))


def _index_files(index_url: str, config: ClientConfig, auth: tuple[str, str] | None) -> set[str] | None:
    """The file names the index's simple page lists for this distribution; None when the page cannot tell."""
    url = index_url.rstrip("/") + f"/{normalized(config.dist_name)}/"
    try:
        with httpx.Client(timeout=30.0, follow_redirects=False) as client:
            response = client.get(url, headers={"Accept": "text/html"})
            if response.status_code == 401 and auth is not None:
                response = client.get(url, headers={"Accept": "text/html"}, auth=auth)
    except httpx.TransportError as exc:
        raise ReleaseFailed(f"cannot reach the index at {sanitize_url(url)}: {type(exc).__name__}: {exc}") from None
    if response.status_code == 404:
        return set()
    if response.status_code != 200:  # a redirect elsewhere (pypiserver's fallback), a refusal: cannot tell
        return None
    parser = LinkParser()
    parser.feed(response.text)
    names = {t.split("#", 1)[0].rsplit("/", 1)[-1] for t in parser.targets}
    names.update(t.strip() for t in parser.anchor_texts)
    return names


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "****")
    return re.sub(r"(\w+://)[^/\s@]+@", r"\1***@", text)


_WAREHOUSES = ("https://upload.pypi.org/legacy", "https://test.pypi.org/legacy")


def upload(config: ClientConfig, file: Path, repository_url: str) -> bool:
    """``twine upload`` of one file; False when the index says it has it already (409, or 400 "already
    exists" as PyPI and pypiserver answer twine). Raises ``_Failed`` with one clear line otherwise; never shows
    the password."""
    # --verbose: twine then shows the index's answer, which says "already exists" (the password stays hidden).
    cmd = [sys.executable, "-m", "twine", "--no-color", "upload", "--verbose", "--non-interactive"]
    cmd.append("--disable-progress-bar")
    if repository_url.startswith(_WAREHOUSES):
        cmd.append("--skip-existing")  # twine allows it only there; elsewhere the simple page was read first
    cmd += ["--repository-url", repository_url, str(file)]
    env = {**os.environ, "NO_COLOR": "1", "TWINE_NON_INTERACTIVE": "1", "COLUMNS": "400"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    output = _redact(done.stdout + done.stderr, [os.environ.get("TWINE_PASSWORD", "")])
    if re.search(r"Skipping \S+ because it appears to already exist", output):
        return False
    if done.returncode == 0:
        return True
    status = re.search(r"HTTPError: (\d{3})", output)
    code = status.group(1) if status else ""
    where = sanitize_url(repository_url)
    if code == "409" or (code == "400" and "already exist" in " ".join(output.lower().split())):
        return False  # uploaded since the simple page was read (pypiserver: 409, or 400 when twine asks)
    if code in ("401", "403"):
        raise ReleaseFailed(
            f"{config.dist_name}: {where} refused the credentials (HTTP {code}): "
            f"check TWINE_USERNAME and TWINE_PASSWORD; {file.name} was not uploaded"
        )
    if "NonInteractive" in output or "Credential not found" in output:
        raise ReleaseFailed(
            f"{config.dist_name}: no credentials: set TWINE_USERNAME and TWINE_PASSWORD "
            "(for a token: TWINE_USERNAME=__token__ and TWINE_PASSWORD=the token)"
        )
    raise ReleaseFailed(f"{config.dist_name}: upload of {file.name} to {where} failed: {last_error_line(output)}")


def credentials() -> tuple[str, str] | None:
    """(username, password) for reading the index, from the environment twine reads too."""
    username, password = os.environ.get("TWINE_USERNAME"), os.environ.get("TWINE_PASSWORD")
    return (username or "__token__", password) if password else None


def plan_uploads(
    configs: list[ClientConfig], dist_dir: Path, index_url: str
) -> list[tuple[ClientConfig, list[Path], set[str] | None]]:
    """For each client: its built files and what the index already lists (None: cannot tell). Everything is
    checked before anything is uploaded: a client that is not built stops them all."""
    auth = credentials()
    plan: list[tuple[ClientConfig, list[Path], set[str] | None]] = []
    for config in configs:
        files = dist_files(config, dist_dir)
        if not any(p.name.endswith(".whl") for p in files) or not any(p.name.endswith(".tar.gz") for p in files):
            raise ReleaseFailed(
                f"{config.dist_name} {config.version} is not built in {dist_dir}: run `sdksmith build {config.name}`"
            )
        plan.append((config, files, _index_files(index_url, config, auth)))
    return plan
