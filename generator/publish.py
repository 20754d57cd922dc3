"""``sdksmith build`` and ``sdksmith publish``: release the generated clients to a package index.

``build`` makes an sdist and a wheel of each generated client with the standard ``build`` frontend, from a staging
copy of ``generated/<name>/`` (so building never changes the committed folder). In the staging copy, and so in the
sdist and in the wheel's long description, README links that would not work on a package index are rewritten
(``index_readme``): there is no public repository to point them to, so a relative link keeps its text and loses its
target, and a link to a file the sdist carries says so, e.g. "Reference documentation (`docs/README.md` in the
source distribution)". ``twine check --strict`` must pass, and the wheel must carry ``py.typed`` and the license.

``publish`` uploads what ``build`` made with ``twine upload``. Credentials come from the environment only
(``TWINE_USERNAME`` / ``TWINE_PASSWORD``; for a token, ``TWINE_USERNAME=__token__`` and the token as the password)
and are never printed. Before anything is uploaded, every selected client must be built and the index's simple page
for each distribution is read: a version whose files are all there already is reported and skipped without any
upload, and only files missing from the index are uploaded, one ``twine upload`` per file, wheel first. An index
that answers an upload with "already exists" (pypiserver: 409, or 400 to twine; PyPI: 400) counts as a skip too;
twine's own ``--skip-existing`` is used as well on PyPI and TestPyPI, the only indexes twine 6+ allows it for.

Heavy imports (httpx, subprocess runs of build and twine) happen inside the handlers, so the CLI stays fast.
"""

from __future__ import annotations

import argparse
import html.parser
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import ClientConfig


# --- the command line ----------------------------------------------------------------------------------------


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    bld = sub.add_parser("build", help="sdist and wheel of each generated client into dist/ (twine check --strict)")
    bld.add_argument("names", nargs="*", metavar="NAME", help="clients to build (default: all configured)")
    bld.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml")
    bld.add_argument("--dist-dir", type=Path, help="where the distributions go (default: ROOT/dist)")
    bld.add_argument(
        "--no-isolation",
        action="store_true",
        help="build with this environment's hatchling instead of a fresh isolated one (works offline)",
    )
    bld.add_argument("--quiet", "-q", action="store_true", help="print only problems")

    pub = sub.add_parser(
        "publish",
        help="upload the built distributions with twine; versions already on the index are skipped",
        description="Credentials come from TWINE_USERNAME / TWINE_PASSWORD (a token: TWINE_USERNAME=__token__).",
    )
    pub.add_argument("names", nargs="*", metavar="NAME", help="clients to publish (default: all configured)")
    pub.add_argument(
        "--repository-url",
        default=os.environ.get("TWINE_REPOSITORY_URL"),
        help="the index's upload URL, e.g. https://upload.pypi.org/legacy/ (default: $TWINE_REPOSITORY_URL)",
    )
    pub.add_argument(
        "--index-url",
        help="the index's simple API, to see what is already there (default: derived from --repository-url)",
    )
    pub.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml")
    pub.add_argument("--dist-dir", type=Path, help="where the distributions are (default: ROOT/dist)")
    pub.add_argument("--quiet", "-q", action="store_true", help="print only problems and skips")


class _Failed(Exception):
    """One clear line for the user; the handler prints it and exits 1."""


class _Usage(Exception):
    """A usage error; the handler prints it and exits 2."""


