"""``sdksmith diff``: what changed for client users between two versions of an API description.

Both versions go through the generator (load -> validate -> build, with the same client config) and the two IRs
are compared as the Python surface users program against: resources and method names, each method's keyword
parameters (name, annotation, required), return annotations, model classes (parsed from the generated
``models.py``) and their fields, the client's credential and server variables. Because names are compared as the
generator emits them, a rename that comes from the generator's naming (a new tag, an ``x-sdksmith-name``, a
collision suffix) is caught like any other. The spec side of each fact comes along in the IR (operationId, HTTP
method and path, wire names, locations, security) and from the document itself (security schemes, which schemas
are sent and which are received), so "moved", "renamed on the wire" and "auth changed" are judged on the spec.

Every change gets a level:

* **breaking**: an operation, method, parameter, model or field removed or renamed; a parameter or request field
  that became (or was added as) required; a response field that may now be missing; a request type narrowed, a
  response type narrowed or widened; an enum value removed (request or response) or added to a request (or to a
  closed response enum, which older clients would reject); the credential or a security scheme changed; an
  operation's path, method or server moved.
* **feature**: a new operation, method, model, optional parameter or field, or response field; a request type
  widened; a parameter that became optional; a response field now always present; an operation deprecated; a
  value added to an open enum (``Literal[...] | str``, which older clients already accept).
* **fix**: documentation only (summaries, descriptions, examples, titles), or any other change of the document
  that leaves the generated surface as it was.

Type changes are judged on the annotations: union members, ``Literal`` values (enum values), ``int`` within
``float``, containers compared item by item. A model's direction (sent, received, both) follows from where the
spec and the method signatures use it. A model that only exists as a flattened request body (its fields are the
method's keyword parameters) has its field changes reported once, on the parameters.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

from . import ir
from .config import ClientConfig
from .errors import GenError, GenerationFailed

Level = Literal["breaking", "feature", "fix"]
LEVELS: tuple[Level, ...] = ("breaking", "feature", "fix")
_RANK = {"fix": 0, "feature": 1, "breaking": 2}

# Every rule the comparison applies, with its level: the one table to change to reclassify something.
RULES: dict[str, Level] = {
    "operation-removed": "breaking",
    "operation-renamed": "breaking",
    "operation-moved": "breaking",
    "operation-added": "feature",
    "operation-deprecated": "feature",
    "operation-undeprecated": "fix",
    "operation-id-changed": "fix",  # the Python name is pinned, so users see no difference
    "method-removed": "breaking",
    "method-renamed": "breaking",
    "method-added": "feature",
    "parameter-removed": "breaking",
    "parameter-renamed": "breaking",
    "parameter-moved": "breaking",
    "parameter-required": "breaking",
    "parameter-added-required": "breaking",
    "parameter-added": "feature",
    "parameter-optional": "feature",
    "request-field-removed": "breaking",
    "request-field-renamed": "breaking",
    "request-field-required": "breaking",
    "request-field-added-required": "breaking",
    "request-field-added": "feature",
    "request-field-optional": "feature",
    "response-field-removed": "breaking",
    "response-field-renamed": "breaking",
    "response-field-optional": "breaking",
    "response-field-added": "feature",
    "response-field-required": "feature",
    "return-type-changed": "breaking",
    "type-narrowed": "breaking",
    "type-changed": "breaking",
    "type-widened-request": "feature",
    "type-widened-response": "breaking",
    "enum-value-removed": "breaking",
    "enum-value-added-request": "breaking",
    "enum-value-added-response": "breaking",
    "enum-value-added-open": "feature",
    "model-removed": "breaking",
    "model-renamed": "breaking",
    "model-added": "feature",
    "auth-changed": "breaking",
    "operation-auth-changed": "breaking",
    "operation-auth-dropped": "feature",
    "server-moved": "breaking",
    "server-variable-removed": "breaking",
    "server-variable-added": "feature",
    "client-renamed": "breaking",
    "envelope-changed": "breaking",
    "docs-changed": "fix",
    "spec-changed": "fix",
}


@dataclass(frozen=True, slots=True)
class Change:
    level: Level
    rule: str
    subject: str  # what it is about, e.g. "client.tokens.list"
    message: str

    def to_json(self) -> dict[str, str]:
        return {"level": self.level, "rule": self.rule, "subject": self.subject, "message": self.message}


@dataclass(frozen=True, slots=True)
class Report:
    old: str  # labels of the two versions, for people
    new: str
    changes: tuple[Change, ...]
    title: str = ""  # the new version's API title and info.version, for the changelog
    api_version: str = ""

    @property
    def level(self) -> Level | None:
        """The highest level of any change, None when nothing changed for users."""
        if not self.changes:
            return None
        return max((c.level for c in self.changes), key=lambda lv: _RANK[lv])

    @property
    def breaking(self) -> bool:
        return self.level == "breaking"

    def by_level(self, level: Level) -> list[Change]:
        return [c for c in self.changes if c.level == level]

    def counts(self) -> dict[str, int]:
        return {level: len(self.by_level(level)) for level in LEVELS}

    def summary(self) -> str:
        """One line: "2 changes (1 breaking, 1 feature, 0 fixes)" or "no changes for client users"."""
        if not self.changes:
            return "no changes for client users"
        c = self.counts()
        n = len(self.changes)
        return (
            f"{n} change{'s' if n != 1 else ''} ({c['breaking']} breaking, {c['feature']} "
            f"feature{'s' if c['feature'] != 1 else ''}, {c['fix']} fix{'es' if c['fix'] != 1 else ''})"
        )

    def text(self, version: tuple[str, str] | None = None) -> str:
        lines = [f"{self.old} -> {self.new}: {self.summary()}"]
        if version is not None and version[0] != version[1]:
            lines.append(f"version: {version[0]} -> {version[1]}")
        for level in LEVELS:
            for change in self.by_level(level):
                lines.append(f"  {level:<8}  {change.message}")
        return "\n".join(lines) + "\n"

    def to_json(self, version: tuple[str, str] | None = None) -> dict[str, Any]:
        document: dict[str, Any] = {
            "old": self.old,
            "new": self.new,
            "level": self.level,
            "counts": self.counts(),
            "changes": [c.to_json() for c in self.changes],
        }
        if version is not None:
            document["version"] = {"old": version[0], "new": version[1]}
        return document


# -- the surface --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Param:
    name: str
    wire: str
    location: str
    annotation: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class _Method:
    path: str  # "tokens.list"
    resource: str
    operation_id: str
    http: str  # "GET /tokens/{token_id}"
    params: dict[str, _Param]
    returns: str
    variants: dict[str, tuple[str, str]]  # kind ("pages", "stream") -> (python path, return annotation)
    summary: str
    description: str
    deprecated: bool
    secured: bool
    raw_method: str  # "get"
    raw_path: str  # "/tokens/{token_id}"


@dataclass(frozen=True, slots=True)
class _Field:
    attr: str  # Python attribute
    wire: str
    annotation: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class _Model:
    name: str
    fields: dict[str, _Field]  # by wire name
    description: str
    refs: frozenset[str]  # model classes it names (fields and bases)


@dataclass
class Surface:
    """One version, as users of its generated client see it (plus the document it came from)."""

    label: str
    data: dict[str, Any]
    api: ir.Api
    methods: dict[str, _Method] = field(default_factory=dict)
    models: dict[str, _Model] = field(default_factory=dict)
    directions: dict[str, frozenset[str]] = field(default_factory=dict)  # model -> {"request", "response"}
    flattened: frozenset[str] = frozenset()  # models only used as a flattened request body


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _norm(annotation: str) -> str:
    annotation = re.sub(r"\bmodels\.", "", annotation)
    return re.sub(r"\bdatetime\.(datetime|date)\b", r"\1", annotation)


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
            result.methods[path] = _Method(
                path=path,
                resource=resource.attr,
                operation_id=m.operation_id,
                http=f"{m.http_method} {m.path}",
                params={p.name: _Param(p.name, p.wire, p.location, _norm(p.annotation), p.required, p.description) for p in m.params},
                returns=_norm(returns),
                variants={k: (v[0], _norm(v[1])) for k, v in variants.items()},
                summary=m.summary,
                description=m.description,
                deprecated=m.deprecated,
                secured=m.secured,
                raw_method=m.http_method.lower(),
                raw_path=m.path,
            )
    docs = {d.name: d for d in api.models}
    result.models = _parse_models(api.models_code, docs)
    result.directions, result.flattened = _directions(result)
    return result


def _parse_models(code: str, docs: dict[str, ir.ModelDoc]) -> dict[str, _Model]:
    """Model classes of the generated models module: fields by wire name, with inherited ones."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return {}
    own: dict[str, tuple[list[str], dict[str, _Field]]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases: list[str] = []
        fields: dict[str, _Field] = {}
        for base in node.bases:
            if isinstance(base, ast.Name):
                bases.append(base.id)
            elif isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name) and base.value.id == "RootModel":
                fields["root"] = _Field("root", "root", _norm(ast.unparse(base.slice)), True, "")
        doc = docs.get(node.name)
        descriptions = {f.name: f.description for f in doc.fields} if doc else {}
        for stmt in node.body:
            if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                continue
            attr = stmt.target.id
            if attr == "model_config":
                continue
            wire, required = attr, stmt.value is None
            if isinstance(stmt.value, ast.Call):
                args = stmt.value.args
                required = bool(args) and isinstance(args[0], ast.Constant) and args[0].value is Ellipsis
                for kw in stmt.value.keywords:
                    if kw.arg == "alias" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                        wire = kw.value.value
                    if kw.arg == "default" and isinstance(kw.value, ast.Constant) and kw.value.value is Ellipsis:
                        required = True
            if attr == "root" and "root" in fields:
                required = True
            fields[wire] = _Field(attr, wire, _norm(ast.unparse(stmt.annotation)), required, descriptions.get(wire, ""))
        own[node.name] = (bases, fields)

    def flattened(name: str, seen: frozenset[str] = frozenset()) -> dict[str, _Field]:
        bases, fields = own[name]
        merged: dict[str, _Field] = {}
        for base in bases:
            if base in own and base not in seen:
                merged.update(flattened(base, seen | {name}))
        merged.update(fields)
        return merged

    models: dict[str, _Model] = {}
    for name, (bases, _fields) in own.items():
        fields = flattened(name)
        refs = {b for b in bases if b in own}
        for f in fields.values():
            refs.update(n for n in _IDENT.findall(f.annotation) if n in own and n != name)
        doc = docs.get(name)
        models[name] = _Model(name, fields, doc.description if doc else "", frozenset(refs))
    return models


