"""The clients configured in pyproject.toml (``[tool.sdksmith.clients.<name>]``), each table checked by its pydantic
model (``table``). Its own module because pydantic is loaded only when a project's configuration is read: a
generation from a spec path (``derived``) does not need it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..errors import GenError, GenerationFailed
from . import CLIENTS_KEYS, ClientConfig, PackageMeta
from .naming import client_key_problem, derive
from .position import located, unknown_key
from .table import ClientTable, check_table


def load_project(root: Path) -> list[ClientConfig]:
    """Every configured client, sorted by name; every problem located in pyproject.toml, all reported at once."""
    path = root / "pyproject.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GenerationFailed([GenError(str(path), "", f"cannot read config: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError:
        raise GenerationFailed([GenError(str(path), "", "cannot read config: not UTF-8 text")]) from None
    return configs_in(text, path)


def parse(text: str, path: Path) -> dict[str, Any]:
    """pyproject.toml's data; a syntax error located."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GenerationFailed([_syntax_error(path, exc, text)]) from None


def configs_in(text: str, path: Path) -> list[ClientConfig]:
    """Every client configured in ``text``, the content of ``path`` (paths in it are relative to its folder)."""
    root = path.parent
    data = parse(text, path)
    tool = data.get("tool", {}).get("sdksmith")
    if not isinstance(tool, dict) or "clients" not in tool:
        hint = "" if isinstance(tool, dict) and tool else ": run `sdksmith init SPEC` to add one"
        errors = [located(path, text, ("tool", "sdksmith", k), unknown_key(k, ["clients"])) for k in (tool or {})]
        raise GenerationFailed(errors or [GenError(str(path), "/tool/sdksmith/clients", f"no clients are configured{hint}")])
    errors = [located(path, text, ("tool", "sdksmith", k), unknown_key(k, ["clients"])) for k in tool if k != "clients"]
    clients = tool["clients"]
    if not isinstance(clients, dict) or not clients:
        errors.append(located(path, text, CLIENTS_KEYS, "no clients are configured: add a [tool.sdksmith.clients.NAME] table"))
        raise GenerationFailed(errors)
    configs: list[ClientConfig] = []
    for key in sorted(clients):
        where = (*CLIENTS_KEYS, key)
        problem = client_key_problem(key)
        if problem:
            errors.append(located(path, text, where, f"client name {key!r} {problem}"))
            continue
        table, found = check_table(clients[key], path, text, where)
        errors.extend(found)
        if table is not None:
            config, found = _config(root, key, table, path, text)
            errors.extend(found)
            configs.append(config)
    if errors:
        raise GenerationFailed(errors)
    return configs


def _config(root: Path, key: str, table: ClientTable, path: Path, text: str) -> tuple[ClientConfig, list[GenError]]:
    names = derive(key)
    license_text = ""
    errors: list[GenError] = []
    if table.license_file is not None:
        try:
            license_text = (root / table.license_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            errors.append(located(path, text, (*CLIENTS_KEYS, key, "license_file"), f"cannot read {table.license_file!r}: {reason}"))
        if table.license is None:
            errors.append(
                located(path, text, (*CLIENTS_KEYS, key, "license_file"), "license_file needs license, its SPDX expression (such as \"MIT\")")
            )
    urls = table.urls.model_dump()
    package = PackageMeta(
        description=table.description or "",
        license=table.license or "",
        license_text=license_text,
        authors=tuple((a.name or "", a.email or "") for a in table.authors),
        urls=tuple((label, urls[label]) for label in ("Homepage", "Documentation", "Source", "Changelog") if urls[label]),
        keywords=tuple(table.keywords),
        classifiers=tuple(table.classifiers),
    )
    config = ClientConfig(
        name=key,
        spec=root / table.spec,
        dist_name=table.dist_name or names.dist_name,
        import_name=table.import_name or names.import_name,
        client_class=table.client_class or names.client_class,
        version=table.version,
        out=root / (table.out or f"generated/{key}"),
        package=package,
        env_prefix=table.env_prefix or "",
        python_requires=table.python_requires,
        allow_refs_outside=table.allow_refs_outside,
    )
    return config, errors


def _syntax_error(path: Path, exc: tomllib.TOMLDecodeError, text: str) -> GenError:
    """tomllib's message, located: it ends with "(at line N, column M)" or "(at end of document)"."""
    message = str(exc)
    at = re.search(r" \(at line (\d+), column (\d+)\)$", message)
    if at:
        return GenError(str(path), "", f"TOML syntax error: {message[: at.start()]}", int(at[1]), int(at[2]))
    line = max(1, len(text.splitlines()))
    return GenError(str(path), "", f"TOML syntax error: {message}", line, 1)
