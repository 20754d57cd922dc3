"""Specs written in a test, built in-process: the IR (``build_api``), or the generated package imported fresh
(``generate``, ``package``). Shared by the stage tests and the behaviour tests."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

from generator import ir
from generator.build import build
from generator.config import derived
from generator.errors import GenError
from generator.pipeline import produce
from generator.spec.load import load
from generator.spec.validate import Spec, validate


def spec(schemas: dict[str, Any], paths: dict[str, Any] | None = None, version: str = "3.1.0") -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "Kit", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas},
    }


def get(path: str, response: dict[str, Any], op_id: str = "get_it") -> dict[str, Any]:
    """A ``paths`` entry: one GET answering ``response`` as JSON."""
    return {path: {"get": {"operationId": op_id, "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}}}}}


def build_api(document: dict[str, Any], tmp_path: Path, name: str = "kit", *, validated: bool = True, strict: bool = False) -> ir.Api:
    """The IR of ``document``; ``validated=False`` skips the validation stage (to test the build on input that
    validation would stop or warn about)."""
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document))
    source = load(path)
    checked = validate(source) if validated else Spec(source, document["openapi"][:3])
    return build(checked, derived(path, tmp_path / "out", name), strict=strict)


def models(api: ir.Api) -> dict[str, ir.ModelClass]:
    return {m.name: m for m in api.models}


def generate(document: dict[str, Any], tmp_path: Path, name: str = "kit") -> tuple[Any, tuple[GenError, ...]]:
    """Generate the client in memory, write it under ``tmp_path / "out"`` and import its package (fresh each
    time); with the warnings of its generation."""
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document))
    generation = produce(derived(path, tmp_path / "out", name), changelog="")
    for rel, text in generation.files.items():
        target = tmp_path / "out" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    package_name = f"{name}_client"
    for module in [m for m in sys.modules if m == package_name or m.startswith(package_name + ".")]:
        del sys.modules[module]
    src = str(tmp_path / "out" / "src")
    sys.path.insert(0, src)
    try:
        return importlib.import_module(package_name), generation.warnings
    finally:
        sys.path.remove(src)


def package(document: dict[str, Any], tmp_path: Path, name: str = "kit") -> Any:
    """The generated package of ``document`` (see ``generate``)."""
    return generate(document, tmp_path, name)[0]


def model_module(pkg: Any) -> Any:
    return importlib.import_module(pkg.__name__ + ".models")