def _handler(command: str, body: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return body(args)
        except _Usage as exc:
            print(f"sdksmith {command}: {exc}", file=sys.stderr)
            return 2
        except _Failed as exc:
            print(f"sdksmith {command}: {exc}", file=sys.stderr)
            return 1

    return run


def _select(root: Path, names: Sequence[str]) -> list[ClientConfig]:
    from .config import load_project

    configs = load_project(root)
    if not names:
        return configs
    by_name = {c.name: c for c in configs}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise _Usage(f"unknown client {', '.join(unknown)}; configured: {', '.join(by_name)}")
    return [by_name[n] for n in dict.fromkeys(names)]


def _say(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(message, file=sys.stderr)


# --- file names ----------------------------------------------------------------------------------------------


def normalized(dist_name: str) -> str:
    """PEP 503 normalised name, as in the simple API's URLs."""
    return re.sub(r"[-_.]+", "-", dist_name).lower()


def _file_stem(dist_name: str) -> str:
    """The name as it starts sdist and wheel file names (PEP 625 / binary distribution format)."""
    return re.sub(r"[-_.]+", "_", dist_name).lower()


def dist_files(config: ClientConfig, dist_dir: Path) -> list[Path]:
    """The sdist and wheel(s) of this client's configured version in ``dist_dir``, wheels first."""
    stem = f"{_file_stem(config.dist_name)}-{config.version}"
    wheels = sorted(dist_dir.glob(f"{stem}-*.whl"))
    sdist = dist_dir / f"{stem}.tar.gz"
    return wheels + ([sdist] if sdist.exists() else [])


# --- README for a package index ------------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REF_DEF = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*(?P<target><[^>]*>|\S+)(?:\s+.*)?$")
_REF_USE = re.compile(r"(?P<bang>!?)\[(?P<text>[^\[\]]+)\](?:\[(?P<label>[^\[\]]*)\])?(?![(:])")
_HTML_A = re.compile(r"<a\s[^>]*?href\s*=\s*([\"'])(?P<target>[^\"']*)\1[^>]*>(?P<text>.*?)</a>", re.I | re.S)
_HTML_IMG = re.compile(r"<img\s[^>]*?src\s*=\s*([\"'])(?P<target>[^\"']*)\1[^>]*>", re.I)
_ABSOLUTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")


def is_absolute(target: str) -> bool:
    return bool(_ABSOLUTE.match(target.strip().strip("<>")))


def works_on_index(target: str) -> bool:
    """An absolute URL, or a ``#fragment`` within the page itself (PyPI gives headings ids for those)."""
    return is_absolute(target) or target.strip().strip("<>").startswith("#")


def index_readme(text: str, package_dir: Path | None = None) -> str:
    """The README with every link that only works inside the source tree made harmless on a package index.

    A relative link keeps its text and loses its target (there is no public repository to make it absolute);
    when it names a file of ``package_dir``, the text says where that file is: "(`docs/README.md` in the source
    distribution)". A relative image becomes its alt text. Absolute links, ``#fragment`` links within the page,
    code spans and fenced code blocks are left exactly as they are.
    """

    def where(target: str) -> str:
        path = target.strip().strip("<>").split("#", 1)[0].split("?", 1)[0]
        if path and not path.startswith("/") and package_dir is not None and (package_dir / path).exists():
            return f" (`{path}` in the source distribution)"
        return ""

    def inline(match: re.Match[str]) -> str:
        target = match["target"]
        if works_on_index(target):
            return match[0]
        if match["bang"]:
            return match["text"]
        return match["text"] + where(target)

    lines = text.split("\n")
    dropped: dict[str, str] = {}  # reference labels whose definitions were relative -> target
    kept: list[tuple[str, bool]] = []  # (line, is code)
    fence: str | None = None
    for line in lines:
        opened = _FENCE.match(line)
        if fence is not None:
            kept.append((line, True))
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                if not line.strip().lstrip(fence[0]):
                    fence = None
            continue
        if opened:
            fence = opened.group(1)
            kept.append((line, True))
            continue
        ref = _REF_DEF.match(line)
        if ref and not works_on_index(ref["target"]):
            dropped[ref["label"].strip().lower()] = ref["target"]
            continue
        kept.append((line, False))

    def reference(match: re.Match[str]) -> str:
        label = (match["label"] or match["text"]).strip().lower()
        if label not in dropped:
            return match[0]
        if match["bang"]:
            return match["text"]
        return match["text"] + where(dropped[label])

    def prose(segment: str) -> str:
        segment = _INLINE_LINK.sub(inline, segment)
        segment = _REF_USE.sub(reference, segment)
        segment = _HTML_A.sub(
            lambda m: m[0] if works_on_index(m["target"]) else m["text"] + where(m["target"]), segment
        )
        return _HTML_IMG.sub(lambda m: m[0] if is_absolute(m["target"]) else "", segment)

    out: list[str] = []
    for line, is_code in kept:
        if is_code:
            out.append(line)
            continue
        parts: list[str] = []
        pos = 0
        for span in _CODE_SPAN.finditer(line):
            parts.append(prose(line[pos : span.start()]))
            parts.append(span[0])
            pos = span.end()
        parts.append(prose(line[pos:]))
        out.append("".join(parts))
    return "\n".join(out)


class _Links(html.parser.HTMLParser):
    """Every ``href``/``src`` of an HTML page, and the text of each anchor."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.anchor_texts: list[str] = []
        self._in_a = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("href", "src") and value is not None:
                self.targets.append(value)
        if tag == "a":
            self._in_a = True
            self.anchor_texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_a = False

    def handle_data(self, data: str) -> None:
        if self._in_a:
            self.anchor_texts[-1] += data


def rendered_links(long_description: str) -> list[str] | None:
    """Every link target of a Markdown long description as a package index renders it (readme_renderer with
    comrak, as PyPI does); None when comrak, readme_renderer's optional Markdown renderer, is not installed."""
    try:
        import comrak  # noqa: F401 - without it readme_renderer only warns and renders nothing
    except ImportError:
        return None
    from readme_renderer.markdown import render

    page = render(long_description, variant="GFM") or ""
    parser = _Links()
    parser.feed(page)
    return parser.targets


def markdown_links(text: str) -> list[str]:
    """Link targets of Markdown source outside code: the check used when comrak is not installed."""
    targets: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and not line.strip().lstrip(fence[0]):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if ref := _REF_DEF.match(line):
            targets.append(ref["target"])
            continue
        prose = _CODE_SPAN.sub("", line)
        for pattern in (_INLINE_LINK, _HTML_A, _HTML_IMG):
            targets.extend(m["target"] for m in pattern.finditer(prose))
    return targets


# --- sdksmith build ------------------------------------------------------------------------------------------


def _staging_copy(config: ClientConfig, staging: Path) -> Path:
    import shutil

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


def _check_generated(config: ClientConfig) -> None:
    """The generated folder exists and carries the configured version (else: regenerate first)."""
    import json
    import tomllib

    pyproject = config.out / "pyproject.toml"
    if not pyproject.exists():
        raise _Failed(f"{pyproject} is missing: run `sdksmith generate` first")
    version = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("version")
    provenance_path = config.out / ".sdksmith.json"
    provenance = json.loads(provenance_path.read_text(encoding="utf-8")) if provenance_path.exists() else {}
    for where, found in ((pyproject, version), (provenance_path, provenance.get("version"))):
        if found != config.version:
            raise _Failed(
                f"{where} has version {found!r} but the config says {config.version!r}: run `sdksmith generate`"
            )


def _last_error_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith("ERROR") or "Error" in line:
            return re.sub(r"\s+", " ", line)
    return re.sub(r"\s+", " ", lines[-1]) if lines else "no output"


def _build_one(config: ClientConfig, dist_dir: Path, isolation: bool) -> list[Path]:
    """sdist, then wheel from the sdist, of a staging copy; checked; moved into ``dist_dir``. Returns the files."""
    import shutil
    import subprocess
    import tempfile

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
            if os.environ.get("SDKSMITH_DEBUG"):
                print(done.stdout + done.stderr, file=sys.stderr)
            raise _Failed(f"{config.name}: python -m build failed: {_last_error_line(done.stdout + done.stderr)}")
        built = sorted(out.iterdir())
        _check_built(config, built)
        dist_dir.mkdir(parents=True, exist_ok=True)
        moved = []
        for path in built:
            target = dist_dir / path.name
            shutil.move(str(path), str(target))  # replaces an earlier build of the same version
            moved.append(target)
        return moved


def _check_built(config: ClientConfig, built: list[Path]) -> None:
    """Exactly one sdist and one wheel; ``twine check --strict``; the wheel has py.typed, LICENSE, clean links."""
    import subprocess
    import zipfile
    from email.parser import Parser

    wheels = [p for p in built if p.name.endswith(".whl")]
    sdists = [p for p in built if p.name.endswith(".tar.gz")]
    if len(wheels) != 1 or len(sdists) != 1:
        raise _Failed(f"{config.name}: expected one sdist and one wheel, got {', '.join(p.name for p in built)}")
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
        raise _Failed(f"{config.name}: twine check --strict failed: {'; '.join(problems) or 'see twine check'}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
        metadata_name = next((n for n in names if n.endswith(".dist-info/METADATA")), None)
        metadata = Parser().parsestr(wheel.read(metadata_name).decode("utf-8")) if metadata_name else None
    missing = [n for n in (f"{config.import_name}/py.typed",) if n not in names]
    if not any(re.search(r"\.dist-info/licenses/LICENSE[^/]*$", n) for n in names):
        missing.append("*.dist-info/licenses/LICENSE")
    if metadata is None:
        missing.append("*.dist-info/METADATA")
    if missing:
        raise _Failed(f"{config.name}: the wheel lacks {', '.join(missing)}")
    assert metadata is not None
    if metadata["Version"] != config.version or normalized(metadata["Name"]) != normalized(config.dist_name):
        raise _Failed(f"{config.name}: the wheel is {metadata['Name']} {metadata['Version']}, not what the config says")
    description = str(metadata.get_payload())
    links = rendered_links(description)
    relative = [t for t in (markdown_links(description) if links is None else links) if not works_on_index(t)]
    if relative:
        raise _Failed(f"{config.name}: the long description still has relative links: {', '.join(relative)}")


def _build(args: argparse.Namespace) -> int:
    from concurrent.futures import ThreadPoolExecutor

    configs = _select(args.root, args.names)
    for config in configs:
        _check_generated(config)
    dist_dir: Path = args.dist_dir if args.dist_dir is not None else args.root / "dist"
    workers = max(1, min(len(configs), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [(c, pool.submit(_build_one, c, dist_dir, not args.no_isolation)) for c in configs]
    failures: list[str] = []
    for config, future in futures:
        try:
            files = future.result()
        except _Failed as exc:
            failures.append(str(exc))
            continue
        _say(args, f"built {config.dist_name} {config.version}: {', '.join(str(p) for p in files)}")
    if failures:
        for line in failures:
            print(f"sdksmith build: {line}", file=sys.stderr)
        return 1
    return 0


# --- sdksmith publish ----------------------------------------------------------------------------------------


def sanitize_url(url: str) -> str:
    """The URL without any credentials in it."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def simple_index_url(repository_url: str) -> str:
    """The simple API that belongs to an upload URL: ``.../legacy/`` -> ``.../simple/`` (PyPI, TestPyPI: on the
    host without ``upload.``), else the upload URL plus ``simple/`` (pypiserver serves both from its root)."""
    from urllib.parse import urlsplit, urlunsplit

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
    import httpx

    url = index_url.rstrip("/") + f"/{normalized(config.dist_name)}/"
    try:
        with httpx.Client(timeout=30.0, follow_redirects=False) as client:
            response = client.get(url, headers={"Accept": "text/html"})
            if response.status_code == 401 and auth is not None:
                response = client.get(url, headers={"Accept": "text/html"}, auth=auth)
    except httpx.TransportError as exc:
        raise _Failed(f"cannot reach the index at {sanitize_url(url)}: {type(exc).__name__}: {exc}") from None
    if response.status_code == 404:
        return set()
    if response.status_code != 200:  # a redirect elsewhere (pypiserver's fallback), a refusal: cannot tell
        return None
    parser = _Links()
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


def _upload(config: ClientConfig, file: Path, repository_url: str) -> bool:
    """``twine upload`` of one file; False when the index says it has it already (409, or 400 "already
    exists" as PyPI and pypiserver answer twine). Raises ``_Failed`` with one clear line otherwise; never shows
    the password."""
    import subprocess

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
    if os.environ.get("SDKSMITH_DEBUG"):
        print(output, file=sys.stderr)
    status = re.search(r"HTTPError: (\d{3})", output)
    code = status.group(1) if status else ""
    where = sanitize_url(repository_url)
    if code == "409" or (code == "400" and "already exist" in " ".join(output.lower().split())):
        return False  # uploaded since the simple page was read (pypiserver: 409, or 400 when twine asks)
    if code in ("401", "403"):
        raise _Failed(
            f"{config.dist_name}: {where} refused the credentials (HTTP {code}): "
            f"check TWINE_USERNAME and TWINE_PASSWORD; {file.name} was not uploaded"
        )
    if "NonInteractive" in output or "Credential not found" in output:
        raise _Failed(
            f"{config.dist_name}: no credentials: set TWINE_USERNAME and TWINE_PASSWORD "
            "(for a token: TWINE_USERNAME=__token__ and TWINE_PASSWORD=the token)"
        )
    raise _Failed(f"{config.dist_name}: upload of {file.name} to {where} failed: {_last_error_line(output)}")


def _publish(args: argparse.Namespace) -> int:
    if not args.repository_url:
        raise _Usage("--repository-url is required (or set TWINE_REPOSITORY_URL)")
    configs = _select(args.root, args.names)
    dist_dir: Path = args.dist_dir if args.dist_dir is not None else args.root / "dist"
    index_url = args.index_url or simple_index_url(args.repository_url)
    username, password = os.environ.get("TWINE_USERNAME"), os.environ.get("TWINE_PASSWORD")
    auth = (username or "__token__", password) if password else None

    # Everything is checked before anything is uploaded: all files built, and what the index already has.
    plan: list[tuple[ClientConfig, list[Path], set[str] | None]] = []
    for config in configs:
        files = dist_files(config, dist_dir)
        if not any(p.name.endswith(".whl") for p in files) or not any(p.name.endswith(".tar.gz") for p in files):
            raise _Failed(
                f"{config.dist_name} {config.version} is not built in {dist_dir}: run `sdksmith build {config.name}`"
            )
        plan.append((config, files, _index_files(index_url, config, auth)))

    for config, files, present in plan:
        label = f"{config.dist_name} {config.version}"
        todo = files if present is None else [p for p in files if p.name not in present]
        if not todo:
            print(f"skipped {label}: already on the index ({', '.join(p.name for p in files)})", file=sys.stderr)
            continue
        if len(todo) < len(files):
            have = ", ".join(p.name for p in files if p not in todo)
            _say(args, f"{label}: the index already has {have}; uploading the rest")
        uploaded = [p.name for p in todo if _upload(config, p, args.repository_url)]
        skipped = [p.name for p in files if p.name not in uploaded]
        if not uploaded:
            print(f"skipped {label}: already on the index ({', '.join(skipped)})", file=sys.stderr)
            continue
        _say(args, f"published {label}: {', '.join(uploaded)} to {sanitize_url(args.repository_url)}")
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": _handler("build", _build),
    "publish": _handler("publish", _publish),
}
