"""What a generation carries in its output folder (the changelog and the spec of the last release), and whether
the spec changed since the output was made: all a generation of an unchanged spec needs, without loading the
comparison machinery (``plan``) that a changed one needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import ClientConfig
from ..output.records import copy_text, current_changelog, read_text, stored_release, stored_spec
from ..spec.load import load
from ..spec.source import Source
from .changelog import initial_changelog


@dataclass(frozen=True, slots=True)
class Records:
    """What a generation carries in the output folder besides the package: ``produce(changelog=, released=)``."""

    changelog: str
    released: str | None  # the spec of the last release, while there are unreleased changes


def carried(config: ClientConfig) -> Records:
    """The records on disk as they are (a new changelog for a new folder): a generation whose spec did not change."""
    changelog = current_changelog(config.out)
    return Records(
        changelog if changelog is not None else initial_changelog(config.version),
        read_text(stored_release(config.out)),
    )


def changelog_for(out: Path, version: str) -> str:
    """The changelog on disk, else a new one."""
    current = current_changelog(out)
    return current if current is not None else initial_changelog(version)


def changed_from(config: ClientConfig, source: Source | None = None) -> str | None:
    """The spec the output was made from when ``config``'s spec differs from it, else None (no output yet, or the
    same spec). ``source``: the spec already loaded, so a multi-file spec is not loaded again."""
    previous = read_text(stored_spec(config.out))
    if previous is None:
        return None
    try:
        if previous == config.spec.read_text(encoding="utf-8"):
            return None  # the common case, decided without parsing anything
    except (OSError, UnicodeDecodeError):
        return None  # an unreadable spec is reported by produce() with its location
    text = copy_text(source if source is not None else load(config.spec, allow_outside=config.allow_refs_outside))
    return None if text == previous else previous  # equal: a multi-file spec whose files are all as they were
