"""Stage 2, mistakes in operations that real specs make, read as their one obvious intent (each a located warning;
``--strict`` makes it an error). Shown by small specs in tests/spec/test_mend.py; found in Intercom's and Square's
published specs.

* A ``{placeholder}`` in a path declared as a parameter in another place (``in: query``): the path needs it, so it
  is read as the path parameter. Not declared at all: read as a required string path parameter.
* An operationId an earlier operation has: the later one is read without it (named from its method and path).
* A response key that is a status code and its reason (``204 NO_CONTENT``): read as the code.
* A security requirement whose scopes are ``null`` instead of a list: read as ``[]`` (no scopes). One naming a
  scheme that nothing declares cannot be met: that alternative is left out (none left: the operation is open).

A path item given by ``$ref`` is left alone (its operations are shared); the checks that follow report it.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import GenError
from .. import pointer as jp
from .document import follow
from .draft import Draft
from .grammar import HTTP_METHODS
from .locate import Locator

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# keys that describe how a query, header or cookie parameter is written and mean nothing (or are invalid) in a path
_NOT_IN_PATH = ("style", "explode", "allowEmptyValue", "allowReserved")


def mend_operations(data: dict[str, Any], draft: Draft, locator: Locator) -> list[GenError]:
    problems = _security(data, "/security", data.get("security"), draft, locator)
    paths = data.get("paths")
    ids: dict[str, str] = {}
    for path, item in paths.items() if isinstance(paths, dict) else ():
        if not isinstance(item, dict) or "$ref" in item:
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                where = jp.join("/paths", path, method)
                problems += _security(data, jp.join(where, "security"), op.get("security"), draft, locator)
                problems += _placeholders(data, path, where, item, op, draft, locator)
                problems += _duplicate_id(where, op, ids, draft, locator)
                problems += _status_keys(where, op, draft, locator)
    return problems


_STATUS_WITH_REASON = re.compile(r"^([1-5][0-9][0-9])[ _:-]+[A-Za-z][A-Za-z _-]*$")


def _status_keys(where: str, op: dict[str, Any], draft: Draft, locator: Locator) -> list[GenError]:
    """A response key that is a status code and its reason (``204 NO_CONTENT``: springdoc writing Java's
    ``HttpStatus``, in Halo) is read as the code, unless the code is a key of its own."""
    responses = op.get("responses")
    problems: list[GenError] = []
    for key in list(responses) if isinstance(responses, dict) else []:
        match = _STATUS_WITH_REASON.match(str(key))
        if match and match.group(1) not in responses:
            at = jp.join(where, "responses")
            draft.rename(at, key, match.group(1))
            message = f"response key {key!r} is a status code with its reason: read as {match.group(1)!r} (write the code alone)"
            problems.append(locator.warning(jp.join(at, key), message))
    return problems


def _duplicate_id(where: str, op: dict[str, Any], ids: dict[str, str], draft: Draft, locator: Locator) -> list[GenError]:
    """An operationId an earlier operation has (Svix: its GET and HEAD of ``/api/v1/health``): read without it, so
    this operation is named from its method and path; the first in the document keeps it."""
    op_id = op.get("operationId")
    if not isinstance(op_id, str):
        return []
    if op_id not in ids:
        ids[op_id] = where
        return []
    at = jp.join(where, "operationId")
    draft.delete(at)
    message = (
        f"duplicate operationId {op_id!r} (also at {ids[op_id]}): read without it here, so this operation is named "
        "from its method and path (give each operation its own operationId)"
    )
    return [locator.warning(at, message)]


def _security(data: dict[str, Any], pointer: str, requirements: Any, draft: Draft, locator: Locator) -> list[GenError]:
    problems: list[GenError] = []
    schemes = (data.get("components") or {}).get("securitySchemes")
    declared = set(schemes) if isinstance(schemes, dict) else set()
    kept: list[Any] = []
    listed = requirements if isinstance(requirements, list) else []
    # An operation none of whose alternatives can be met, in a document that asks for security (Dokploy: 597
    # operations name an undeclared ``Authorization``): read with the document's security, not as open.
    usable = [r for r in listed if isinstance(r, dict) and all(n in declared for n in r)]
    inherit = pointer != "/security" and bool(listed) and not usable and bool(data.get("security"))
    effect = "the operation is read with the document's security" if inherit else "this alternative cannot be met and is ignored"
    for index, requirement in enumerate(listed):
        unknown = [n for n in requirement if n not in declared] if isinstance(requirement, dict) else []
        for name, scopes in requirement.items() if isinstance(requirement, dict) else ():
            at = jp.join(pointer, str(index), name)
            if name in unknown:
                problems.append(
                    locator.warning(
                        at,
                        f"security requirement names {name!r}, which no security scheme declares: {effect} "
                        "(declare it under #/components/securitySchemes)",
                    )
                )
            elif scopes is None:
                problems.append(locator.warning(at, f"the scopes of {name!r} must be a list, found null: read as [] (write `{name}: []`)"))
                draft.set(at, [])
        if not unknown:
            kept.append(draft.get(jp.join(pointer, str(index))))
    if inherit:
        draft.delete(pointer)
    elif isinstance(requirements, list) and len(kept) != len(requirements):
        draft.set(pointer, kept)
    return problems


def _entries(data: dict[str, Any], pointer: str, holder: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(pointer of the entry as written, the parameter it names) for each readable entry of ``parameters``."""
    found = []
    raw = holder.get("parameters")
    for index, entry in enumerate(raw if isinstance(raw, list) else ()):
        try:
            param, _ = follow(data, entry, "")
        except KeyError:
            continue  # a dangling reference: reported where it is written
        if isinstance(param, dict) and isinstance(param.get("name"), str):
            found.append((jp.join(pointer, "parameters", str(index)), param))
    return found


def _placeholders(
    data: dict[str, Any], path: str, where: str, item: dict[str, Any], op: dict[str, Any], draft: Draft, locator: Locator
) -> list[GenError]:
    problems: list[GenError] = []
    # the operation's own entries win over the path item's, as they do when parameters are merged
    entries = _entries(data, where, op) + _entries(data, jp.join("/paths", path), item)
    for name in dict.fromkeys(_PLACEHOLDER.findall(path)):
        named = [(at, p) for at, p in entries if p["name"] == name]
        if any(p.get("in") == "path" for _, p in named):
            continue
        if named:
            at, param = named[0]
            fixed = {k: v for k, v in param.items() if k not in _NOT_IN_PATH} | {"in": "path", "required": True}
            problems.append(
                locator.warning(
                    jp.join(at, "in") if "$ref" not in draft.get(at) else at,
                    f"path parameter {name!r} is declared in: {param.get('in')}, not in: path: read as the path "
                    "parameter (write `in: path`)",
                )
            )
            draft.set(at, fixed)
        else:
            problems.append(
                locator.warning(
                    where,
                    f"path parameter {name!r} is not declared: read as a required string (declare it in `parameters` "
                    "with `in: path`)",
                )
            )
            current = draft.get(where).get("parameters")
            added = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            draft.set(jp.join(where, "parameters"), [*(current if isinstance(current, list) else []), added])
    return problems
