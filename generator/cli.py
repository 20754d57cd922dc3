"""The ``sdksmith`` command line. The only place that prints; exit 1 for bad input, 2 for bad usage."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Sequence

from . import __version__
from .cache import Cache
from .config import ClientConfig, derived, load_project
from .errors import GenError, GenerationFailed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sdksmith", description="Typed Python clients from OpenAPI descriptions.")
    parser.add_argument("--version", action="version", version=f"sdksmith {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="regenerate every configured client, or one client from SPEC")
    gen.add_argument("spec", nargs="?", type=Path, help="an OpenAPI 3.0/3.1 file (JSON or YAML)")
    gen.add_argument("--out", type=Path, help="output folder (required with SPEC)")
    gen.add_argument("--name", help="client name (default: the spec file's stem)")
    gen.add_argument(
        "--overwrite",
        action="store_true",
        help="write into an output folder that holds files sdksmith did not write (files at generated paths are replaced)",
    )
    gen.add_argument("--skip-unsupported", action="store_true", help="skip what cannot be generated, listing each")
    gen.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    gen.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml")
    gen.add_argument("--no-bump", action="store_true", help="keep the configured version even when the API changed")
    gen.add_argument("--watch", action="store_true", help="keep running: regenerate when a spec, template or the config changes")
    chk = sub.add_parser("check", help="exit 1 if generated/ differs from what the specs produce")
    chk.add_argument("--root", type=Path, default=Path("."))
    chk.add_argument("--quiet", "-q", action="store_true")
    val = sub.add_parser("validate", help="check specs; one FILE:LINE:COL: POINTER: message line per problem")
    val.add_argument("specs", nargs="+", type=Path)
    for module in _COMMAND_MODULES:
        module.add_parsers(sub)
    return parser


# Further commands live in their own modules, each with ``add_parsers(sub)`` and ``HANDLERS``; they must import
# their heavy dependencies inside the handlers, so `sdksmith check` stays fast.
_COMMAND_MODULES: list[Any] = [
    __import__(f"{__package__}.publish", fromlist=["HANDLERS"]),
    __import__(f"{__package__}.apidiff", fromlist=["HANDLERS"]),
]


def _progress(quiet: bool) -> Callable[[str], None]:
    if quiet:
        return lambda _msg: None
    return lambda msg: print(msg, file=sys.stderr)


def _generate(args: argparse.Namespace) -> int:
    if args.watch:
        from .watch import watch

        return watch(args, _generate_once)
    return _generate_once(args)


def _generate_once(args: argparse.Namespace) -> int:
    say = _progress(args.quiet)
    watching = getattr(args, "watching", False)
    if args.spec is not None:
        if args.out is None:
            print("sdksmith generate: --out is required with SPEC", file=sys.stderr)
            return 2
        configs = [derived(args.spec, args.out, args.name)]
    else:
        if args.out is not None or args.name is not None:
            print("sdksmith generate: --out and --name need SPEC", file=sys.stderr)
            return 2
        configs = load_project(args.root)
    cache = Cache(args.root) if args.spec is None and not args.skip_unsupported else None
    todo = [c for c in configs if cache is None or not cache.fresh(c)]
    for config in configs:
        if config not in todo and not watching:
            say(f"unchanged {config.name}")
    if not todo:
        return 0
    from .pipeline import produce
    from .versioning import plan, set_version, write_text_atomic
    from .write import commit, plan as plan_write

    # Produce everything before writing anything: one bad spec leaves every output folder untouched. A client
    # whose spec changed since its output was generated is compared with that spec first (see versioning.py).
    produced: list[tuple[ClientConfig, dict[str, str], Any]] = []
    failures: list[GenError] = []
    for config in _with_progress(todo, args.quiet):
        try:
            release = plan(
                config,
                bump=args.spec is None and not args.no_bump,
                kept="version kept (--no-bump)" if args.no_bump else "version kept (no config to write it to)",
                skip_unsupported=args.skip_unsupported,
            )
            if release is not None:
                config = release.config
            files = produce(config, skip_unsupported=args.skip_unsupported, changelog=release.changelog if release else None)
            for skip in json.loads(files[".sdksmith.json"])["skipped"]:  # listed there too; never silent
                print(f"{skip['location']}: skipped: {skip['reason']}", file=sys.stderr)
            produced.append((config, files, release))
        except GenerationFailed as exc:
            failures.extend(exc.errors)
    if failures:
        _print_errors(failures)
        return 1
    pyproject = args.root / "pyproject.toml"
    bumped = [c for c, _files, _r in produced if args.spec is None and c.version != _configured_version(configs, c)]
    new_text = None
    if bumped:
        new_text = pyproject.read_text(encoding="utf-8")
        for config in bumped:
            new_text = set_version(new_text, config.name, config.version, str(pyproject))
    # Every output folder is checked before any is written: a folder that cannot take its files stops them all.
    writes = [plan_write(files, config.out, overwrite=args.overwrite) for config, files, _release in produced]
    for planned in writes:
        commit(planned)
    if new_text is not None:
        write_text_atomic(pyproject, new_text)
    for config, files, release in produced:
        if cache is not None:
            cache.store(config, files)
        say(f"generated {config.name}: {len(files)} files in {config.out}")
        if release is not None:
            say(release.describe())
    return 0


def _configured_version(configs: list[ClientConfig], config: ClientConfig) -> str:
    return next((c.version for c in configs if c.name == config.name), config.version)


def _with_progress(configs: list[ClientConfig], quiet: bool) -> list[ClientConfig] | object:
    if quiet or not sys.stderr.isatty() or os.environ.get("CI"):
        return configs
    from rich.progress import track

    return track(configs, description="generating", console=None, transient=True)


def _check(args: argparse.Namespace) -> int:
    configs = load_project(args.root)
    cache = Cache(args.root)
    problems: list[str] = []
    failures: list[GenError] = []
    for config in configs:
        if cache.fresh(config):
            continue
        from .pipeline import produce
        from .write import stale

        try:
            files = produce(config)
        except GenerationFailed as exc:
            failures.extend(exc.errors)
            continue
        found = stale(files, config.out)
        if not found:
            cache.store(config, files)
        problems.extend(f"{config.out / p.split(':')[0]}:{p.split(':', 1)[1]}" for p in found)
    if failures:
        _print_errors(failures)
        return 1
    for line in problems:
        print(f"stale: {line}", file=sys.stderr)
    if problems:
        print("generated/ is out of date: run `sdksmith generate`", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"up to date: {len(configs)} clients", file=sys.stderr)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .load import load
    from .validate import validate

    failures: list[GenError] = []
    for path in args.specs:
        try:
            validate(load(path))
        except GenerationFailed as exc:
            failures.extend(exc.errors)
    _print_errors(failures)
    return 1 if failures else 0


def _print_errors(errors: list[GenError]) -> None:
    for error in errors:
        print(error.render(), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "generate": _generate,
        "check": _check,
        "validate": _validate,
    }
    for module in _COMMAND_MODULES:
        handlers.update(module.HANDLERS)
    try:
        return handlers[args.command](args)
    except GenerationFailed as exc:
        _print_errors(exc.errors)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in sdksmith, not in the input: say so plainly
        if os.environ.get("SDKSMITH_DEBUG"):
            traceback.print_exc()
        print(f"sdksmith: internal error: {type(exc).__name__}: {exc} (set SDKSMITH_DEBUG=1 for details)", file=sys.stderr)
        return 1
