"""Stage 5: black, in-process, on every Python file; other files pass through."""

from __future__ import annotations

import black

_MODE = black.Mode(line_length=120, target_versions={black.TargetVersion.PY310})


def format_files(files: dict[str, str], *, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Formatted copies; ``skip`` names files already formatted (the verbatim runtime)."""
    out: dict[str, str] = {}
    for path, text in files.items():
        if path.endswith(".py") and path not in skip:
            out[path] = black.format_str(text, mode=_MODE)
        else:
            out[path] = text
    return out
