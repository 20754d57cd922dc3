"""The ``.sdksmith.json`` provenance file: what generated the package, from what, and which files it wrote."""

from __future__ import annotations

import json

from .. import ir


def provenance(api: ir.Api, operations: list[dict[str, object]], files: list[str]) -> str:
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
        "media_types_left_out": [{"location": loc, "reason": reason} for loc, reason in api.media_left_out],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def operations_index(api: ir.Api) -> list[dict[str, object]]:
    """One entry per operation: its Python call path, and (``variants``) the methods that send its body in
    another encoding."""
    out = []
    for resource in api.resources:
        variants: dict[str, list[str]] = {}
        for method in resource.methods:
            if method.variant_of:
                variants.setdefault(method.variant_of, []).append(f"{resource.attr}.{method.name}")
        for method in resource.methods:
            if method.variant_of:
                continue
            entry: dict[str, object] = {
                "operationId": method.operation_id,
                "method": method.http_method,
                "path": method.path,
                "python": f"{resource.attr}.{method.name}",
            }
            if method.name in variants:
                entry["variants"] = sorted(variants[method.name])
            out.append(entry)
    return sorted(out, key=lambda o: (str(o["path"]), str(o["method"])))
