"""``sdksmith build`` and ``sdksmith publish``: the command lines over ``release.build`` and ``release.upload``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import console
from .clients import Usage, select
from .help import command


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    bld = command(
        sub,
        "build",
        "sdist and wheel of each generated client into dist/ (twine check --strict)",
        "Builds each client with the standard build frontend from a temporary copy of its folder (which never "
        "changes) and checks the result. A client with unreleased changes is refused: run `sdksmith release` first.",
        "examples:\n  sdksmith build\n  sdksmith build todo --dist-dir /tmp/dist --no-isolation\n",
    )
    bld.add_argument("names", nargs="*", metavar="NAME", help="clients to build (e.g. todo; default: every configured one)")
    bld.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml (e.g. --root ~/work/api; default: .)")
    bld.add_argument("--dist-dir", type=Path, help="where the distributions go (e.g. --dist-dir /tmp/dist; default: ROOT/dist)")
    bld.add_argument(
        "--no-isolation",
        action="store_true",
        help="build with this environment's hatchling instead of a fresh isolated one (works offline)",
    )
    bld.add_argument("--quiet", "-q", action="store_true", help="print only problems")

    pub = command(
        sub,
        "publish",
        "upload the built distributions with twine; versions already on the index are skipped",
        "Credentials come from TWINE_USERNAME / TWINE_PASSWORD (a token: TWINE_USERNAME=__token__).",
        "examples:\n  TWINE_USERNAME=__token__ TWINE_PASSWORD=\"$PYPI_TOKEN\" sdksmith publish todo --repository-url https://upload.pypi.org/legacy/\n",
    )
    pub.add_argument("names", nargs="*", metavar="NAME", help="clients to publish (e.g. todo; default: every configured one)")
    pub.add_argument(
        "--repository-url",
        default=os.environ.get("TWINE_REPOSITORY_URL"),
        help="the index's upload URL, e.g. https://upload.pypi.org/legacy/ (default: $TWINE_REPOSITORY_URL)",
    )
    pub.add_argument(
        "--index-url",
        help="the index's simple API, to see what is already there (e.g. --index-url https://pypi.org/simple/; default: derived from --repository-url)",
    )
    pub.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml (e.g. --root ~/work/api; default: .)")
    pub.add_argument("--dist-dir", type=Path, help="where the distributions are (e.g. --dist-dir /tmp/dist; default: ROOT/dist)")
    pub.add_argument("--quiet", "-q", action="store_true", help="print only problems and skips")


def _handler(command: str, body: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        # The build machinery (subprocess, the link checker) loads only for these commands: generate starts faster.
        from ..release.build import ReleaseFailed

        try:
            return body(args)
        except Usage as exc:
            console.problem(f"sdksmith {command}: {exc}")
            return 2
        except ReleaseFailed as exc:
            console.problem(f"sdksmith {command}: {exc}")
            return 1

    return run


def _build(args: argparse.Namespace) -> int:
    from ..release.build import ReleaseFailed, build_one, check_generated  # heavy, for this command only

    say = console.progress(args.quiet)
    configs = select(args.root, args.names)
    for config in configs:
        check_generated(config)
    dist_dir: Path = args.dist_dir if args.dist_dir is not None else args.root / "dist"
    workers = max(1, min(len(configs), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [(c, pool.submit(build_one, c, dist_dir, not args.no_isolation)) for c in configs]
    failures: list[str] = []
    for config, future in futures:
        try:
            files = future.result()
        except ReleaseFailed as exc:
            failures.append(str(exc))
            continue
        say(f"built {config.dist_name} {config.version}: {', '.join(str(p) for p in files)}")
    for line in failures:
        console.problem(f"sdksmith build: {line}")
    return 1 if failures else 0


def _publish(args: argparse.Namespace) -> int:
    # httpx (the index's simple page) loads only for this command: every other command starts faster without it.
    from ..release.upload import plan_uploads, sanitize_url, simple_index_url, upload

    if not args.repository_url:
        raise Usage("--repository-url is required (or set TWINE_REPOSITORY_URL)")
    say = console.progress(args.quiet)
    configs = select(args.root, args.names)
    dist_dir: Path = args.dist_dir if args.dist_dir is not None else args.root / "dist"
    index_url = args.index_url or simple_index_url(args.repository_url)
    for config, files, present in plan_uploads(configs, dist_dir, index_url):
        label = f"{config.dist_name} {config.version}"
        todo = files if present is None else [p for p in files if p.name not in present]
        if not todo:
            console.problem(f"skipped {label}: already on the index ({', '.join(p.name for p in files)})")
            continue
        if len(todo) < len(files):
            have = ", ".join(p.name for p in files if p not in todo)
            say(f"{label}: the index already has {have}; uploading the rest")
        uploaded = [p.name for p in todo if upload(config, p, args.repository_url)]
        skipped = [p.name for p in files if p.name not in uploaded]
        if not uploaded:
            console.problem(f"skipped {label}: already on the index ({', '.join(skipped)})")
            continue
        say(f"published {label}: {', '.join(uploaded)} to {sanitize_url(args.repository_url)}")
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": _handler("build", _build),
    "publish": _handler("publish", _publish),
}
