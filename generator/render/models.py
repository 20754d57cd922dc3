"""The models of a client: one ``models.py``, or for a big API a ``models/`` package with one module per model.

Creating a pydantic class costs about a millisecond even with deferred validator builds, so an API with a thousand
models (Stripe) would spend a second at import on classes a program never touches: with ``SPLIT_AT`` models or
more, each model gets its own module and ``models/__init__.py`` loads them on first use (PEP 562). A model's module
imports its bases at the top and, at the bottom (after the class exists, so circular references import fine),
every model its own and its ancestors' fields name: a deferred build resolves an inherited field's types in the
subclass's module, so those must be there too. What each module imports is decided here, from the IR; the
templates only write it out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import ir
from ..pycode import identifiers
from ..text import py_literal
from .split import field, wrap

SPLIT_AT = 150  # models; below this one module imports fast enough
_TYPING = ("Any", "Literal")


@dataclass(frozen=True, slots=True)
class ModelsModule:
    """What one models module holds and needs, for ``templates/src/models.py.j2``."""

    docstring: str
    classes: tuple[ir.ModelClass, ...]  # in definition order (bases first)
    datetime: bool  # ``import datetime as _datetime``
    typing: tuple[str, ...]  # names from ``typing``
    pydantic: tuple[str, ...]  # names from ``pydantic``
    base: str  # where the runtime's ``BaseModel`` comes from ("" when no class of the module needs it)
    alias: bool  # ``TypeAliasType``
    eager: tuple[tuple[str, str], ...]  # (module, model) imported before the class: its bases
    late: tuple[tuple[str, str], ...]  # (module, model) imported after it: what the fields name
    # names only an ancestor's fields use: imported for the deferred build, not referenced here
    unreferenced: frozenset[str]
    exports: tuple[str, ...]


def module_names(names: Iterable[str]) -> dict[str, str]:
    """``{class name: module name}`` for a split package: ``_Name``, unless two names differ only in case
    (``LogProb``/``Logprob``), which would be one file on a case-insensitive file system: then each of them gets
    a suffix from its own spelling."""
    unique = sorted(set(names))
    folded: dict[str, int] = {}
    for name in unique:
        folded[name.lower()] = folded.get(name.lower(), 0) + 1
    return {
        name: f"_{name}" if folded[name.lower()] == 1 else f"_{name}_{hashlib.sha1(name.encode()).hexdigest()[:6]}"
        for name in unique
    }


def models_files(api: ir.Api) -> tuple[dict[str, ModelsModule], dict[str, str]]:
    """``{path under the package: module}`` (``models.py``, or ``models/_<Name>.py`` for each model) and, for a
    split package, ``{model: module name}``."""
    models = api.models
    if len(models) < SPLIT_AT:
        return {"models.py": _module(f"The models of the {api.title}.", _ordered(models), None)}, {}
    modules = module_names(m.name for m in models)
    return {
        f"models/{modules[m.name]}.py": _module(f"The ``{m.name}`` model.", (m,), modules) for m in models
    }, modules


def _ordered(models: tuple[ir.ModelClass, ...]) -> tuple[ir.ModelClass, ...]:
    """Aliases first, then classes sorted by name with every base before its subclasses."""
    by_name = {m.name: m for m in models}
    done: dict[str, ir.ModelClass] = {}

    def place(model: ir.ModelClass) -> None:
        if model.name in done:
            return
        for base in model.bases:
            if base in by_name:
                place(by_name[base])
        done[model.name] = model

    for model in sorted(models, key=lambda m: (m.kind != "alias", m.name)):
        place(model)
    return tuple(done.values())


def _names(annotation: str) -> set[str]:
    """Every name a type expression uses, ``_datetime.date`` as both ``_datetime`` and itself."""
    found = set(identifiers(annotation))
    return found | {n.split(".")[0] for n in found}


def _annotations(model: ir.ModelClass, *, inherited: bool) -> list[str]:
    found = [model.alias] if model.kind == "alias" else [f.annotation for f in model.fields]
    if inherited:
        found += [f.annotation for f in model.inherited]
    return found + [f.default for f in model.fields if f.default]


def _module(docstring: str, classes: tuple[ir.ModelClass, ...], split: dict[str, str] | None) -> ModelsModule:
    own: set[str] = set()
    everything: set[str] = set()
    for model in classes:
        for text in _annotations(model, inherited=False):
            own |= _names(text)
        for text in _annotations(model, inherited=True):
            everything |= _names(text)
    objects = [m for m in classes if m.kind == "object"]
    pydantic: set[str] = set()
    if any(f.name != f.wire for m in objects for f in m.fields):
        pydantic.add("Field")
    typing = [n for n in _TYPING if n in everything]

    eager: list[tuple[str, str]] = []
    late: list[tuple[str, str]] = []
    unreferenced: set[str] = set()
    if split is not None:
        [model] = classes
        eager = [(split[b], b) for b in model.bases]
        late = [(split[n], n) for n in model.uses if n not in model.bases]
        unreferenced = {n for n in model.uses if n not in model.bases and n not in own}
        unreferenced |= {n for n in typing if n not in own}
        if "_datetime" in everything and "_datetime" not in own:
            unreferenced.add("_datetime")
    return ModelsModule(
        docstring=docstring,
        classes=classes,
        datetime="_datetime" in everything,
        typing=tuple(sorted(typing)),
        pydantic=tuple(sorted(pydantic)),
        base=("._runtime._models" if split is None else ".._runtime._models") if any(not m.bases for m in objects) else "",
        alias=any(m.kind == "alias" for m in classes),
        eager=tuple(eager),
        late=tuple(late),
        unreferenced=frozenset(unreferenced),
        exports=tuple(sorted(m.name for m in classes)),
    )


def _field_call(field: ir.ModelField) -> list[str] | None:
    """The arguments of the field's ``Field(...)``, or None when it needs none.

    A wire name other than the attribute is given as the validation and serialization alias, not as ``alias``:
    type checkers then type the constructor by the Python names (``Statement(not_actions=...)``), while parsing
    reads the wire name and ``model_dump(by_alias=True)`` writes it."""
    if field.name == field.wire:
        return None
    wire = py_literal(field.wire)
    aliases = [f"validation_alias={wire}", f"serialization_alias={wire}"]
    return aliases if field.required else [f"default={field.default or 'None'}", *aliases]


def field_line(model_field: ir.ModelField) -> str:
    """A field's line in its class body (after the indentation), split as black splits a long one."""
    annotation = field_annotation(model_field)
    call = _field_call(model_field)
    if call is None:
        return field(model_field.name, annotation, None if model_field.required else model_field.default or "None")
    return wrap(f"{model_field.name}: {annotation} = Field(", call, 4)


