"""The ``.sdksmith.json`` provenance file: what generated the package, from what, and which files it wrote."""

from __future__ import annotations

import json

from .. import ir


def provenance(api: ir.Api, operations: list[dict[str, str]], files: list[str]) -> str:
    """The ``.sdksmith.json`` provenance file: deterministic, no timestamps. ``files`` is every file the generation
    writes, itself included: the only files a later generation may replace or remove."""
    document = {
        "files": files,
        "generator": "sdksmith",
        "generator_version": api.generator_version,
        "spec_sha256": api.spec_sha256,
        "distribution": api.dist_name,
        "version": api.version,
        "operations": operations,
        "skipped": [{"location": loc, "reason": reason} for loc, reason in api.skipped],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def operations_index(api: ir.Api) -> list[dict[str, str]]:
    out = []
    for resource in api.resources:
        for method in resource.methods:
            out.append(
                {
                    "operationId": method.operation_id,
                    "method": method.http_method,
                    "path": method.path,
                    "python": f"{resource.attr}.{method.name}",
                }
            )
    return sorted(out, key=lambda o: (o["path"], o["method"]))
