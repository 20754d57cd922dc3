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

from typing import Any

from .. import ir
from .. import pointer as jp
from ..spec.document import deref
from .models import models
from .operations import placeholders, operations
from .report import LEVELS, Change, Collector, Report, client_path as _client
from .surface import Surface


def _run(c: Collector) -> list[Change]:
    client(c)
    auth(c)
    operations(c)
    models(c)
    docs(c)
    if not c.changes and c.old.data != c.new.data:
        where = ", ".join(_changed_pointers(c.old.data, c.new.data)[:5])
        c.add("spec-changed", "spec", f"the description changed without changing the generated client ({where})")
    return c.changes


def client(c: Collector) -> None:
    o, n = c.old.api, c.new.api
    if o.client_class != n.client_class:
        c.add("client-renamed", "client", f"client class renamed: `{o.client_class}` is now `{n.client_class}`")
    if placeholders(o.base_url) != placeholders(n.base_url):
        c.add("server-moved", "client", f"default server moved from {o.base_url} to {n.base_url}")
    ov = {v.name: v for v in o.server_variables}
    nv = {v.name: v for v in n.server_variables}
    for name in sorted(ov.keys() - nv.keys()):
        c.add("server-variable-removed", "client", f"client argument `{name}` removed (server variable `{ov[name].wire}`)")
    for name in sorted(nv.keys() - ov.keys()):
        c.add("server-variable-added", "client", f"new client argument `{name}` (server variable `{nv[name].wire}`, default {nv[name].default!r})")
    if o.envelope != n.envelope:
        c.add("envelope-changed", "client", f"response envelope changed from {o.envelope} to {n.envelope}")


def auth(c: Collector) -> None:
    o, n = c.old.api.credential, c.new.api.credential
    reported = False
    if o != n and (o is None) != (n is None):
        what = "now sends no credential" if n is None else f"now needs a credential ({_describe_credential(n)})"
        c.add("auth-changed", "auth", f"auth scheme changed: the client {what}")
        reported = True
    elif o is not None and n is not None and (o.location, o.name, o.scheme, o.env) != (n.location, n.name, n.scheme, n.env):
        c.add("auth-changed", "auth", f"auth scheme changed from {_describe_credential(o)} to {_describe_credential(n)}")
        reported = True
    if reported:
        return
    os_ = _schemes(c.old.data)
    ns_ = _schemes(c.new.data)
    for name in sorted(os_.keys() | ns_.keys()):
        before, after = os_.get(name), ns_.get(name)
        if before == after:
            continue
        if before is None:
            continue  # a new scheme no operation uses yet changes nothing; one that is used shows below
        if after is None:
            c.add("auth-changed", "auth", f"auth scheme `{name}` removed")
            continue
        keys = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        c.add("auth-changed", "auth", f"auth scheme `{name}` changed ({', '.join(keys)})")


def docs(c: Collector) -> None:
    o, n = c.old.api, c.new.api
    parts = [k for k, a, b in (("title", o.title, n.title), ("description", o.description, n.description)) if a != b]
    if parts:
        c.add("docs-changed", "client", f"documentation of the API changed ({', '.join(parts)})")
    if o.api_version != n.api_version:
        c.add("docs-changed", "client", f"API version {o.api_version} -> {n.api_version}")
    oldr = {r.attr: r for r in o.resources}
    for r in n.resources:
        before = oldr.get(r.attr)
        if before is not None and (before.title, before.description) != (r.title, r.description):
            c.add("docs-changed", f"{r.attr}", f"documentation of `client.{r.attr}` changed")
    for path, m in sorted(c.new.methods.items()):
        was = c.old.methods.get(path)
        if was is None:
            continue
        parts = [k for k in ("summary", "description") if getattr(was, k) != getattr(m, k)]
        parts += [
            f"parameter `{name}`"
            for name, p in m.params.items()
            if name in was.params and was.params[name].description != p.description
        ]
        if parts:
            c.add("docs-changed", path, f"documentation of {_client(path)} changed ({', '.join(parts)})")
    for name, model in sorted(c.new.models.items()):
        before_model = c.old.models.get(name)
        if before_model is None:
            continue
        parts = ["description"] if before_model.description != model.description else []
        parts += [
            f"field `{f.attr}`"
            for wire, f in model.fields.items()
            if wire in before_model.fields and before_model.fields[wire].description != f.description
        ]
        if parts:
            c.add("docs-changed", f"models.{name}", f"documentation of `models.{name}` changed ({', '.join(parts)})")


def _describe_credential(c: ir.Credential) -> str:
    kind = {"bearer": "a bearer token", "basic": "basic auth", "raw": "an API key"}[c.scheme]
    return f"{kind} in {c.location} {c.name!r}, read from ${c.env}"


def _schemes(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    out: dict[str, dict[str, Any]] = {}
    for name, scheme in schemes.items():
        scheme = deref(data, scheme)
        if isinstance(scheme, dict):
            out[name] = {k: v for k, v in scheme.items() if k not in ("description",)}
    return out


def _changed_pointers(old: Any, new: Any, pointer: str = "") -> list[str]:
    if type(old) is not type(new):
        return [pointer or "/"]
    if isinstance(old, dict):
        out: list[str] = []
        for key in sorted(old.keys() | new.keys(), key=str):
            token = jp.escape(key)
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
    """Every change from ``old`` to ``new``, once each, ordered by level, subject and message."""
    changes = _run(Collector(old, new))
    order = {level: i for i, level in enumerate(LEVELS)}
    unique: dict[tuple[str, str, str], Change] = {}
    for change in changes:
        unique.setdefault((change.level, change.rule, change.message), change)
    ordered = sorted(unique.values(), key=lambda c: (order[c.level], c.subject, c.message))
    return Report(old.label, new.label, tuple(ordered), new.api.title, new.api.api_version)
