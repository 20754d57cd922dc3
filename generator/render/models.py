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

import re
from dataclasses import dataclass

from .. import ir
from ..text import py_literal

SPLIT_AT = 150  # models; below this one module imports fast enough
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TYPING = ("Any", "Literal")


@dataclass(frozen=True, slots=True)
class ModelsModule:
    """What one models module holds and needs, for ``templates/src/models.py.j2``."""

    docstring: str
    classes: tuple[ir.ModelClass, ...]  # in definition order (bases first)
    datetime: bool  # ``import datetime as _datetime``
    typing: tuple[str, ...]  # names from ``typing``
    pydantic: tuple[str, ...]  # names from ``pydantic``
    alias: bool  # ``TypeAliasType``
    eager: tuple[tuple[str, str], ...]  # (module, model) imported before the class: its bases
    late: tuple[tuple[str, str], ...]  # (module, model) imported after it: what the fields name
    # names only an ancestor's fields use: imported for the deferred build, not referenced here
    unreferenced: frozenset[str]
    exports: tuple[str, ...]


def module_of(name: str) -> str:
    return f"_{name}"


def models_files(api: ir.Api) -> dict[str, ModelsModule]:
    """``{path under the package: module}``: ``models.py``, or ``models/_<Name>.py`` for each model."""
    models = api.models
    if len(models) < SPLIT_AT:
        return {"models.py": _module(f"The models of the {api.title}.", _ordered(models), None)}
    by_name = {m.name: m for m in models}
    return {
        f"models/{module_of(m.name)}.py": _module(f"The ``{m.name}`` model.", (m,), by_name) for m in models
    }


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


def _annotations(model: ir.ModelClass, *, inherited: bool) -> list[str]:
    found = [model.alias] if model.kind == "alias" else [f.annotation for f in model.fields]
    if inherited:
        found += [f.annotation for f in model.inherited]
    return found + [f.default for f in model.fields if f.default]


def _module(docstring: str, classes: tuple[ir.ModelClass, ...], split: dict[str, ir.ModelClass] | None) -> ModelsModule:
    own: set[str] = set()
    everything: set[str] = set()
    for model in classes:
        for text in _annotations(model, inherited=False):
            own |= set(_IDENT.findall(text))
        for text in _annotations(model, inherited=True):
            everything |= set(_IDENT.findall(text))
    objects = [m for m in classes if m.kind == "object"]
    configured = any(needs_config(m) for m in objects)
    pydantic = {"BaseModel", "ConfigDict"} if configured else set()
    if any(f.name != f.wire for m in objects for f in m.fields):
        pydantic.add("Field")
    typing = [n for n in _TYPING if n in everything]
    if configured:
        typing.append("ClassVar")
    eager: list[tuple[str, str]] = []
    late: list[tuple[str, str]] = []
    unreferenced: set[str] = set()
    if split is not None:
        [model] = classes
        eager = [(module_of(b), b) for b in model.bases]
        late = [(module_of(n), n) for n in model.uses if n not in model.bases]
        unreferenced = {n for n in model.uses if n not in model.bases and n not in own}
        unreferenced |= {n for n in typing if n not in own and n != "ClassVar"}
        if "_datetime" in everything and "_datetime" not in own:
            unreferenced.add("_datetime")
    return ModelsModule(
        docstring=docstring,
        classes=classes,
        datetime="_datetime" in everything,
        typing=tuple(sorted(typing)),
        pydantic=tuple(sorted(pydantic)),
        alias=any(m.kind == "alias" for m in classes),
        eager=tuple(eager),
        late=tuple(late),
        unreferenced=frozenset(unreferenced),
        exports=tuple(sorted(m.name for m in classes)),
    )


def needs_config(model: ir.ModelClass) -> bool:
    """Only a class with no model base declares the configuration; subclasses inherit it."""
    return model.kind == "object" and not model.bases


def field_value(field: ir.ModelField) -> str:
    """What follows a field's annotation: nothing, `` = default`` or `` = Field(...)``."""
    if field.required:
        return f" = Field(alias={py_literal(field.wire)})" if field.name != field.wire else ""
    default = field.default or "None"
    if field.name == field.wire:
        return f" = {default}"
    return f" = Field(default={default}, alias={py_literal(field.wire)})"


def field_annotation(field: ir.ModelField) -> str:
    """An optional field with no default gets ``None``: its type must admit it."""
    if not field.required and not field.default and not re.search(r"(^|\| )None($| \|)", field.annotation):
        return f"{field.annotation} | None"
    return field.annotation
