"""The client class: its server URL and server variables."""

from __future__ import annotations

from .. import ir
from ..names import RUNTIME_RESERVED, Namespace, claim_all, snake
from ..text import clean_text
from .context import BuildContext
from .resources import CLIENT_RESERVED

# Names the generated ``_config`` helper and client ``__init__`` use beside server-variable parameters.
_CONFIG_LOCALS = frozenset({"http_client", "default_headers", "secret", "credential", "url", "os", "super", "httpx", "cast"})


def server(ctx: BuildContext) -> tuple[str, tuple[ir.ServerVariable, ...]]:
    """The default base URL (with ``{var}`` placeholders) and its variables, from the first ``servers`` entry."""
    servers = ctx.data.get("servers") or [{"url": "/"}]
    first = servers[0] if isinstance(servers[0], dict) else {"url": "/"}
    declared = first.get("variables") or {}
    names = claim_all(Namespace(RUNTIME_RESERVED | CLIENT_RESERVED | _CONFIG_LOCALS), list(declared), snake)
    variables = tuple(
        ir.ServerVariable(
            name=names[name],
            wire=name,
            default=clean_text(str(var.get("default", ""))),
            description=clean_text(var.get("description", "")),
        )
        for name, var in sorted(declared.items())
    )
    return str(first.get("url", "/")), variables
