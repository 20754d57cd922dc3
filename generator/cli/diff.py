"""``sdksmith diff``: what changed for client users between two versions of a spec (see ``changes``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..config import ClientConfig, derived
from ..errors import GenerationFailed
from ..output.records import previous_version, stored_spec
from . import console
from .clients import configured
from .help import command


def add_parsers(sub: Any) -> None:
    p = command(
        sub,
        "diff",
        "what changed for client users between two versions of a spec: breaking, feature or fix",
        "sdksmith diff OLD NEW compares two spec files; sdksmith diff NAME compares a configured client's "
        "spec with the one its output folder was made from; with --git REF, with the spec at that git "
        "revision (NAME may also be a spec file).",
        "examples:\n  sdksmith diff old.yaml new.yaml\n  sdksmith diff todo\n  sdksmith diff todo --git HEAD~1 --fail-on-breaking\n",
    )
    p.add_argument("targets", nargs="+", metavar="OLD NEW | NAME", help="two spec files, or one configured client (e.g. todo)")
    p.add_argument("--git", metavar="REF", help="compare with the spec as it is at this git revision (e.g. --git HEAD~1)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--fail-on-breaking", action="store_true", help="exit 1 when any change is breaking")
    p.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml (e.g. --root ~/work/api; default: .)")


def _usage(message: str) -> int:
    console.problem(f"sdksmith diff: {message}")
    return 2


def _configs(root: Path) -> list[ClientConfig]:
    if not (root / "pyproject.toml").is_file():
        return []
    try:
        return configured(root)
    except GenerationFailed:
        return []


def _config_for(spec: Path, root: Path) -> ClientConfig:
    for config in _configs(root):
        if config.spec.resolve() == spec.resolve():
            return config
    return derived(spec, Path("."), None)


def _diff(args: argparse.Namespace) -> int:
    # Building both versions needs the whole generator: it loads only for this command.
    from ..changes.sources import compare_files, compare_text, git_show
    from ..release.version import next_version

    targets: list[str] = args.targets
    version: tuple[str, str] | None = None
    if len(targets) == 2:
        if args.git:
            return _usage("--git takes one NAME (or spec file), not two")
        old, new = Path(targets[0]), Path(targets[1])
        report = compare_files(old, new, _config_for(new, args.root))
    elif len(targets) == 1:
        configs = {c.name: c for c in _configs(args.root)}
        target = targets[0]
        if target in configs:
            config = configs[target]
        elif Path(target).is_file() and args.git:
            config = _config_for(Path(target), args.root)
        else:
            known = ", ".join(sorted(configs)) or "none configured"
            return _usage(f"{target!r} is not a configured client ({known}); give OLD NEW to compare two files")
        label = str(config.spec)
        if args.git:
            report = compare_text(git_show(config.spec, args.git), config.spec, config, old_label=f"{args.git}:{label}", new_label=label)
        else:
            base = stored_spec(config.out)
            if base is None:
                return _usage(f"{config.out} holds no copy of the spec it was made from; run `sdksmith generate` first or use --git")
            report = compare_files(base, config.spec, config, old_label=str(base), new_label=label)
            previous = previous_version(config.out) or config.version
            version = (config.version, config.version if previous != config.version else next_version(config.version, report.level))
    else:
        return _usage("give OLD NEW, or NAME [--git REF]")
    console.out(json.dumps(report.to_json(version), indent=2) + "\n" if args.json else report.text(version))
    return 1 if args.fail_on_breaking and report.breaking else 0


HANDLERS = {"diff": _diff}
