"""The generator, stage by stage: load -> validate -> build IR -> render -> format -> (write)."""

from __future__ import annotations

from .build import build
from .config import ClientConfig
from .fmt import format_files
from .load import load
from .render import RUNTIME_FILES, operations_index, provenance, render
from .validate import validate
from .versioning import CHANGELOG, changelog_for, copy_text, spec_copy
from .write import MANIFEST


def produce(config: ClientConfig, *, skip_unsupported: bool = False, changelog: str | None = None) -> dict[str, str]:
    """Every file of one client package, in memory, exactly as it should be on disk.

    Two files serve the next regeneration. ``.sdksmith/spec.yaml`` (``.json`` for JSON) is the spec itself, bundled
    if it references other files: the base the next spec is compared with. ``CHANGELOG.md`` is history, carried
    over from the output folder as it is (or started), unless a version bump passes the new text in ``changelog``.
    """
    source = load(config.spec)
    spec = validate(source)
    api = build(spec, config, skip_unsupported=skip_unsupported)
    files = render(api)
    runtime = frozenset(f"src/{api.import_name}/_runtime/{name}" for name in RUNTIME_FILES)
    files = format_files(files, skip=runtime)
    copy = copy_text(source)
    files[spec_copy(copy)] = copy
    files[CHANGELOG] = changelog if changelog is not None else changelog_for(config.out, config.version)
    # The provenance file also lists every file of this generation: what the next one may replace or remove.
    files[MANIFEST] = provenance(api, operations_index(api), sorted([*files, MANIFEST]))
    return dict(sorted(files.items()))