def _closure(roots: Iterable[str], models: dict[str, _Model]) -> set[str]:
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
    from .schemas import ModelRegistry
    from .validate import iter_operations, iter_refs, resolve_pointer

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


# -- types --------------------------------------------------------------------------------------------------


@dataclass
class _Delta:
    removed: set[Any] = field(default_factory=set)  # enum values (Literal members)
    added: set[Any] = field(default_factory=set)
    added_open: set[Any] = field(default_factory=set)  # added values the old type already accepted
    narrowed: bool = False
    widened: bool = False

    def merge(self, other: _Delta) -> None:
        self.removed |= other.removed
        self.added |= other.added
        self.added_open |= other.added_open
        self.narrowed |= other.narrowed
        self.widened |= other.widened

    def __bool__(self) -> bool:
        return bool(self.removed or self.added or self.narrowed or self.widened)


def _members(node: ast.expr) -> list[tuple[str, Any]]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _members(node.left) + _members(node.right)
    if isinstance(node, ast.Subscript):
        outer = ast.unparse(node.value)
        if outer in ("Literal", "typing.Literal"):
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return [("lit", e.value) if isinstance(e, ast.Constant) else ("other", ast.unparse(e)) for e in elts]
        if outer in ("Optional", "typing.Optional"):
            return _members(node.slice) + [("name", "None")]
        if outer in ("Union", "typing.Union"):
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return [m for e in elts for m in _members(e)]
        return [("gen", (outer, ast.unparse(node.slice)))]
    if isinstance(node, ast.Constant) and node.value is None:
        return [("name", "None")]
    if isinstance(node, ast.Name):
        return [("name", node.id)]
    return [("other", ast.unparse(node))]


