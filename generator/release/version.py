"""Versions: the next one by semantic versioning, and the one line of pyproject.toml that holds it.

Semver, with Cargo's reading of 0.x (where the left-most non-zero part is the "major" one):

============  ===========  ===========  ===========
version       breaking     feature      fix
============  ===========  ===========  ===========
1.4.2         2.0.0        1.5.0        1.4.3
0.4.2         0.5.0        0.4.3        0.4.3
1.0.0rc1      1.0.0        1.0.0        1.0.0
============  ===========  ===========  ===========

A pre-release becomes its release whatever changed.
"""

from __future__ import annotations

import re
import tomllib

from ..changes.report import Level
from ..errors import GenError, GenerationFailed

_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)([a-z]+\d+)?$")


def next_version(version: str, level: Level | None) -> str:
    """The version after ``version`` for a change of ``level`` (None: no change, same version)."""
    if level is None:
        return version
    match = _VERSION.match(version)
    if match is None:
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {version!r}")
    major, minor, patch = (int(match.group(i)) for i in (1, 2, 3))
    if match.group(4):
        return f"{major}.{minor}.{patch}"
    if major == 0:
        return f"0.{minor + 1}.0" if level == "breaking" else f"0.{minor}.{patch + 1}"
    if level == "breaking":
        return f"{major + 1}.0.0"
    if level == "feature":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*sdksmith\s*\.\s*clients\s*\.\s*(?:\"(?P<q>[^\"]+)\"|'(?P<s>[^']+)'|(?P<b>[A-Za-z0-9_-]+))\s*\]\s*(#.*)?$")
_ANY_TABLE = re.compile(r"^\s*\[")
_VERSION_LINE = re.compile(r"^(?P<pre>\s*version\s*=\s*)(?P<q>[\"'])(?P<v>[^\"']*)(?P=q)(?P<post>.*)$", re.DOTALL)


def set_version(text: str, name: str, version: str, file: str = "pyproject.toml") -> str:
    """``text`` with the one ``version = "..."`` line of ``[tool.sdksmith.clients.<name>]`` changed; nothing else."""
    lines = text.splitlines(keepends=True)
    inside = False
    for index, line in enumerate(lines):
        table = _TABLE.match(line.rstrip("\r\n"))
        if table:
            inside = (table.group("q") or table.group("s") or table.group("b")) == name
            continue
        if _ANY_TABLE.match(line):
            inside = False
            continue
        if inside:
            match = _VERSION_LINE.match(line)
            if match:
                lines[index] = f"{match['pre']}{match['q']}{version}{match['q']}{match['post']}"
                updated = "".join(lines)
                if _read_version(updated, name) == version:
                    return updated
                break
    raise GenerationFailed(
        [GenError(file, f"/tool/sdksmith/clients/{name}/version", f"cannot find the version line to set {version}; set it by hand")]
    )


def _read_version(text: str, name: str) -> object:
    try:
        return tomllib.loads(text)["tool"]["sdksmith"]["clients"][name]["version"]
    except (tomllib.TOMLDecodeError, KeyError, TypeError):
        return None
