"""Which configured clients a command works on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..config import ClientConfig


class Usage(Exception):
    """A usage error; the command prints it and exits 2."""


def configured(root: Path) -> list[ClientConfig]:
    """Every client ``root``'s pyproject.toml configures (``config.project.load_project``)."""
    # pydantic (the tables' models) loads only when a project's configuration is read
    from ..config.project import load_project

    return load_project(root)


def select(root: Path, names: Sequence[str]) -> list[ClientConfig]:
    """The configured clients named (all of them when none is), in the order given."""
    configs = configured(root)
    if not names:
        return configs
    by_name = {c.name: c for c in configs}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise Usage(f"unknown client {', '.join(unknown)}; configured: {', '.join(by_name)}")
    return [by_name[n] for n in dict.fromkeys(names)]
