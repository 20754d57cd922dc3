"""``sdksmith generate``, ``check`` and ``validate``: the commands over the pipeline."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..config import ClientConfig, derived, load_project
from ..errors import GenError, GenerationFailed
from ..output.freshness import Cache
from ..output.write import WritePlan, commit, plan as plan_write, stale, write_text_atomic
from ..spec.load import load
from . import console


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    gen.add_argument("--strict", action="store_true", help="treat warnings (spec mistakes with an obvious intent) as errors")
    gen.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    gen.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml")
    gen.add_argument("--no-bump", action="store_true", help="keep the configured version even when the API changed")
    gen.add_argument("--watch", action="store_true", help="keep running: regenerate when a spec, template or the config changes")
    chk = sub.add_parser("check", help="exit 1 if generated/ differs from what the specs produce")
    chk.add_argument("--root", type=Path, default=Path("."))
    chk.add_argument("--quiet", "-q", action="store_true")
    val = sub.add_parser("validate", help="check specs; one FILE:LINE:COL: POINTER: message line per problem")
    val.add_argument("specs", nargs="+", type=Path)
    val.add_argument("--strict", action="store_true", help="treat warnings as errors")


def generate(args: argparse.Namespace) -> int:
    if args.watch:
        from .watch import watch  # watchfiles is loaded only by those who watch

        return watch(args, generate_once)
    return generate_once(args)


def generate_once(args: argparse.Namespace) -> int:
    say = console.progress(args.quiet)
    watching = getattr(args, "watching", False)
    if args.spec is not None:
        if args.out is None:
            console.problem("sdksmith generate: --out is required with SPEC")
            return 2
        configs = [derived(args.spec, args.out, args.name)]
    else:
        if args.out is not None or args.name is not None:
            console.problem("sdksmith generate: --out and --name need SPEC")
            return 2
        configs = load_project(args.root)
    cache = Cache(args.root) if args.spec is None and not args.skip_unsupported else None
    todo = [c for c in configs if cache is None or not cache.fresh(c)]
    for config in configs:
        if config not in todo and not watching:
            say(f"unchanged {config.name}")
    if not todo:
        return 0
    # The generator's heavy dependencies (datamodel-code-generator, black, openapi-pydantic) load only now.
    from ..pipeline import produce
    from ..release.plan import changelog_for, plan
    from ..release.version import set_version

    # Produce everything before writing anything: one bad spec leaves every output folder untouched. A client
    # whose spec changed since its output was generated is compared with that spec first (release/plan.py).
    produced: list[tuple[ClientConfig, dict[str, str], object]] = []
    failures: list[GenError] = []
    for config in console.tracked(todo, args.quiet, "generating"):
        try:
            release = plan(
                config,
                bump=args.spec is None and not args.no_bump,
                kept="version kept (--no-bump)" if args.no_bump else "version kept (no config to write it to)",
                skip_unsupported=args.skip_unsupported,
            )
            if release is not None:
                config = release.config
            changelog = release.changelog if release is not None and release.changelog else None
            generation = produce(
                config,
                skip_unsupported=args.skip_unsupported,
                strict=args.strict,
                changelog=changelog if changelog is not None else changelog_for(config.out, config.version),
            )
            console.errors(generation.warnings)
            files = generation.files
            for skip in json.loads(files[".sdksmith.json"])["skipped"]:  # listed there too; never silent
                console.problem(f"{skip['location']}: skipped: {skip['reason']}")
            produced.append((config, files, release))
        except GenerationFailed as exc:
            failures.extend(exc.errors)
    if failures:
        console.errors(failures)
        return 1
    pyproject = args.root / "pyproject.toml"
    bumped = [c for c, _files, _r in produced if args.spec is None and c.version != _configured_version(configs, c)]
    new_text = None
    if bumped:
        new_text = pyproject.read_text(encoding="utf-8")
        for config in bumped:
            new_text = set_version(new_text, config.name, config.version, str(pyproject))
    # Every output folder is checked before any is written: a folder that cannot take its files stops them all.
    writes: list[WritePlan] = [plan_write(files, c.out, overwrite=args.overwrite) for c, files, _r in produced]
    for planned in writes:
        commit(planned)
    if new_text is not None:
        write_text_atomic(pyproject, new_text)
    for config, files, release in produced:
        if cache is not None:
            cache.store(config, files)
        say(f"generated {config.name}: {len(files)} files in {config.out}")
        if release is not None:
            say(release.describe())  # type: ignore[attr-defined]
    return 0


def _configured_version(configs: list[ClientConfig], config: ClientConfig) -> str:
    return next((c.version for c in configs if c.name == config.name), config.version)


def check(args: argparse.Namespace) -> int:
    configs = load_project(args.root)
    cache = Cache(args.root)
    problems: list[str] = []
    failures: list[GenError] = []
    stale_configs = [c for c in configs if not cache.fresh(c)]
    if stale_configs:
        # The heavy part loads only when something must be regenerated to compare.
        from ..pipeline import produce
        from ..release.plan import changelog_for
    for config in stale_configs:
        try:
            files = produce(config, changelog=changelog_for(config.out, config.version)).files
        except GenerationFailed as exc:
            failures.extend(exc.errors)
            continue
        found = stale(files, config.out)
        if not found:
            cache.store(config, files)
        problems.extend(f"{config.out / p.split(':')[0]}:{p.split(':', 1)[1]}" for p in found)
    if failures:
        console.errors(failures)
        return 1
    for line in problems:
        console.problem(f"stale: {line}")
    if problems:
        console.problem("generated/ is out of date: run `sdksmith generate`")
        return 1
    if not args.quiet:
        console.problem(f"up to date: {len(configs)} clients")
    return 0


def validate(args: argparse.Namespace) -> int:
    from ..spec.validate import validate as validate_spec  # openapi-pydantic loads only for this command

    failures: list[GenError] = []
    for path in args.specs:
        try:
            console.errors(validate_spec(load(path), strict=args.strict).warnings)
        except GenerationFailed as exc:
            failures.extend(exc.errors)
    console.errors(failures)
    return 1 if failures else 0


HANDLERS = {"generate": generate, "check": check, "validate": validate}
