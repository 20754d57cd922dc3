"""What the generated package's own test suite checks: one row per operation, decided here, declared by
``templates/package/test_operations.py.j2``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import ir


@dataclass(frozen=True, slots=True)
class OperationCase:
    """One operation, called through its resource with every required parameter: the request it must send."""

    id: str  # "tokens.list"
    resource: str
    method: ir.Method
    path_pattern: str  # a regular expression the request's URL path must match in full


def cases(api: ir.Api) -> tuple[OperationCase, ...]:
    out = []
    for resource in api.resources:
        for method in resource.methods:
            parts = re.split(r"(\{[^{}]+\})", method.path)
            pattern = "".join("[^/]+" if p.startswith("{") and p.endswith("}") else re.escape(p) for p in parts)
            out.append(OperationCase(f"{resource.attr}.{method.name}", resource.attr, method, pattern))
    return tuple(out)
