"""A version of an API as its client's users see it: methods, parameters, return types, models and fields.

Built from the generator's IR (so names are compared as the generator emits them) plus the document it came from
(which schemas are sent and which received).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .. import ir
from ..build.registry import ModelRegistry
from ..spec.document import iter_operations, iter_refs, resolve_pointer


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    wire: str
    location: str
    annotation: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class Method:
    path: str  # "tokens.list"
    resource: str
    operation_id: str
    http: str  # "GET /tokens/{token_id}"
    params: dict[str, Param]
    returns: str
    variants: dict[str, tuple[str, str]]  # kind ("pages", "stream") -> (python path, return annotation)
    summary: str
    description: str
    deprecated: bool
    secured: bool
    raw_method: str  # "get"
    raw_path: str  # "/tokens/{token_id}"


@dataclass(frozen=True, slots=True)
class Field:
    attr: str  # Python attribute
    wire: str
    annotation: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    fields: dict[str, Field]  # by wire name
    description: str
    refs: frozenset[str]  # model classes it names (fields and bases)


@dataclass
class Surface:
    """One version, as users of its generated client see it (plus the document it came from)."""

    label: str
    data: dict[str, Any]
    api: ir.Api
    methods: dict[str, Method] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    directions: dict[str, frozenset[str]] = field(default_factory=dict)  # model -> {"request", "response"}
    flattened: frozenset[str] = frozenset()  # models only used as a flattened request body


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _norm(annotation: str) -> str:
    """Signatures (``models.X``, ``datetime.date``) and models (``X``, ``_datetime.date``) spelled alike."""
    annotation = re.sub(r"\bmodels\.", "", annotation)
    return re.sub(r"\b_?datetime\.(datetime|date)\b", r"\1", annotation)


def surface(api: ir.Api, data: dict[str, Any], label: str) -> Surface:
    result = Surface(label=label, data=data, api=api)
    for resource in api.resources:
        for m in resource.methods:
            path = f"{resource.attr}.{m.name}"
            variants: dict[str, tuple[str, str]] = {}
            returns = m.result_type
            if m.pagination is not None:
                returns = f"SyncPage[{m.pagination.item_type}]"
                variants["pages"] = (f"{resource.attr}.{m.pagination.all_name}", f"Iterator[{m.pagination.item_type}]")
            if m.stream is not None:
                variants["stream"] = (f"{resource.attr}.{m.stream.name}", f"Stream[{m.stream.item_type}]")
            result.methods[path] = Method(
                path=path,
                resource=resource.attr,
                operation_id=m.operation_id,
                http=f"{m.http_method} {m.path}",
                params={p.name: Param(p.name, p.wire, p.location, _norm(p.annotation), p.required, p.description) for p in m.params},
                returns=_norm(returns),
                variants={k: (v[0], _norm(v[1])) for k, v in variants.items()},
                summary=m.summary,
                description=m.description,
                deprecated=m.deprecated,
                secured=m.secured,
                raw_method=m.http_method.lower(),
                raw_path=m.path,
            )
    result.models = _models(api.models)
    result.directions, result.flattened = _directions(result)
    return result


def _models(classes: tuple[ir.ModelClass, ...]) -> dict[str, Model]:
    """The models users see: every field by wire name, inherited ones included; an alias as its ``root`` type."""
    models: dict[str, Model] = {}
    for model in classes:
        if model.kind == "alias":
            fields = {"root": Field("root", "root", _norm(model.alias), True, "")}
        else:
            fields = {f.wire: Field(f.name, f.wire, _norm(f.annotation), f.required, f.description) for f in (*model.inherited, *model.fields)}
        models[model.name] = Model(model.name, fields, model.description, frozenset(model.uses) | frozenset(model.bases))
    return models


def _closure(roots: Iterable[str], models: dict[str, Model]) -> set[str]:
    seen: set[str] = set()
    stack = [r for r in roots if r in models]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(r for r in models[name].refs if r not in seen)
    return seen


def _names_in(annotation: str) -> set[str]:
    return set(_IDENT.findall(annotation))


def _directions(s: Surface) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """Which models are sent (request), which received (response): from the signatures and from the spec."""
    sent: set[str] = set()
    received: set[str] = set()
    for m in s.methods.values():
        for p in m.params.values():
            sent |= _names_in(p.annotation)
        received |= _names_in(m.returns)
        for _path, returns in m.variants.values():
            received |= _names_in(returns)
    for resource in s.api.resources:
        for method in resource.methods:
            for error in method.errors:
                received |= _names_in(_norm(error.type_expr))
    in_signatures_sent = _closure(sent, s.models)
    in_signatures = in_signatures_sent | _closure(received, s.models)
    sent_all = set(in_signatures_sent)
    received_all = _closure(received, s.models)
    spec_sent, spec_received = _spec_directions(s.data)
    sent_all |= _closure(spec_sent, s.models)
    received_all |= _closure(spec_received, s.models)
    directions: dict[str, frozenset[str]] = {}
    for name in s.models:
        d = frozenset(({"request"} if name in sent_all else set()) | ({"response"} if name in received_all else set()))
        directions[name] = d or frozenset({"response"})  # unused models (webhook payloads...) are received
    flattened = frozenset(n for n in s.models if directions[n] == {"request"} and n not in in_signatures)
    return directions, flattened


def _spec_directions(data: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Model class names of the component schemas reachable from requests and from responses."""
    try:
        names = ModelRegistry(data).component_names
    except Exception:  # the builder already accepted this document; be lenient about anything odd here
        return set(), set()
    prefix = "#/components/schemas/"

    def reach(roots: list[Any]) -> set[str]:
        found: set[str] = set()
        seen: set[str] = set()
        stack = list(roots)
        while stack:
            node = stack.pop()
            for _where, ref in iter_refs(node):
                if ref in seen or not ref.startswith("#"):
                    continue
                seen.add(ref)
                if ref.startswith(prefix):
                    key = ref[len(prefix) :].split("/")[0].replace("~1", "/").replace("~0", "~")
                    if key in names:
                        found.add(names[key])
                try:
                    stack.append(resolve_pointer(data, ref))
                except KeyError:
                    pass
        return found

    request_roots: list[Any] = []
    response_roots: list[Any] = []
    for _path, _method, item, op in iter_operations(data):
        request_roots += [item.get("parameters") or [], op.get("parameters") or [], op.get("requestBody") or {}]
        response_roots.append(op.get("responses") or {})
        response_roots.append(op.get("callbacks") or {})
    response_roots.append(data.get("webhooks") or {})
    return reach(request_roots), reach(response_roots)
