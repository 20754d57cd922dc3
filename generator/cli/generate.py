"""``sdksmith generate``, ``check`` and ``validate``: the commands over the pipeline.

``generate`` never changes a version: a changed API is listed under "Unreleased" in the client's changelog
(``release.plan``), and ``sdksmith release`` makes the version.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import ClientConfig, derived, derived_changes
from ..errors import GenError, GenerationFailed, strict_or_warn
from ..output.freshness import Cache
from ..output.write import WritePlan, commit, plan as plan_write, stale
from ..spec.load import load
from . import console
from .clients import configured
from .help import command

if TYPE_CHECKING:
    from ..pipeline import Built
    from ..release.plan import Update

GENERATE_EXAMPLES = """\
examples:
  sdksmith generate                                  every client configured in ./pyproject.toml
  sdksmith generate --watch                          ... again after each edit of a spec, the config or a template
  sdksmith generate openapi.yaml --out todo_client   one client from a spec, no config needed
  sdksmith generate openapi.yaml --out todo_client --name todo --strict
"""


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    gen = command(
        sub,
        "generate",
        "regenerate every configured client, or one client from SPEC",
        "Writes each client configured in pyproject.toml into its folder (generated/NAME unless `out` says "
        "otherwise), or with SPEC and --out one client without any config. Only files sdksmith wrote are ever "
        "replaced; an API change is listed under \"Unreleased\" in the client's CHANGELOG.md (the version is "
        "changed only by `sdksmith release`).",
        GENERATE_EXAMPLES,
    )
    gen.add_argument("spec", nargs="?", type=Path, help="an OpenAPI 3.0/3.1 file, JSON or YAML (e.g. openapi.yaml)")
    gen.add_argument("--out", type=Path, help="output folder, required with SPEC (e.g. --out clients/todo)")
    gen.add_argument("--name", help="client name with SPEC; the package and class names follow from it (e.g. --name todo; default: the spec file's stem)")
    gen.add_argument(
        "--overwrite",
        action="store_true",
        help="write into an output folder that holds files sdksmith did not write (files at generated paths are replaced; nothing else is touched)",
    )
    gen.add_argument("--skip-unsupported", action="store_true", help="leave out what cannot be generated, listing each (also in .sdksmith.json)")
    gen.add_argument("--strict", action="store_true", help="treat warnings (spec mistakes with an obvious intent, such as a missing operationId) as errors")
    gen.add_argument("--allow-refs-outside", action="store_true", help="follow $refs to files outside the spec's folder (e.g. ../common/errors.yaml)")
    gen.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    gen.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml (e.g. --root ~/work/api; default: .)")
    gen.add_argument("--no-bump", action="store_true", help="do not record this generation's API changes in CHANGELOG.md (the version never changes on generate)")
    gen.add_argument("--watch", action="store_true", help="keep running: regenerate when a spec, a template or the config changes (Ctrl-C stops)")
    chk = command(
        sub,
        "check",
        "exit 1 if a configured client's folder differs from what its spec produces",
        "Regenerates every configured client in memory and compares it with the files on disk; names each stale file.",
        "examples:\n  sdksmith check\n  sdksmith check --root ~/work/api --quiet\n",
    )
    chk.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml (e.g. --root ~/work/api; default: .)")
    chk.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    val = command(
        sub,
        "validate",
        "check specs as generate would, writing nothing: one FILE:LINE:COL: POINTER: message line per problem",
        "Runs every check generation runs (loading, OpenAPI structure, references, x-sdksmith extensions, and the "
        "build of the client), with the config of the client that uses the spec when pyproject.toml has one.",
        "examples:\n  sdksmith validate openapi.yaml\n  sdksmith validate specs/*.yaml --strict\n",
    )
    val.add_argument("specs", nargs="+", type=Path, metavar="SPEC", help="OpenAPI files to check (e.g. openapi.yaml)")
    val.add_argument("--strict", action="store_true", help="treat warnings as errors")
    val.add_argument("--allow-refs-outside", action="store_true", help="follow $refs to files outside the spec's folder (e.g. ../common/errors.yaml)")
    val.add_argument("--root", type=Path, default=Path("."), help="project folder whose pyproject.toml configures the specs (e.g. --root ~/work/api; default: .)")


def generate(args: argparse.Namespace) -> int:
    if args.watch:
        from .watch import watch  # watchfiles is loaded only by those who watch

        return watch(args, generate_once)
    return generate_once(args)


def selected(args: argparse.Namespace) -> tuple[list[ClientConfig], list[GenError]]:
    """The clients a command works on (configured, or one derived from SPEC), and warnings about their names."""
    if args.spec is not None:
        configs = [derived(args.spec, args.out, args.name, allow_refs_outside=args.allow_refs_outside)]
        return configs, derived_changes(args.spec, args.name)
    configs = configured(args.root)
    if args.allow_refs_outside:
        configs = [replace(c, allow_refs_outside=True) for c in configs]
    return configs, []


def generate_once(args: argparse.Namespace) -> int:
    say = console.progress(args.quiet)
    watching = getattr(args, "watching", False)
    if args.spec is not None and args.out is None:
        console.problem("sdksmith generate: --out is required with SPEC (e.g. sdksmith generate openapi.yaml --out todo_client)")
        return 2
    if args.spec is None and (args.out is not None or args.name is not None):
        console.problem("sdksmith generate: --out and --name need SPEC; a configured client takes `out` in its table")
        return 2
    configs, name_warnings = selected(args)
    console.errors(strict_or_warn(name_warnings, args.strict))
    cache = Cache(args.root) if args.spec is None and not args.skip_unsupported else None
    todo = [c for c in configs if cache is None or not cache.fresh(c)]
    for config in configs:
        if config not in todo and not watching:
            say(f"unchanged {config.name}")
    if not todo:
        return 0
    # The generator's heavy dependencies (datamodel-code-generator, black, openapi-pydantic) load only now.
    from ..pipeline import build_client, package
    from ..release.pending import carried, changed_from

    # Produce everything before writing anything: one bad spec leaves every output folder untouched.
    produced: list[tuple[ClientConfig, dict[str, str], Update | None]] = []
    failures: list[GenError] = []
    for config in console.tracked(todo, args.quiet, "generating"):
        try:
            # Built once: for the comparison with the last release (when the spec changed) and for the output.
            built = build_client(config, skip_unsupported=args.skip_unsupported, strict=args.strict)
            previous = changed_from(config, built.source)
            update = _update(config, previous, built, args) if previous is not None else None
            records = update.records if update is not None else carried(config)
            generation = package(config, built, changelog=records.changelog, released=records.released)
            console.errors(generation.warnings)
            console.skips(generation.files)
            produced.append((config, generation.files, update))
        except GenerationFailed as exc:
            failures.extend(exc.errors)
    if failures:
        console.errors(failures)
        return 1
    # Every output folder is checked before any is written: a folder that cannot take its files stops them all.
    writes: list[WritePlan] = [plan_write(files, c.out, overwrite=args.overwrite) for c, files, _u in produced]
    for planned in writes:
        commit(planned)
    for config, files, update in produced:
        if cache is not None:
            cache.store(config, files)
        say(f"generated {config.name}: {len(files)} files in {config.out}")
        if update is not None:
            say(update.describe())
    return 0


def _update(config: ClientConfig, previous: str, built: Built, args: argparse.Namespace) -> Update:
    """The changes since the last release, for a spec that changed since its output was made from ``previous``."""
    # The comparison machinery loads only for a changed spec.
    from ..changes.surface import surface
    from ..release.plan import Current, since_release

    current = Current(lambda: surface(built.api, built.spec.data, str(config.spec)), args.skip_unsupported)
    return since_release(config, previous, current, record=not args.no_bump)


def check(args: argparse.Namespace) -> int:
    configs = configured(args.root)
    cache = Cache(args.root)
    problems: list[str] = []
    failures: list[GenError] = []
    stale_configs = [c for c in configs if not cache.fresh(c)]
    if stale_configs:
        # The heavy part loads only when something must be regenerated to compare.
        from ..pipeline import produce
        from ..release.pending import carried
    for config in stale_configs:
        try:
            records = carried(config)
            files = produce(config, changelog=records.changelog, released=records.released).files
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
        console.problem("generated files are out of date: run `sdksmith generate`")
        return 1
    if not args.quiet:
        console.problem(f"up to date: {len(configs)} clients")
    return 0


def _config_for(spec: Path, root: Path, allow_outside: bool) -> tuple[ClientConfig, list[GenError]]:
    """The configured client whose spec this is, else one derived from the file (with its name warnings)."""
    if (root / "pyproject.toml").is_file():
        try:
            for config in configured(root):
                if config.spec.resolve() == spec.resolve():
                    return (replace(config, allow_refs_outside=True) if allow_outside else config), []
        except GenerationFailed:
            pass  # a broken config is not this command's subject; the spec is checked with derived names
    return derived(spec, Path("."), None, allow_refs_outside=allow_outside), derived_changes(spec, None)


def validate(args: argparse.Namespace) -> int:
    # openapi-pydantic and the build stage (datamodel-code-generator) load only for this command.
    from ..build import build
    from ..spec.validate import validate as validate_spec

    failures: list[GenError] = []
    for path in args.specs:
        config, warnings = _config_for(path, args.root, args.allow_refs_outside)
        try:
            spec = validate_spec(load(path, allow_outside=config.allow_refs_outside), strict=args.strict)
            api = build(spec, config, strict=args.strict)
            console.errors(strict_or_warn([*warnings, *spec.warnings, *api.warnings], args.strict))
        except GenerationFailed as exc:
            failures.extend(exc.errors)
    console.errors(failures)
    return 1 if failures else 0


HANDLERS = {"generate": generate, "check": check, "validate": validate}