def field_annotation(field: ir.ModelField) -> str:
    """An optional field with no default gets ``None``: its type must admit it."""
    if not field.required and not field.default and not re.search(r"(^|\| )None($| \|)", field.annotation):
        return f"{field.annotation} | None"
    return field.annotation


@dataclass(frozen=True, slots=True)
class ParamsModule:
    """What one params module holds and imports (``templates/src/params.py.j2``)."""

    docstring: str
    dicts: tuple[ir.ParamDict, ...]
    datetime: bool
    typing: tuple[str, ...]
    extensions: tuple[str, ...]
    models_from: str  # where ``models`` is imported from ("." or ".."), "" when no key names a model alias
    late: tuple[tuple[str, str], ...]  # (module, dict) of the other dicts its keys name, in a split package


def params_files(api: ir.Api) -> tuple[dict[str, ParamsModule], dict[str, str]]:
    """``params.py``, or for a big API ``params/_<Name>.py`` for each dict (like the models)."""
    if len(api.params) < SPLIT_AT:
        return {"params.py": _params_module("Plain-dict forms of the models requests send.", api.params, (), ".")}, {}
    modules = module_names(d.name for d in api.params)
    files: dict[str, ParamsModule] = {}
    for d in api.params:
        used = sorted({n for k in d.keys for n in identifiers(k.annotation)} & modules.keys() - {d.name})
        late = tuple((modules[n], n) for n in used)
        files[f"params/{modules[d.name]}.py"] = _params_module(f"The ``{d.name}`` dict.", (d,), late, "..")
    return files, modules


def _params_module(
    docstring: str, dicts: tuple[ir.ParamDict, ...], late: tuple[tuple[str, str], ...], package: str
) -> ParamsModule:
    used: set[str] = set()
    for d in dicts:
        for k in d.keys:
            used |= _names(k.annotation)
    required = any(k.required for d in dicts for k in d.keys)
    return ParamsModule(
        docstring=docstring,
        dicts=dicts,
        datetime="_datetime" in used,
        typing=tuple(n for n in _TYPING if n in used),
        extensions=("Required", "TypedDict") if required else ("TypedDict",),
        models_from=package if "models" in used else "",
        late=late,
    )


def param_value(key: ir.ParamKey, quoted: bool = False) -> str:
    """A key's type, wrapped in ``Required[...]`` when the API needs it (the dicts are ``total=False``). The
    functional form evaluates its types at once, so there they are quoted: forward references, like the class
    form's annotations."""
    text = f"Required[{key.annotation}]" if key.required else key.annotation
    return py_literal(text) if quoted else text
