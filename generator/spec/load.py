"""Stage 1: a spec file and every file its ``$ref``s name, as one document (a ``Source``)."""

from __future__ import annotations

import re
from pathlib import Path

from .bundle import bundle
from .document import is_file_ref, iter_refs
from .read import read_file
from .source import Source

# Cheap test first: only a "$ref" whose value does not start with "#" can name another file.
_MAYBE_FILE_REF = re.compile(r"""\$ref['"]?\s*:\s*['"]?[^#'"\s]""")


def load(path: Path, *, allow_outside: bool = False) -> Source:
    """Read and parse ``path``, following its relative file ``$ref``s; raise GenerationFailed with located errors
    for anything unusable. Referenced files must lie in the spec's folder tree unless ``allow_outside``."""
    source = read_file(path)
    if not _MAYBE_FILE_REF.search(source.text) or not any(is_file_ref(r) for _w, r in iter_refs(source.data)):
        return source
    return bundle(source, allow_outside=allow_outside)
