"""Media types as both the spec reading (``spec``) and the build (``build``) compare them: a shared leaf."""

from __future__ import annotations

import re

# application/json, a +json type (Swashbuckle lists ``application/*+json``), and the legacy ``text/json``
_JSON = re.compile(r"^(application/((\*|[a-z0-9.+-]*)\+)?json|text/json)$")


def essence(media: str) -> str:
    """A media type without its parameters, lower-case (``Text/Event-Stream; charset=utf-8`` -> ``text/event-stream``)."""
    return media.split(";")[0].strip().lower()


def is_json(media: str) -> bool:
    return bool(_JSON.match(essence(media)))