def _parse(annotation: str) -> ast.expr | None:
    try:
        return ast.parse(annotation or "None", mode="eval").body
    except SyntaxError:
        return None


def _covered(member: tuple[str, Any], members: list[tuple[str, Any]]) -> bool:
    if member in members or ("name", "Any") in members:
        return True
    kind, value = member
    if kind == "lit":
        base = "bool" if isinstance(value, bool) else "int" if isinstance(value, int) else "str" if isinstance(value, str) else ""
        return ("name", base) in members or (base == "int" and ("name", "float") in members)
    if member == ("name", "int"):
        return ("name", "float") in members
    if kind == "gen":
        for other_kind, other in members:
            if other_kind == "gen" and other[0] == value[0]:
                delta = _compare_slices(value[1], other[1])
                if not delta.narrowed and not delta.removed:
                    return True
    return False


def _compare_slices(old: str, new: str) -> _Delta:
    o, n = _parse(old), _parse(new)
    if o is None or n is None:
        return _Delta(narrowed=old != new, widened=old != new)
    olds = o.elts if isinstance(o, ast.Tuple) else [o]
    news = n.elts if isinstance(n, ast.Tuple) else [n]
    if len(olds) != len(news):
        return _Delta(narrowed=True, widened=True)
    delta = _Delta()
    for a, b in zip(olds, news):
        delta.merge(_compare_nodes(a, b))
    return delta


def compare_types(old: str, new: str, *, drop_none: bool = False) -> _Delta:
    """How the annotation ``new`` differs from ``old``: enum values removed/added, narrowed, widened."""
    if old == new:
        return _Delta()
    o, n = _parse(old), _parse(new)
    if o is None or n is None:
        return _Delta(narrowed=True, widened=True)
    return _compare_nodes(o, n, drop_none=drop_none)


def _compare_nodes(o: ast.expr, n: ast.expr, *, drop_none: bool = False) -> _Delta:
    om, nm = _members(o), _members(n)
    if drop_none:
        om = [m for m in om if m != ("name", "None")]
        nm = [m for m in nm if m != ("name", "None")]
    delta = _Delta()
    old_lits = {v for k, v in om if k == "lit"}
    new_lits = {v for k, v in nm if k == "lit"}
    if old_lits and new_lits:
        delta.removed = old_lits - new_lits
        delta.added = new_lits - old_lits
        delta.added_open = {v for v in delta.added if _covered(("lit", v), om)}
    else:
        delta.narrowed |= any(not _covered(("lit", v), nm) for v in old_lits)
        delta.widened |= any(not _covered(("lit", v), om) for v in new_lits)
    # containers with the same outer type on both sides are compared item by item
    old_gen = [v for k, v in om if k == "gen"]
    new_gen = [v for k, v in nm if k == "gen"]
    paired: set[str] = set()
    for outer in {g[0] for g in old_gen} & {g[0] for g in new_gen}:
        os_ = [g for g in old_gen if g[0] == outer]
        ns_ = [g for g in new_gen if g[0] == outer]
        if len(os_) == 1 and len(ns_) == 1:
            paired.add(outer)
            if os_[0][1] != ns_[0][1]:
                delta.merge(_compare_slices(os_[0][1], ns_[0][1]))
    rest_old = [m for m in om if m[0] != "lit" and not (m[0] == "gen" and m[1][0] in paired)]
    rest_new = [m for m in nm if m[0] != "lit" and not (m[0] == "gen" and m[1][0] in paired)]
    delta.narrowed |= any(not _covered(m, nm) for m in rest_old)
    delta.widened |= any(not _covered(m, om) for m in rest_new)
    return delta


