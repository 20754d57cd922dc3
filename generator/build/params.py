"""Request parameters that accept plain dicts: a ``TypedDict`` for every model a request sends.

A method parameter typed by a model (``inline_role: List[models.Statement]``) only type-checks with model objects;
dict literals work at run time but fail mypy and pyright. So every model reachable from a request parameter gets a
``TypedDict`` with its wire names as keys (``params.StatementParam``), nested models by their own dicts, and the
parameter takes either: ``List[models.Statement | params.StatementParam]``. Keys a class statement cannot spell
(``odd-key``, ``class``) make the dict functional (``TypedDict("X", {...})``), which takes any string.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import replace

from .. import ir
from ..names import Namespace
from ..pycode import identifiers, rename

# Names the params module defines or imports beside the dicts.
_PARAMS_RESERVED = frozenset(
    {"TypedDict", "Required", "NotRequired", "Literal", "Any", "models", "annotations", "TYPE_CHECKING", "_datetime"}
)
_NONE = re.compile(r"\s*\|\s*None\b|\bNone\s*\|\s*")


def request_dicts(
    resources: tuple[ir.Resource, ...], models: tuple[ir.ModelClass, ...]
) -> tuple[tuple[ir.Resource, ...], tuple[ir.ParamDict, ...]]:
    """The resources with request parameters widened to take dicts, and the dicts they name."""
    by_name = {m.name: m for m in models}
    roots = {
        name
        for r in resources
        for m in r.methods
        for p in m.params
        for name in _models_in(p.annotation)
    }
    wanted = _closure({n for n in roots if n in by_name and by_name[n].kind == "object"}, by_name)
    if not wanted:
        return resources, ()
    namespace = Namespace(_PARAMS_RESERVED, pascal=True)
    names = {model: namespace.claim(model, model + "Param") for model in sorted(wanted)}
    dicts = tuple(sorted((_dict(by_name[m], names, by_name) for m in wanted), key=lambda d: d.name))
    widened = []
    for resource in resources:
        methods = tuple(_widen(m, names) for m in resource.methods)
        takes = any("params." in p.annotation for m in methods for p in m.params)
        widened.append(replace(resource, methods=methods, takes_dicts=takes))
    return tuple(widened), dicts


def _closure(roots: set[str], by_name: dict[str, ir.ModelClass]) -> set[str]:
    """The models whose dicts the roots' dicts name (every field, inherited ones too)."""
    found: set[str] = set()
    todo = sorted(roots)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        model = by_name[name]
        for f in (*model.inherited, *model.fields):
            todo += [n for n in identifiers(f.annotation) if n in by_name and by_name[n].kind == "object" and n not in found]
    return found


def _dict(model: ir.ModelClass, names: dict[str, str], by_name: dict[str, ir.ModelClass]) -> ir.ParamDict:
    keys = tuple(
        ir.ParamKey(
            key=f.wire,
            annotation=_value_type(f, names, by_name),
            required=f.required and not f.read_only,  # the server's to set: a request need not send it
            description=f.description,
        )
        for f in sorted((*model.inherited, *model.fields), key=lambda f: f.wire)
    )
    functional = any(not k.key.isidentifier() or keyword.iskeyword(k.key) or not k.key.isascii() for k in keys)
    return ir.ParamDict(names[model.name], model.name, keys, model.description, functional)


def _value_type(field: ir.ModelField, names: dict[str, str], by_name: dict[str, ir.ModelClass]) -> str:
    """A field's type as a dict value: nested models as their dicts, aliases from the models module, and no
    ``None`` unless the API takes null (leaving the key out is how a dict says "not given")."""
    annotation = field.annotation if field.nullable or field.required else _NONE.sub("", field.annotation) or "Any"

    return rename(annotation, lambda name: names.get(name) or (f"models.{name}" if name in by_name else name))


def _widen(method: ir.Method, names: dict[str, str]) -> ir.Method:
    params = tuple(
        replace(p, annotation=rename(p.annotation, lambda name: _either(name, names))) for p in method.params
    )
    return replace(method, params=params) if params != method.params else method


def _models_in(annotation: str) -> list[str]:
    return [n[len("models.") :] for n in identifiers(annotation) if n.startswith("models.")]


def _either(name: str, names: dict[str, str]) -> str:
    """``models.X`` -> ``models.X | params.XParam`` where X has a dict; every other name as it is."""
    model = name[len("models.") :] if name.startswith("models.") else None
    return f"{name} | params.{names[model]}" if model in names else name
