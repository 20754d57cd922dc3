"""A big models module becomes a package with one module per model, loaded on first use.

Creating a pydantic class costs about a millisecond even with deferred validator builds, so an API with a thousand
models (Stripe) would spend a second at import on classes a program never touches. Each model's module imports
what its class statement needs (bases, generic arguments) at the top and the models its fields name at the bottom,
after the class exists: circular references between models then import fine, and a deferred build finds every
name in the module. ``models/__init__.py`` resolves names lazily (PEP 562) and imports everything for type checkers.
Small APIs keep one readable ``models.py``.
"""

from __future__ import annotations

import ast

from ..names import file_stem

SPLIT_AT = 150  # models; below this one module imports fast enough


def split_models(code: str, header: str) -> dict[str, str] | None:
    """``{file name: source}`` for a ``models/`` package, or None to keep the single module."""
    tree = ast.parse(code)
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    if len(classes) < SPLIT_AT:
        return None
    lines = code.splitlines(keepends=True)
    first = min(n.lineno for n in classes) - 1
    preamble: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            preamble.append(ast.get_source_segment(code, node) or "")
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and node.lineno <= first:
            continue  # the module docstring
        else:
            return None  # a statement we cannot place safely: keep one module
    names = {c.name for c in classes}
    files: dict[str, str] = {}
    module_of = {c.name: f"_{file_stem(c.name)}" for c in classes}  # a class name may be any length
    if len({m.lower() for m in module_of.values()}) != len(module_of):
        return None  # names differing only in case would clash on case-insensitive file systems
    imports = "\n".join(p for p in preamble if "__future__" not in p)
    for cls in classes:
        start = (cls.decorator_list[0].lineno if cls.decorator_list else cls.lineno) - 1
        body = "".join(lines[start : cls.end_lineno])
        eager = sorted({n.id for b in cls.bases + [k.value for k in cls.keywords] for n in ast.walk(b) if isinstance(n, ast.Name)} & names - {cls.name})
        late = sorted({n.id for n in ast.walk(cls) if isinstance(n, ast.Name)} & names - set(eager) - {cls.name})
        parts = [header, f'"""The ``{cls.name}`` model."""', "", "from __future__ import annotations", "", imports]
        parts += [f"from .{module_of[n]} import {n}" for n in eager]
        parts += ["", "", body.rstrip("\n")]
        if late:
            parts += ["", "", "# Imported after the class: the names its fields use, for its deferred build (cycles allowed)."]
            parts += [f"from .{module_of[n]} import {n}  # noqa: E402" for n in late]
        parts += ["", f"__all__ = [{cls.name!r}]"]
        files[f"{module_of[cls.name]}.py"] = "\n".join(parts) + "\n"
    ordered = sorted(names)
    init = [
        header,
        '"""Every model of the API; each loads from its own module on first use."""',
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "from typing import TYPE_CHECKING, Any",
        "",
        "if TYPE_CHECKING:",
        *[f"    from .{module_of[n]} import {n}" for n in ordered],
        "",
        "_MODULES = {",
        *[f"    {n!r}: {module_of[n]!r}," for n in ordered],
        "}",
        "",
        f"__all__ = [{', '.join(repr(n) for n in ordered)}]",
        "",
        "",
        "def __getattr__(name: str) -> Any:",
        "    module = _MODULES.get(name)",
        "    if module is None:",
        '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        "    value = getattr(importlib.import_module(f\".{module}\", __name__), name)",
        "    globals()[name] = value",
        "    return value",
        "",
        "",
        "def __dir__() -> list[str]:",
        "    return sorted(__all__)",
    ]
    files["__init__.py"] = "\n".join(init) + "\n"
    return files
