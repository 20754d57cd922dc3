"""What an output folder remembers between generations: the spec it was made from, the spec of its last release,
its version, its changelog.

``.sdksmith/spec.yaml`` (``spec.json`` for a JSON spec; the bundled document when the spec's ``$ref``s name other
files) is the base the next spec is compared with, so it is always exactly what the output reflects, whatever git
says. ``.sdksmith/released.yaml`` (or ``.json``) exists only while there are unreleased changes: it is the spec as
it was at the last release, the base of the changelog's "Unreleased" section. ``.sdksmith.json`` records the
version; ``CHANGELOG.md`` is history, carried over as it is.
"""

from __future__ import annotations

import json
from pathlib import Path
import yaml

from ..spec.source import Source

SPEC_DIR = ".sdksmith"
CHANGELOG = "CHANGELOG.md"


def spec_copy(text: str) -> str:
    """Where, inside the output folder, the copy of the spec (``copy_text``) lives."""
    return f"{SPEC_DIR}/spec.json" if text.lstrip().startswith(("{", "[")) else f"{SPEC_DIR}/spec.yaml"


def copy_text(source: Source) -> str:
    """The text kept in ``<out>/.sdksmith/``: the spec as written (newlines normalised), or, for a spec whose
    ``$ref``s pull in other files, the bundled document, so the copy stands on its own."""
    if source.origins:
        dumped = yaml.safe_dump(source.data, sort_keys=False, allow_unicode=True)
        return f"# {source.path.name} bundled with the files it references, by sdksmith\n{dumped}"
    return source.text.replace("\r\n", "\n").replace("\r", "\n")


def released_copy(text: str) -> str:
    """Where the spec of the last release lives while there are unreleased changes."""
    return spec_copy(text).replace("/spec.", "/released.")


def stored_spec(out: Path) -> Path | None:
    """The copy of the spec ``out`` was generated from, if it has one."""
    return _first(out, ("spec.yaml", "spec.json"))


def stored_release(out: Path) -> Path | None:
    """The spec of the last release, kept in ``out`` while there are unreleased changes; None when there are none."""
    return _first(out, ("released.yaml", "released.json"))


def _first(out: Path, names: tuple[str, ...]) -> Path | None:
    for name in names:
        path = out / SPEC_DIR / name
        if path.is_file():
            return path
    return None


def read_text(path: Path | None) -> str | None:
    """A record's text; None for no record or one that cannot be read (then it is made anew)."""
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def previous_version(out: Path) -> str | None:
    """The version ``out`` was generated with, from its provenance file."""
    try:
        version = json.loads((out / ".sdksmith.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return version if isinstance(version, str) else None


def current_changelog(out: Path) -> str | None:
    try:
        return (out / CHANGELOG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
