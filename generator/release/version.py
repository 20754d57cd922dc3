"""Versions: the next one by semantic versioning over PEP 440 versions (parsed with ``packaging``).

Semver, with Cargo's reading of 0.x (where the left-most non-zero part is the "major" one):

============  ===========  ===========  ===========
version       breaking     feature      fix
============  ===========  ===========  ===========
1.4.2         2.0.0        1.5.0        1.4.3
1.0           2.0.0        1.1.0        1.0.1
0.4.2         0.5.0        0.4.3        0.4.3
1.0.0rc1      1.0.0        1.0.0        1.0.0
1.1.0.dev2    1.1.0        1.1.0        1.1.0
1.4.2.post1   2.0.0        1.5.0        1.4.3
============  ===========  ===========  ===========

A pre-release or development release becomes its release whatever changed; an epoch (``1!2.0``) is kept. The
version line in pyproject.toml is changed with tomlkit (``config.edit.set_version``).
"""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from ..changes.report import Level
from ..config.edit import set_version

__all__ = ["next_version", "set_version", "is_later"]


def next_version(version: str, level: Level | None) -> str:
    """The version after ``version`` for a change of ``level`` (None: no change, same version)."""
    if level is None:
        return version
    try:
        parsed = Version(version)
    except InvalidVersion:
        raise ValueError(f"not a PEP 440 version: {version!r}") from None
    epoch = f"{parsed.epoch}!" if parsed.epoch else ""
    if parsed.is_prerelease or parsed.is_devrelease:
        return epoch + parsed.base_version.split("!")[-1]
    major, minor, patch = parsed.major, parsed.minor, parsed.micro
    if major == 0:
        return epoch + (f"0.{minor + 1}.0" if level == "breaking" else f"0.{minor}.{patch + 1}")
    if level == "breaking":
        return f"{epoch}{major + 1}.0.0"
    if level == "feature":
        return f"{epoch}{major}.{minor + 1}.0"
    return f"{epoch}{major}.{minor}.{patch + 1}"


def is_later(version: str, than: str) -> bool:
    """``version`` comes after ``than`` by PEP 440 ordering (a version that does not parse comes after nothing)."""
    try:
        return Version(version) > Version(than)
    except InvalidVersion:
        return False
