"""Stage 2, what openapi-pydantic cannot see: operations and the names the client puts on the wire.

* Operations: an ``operationId`` used twice, a ``{placeholder}`` in a path that no path parameter declares, a
  response key that is not a status code.
* Header and cookie names must be HTTP tokens (RFC 9110): a name holding CR/LF, a space or a colon can never be
  sent. For an apiKey security scheme that is an error (every call would fail at run time); for a parameter, a
  warning (only a call that passes it fails).

Each reads the corrected draft and tolerates any shape (a wrong shape is the structure check's to report).
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import GenError
from .. import pointer as jp
from .document import iter_operations, merged_parameters
from .grammar import walk
from .locate import Locator

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_STATUS = re.compile(r"^([1-5][0-9][0-9]|[1-5][Xx][Xx]|default)$")
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


def operations(data: dict[str, Any], locator: Locator) -> list[GenError]:
    errors: list[GenError] = []
    seen: dict[str, str] = {}
    for path, method, item, op in iter_operations(data):
        where = jp.join("/paths", path, method)
        op_id = op.get("operationId")
        if isinstance(op_id, str):
            if op_id in seen:
                errors.append(locator.error(jp.join(where, "operationId"), f"duplicate operationId {op_id!r} (also at {seen[op_id]})"))
            else:
                seen[op_id] = where
        params = merged_parameters(data, item, op)
        declared = {p["name"] for p in params if p["in"] == "path"}
        for name in _PLACEHOLDER.findall(path):
            if name not in declared:
                elsewhere = sorted(p["in"] for p in params if p["name"] == name)
                message = (
                    f"path parameter {name!r} is declared in: {', '.join(elsewhere)}, not in: path"
                    if elsewhere
                    else f"path parameter {name!r} is not declared"
                )
                errors.append(locator.error(where, message))
        responses = op.get("responses")
        for code in responses if isinstance(responses, dict) else ():
            if not _STATUS.match(code) and not code.startswith("x-"):
                errors.append(
                    locator.error(
                        jp.join(where, "responses", code),
                        f"response key {code!r} is not an HTTP status code, 1XX..5XX or 'default'",
                    )
                )
    return errors


# OpenAPI 3: a header parameter with one of these names "SHALL be ignored" (media types and security say them).
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def wire_names(data: dict[str, Any], locator: Locator) -> list[GenError]:
    """Header and cookie names the client sends must be HTTP tokens; header parameters OpenAPI says to ignore are
    ignored with a warning."""
    errors: list[GenError] = []
    for pointer, kind, node in walk(data):
        if not isinstance(node, dict) or "$ref" in node:
            continue
        if kind == "securityScheme" and node.get("type") == "apiKey":
            place = node.get("in")
        elif kind == "parameter":
            place = node.get("in")
        else:
            continue
        name = node.get("name")
        if kind == "parameter" and place == "header" and isinstance(name, str) and name.lower() in IGNORED_HEADERS:
            errors.append(
                locator.warning(
                    jp.join(pointer, "name"),
                    f"header parameter {name!r} is ignored, as OpenAPI says: the client sets {name} itself (from the "
                    "media types and the security scheme); describe it there, or remove the parameter",
                )
            )
            continue
        if place in ("header", "cookie") and isinstance(name, str) and not _TOKEN.match(name):
            message = (
                f"{place} name {name!r} is not an HTTP token: it may hold only letters, digits and "
                "!#$%&'*+-.^_`|~ (no spaces, colons or line breaks)"
            )
            if kind == "securityScheme":
                errors.append(locator.error(jp.join(pointer, "name"), f"{message}; no client can send this credential"))
            else:
                errors.append(locator.warning(jp.join(pointer, "name"), f"{message}; a call that passes it fails"))
    return errors
