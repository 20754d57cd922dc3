"""Version bumps: what ``sdksmith generate`` does when a configured client's spec changed.

The base of every comparison is the spec the current output folder was made from (``output.records``). When the
spec now differs from that copy, both are built and compared (``changes``); the client's version is bumped by the
highest level of change (``version``) and an entry listing the changes is prepended to ``<out>/CHANGELOG.md``
(``changelog``). A version set by hand in pyproject.toml (different from the one the output was generated with)
is kept as it is; the changelog entry is written under it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..changes.report import Report
from ..changes.sources import build_surface
from ..changes.compare import compare
from ..config import ClientConfig
from ..errors import GenerationFailed
from ..output.records import copy_text, current_changelog, previous_version, stored_spec
from ..spec.load import load
from .changelog import entry, initial_changelog, prepend
from .version import next_version


def changelog_for(out: Path, version: str) -> str:
    """What ``produce()`` writes when nothing was bumped: the changelog on disk, else a new one."""
    current = current_changelog(out)
    return current if current is not None else initial_changelog(version)


@dataclass(frozen=True, slots=True)
class Release:
    """What regenerating one client means for its version."""

    config: ClientConfig  # the config to generate with (its version possibly bumped)
    old_version: str
    report: Report | None  # None when the previous spec could not be built any more
    changelog: str | None  # the new CHANGELOG.md, None to carry the current one over
    warning: str = ""

    @property
    def bumped(self) -> bool:
        return self.config.version != self.old_version

    def describe(self) -> str:
        """For people: what changed and what became of the version."""
        name = self.config.name
        if self.report is None:
            return f"{name}: {self.warning}"
        head = f"{name}: {self.report.summary()}"
        if self.bumped:
            head += f"; version {self.old_version} -> {self.config.version}"
        elif self.warning:
            head += f"; {self.warning}"
        lines = [head]
        for level in ("breaking", "feature", "fix"):
            lines += [f"  {level:<8}  {c.message}" for c in self.report.by_level(level)]
        return "\n".join(lines)


def plan(
    config: ClientConfig, *, bump: bool = True, kept: str = "version kept (--no-bump)", skip_unsupported: bool = False
) -> Release | None:
    """Compare ``config``'s spec with the one its output was made from; None when there is nothing to compare."""
    base = stored_spec(config.out)
    if base is None:
        return None
    try:
        stored = base.read_text(encoding="utf-8")
        if stored == config.spec.read_text(encoding="utf-8"):
            return None  # the common case, decided without parsing anything
    except (OSError, UnicodeDecodeError):
        return None  # an unreadable spec is reported by produce() with its location
    if copy_text(load(config.spec)) == stored:
        return None  # a multi-file spec whose files are all as they were

    try:
        before = build_surface(base, config, str(base), skip_unsupported=skip_unsupported)
    except GenerationFailed as exc:
        first = exc.errors[0].render() if exc.errors else "unknown problem"
        return Release(config, config.version, None, None, f"cannot compare with the previous spec ({first}); version kept")
    after = build_surface(config.spec, config, str(config.spec), skip_unsupported=skip_unsupported)
    report = compare(before, after)
    if not report.changes:
        return Release(config, config.version, report, None)
    if not bump:
        return Release(config, config.version, report, None, kept)
    previous = previous_version(config.out)
    if previous is not None and previous != config.version:
        version = config.version  # set by hand since the last generation: the user decided
    else:
        version = next_version(config.version, report.level)
    existing = current_changelog(config.out)
    if existing is None:
        existing = initial_changelog(previous or config.version)
    changelog = prepend(existing, entry(version, report))
    return Release(replace(config, version=version), previous or config.version, report, changelog)
