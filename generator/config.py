"""Client configuration: ``[tool.sdksmith.clients.<name>]`` in pyproject.toml, or derived for one spec."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import GenError, GenerationFailed
from .names import pascal, snake

_DIST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+([a-z]+\d+)?$")


@dataclass(frozen=True, slots=True)
class ClientConfig:
    name: str
    spec: Path
    dist_name: str
    import_name: str
    client_class: str
    version: str
    out: Path


def derived(spec: Path, out: Path, name: str | None) -> ClientConfig:
    """Config for ``sdksmith generate SPEC --out DIR [--name NAME]``: everything follows from the name."""
    base = name or spec.stem
    key = snake(base)
    return ClientConfig(
        name=key,
        spec=spec,
        dist_name=key.replace("_", "-") + "-client",
        import_name=key + "_client",
        client_class=pascal(base),
        version="0.1.0",
        out=out,
    )


def load_project(root: Path) -> list[ClientConfig]:
    """Every configured client, sorted by name; problems are located in pyproject.toml."""
    path = root / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GenerationFailed([GenError(str(path), "", f"cannot read config: {exc}")]) from None
    clients = data.get("tool", {}).get("sdksmith", {}).get("clients", {})
    errors: list[GenError] = []
    configs: list[ClientConfig] = []
    for key in sorted(clients):
        table = clients[key]
        where = f"/tool/sdksmith/clients/{key}"
        missing = [f for f in ("spec", "dist_name", "import_name", "client_class", "version") if f not in table]
        if missing:
            errors.append(GenError(str(path), where, f"missing keys: {', '.join(missing)}"))
            continue
        checks = [
            (_DIST.match(table["dist_name"]), "dist_name is not a valid distribution name"),
            (table["import_name"].isidentifier(), "import_name is not a Python identifier"),
            (table["client_class"].isidentifier(), "client_class is not a Python identifier"),
            (_VERSION.match(table["version"]), "version is not MAJOR.MINOR.PATCH"),
            (key.isidentifier(), "client name is not a Python identifier"),
        ]
        problems = [msg for ok, msg in checks if not ok]
        if problems:
            errors.extend(GenError(str(path), where, m) for m in problems)
            continue
        configs.append(
            ClientConfig(
                name=key,
                spec=root / table["spec"],
                dist_name=table["dist_name"],
                import_name=table["import_name"],
                client_class=table["client_class"],
                version=table["version"],
                out=root / "generated" / key,
            )
        )
    if errors:
        raise GenerationFailed(errors)
    if not configs:
        raise GenerationFailed([GenError(str(path), "/tool/sdksmith/clients", "no clients are configured")])
    return configs