def _value(v: Any) -> str:
    return json.dumps(v) if isinstance(v, str) else repr(v)


def _type_changes(
    delta: _Delta, directions: frozenset[str], subject: str, what: str, old: str, new: str
) -> list[Change]:
    """Changes for one annotation change of something sent (request), received (response) or both."""
    out: list[tuple[str, Level, str]] = []

    def add(rule: str, message: str, level: Level | None = None) -> None:
        out.append((rule, level or RULES[rule], message))

    request, response = "request" in directions, "response" in directions
    for v in sorted(delta.removed, key=repr):
        add("enum-value-removed", f"enum value {_value(v)} removed from {what}")
    for v in sorted(delta.added, key=repr):
        if request:
            add("enum-value-added-request", f"enum value {_value(v)} added to {what}: the parameter's type changed")
        elif v in delta.added_open:
            add("enum-value-added-open", f"enum value {_value(v)} added to {what} (an open enum: older clients accept it)")
        else:
            add("enum-value-added-response", f"enum value {_value(v)} added to {what}: older clients reject it")
    if delta.narrowed and delta.widened:
        add("type-changed", f"type of {what} changed from `{old}` to `{new}`")
    elif delta.narrowed:
        add("type-narrowed", f"type of {what} narrowed from `{old}` to `{new}`")
    elif delta.widened:
        if response:
            add("type-widened-response", f"type of {what} widened from `{old}` to `{new}`: readers may get values they do not expect")
        else:
            add("type-widened-request", f"type of {what} widened from `{old}` to `{new}`")
    return [Change(level, rule, subject, message) for rule, level, message in out]


# -- comparison ---------------------------------------------------------------------------------------------


def _client(path: str) -> str:
    return f"`client.{path}`"


def _placeholders(path: str) -> str:
    return re.sub(r"\{[^{}]*\}", "{}", path)


def _implicit_id(m: _Method) -> bool:
    return m.operation_id == f"{m.raw_method}_{m.raw_path}"


