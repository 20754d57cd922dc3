"""Client configuration: ``[tool.sdksmith.clients.<name>]`` in pyproject.toml, or derived for one spec.

In: pyproject.toml's text (``project.load_project``), or a spec path and an optional name (``derived``). Out: one
frozen ``ClientConfig`` per client, sorted by name. Every table is checked by a pydantic model that refuses unknown keys
(``table``); each problem is a ``GenError`` located at the key's line and column (``position``), with a "did you
mean" for a misspelt key, and all problems of all tables are reported at once. Names that reach generated code are
checked by ``naming``; ``edit`` changes the file with tomlkit, keeping its formatting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


from ..errors import GenError
from .naming import derive

__all__ = ["CLIENTS_KEYS", "ClientConfig", "PackageMeta", "derived", "derived_changes"]

CLIENTS_KEYS = ("tool", "sdksmith", "clients")


@dataclass(frozen=True, slots=True)
class PackageMeta:
    """What the generated package's metadata says beyond its names: all optional, nothing invented."""

    description: str = ""
    license: str = ""  # an SPDX expression, "" for none declared
    license_text: str = ""  # the text of ``license_file``, shipped as LICENSE; "" for no license file
    authors: tuple[tuple[str, str], ...] = ()  # (name, email), either may be ""
    urls: tuple[tuple[str, str], ...] = ()  # (label, URL)
    keywords: tuple[str, ...] = ()
    classifiers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClientConfig:
    name: str
    spec: Path
    dist_name: str
    import_name: str
    client_class: str
    version: str
    out: Path
    package: PackageMeta = field(default_factory=PackageMeta)
    env_prefix: str = ""  # "" means the client name upper-cased (``env``)
    python_requires: str = ">=3.10"
    allow_refs_outside: bool = False

    @property
    def env(self) -> str:
        """The prefix of the environment variables the client reads (``<PREFIX>_API_KEY``, ``_BASE_URL``)."""
        return self.env_prefix or self.name.upper()


def derived(spec: Path, out: Path, name: str | None, *, allow_refs_outside: bool = False) -> ClientConfig:
    """Config for ``sdksmith generate SPEC --out DIR [--name NAME]``: every name follows from NAME (default: the
    spec file's stem), made safe (``naming.derive``)."""
    names = derive(name or spec.stem)
    return ClientConfig(
        name=names.key,
        spec=spec,
        dist_name=names.dist_name,
        import_name=names.import_name,
        client_class=names.client_class,
        version="0.1.0",
        out=out,
        allow_refs_outside=allow_refs_outside,
    )


def derived_changes(spec: Path, name: str | None) -> list[GenError]:
    """Warnings for the names ``derived`` had to change to make them safe."""
    return [GenError(str(spec), "", f"name: {c}", level="warning") for c in derive(name or spec.stem).changes]
