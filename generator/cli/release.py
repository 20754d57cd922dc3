"""``sdksmith release``: the unreleased changes of each client become its next version.

For each client: a spec edited since the last generation is taken in first (as ``generate`` would), then the
changes since the last release decide the next version (``release.plan``), the changelog's "Unreleased" section is
renamed to it, the client is regenerated with it, and its ``version`` in pyproject.toml is set (tomlkit: nothing
else in the file changes). Everything is produced before anything is written; the output folders first, then
pyproject.toml.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from ..config import ClientConfig
from ..errors import GenError, GenerationFailed
from ..output.freshness import Cache
from ..output.write import commit, plan as plan_write, write_text_atomic
from . import console
from .clients import Usage, select
from .help import command

EXAMPLES = """\
examples:
  sdksmith release                   every client with unreleased changes
  sdksmith release todo --dry-run    what the next version of todo would be, writing nothing
  sdksmith release todo --version 1.0.0
"""


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rel = command(
        sub,
        "release",
        "turn each client's unreleased changes into its next version (semver by the changes' level)",
        "The changes listed under \"Unreleased\" in generated/NAME/CHANGELOG.md (breaking, feature, fix) decide the "
        "next version: 1.4.2 becomes 2.0.0, 1.5.0 or 1.4.3 (0.4.2: 0.5.0 for a breaking change, else 0.4.3; a "
        "pre-release becomes its release). A version set by hand in the client's table is used as it is.",
        EXAMPLES,
    )
    rel.add_argument("names", nargs="*", metavar="NAME", help="clients to release (e.g. todo; default: every configured one)")
    rel.add_argument("--version", dest="new_version", metavar="VERSION", help="release as this PEP 440 version instead (e.g. --version 1.0.0)")
    rel.add_argument("--dry-run", action="store_true", help="print what would be released, change nothing")
    rel.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml (e.g. --root ~/work/api; default: .)")
    rel.add_argument("--quiet", "-q", action="store_true", help="print only problems")


def _release(args: argparse.Namespace) -> int:
    # The generator's heavy parts load only for commands that generate.
    from ..pipeline import produce
    from ..release.pending import carried
    from ..release.plan import NothingToRelease, plan, release
    from ..release.version import set_version

    say = console.progress(args.quiet)
    if args.new_version is not None and len(args.names) != 1:
        raise Usage("--version needs exactly one NAME")
    configs = select(args.root, args.names)
    pyproject = args.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    produced: list[tuple[ClientConfig, dict[str, str], str]] = []
    for config in configs:
        update = plan(config)
        records = update.records if update is not None else carried(config)
        try:
            done = release(config, records, version=args.new_version, report=update.report if update else None)
        except NothingToRelease as exc:
            say(str(exc))
            continue
        except ValueError as exc:
            raise GenerationFailed([_error(pyproject, config, str(exc))]) from None
        if args.dry_run:
            say(f"would release {config.name} {done.version} (now {config.version})")
            continue
        released = replace(config, version=done.version)
        files = produce(released, changelog=done.changelog, released=None).files
        text = set_version(text, config.name, done.version, str(pyproject))
        produced.append((released, files, done.describe()))
    if not produced:
        return 0
    for planned in [plan_write(files, c.out) for c, files, _d in produced]:
        commit(planned)
    write_text_atomic(pyproject, text)
    cache = Cache(args.root)
    for config, files, description in produced:
        cache.store(config, files)
        say(description)
    say(f"next: sdksmith build {' '.join(c.name for c, _f, _d in produced)}")
    return 0


def _error(pyproject: Path, config: ClientConfig, message: str) -> GenError:
    return GenError(str(pyproject), f"/tool/sdksmith/clients/{config.name}/version", message)


def _handler(args: argparse.Namespace) -> int:
    try:
        return _release(args)
    except Usage as exc:
        console.problem(f"sdksmith release: {exc}")
        return 2


HANDLERS = {"release": _handler}