class _Comparer:
    def __init__(self, old: Surface, new: Surface) -> None:
        self.old = old
        self.new = new
        self.changes: list[Change] = []

    def add(self, rule: str, subject: str, message: str, level: Level | None = None) -> None:
        self.changes.append(Change(level or RULES[rule], rule, subject, message))

    def run(self) -> list[Change]:
        self.client()
        self.auth()
        self.operations()
        self.models()
        self.docs()
        if not self.changes and self.old.data != self.new.data:
            where = ", ".join(_changed_pointers(self.old.data, self.new.data)[:5])
            self.add("spec-changed", "spec", f"the description changed without changing the generated client ({where})")
        return self.changes

    # -- the client ---------------------------------------------------------------------------------------

    def client(self) -> None:
        o, n = self.old.api, self.new.api
        if o.client_class != n.client_class:
            self.add("client-renamed", "client", f"client class renamed: `{o.client_class}` is now `{n.client_class}`")
        if _placeholders(o.base_url) != _placeholders(n.base_url):
            self.add("server-moved", "client", f"default server moved from {o.base_url} to {n.base_url}")
        ov = {v.name: v for v in o.server_variables}
        nv = {v.name: v for v in n.server_variables}
        for name in sorted(ov.keys() - nv.keys()):
            self.add("server-variable-removed", "client", f"client argument `{name}` removed (server variable `{ov[name].wire}`)")
        for name in sorted(nv.keys() - ov.keys()):
            self.add("server-variable-added", "client", f"new client argument `{name}` (server variable `{nv[name].wire}`, default {nv[name].default!r})")
        if o.envelope != n.envelope:
            self.add("envelope-changed", "client", f"response envelope changed from {o.envelope} to {n.envelope}")

    def auth(self) -> None:
        o, n = self.old.api.credential, self.new.api.credential
        reported = False
        if o != n and (o is None) != (n is None):
            what = "now sends no credential" if n is None else f"now needs a credential ({_describe_credential(n)})"
            self.add("auth-changed", "auth", f"auth scheme changed: the client {what}")
            reported = True
        elif o is not None and n is not None and (o.location, o.name, o.scheme, o.env) != (n.location, n.name, n.scheme, n.env):
            self.add("auth-changed", "auth", f"auth scheme changed from {_describe_credential(o)} to {_describe_credential(n)}")
            reported = True
        if reported:
            return
        os_ = _schemes(self.old.data)
        ns_ = _schemes(self.new.data)
        for name in sorted(os_.keys() | ns_.keys()):
            before, after = os_.get(name), ns_.get(name)
            if before == after:
                continue
            if before is None:
                continue  # a new scheme no operation uses yet changes nothing; one that is used shows below
            if after is None:
                self.add("auth-changed", "auth", f"auth scheme `{name}` removed")
                continue
            keys = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            self.add("auth-changed", "auth", f"auth scheme `{name}` changed ({', '.join(keys)})")

    # -- operations ---------------------------------------------------------------------------------------

    def operations(self) -> None:
        old, new = self.old.methods, self.new.methods
        pairs: list[tuple[_Method, _Method]] = []
        left = dict(old)
        right = dict(new)

        def pair_by(key: Any) -> None:
            index: dict[Any, list[str]] = {}
            for path, m in right.items():
                index.setdefault(key(m), []).append(path)
            for path, m in list(left.items()):
                k = key(m)
                if k is None or len(index.get(k, [])) != 1:
                    continue
                target = index[k][0]
                if target in right:
                    pairs.append((m, right.pop(target)))
                    del left[path]

        pair_by(lambda m: (m.raw_method, _placeholders(m.raw_path)))
        pair_by(lambda m: None if _implicit_id(m) else m.operation_id)
        pair_by(lambda m: m.path)
        for path, m in sorted(left.items()):
            self.add("operation-removed", path, f"operation removed: {_client(path)} ({m.http}, {m.operation_id})")
        for path, m in sorted(right.items()):
            self.add("operation-added", path, f"new operation: {_client(path)} ({m.http}, {m.operation_id})")
        for o, n in sorted(pairs, key=lambda p: p[1].path):
            self.operation(o, n)

    def operation(self, o: _Method, n: _Method) -> None:
        subject = n.path
        if o.path != n.path:
            why = f"operationId {o.operation_id} -> {n.operation_id}" if o.operation_id != n.operation_id else n.http
            self.add("operation-renamed", subject, f"operation renamed: {_client(o.path)} is now {_client(n.path)} ({why})")
        elif o.operation_id != n.operation_id and not (_implicit_id(o) or _implicit_id(n)):
            self.add("operation-id-changed", subject, f"operationId {o.operation_id} renamed to {n.operation_id}; {_client(n.path)} keeps its name")
        if (o.raw_method, _placeholders(o.raw_path)) != (n.raw_method, _placeholders(n.raw_path)):
            self.add("operation-moved", subject, f"operation moved: {_client(n.path)} was {o.http}, is now {n.http}")
        if not o.deprecated and n.deprecated:
            self.add("operation-deprecated", subject, f"{_client(n.path)} is deprecated")
        elif o.deprecated and not n.deprecated:
            self.add("operation-undeprecated", subject, f"{_client(n.path)} is no longer deprecated")
        if o.secured and not n.secured:
            self.add("operation-auth-dropped", subject, f"{_client(n.path)} no longer needs a credential")
        elif not o.secured and n.secured:
            self.add("operation-auth-changed", subject, f"{_client(n.path)} now needs a credential")
        else:
            needs_before, needs_after = _security(self.old.data, o), _security(self.new.data, n)
            if needs_before != needs_after:
                self.add(
                    "operation-auth-changed",
                    subject,
                    f"auth of {_client(n.path)} changed from {_fmt_security(needs_before)} to {_fmt_security(needs_after)}",
                )
        self.params(o, n)
        delta = compare_types(o.returns, n.returns)
        if delta.narrowed or delta.widened:
            self.add("return-type-changed", subject, f"return type of {_client(n.path)} changed from `{o.returns}` to `{n.returns}`")
        elif delta:  # enum values of a plain (non-model) result
            what = f"the result of {_client(n.path)}"
            self.changes.extend(_type_changes(delta, frozenset({"response"}), subject, what, o.returns, n.returns))
        for kind in sorted(o.variants.keys() | n.variants.keys()):
            before, after = o.variants.get(kind), n.variants.get(kind)
            if before is None and after is not None:
                self.add("method-added", after[0], f"new method {_client(after[0])} ({'every item of every page' if kind == 'pages' else 'streaming'} of {_client(n.path)})")
            elif after is None and before is not None:
                self.add("method-removed", before[0], f"method removed: {_client(before[0])}")
            elif before is not None and after is not None:
                if before[0] != after[0]:
                    self.add("method-renamed", after[0], f"method renamed: {_client(before[0])} is now {_client(after[0])}")
                if compare_types(before[1], after[1]):
                    self.add(
                        "return-type-changed",
                        after[0],
                        f"return type of {_client(after[0])} changed from `{before[1]}` to `{after[1]}`",
                    )

    def params(self, o: _Method, n: _Method) -> None:
        subject = n.path
        before = dict(o.params)
        after = dict(n.params)
        # the same wire parameter under a new Python name (generator naming), or a lone wire rename
        renames: list[tuple[_Param, _Param]] = []
        for name, p in list(before.items()):
            if name in after:
                continue
            same_wire = [q for q in after.values() if q.name not in before and (q.location, q.wire) == (p.location, p.wire) and q.wire]
            if len(same_wire) == 1:
                renames.append((p, same_wire[0]))
        gone = [p for p in before.values() if p.name not in after and p not in {r[0] for r in renames}]
        new = [q for q in after.values() if q.name not in before and q not in {r[1] for r in renames}]
        for p in list(gone):
            # a lone rename: the only parameter gone from a location and the only one new there, alike otherwise
            # (a path parameter is the same slot of the URL whatever its type)
            same_place = [q for q in new if q.location == p.location]
            alike = [q for q in same_place if p.location == "path" or (q.annotation, q.required) == (p.annotation, p.required)]
            if len(alike) == 1 and len(same_place) == 1 and len([q for q in gone if q.location == p.location]) == 1:
                renames.append((p, alike[0]))
                gone.remove(p)
                new.remove(alike[0])
        for p, q in renames:
            kind = "request-field" if p.location == "body" else "parameter"
            self.add(
                f"{kind}-renamed",
                subject,
                f"{_noun(p)} renamed: `{p.name}` ({_wire(p)}) is now `{q.name}` ({_wire(q)}) in {_client(n.path)}",
            )
            if p.required != q.required:
                self.add(
                    f"{kind}-required" if q.required else f"{kind}-optional",
                    subject,
                    f"{_noun(q)} `{q.name}` of {_client(n.path)} became {'required' if q.required else 'optional'}",
                )
            delta = compare_types(p.annotation, q.annotation)
            if delta:
                what = f"{_noun(q)} `{q.name}` of {_client(n.path)}"
                self.changes.extend(_type_changes(delta, frozenset({"request"}), subject, what, p.annotation, q.annotation))
        for p in gone:
            kind = "request-field" if p.location == "body" else "parameter"
            self.add(f"{kind}-removed", subject, f"{_noun(p)} removed: `{p.name}` ({_wire(p)}) from {_client(n.path)}")
        for q in new:
            kind = "request-field" if q.location == "body" else "parameter"
            if q.required:
                self.add(f"{kind}-added-required", subject, f"new required {_noun(q)} `{q.name}` ({_wire(q)}) in {_client(n.path)}")
            else:
                self.add(f"{kind}-added", subject, f"new optional {_noun(q)} `{q.name}` ({_wire(q)}) in {_client(n.path)}")
        for name in sorted(before.keys() & after.keys()):
            p, q = before[name], after[name]
            kind = "request-field" if q.location == "body" else "parameter"
            if (p.location, p.wire) != (q.location, q.wire):
                self.add("parameter-moved", subject, f"{_noun(q)} `{name}` of {_client(n.path)} is now sent as {_wire(q)} (was {_wire(p)})")
            if not p.required and q.required:
                self.add(f"{kind}-required", subject, f"{_noun(q)} `{name}` of {_client(n.path)} became required")
            elif p.required and not q.required:
                self.add(f"{kind}-optional", subject, f"{_noun(q)} `{name}` of {_client(n.path)} became optional")
            delta = compare_types(p.annotation, q.annotation)
            if delta:
                what = f"{_noun(q)} `{name}` of {_client(n.path)}"
                self.changes.extend(_type_changes(delta, frozenset({"request"}), subject, what, p.annotation, q.annotation))

    # -- models -------------------------------------------------------------------------------------------

    def models(self) -> None:
        old, new = self.old.models, self.new.models
        gone = sorted(old.keys() - new.keys())
        added = sorted(new.keys() - old.keys())
        for name in list(gone):
            shape = set(old[name].fields)
            same = [a for a in added if set(new[a].fields) == shape and shape]
            if len(same) == 1:
                self.add("model-renamed", f"models.{same[0]}", f"model renamed: `models.{name}` is now `models.{same[0]}`")
                self.model(old[name], new[same[0]])
                gone.remove(name)
                added.remove(same[0])
        for name in gone:
            self.add("model-removed", f"models.{name}", f"model removed: `models.{name}`")
        for name in added:
            self.add("model-added", f"models.{name}", f"new model `models.{name}`")
        for name in sorted(old.keys() & new.keys()):
            self.model(old[name], new[name])

    def model(self, o: _Model, n: _Model) -> None:
        if n.name in self.new.flattened and o.name in self.old.flattened:
            return  # its fields are a method's keyword parameters, reported there
        directions = self.old.directions.get(o.name, frozenset()) | self.new.directions.get(n.name, frozenset())
        request, response = "request" in directions, "response" in directions
        label = "request and response field" if request and response else "request field" if request else "response field"
        subject = f"models.{n.name}"
        for wire in sorted(o.fields.keys() - n.fields.keys()):
            rule = "response-field-removed" if response else "request-field-removed"
            self.add(rule, subject, f"{label} removed: `{n.name}.{o.fields[wire].attr}` ({wire!r})")
        for wire in sorted(n.fields.keys() - o.fields.keys()):
            f = n.fields[wire]
            if request and f.required:
                self.add("request-field-added-required", subject, f"new required {label} `{n.name}.{f.attr}` ({wire!r})")
            elif request and not response:
                self.add("request-field-added", subject, f"new optional {label} `{n.name}.{f.attr}` ({wire!r})")
            else:
                self.add("response-field-added", subject, f"new {label} `{n.name}.{f.attr}` ({wire!r})")
        for wire in sorted(o.fields.keys() & n.fields.keys()):
            a, b = o.fields[wire], n.fields[wire]
            where = f"`{n.name}.{b.attr}`"
            if a.attr != b.attr:
                rule = "response-field-renamed" if response else "request-field-renamed"
                self.add(rule, subject, f"{label} renamed: `{n.name}.{a.attr}` is now `{n.name}.{b.attr}` ({wire!r})")
            if a.required != b.required:
                levels: list[tuple[str, str]] = []
                if b.required:
                    if request:
                        levels.append(("request-field-required", f"{label} {where} became required"))
                    if response:
                        levels.append(("response-field-required", f"{label} {where} is now always present"))
                else:
                    if response:
                        levels.append(("response-field-optional", f"{label} {where} may now be missing"))
                    if request:
                        levels.append(("request-field-optional", f"{label} {where} became optional"))
                rule, message = max(levels, key=lambda lm: _RANK[RULES[lm[0]]])
                self.add(rule, subject, message)
            optional = not a.required or not b.required
            delta = compare_types(a.annotation, b.annotation, drop_none=optional)
            if delta:
                self.changes.extend(_type_changes(delta, directions, subject, f"{label} {where}", a.annotation, b.annotation))

    # -- documentation ------------------------------------------------------------------------------------

    def docs(self) -> None:
        o, n = self.old.api, self.new.api
        parts = [k for k, a, b in (("title", o.title, n.title), ("description", o.description, n.description)) if a != b]
        if parts:
            self.add("docs-changed", "client", f"documentation of the API changed ({', '.join(parts)})")
        if o.api_version != n.api_version:
            self.add("docs-changed", "client", f"API version {o.api_version} -> {n.api_version}")
        oldr = {r.attr: r for r in o.resources}
        for r in n.resources:
            before = oldr.get(r.attr)
            if before is not None and (before.title, before.description) != (r.title, r.description):
                self.add("docs-changed", f"{r.attr}", f"documentation of `client.{r.attr}` changed")
        for path, m in sorted(self.new.methods.items()):
            was = self.old.methods.get(path)
            if was is None:
                continue
            parts = [k for k in ("summary", "description") if getattr(was, k) != getattr(m, k)]
            parts += [
                f"parameter `{name}`"
                for name, p in m.params.items()
                if name in was.params and was.params[name].description != p.description
            ]
            if parts:
                self.add("docs-changed", path, f"documentation of {_client(path)} changed ({', '.join(parts)})")
        for name, model in sorted(self.new.models.items()):
            before_model = self.old.models.get(name)
            if before_model is None:
                continue
            parts = ["description"] if before_model.description != model.description else []
            parts += [
                f"field `{f.attr}`"
                for wire, f in model.fields.items()
                if wire in before_model.fields and before_model.fields[wire].description != f.description
            ]
            if parts:
                self.add("docs-changed", f"models.{name}", f"documentation of `models.{name}` changed ({', '.join(parts)})")


