"""Security: the client's credential, and which operations need it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..spec.document import deref, iter_operations
from ..text import clean_text
from .context import BuildContext


def secured(ctx: BuildContext, op: dict[str, Any]) -> bool:
    requirements = op.get("security", ctx.data.get("security"))
    if not requirements:
        return False
    # An empty requirement object means "no credential" is one of the accepted options.
    return all(bool(r) for r in requirements)


def without_credential(ctx: BuildContext, resources: tuple[ir.Resource, ...]) -> tuple[ir.Resource, ...]:
    """``resources`` as a client with no credential can call them: when operations require security but no scheme
    is one sdksmith can send (mutualTLS, say), each is sent without one (a caller can still add headers) instead of
    refusing every call for a credential that could never be given; said once, as a located warning."""
    secured = [m for r in resources for m in r.methods if m.secured]
    if not secured:
        return resources
    where = "/components/securitySchemes" if (ctx.data.get("components") or {}).get("securitySchemes") else ""
    ctx.warnings.append(
        ctx.locator.warning(
            where,
            f"{len(secured)} operation(s) require security, but no security scheme here is one a client can send "
            "(apiKey, http basic or bearer, oauth2, openIdConnect): they are sent without a credential",
        )
    )
    return tuple(replace(r, methods=tuple(replace(m, secured=False) for m in r.methods)) for r in resources)


def credential(ctx: BuildContext) -> ir.Credential | None:
    """The first usable security scheme, in the order the document asks for them (then by name)."""
    schemes = (ctx.data.get("components") or {}).get("securitySchemes") or {}
    used: list[str] = []
    for requirement in ctx.data.get("security") or []:
        used.extend(requirement)
    for _path, _method, _item, op in iter_operations(ctx.data):
        for requirement in op.get("security") or []:
            used.extend(requirement)
    for name in used + sorted(schemes):
        scheme = deref(ctx.data, schemes.get(name))
        if not isinstance(scheme, dict):
            continue
        env = scheme.get("x-sdksmith-env") or f"{ctx.config.env}_API_KEY"
        kind = scheme.get("type")
        description = clean_text(scheme.get("description", ""))
        if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
            return ir.Credential(scheme["in"], scheme.get("name", "Authorization"), "raw", env, description)
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            return ir.Credential("header", "Authorization", "basic", env, description)
        if kind in ("http", "oauth2", "openIdConnect"):
            return ir.Credential("header", "Authorization", "bearer", env, description)
    return None
