"""What a generation records about unreleased changes, and what a release makes of them.

``generate`` never changes a version. When a configured client's spec differs from the one its output folder was
made from (``output.records``), the spec of the last release (the kept ``released`` copy, else the previous spec,
which was then released) and the new spec are built and compared (``changes``); the changes since the release
become the changelog's "Unreleased" section, and the spec of the last release is kept beside the output until
``release`` runs. A change undone before a release leaves no trace: the section is computed, not appended to.

``release`` turns "Unreleased" into the next version by the highest level of change (``version``), unless the
configured version was set by hand past the last released one (then that one is used), or ``--version`` names it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..changes.compare import compare
from ..changes.report import Report
from ..changes.sources import build_surface, compare_text
from ..changes.surface import Surface
from ..config import ClientConfig
from ..errors import GenerationFailed
from ..output.records import SPEC_DIR, stored_release, stored_spec
from .changelog import last_release, release_section, unreleased, with_unreleased
from .pending import Records, carried, changed_from
from .version import is_later, next_version


@dataclass(frozen=True, slots=True)
class Update:
    """A spec that changed since the last generation: the records to write and what to tell the user."""

    name: str
    version: str
    records: Records
    report: Report | None  # changes since the last release; None when that spec cannot be built any more
    warning: str = ""

    def describe(self) -> str:
        if self.report is None:
            return f"{self.name}: {self.warning}"
        if not self.report.changes:
            return f"{self.name}: no change since the last release ({self.version})"
        upcoming = next_version(self.version, self.report.level)
        lines = [f"{self.name}: unreleased since {self.version}: {self.report.summary()}; `sdksmith release {self.name}` makes {upcoming}"]
        for level in ("breaking", "feature", "fix"):
            lines += [f"  {level:<8}  {c.message}" for c in self.report.by_level(level)]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Current:
    """The current spec's surface, made only when it is compared, and the ``skip_unsupported`` it is built with
    (the last release's spec is built the same way, so both sides are compared alike)."""

    surface: Callable[[], Surface]
    skip_unsupported: bool


def plan(config: ClientConfig, *, record: bool = True, skip_unsupported: bool = False) -> Update | None:
    """None when the spec is as the output was made from it (or there is no output yet): carry the records.
    Otherwise the "Unreleased" section against the spec of the last release (``record=False``: records carried)."""
    previous = changed_from(config)
    if previous is None:
        return None
    current = Current(lambda: build_surface(config.spec, config, str(config.spec), skip_unsupported=skip_unsupported), skip_unsupported)
    return since_release(config, previous, current, record=record)


def since_release(config: ClientConfig, previous: str, current: Current, *, record: bool = True) -> Update:
    """What ``plan`` says of a spec that changed since its output was made from ``previous`` (``changed_from``),
    for a caller that has built the current spec already (``generate`` builds it once, for this and its output)."""
    records = carried(config)
    if not record:
        return Update(config.name, config.version, records, None, "changes not recorded (--no-bump)")
    base_path = stored_release(config.out) or stored_spec(config.out)
    base_text = records.released if records.released is not None else previous
    assert base_path is not None
    try:
        before = build_surface(base_path, config, str(base_path), skip_unsupported=current.skip_unsupported)
    except GenerationFailed as exc:
        first = exc.errors[0].render() if exc.errors else "unknown problem"
        return Update(config.name, config.version, records, None, f"cannot compare with the last release's spec ({first})")
    report = compare(before, current.surface())
    if not report.changes:
        return Update(config.name, config.version, Records(with_unreleased(records.changelog, None), None), report)
    changelog = with_unreleased(records.changelog, unreleased(report))
    return Update(config.name, config.version, Records(changelog, base_text), report)


@dataclass(frozen=True, slots=True)
class Release:
    """One client's release: its new version and the changelog with "Unreleased" renamed to it."""

    name: str
    old_version: str
    version: str
    changelog: str
    report: Report | None

    def describe(self) -> str:
        what = self.report.summary() if self.report is not None and self.report.changes else "no API change"
        return f"released {self.name} {self.version} (was {self.old_version}): {what}"


class NothingToRelease(Exception):
    """No unreleased change and no version asked for: the client stays as it is."""


def release(
    config: ClientConfig, records: Records, *, version: str | None = None, report: Report | None = None, skip_unsupported: bool = False
) -> Release:
    """The release of ``config`` given its records as the pending generation leaves them, and the changes since the
    last release when that generation computed them. Raises ``NothingToRelease`` when there is nothing to release
    and no ``version``, ``ValueError`` for a version that does not come after the last release."""
    last = last_release(records.changelog) or config.version
    if records.released is None:
        report = None
    elif report is None:
        label = f"{config.out / SPEC_DIR}/released"
        report = compare_text(records.released, config.spec, config, old_label=label, skip_unsupported=skip_unsupported)
    if version is None:
        if report is None or not report.changes:
            raise NothingToRelease(f"{config.name}: nothing to release (no unreleased change since {last})")
        chosen_by_hand = is_later(config.version, last)
        version = config.version if chosen_by_hand else next_version(config.version, report.level)
    if not is_later(version, last):
        raise ValueError(f"{config.name}: version {version} does not come after the last release, {last}")
    return Release(config.name, config.version, version, release_section(records.changelog, version), report)