def _noun(p: _Param) -> str:
    return "request field" if p.location == "body" else "parameter"


def _wire(p: _Param) -> str:
    if p.location == "body":
        return f"body field {p.wire!r}"
    if p.location == "arg":
        return "positional argument"
    if p.location == "whole":
        return "the request body"
    return f"{p.location} {p.wire!r}"


def _describe_credential(c: ir.Credential) -> str:
    kind = {"bearer": "a bearer token", "basic": "basic auth", "raw": "an API key"}[c.scheme]
    return f"{kind} in {c.location} {c.name!r}, read from ${c.env}"


def _schemes(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from .validate import deref

    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    out: dict[str, dict[str, Any]] = {}
    for name, scheme in schemes.items():
        scheme = deref(data, scheme)
        if isinstance(scheme, dict):
            out[name] = {k: v for k, v in scheme.items() if k not in ("description",)}
    return out


def _security(data: dict[str, Any], m: _Method) -> list[list[str]]:
    op = ((data.get("paths") or {}).get(m.raw_path) or {}).get(m.raw_method) or {}
    requirements = op.get("security", data.get("security")) if isinstance(op, dict) else None
    return sorted(sorted(r) for r in requirements or [] if isinstance(r, dict))


def _fmt_security(requirements: list[list[str]]) -> str:
    if not requirements:
        return "none"
    return " or ".join("+".join(r) or "anonymous" for r in requirements)


def _changed_pointers(old: Any, new: Any, pointer: str = "") -> list[str]:
    if type(old) is not type(new):
        return [pointer or "/"]
    if isinstance(old, dict):
        out: list[str] = []
        for key in sorted(old.keys() | new.keys(), key=str):
            token = str(key).replace("~", "~0").replace("/", "~1")
            if key not in old or key not in new:
                out.append(f"{pointer}/{token}")
            elif old[key] != new[key]:
                out.extend(_changed_pointers(old[key], new[key], f"{pointer}/{token}"))
        return out
    if isinstance(old, list):
        if len(old) != len(new):
            return [pointer or "/"]
        out = []
        for index, (a, b) in enumerate(zip(old, new)):
            if a != b:
                out.extend(_changed_pointers(a, b, f"{pointer}/{index}"))
        return out
    return [pointer or "/"] if old != new else []


def compare(old: Surface, new: Surface) -> Report:
    changes = _Comparer(old, new).run()
    order = {level: i for i, level in enumerate(LEVELS)}
    unique: dict[tuple[str, str, str], Change] = {}
    for change in changes:
        unique.setdefault((change.level, change.rule, change.message), change)
    ordered = sorted(unique.values(), key=lambda c: (order[c.level], c.subject, c.message))
    return Report(old.label, new.label, tuple(ordered), new.api.title, new.api.api_version)


# -- building both versions ---------------------------------------------------------------------------------


def build_surface(path: Path, config: ClientConfig, label: str, *, skip_unsupported: bool = False) -> Surface:
    """Load, validate and build one version; errors name ``label`` instead of a temporary file."""
    from .build import build
    from .load import load
    from .validate import validate

    try:
        source = load(path)
        api = build(validate(source), config, skip_unsupported=skip_unsupported)
    except GenerationFailed as exc:
        if label != str(path):
            raise GenerationFailed([_relabel(e, str(path), label) for e in exc.errors]) from None
        raise
    return surface(api, source.data, label)


def _relabel(error: GenError, file: str, label: str) -> GenError:
    if error.file != file:
        return error
    return GenError(label, error.pointer, error.message, error.line, error.column, error.level)


def compare_files(
    old: Path, new: Path, config: ClientConfig, *, old_label: str | None = None, new_label: str | None = None,
    skip_unsupported: bool = False,
) -> Report:
    before = build_surface(old, config, old_label or str(old), skip_unsupported=skip_unsupported)
    after = build_surface(new, config, new_label or str(new), skip_unsupported=skip_unsupported)
    return compare(before, after)


def compare_text(
    old_text: str, new: Path, config: ClientConfig, *, old_label: str, new_label: str | None = None,
    skip_unsupported: bool = False,
) -> Report:
    """Compare a version held in memory (from git, say) with a file."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sdksmith-diff-") as tmp:
        path = Path(tmp) / new.name
        path.write_text(old_text, encoding="utf-8")
        return compare_files(path, new, config, old_label=old_label, new_label=new_label, skip_unsupported=skip_unsupported)


def git_show(spec: Path, ref: str) -> str:
    """The text of ``spec`` at git revision ``ref``."""
    import subprocess

    spec = spec.resolve()
    try:
        result = subprocess.run(
            ["git", "show", f"{ref}:./{spec.name}"], cwd=spec.parent, capture_output=True, check=False
        )
    except OSError as exc:
        raise GenerationFailed([GenError(str(spec), "", f"cannot run git: {exc}")]) from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GenerationFailed([GenError(str(spec), "", f"git show {ref}: {message[-1] if message else 'failed'}")])
    try:
        return result.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise GenerationFailed([GenError(f"{ref}:{spec.name}", "", "file is not UTF-8 text")]) from None


# -- the command --------------------------------------------------------------------------------------------


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "diff",
        help="what changed for client users between two versions of a spec: breaking, feature or fix",
        description=(
            "sdksmith diff OLD NEW compares two spec files; sdksmith diff NAME compares a configured client's "
            "spec with the one its generated/ folder was made from; with --git REF, with the spec at that git "
            "revision (NAME may also be a spec file)."
        ),
    )
    p.add_argument("targets", nargs="+", metavar="OLD NEW | NAME")
    p.add_argument("--git", metavar="REF", help="compare with the spec as it is at this git revision")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--fail-on-breaking", action="store_true", help="exit 1 when any change is breaking")
    p.add_argument("--root", type=Path, default=Path("."), help="project folder holding pyproject.toml")


def _usage(message: str) -> int:
    print(f"sdksmith diff: {message}", file=sys.stderr)
    return 2


def _configs(root: Path) -> list[ClientConfig]:
    from .config import load_project

    if not (root / "pyproject.toml").is_file():
        return []
    try:
        return load_project(root)
    except GenerationFailed:
        return []


def _config_for(spec: Path, root: Path) -> ClientConfig:
    from .config import derived

    for config in _configs(root):
        if config.spec.resolve() == spec.resolve():
            return config
    return derived(spec, Path("."), None)


def _diff(args: argparse.Namespace) -> int:
    from .versioning import next_version, previous_version, stored_spec

    targets: list[str] = args.targets
    version: tuple[str, str] | None = None
    if len(targets) == 2:
        if args.git:
            return _usage("--git takes one NAME (or spec file), not two")
        old, new = Path(targets[0]), Path(targets[1])
        report = compare_files(old, new, _config_for(new, args.root))
    elif len(targets) == 1:
        configs = {c.name: c for c in _configs(args.root)}
        target = targets[0]
        if target in configs:
            config = configs[target]
        elif Path(target).is_file() and args.git:
            config = _config_for(Path(target), args.root)
        else:
            known = ", ".join(sorted(configs)) or "none configured"
            return _usage(f"{target!r} is not a configured client ({known}); give OLD NEW to compare two files")
        label = str(config.spec)
        if args.git:
            report = compare_text(git_show(config.spec, args.git), config.spec, config, old_label=f"{args.git}:{label}", new_label=label)
        else:
            base = stored_spec(config.out)
            if base is None:
                return _usage(f"{config.out} holds no copy of the spec it was made from; run `sdksmith generate` first or use --git")
            report = compare_files(base, config.spec, config, old_label=str(base), new_label=label)
            previous = previous_version(config.out) or config.version
            version = (config.version, config.version if previous != config.version else next_version(config.version, report.level))
    else:
        return _usage("give OLD NEW, or NAME [--git REF]")
    if args.json:
        print(json.dumps(report.to_json(version), indent=2))
    else:
        sys.stdout.write(report.text(version))
    return 1 if args.fail_on_breaking and report.breaking else 0


HANDLERS = {"diff": _diff}
