"""The generator, stage by stage: load -> validate -> build IR -> render -> format. Pure: it reads the spec files
and nothing else; what a generation carries over from its output folder (the changelog) comes in as an argument.
``output.write`` puts the result on disk."""

from __future__ import annotations

from dataclasses import dataclass

from . import ir
from .build import build
from .config import ClientConfig
from .errors import GenError
from .output.records import CHANGELOG, copy_text, released_copy, spec_copy
from .output.write import MANIFEST
from .render.format import format_files
from .render.package import render
from .client_runtime import RUNTIME_FILES
from .render.provenance import operations_index, provenance
from .spec.load import load
from .spec.source import Source
from .spec.validate import Spec, validate


@dataclass(frozen=True, slots=True)
class Built:
    """One client's spec loaded, validated and built: what ``package`` renders (``generate`` also compares it with
    the last release, so it is built once for both)."""

    source: Source
    spec: Spec
    api: ir.Api


def build_client(config: ClientConfig, *, skip_unsupported: bool = False, strict: bool = False) -> Built:
    source = load(config.spec, allow_outside=config.allow_refs_outside)
    spec = validate(source, strict=strict)
    return Built(source, spec, build(spec, config, skip_unsupported=skip_unsupported, strict=strict))


@dataclass(frozen=True, slots=True)
class Generation:
    """One client package in memory: every file exactly as it should be on disk, and the warnings on the way."""

    files: dict[str, str]
    warnings: tuple[GenError, ...]


def produce(
    config: ClientConfig,
    *,
    changelog: str,
    released: str | None = None,
    skip_unsupported: bool = False,
    strict: bool = False,
) -> Generation:
    """Every file of one client package, in memory, exactly as it should be on disk: ``package`` of the client
    built with these flags."""
    built = build_client(config, skip_unsupported=skip_unsupported, strict=strict)
    return package(config, built, changelog=changelog, released=released)


def package(config: ClientConfig, built: Built, *, changelog: str, released: str | None = None) -> Generation:
    """Every file of one client package, from the client as built.

    Two files serve the next regeneration. ``.sdksmith/spec.yaml`` (``.json`` for JSON) is the spec itself, bundled
    if it references other files: the base the next spec is compared with. ``CHANGELOG.md`` is history: the caller
    passes the text (the one on disk, a new one, or one with a new entry). ``released`` is the spec of the last
    release while there are unreleased changes (``.sdksmith/released.yaml``), passed in the same way.
    """
    source, spec, api = built.source, built.spec, built.api
    files = render(api, config.package)
    runtime = frozenset(f"src/{api.import_name}/_runtime/{name}" for name in RUNTIME_FILES)
    files = format_files(files, skip=runtime)
    copy = copy_text(source)
    files[spec_copy(copy)] = copy
    files[CHANGELOG] = changelog
    if released is not None:
        files[released_copy(released)] = released
    # The provenance file also lists every file of this generation: what the next one may replace or remove.
    files[MANIFEST] = provenance(api, operations_index(api), sorted([*files, MANIFEST]))
    return Generation(dict(sorted(files.items())), spec.warnings + api.warnings)
