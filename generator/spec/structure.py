"""Stage 2, the structure: is the document shaped as OpenAPI 3.0/3.1 says? Asked of openapi-pydantic, answered in
OpenAPI's words.

pydantic reports a problem per union branch and in its own terms ("List should have at least 1 item after
validation"); here each real problem becomes one located message naming the field and what it must be. A problem
inside a schema does not stop generation: that one schema is loosened to an untyped value (``{}``) in the draft with
a located warning, so that only what uses it loses its type (``--strict`` makes it an error). Anything else is an
error. ``enum: []`` is legal JSON Schema that openapi-pydantic refuses; it is reported by ``normalize`` and not here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import cache
from ..errors import GenError
from .. import pointer as jp
from .draft import Draft
from .grammar import HTTP_METHODS, kind_at
from .locate import Locator
from .normalize import jp_get, under, untyped

if TYPE_CHECKING:
    import pydantic

_PASSES = 3  # loosening the schemas a pass found reveals nothing new in practice; bounded all the same
_SPELLED = {"3.0": "3.0.3", "3.1": "3.1.0"}
_KINDS = {
    "string_type": "a string",
    "string_sub_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "url_type": "a URL",
    "url_parsing": "a URL",
}


def check_structure(draft: Draft, version: str, locator: Locator) -> list[GenError]:
    """Every structural problem of ``draft.data``, located; schemas at fault are loosened in ``draft``."""
    problems: list[GenError] = []
    loosened: set[str] = set()
    for _ in range(_PASSES):
        found = _problems(draft.data, version)
        if not found:
            break
        schemas: dict[str, list[tuple[str, str]]] = {}
        for pointer, message in found:
            schema = _innermost_schema(pointer)
            if schema is None or schema in loosened:
                problems.append(locator.error(pointer, message))
            else:
                schemas.setdefault(schema, []).append((pointer, message))
        if not schemas:
            break
        for schema in sorted(schemas, key=lambda p: (len(jp.split(p)), p)):
            for pointer, message in schemas[schema]:
                where = "this schema is" if pointer == schema else "the schema holding it is"
                problems.append(locator.warning(pointer, f"{message}; {where} read as any JSON value (untyped)"))
            if not under(schema, loosened):  # else it went with the schema around it
                draft.set(schema, untyped(jp_get(draft.data, schema)))
                loosened.add(schema)
    return problems


def _problems(data: dict[str, Any], version: str) -> list[tuple[str, str]]:
    """(pointer, message) per real problem, deepest first among related ones; [] when openapi-pydantic accepts.
    An acceptance is cached by (the libraries' versions, the document): importing openapi-pydantic is a good part
    of a small spec's run. Problems are not cached; they are worded from the live error."""
    document = {**_view(data), "openapi": _SPELLED[version]}  # the version itself is checked (and worded) by validate
    with cache.Store("accepted") as store:
        key = _acceptance_key(document) if store.enabled else ""
        if key and store.get([key]):
            return []
        found = _validated(document, data, version)
        if key and not found:
            store.put({key: "accepted"})
    return found


def _acceptance_key(document: dict[str, Any]) -> str:
    """``repr``, not JSON: it keeps ``200`` and ``"200"`` apart, and a document loaded twice reads the same."""
    return cache.digest("openapi-pydantic", cache.version("openapi-pydantic"), cache.version("pydantic"), repr(document))


def _validated(document: dict[str, Any], data: dict[str, Any], version: str) -> list[tuple[str, str]]:
    import pydantic
    from openapi_pydantic.v3.v3_0 import OpenAPI as OpenAPI30
    from openapi_pydantic.v3.v3_1 import OpenAPI as OpenAPI31

    model = OpenAPI30 if version == "3.0" else OpenAPI31
    try:
        model.model_validate(document)
    except pydantic.ValidationError as exc:
        return _worded(exc, data)
    except (TypeError, ValueError, RecursionError) as exc:
        return [("", f"not a valid OpenAPI document: {exc}")]
    return []


def _view(data: dict[str, Any]) -> dict[str, Any]:
    """The document as openapi-pydantic can read it: its 3.0 models take a callback given as ``$ref`` for a callback
    whose expression is ``$ref`` (valid OpenAPI; the reference itself is checked by ``normalize``)."""
    view = Draft(data)
    components = data.get("components")
    holders: list[tuple[str, Any]] = [("/components/callbacks", components.get("callbacks") if isinstance(components, dict) else None)]
    paths = data.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        for method in HTTP_METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict):
                holders.append((jp.join("/paths", path, method, "callbacks"), op.get("callbacks")))
    for where, callbacks in holders:
        for name, callback in callbacks.items() if isinstance(callbacks, dict) else ():
            if isinstance(callback, dict) and "$ref" in callback:
                view.set(jp.join(where, name), {})
    return view.data


def _worded(exc: pydantic.ValidationError, data: Any) -> list[tuple[str, str]]:
    """One message per pointer: union branches report the same spot many times; a parent that failed only because a
    child did adds nothing; the branch that says "this should be a ``$ref``" speaks only when nothing else does."""
    by_pointer: dict[str, tuple[bool, str]] = {}
    tolerated: list[str] = []
    for err in exc.errors():
        pointer, node, parent, reference_branch = "", data, None, False
        for part in err["loc"]:
            if isinstance(node, dict) and str(part) in node:
                parent, node = node, node[str(part)]
                pointer = jp.join(pointer, part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                parent, node = node, node[part]
                pointer = jp.join(pointer, part)
            elif part == "Reference":
                reference_branch = True  # anything else names a pydantic branch ("Schema", "list[str]") or a missing key
        if err["type"] == "too_short" and pointer.endswith("/enum") and node == []:
            tolerated.append(pointer)  # legal JSON Schema; reported by normalize
            continue
        message = _message(err, pointer)
        known = by_pointer.get(pointer)
        if known is None or known[0] and not reference_branch:
            by_pointer[pointer] = (reference_branch, message)
    # A branch that asks for a ``$ref`` speaks alone only when the other failed for what is tolerated.
    pointers = sorted(p for p, (ref, _m) in by_pointer.items() if not (ref and any(t.startswith(p + "/") for t in tolerated)))
    kept = [p for p in pointers if not any(q.startswith(p + "/") for q in pointers)]
    return [(p, by_pointer[p][1]) for p in kept]


def _message(err: Any, pointer: str) -> str:
    """pydantic's error as OpenAPI words: the field, what it must be, what was found."""
    kind = err["type"]
    loc = err["loc"]
    parts = jp.split(pointer)
    field = parts[-1] if parts else "the document"
    found = _show(err.get("input"))
    if kind == "missing":
        return f"`{loc[-1]}` is required here"
    if kind in _KINDS:
        return f"`{field}` must be {_KINDS[kind]}, found {found}"
    if kind in ("literal_error", "enum"):
        expected = (err.get("ctx") or {}).get("expected", "")
        return f"`{field}` must be one of {expected}, found {found}"
    if kind == "too_short":
        return f"`{field}` must not be empty"
    if kind == "extra_forbidden":
        return f"`{field}` is not a field here"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return f"`{field}`: {err['msg']}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _innermost_schema(pointer: str) -> str | None:
    """The deepest schema position at or above ``pointer``, or None when it is not inside a schema."""
    parts = jp.split(pointer)
    for end in range(len(parts), 0, -1):
        candidate = jp.join("", *parts[:end])
        if kind_at(candidate) == "schema":
            return candidate
    return None
