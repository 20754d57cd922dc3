"""Changes to pyproject.toml, made with tomlkit so that everything else in the file (comments, order, quoting,
inline tables, dotted keys) stays exactly as the user wrote it."""

from __future__ import annotations

from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import Table

from ..errors import GenError, GenerationFailed


def set_version(text: str, name: str, version: str, file: str = "pyproject.toml") -> str:
    """``text`` with ``version`` of ``[tool.sdksmith.clients.<name>]`` set (added when the table has none)."""
    where = f"/tool/sdksmith/clients/{name}/version"
    try:
        doc = tomlkit.parse(text)
        table = doc["tool"]["sdksmith"]["clients"][name]
        table["version"] = version
        updated = tomlkit.dumps(doc)
    except (KeyError, TypeError, tomlkit.exceptions.TOMLKitError) as exc:
        raise GenerationFailed([GenError(file, where, f"cannot set the version to {version}: {exc}; set it by hand")]) from None
    return updated


def add_client(text: str, name: str, values: dict[str, Any], comment: str = "") -> str:
    """``text`` (a pyproject.toml, possibly empty) with a new ``[tool.sdksmith.clients.<name>]`` table."""
    doc = tomlkit.parse(text)
    tool = doc.setdefault("tool", tomlkit.table(is_super_table=True))
    sdksmith = tool.setdefault("sdksmith", tomlkit.table(is_super_table=True))
    clients = sdksmith.setdefault("clients", tomlkit.table(is_super_table=True))
    if name in clients:
        raise ValueError(f"a client named {name!r} is already configured")
    table: Table = tomlkit.table()
    if comment:
        for line in comment.splitlines():
            table.add(tomlkit.comment(line))
    for key, value in values.items():
        table.add(key, value)
    clients.add(name, table)
    out = tomlkit.dumps(doc)
    return out if out.endswith("\n") else out + "\n"
