"""Names the build gives to what the spec leaves unnamed."""

from __future__ import annotations


def default_operation_id(method: str, path: str) -> str:
    """The operationId an operation without one is known by (in provenance, messages and the API diff)."""
    return f"{method}_{path}"
