"""The generator, stage by stage: load -> validate -> build IR -> render -> format -> (write)."""

from __future__ import annotations

from .build import build
from .config import ClientConfig
from .fmt import format_files
from .load import load
from .render import RUNTIME_FILES, operations_index, provenance, render
from .validate import validate


def produce(config: ClientConfig, *, skip_unsupported: bool = False) -> dict[str, str]:
    """Every file of one client package, in memory, exactly as it should be on disk."""
    source = load(config.spec)
    spec = validate(source)
    api = build(spec, config, skip_unsupported=skip_unsupported)
    files = render(api)
    runtime = frozenset(f"src/{api.import_name}/_runtime/{name}" for name in RUNTIME_FILES)
    files = format_files(files, skip=runtime)
    files[".sdksmith.json"] = provenance(api, operations_index(api))
    return dict(sorted(files.items()))
