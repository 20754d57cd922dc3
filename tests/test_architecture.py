"""The generator's shape: imports flow one way through its packages, with no circle and no module too big to read.

Read from the source with ``ast`` (nothing is imported), so the test holds for code paths no other test runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
# Packages by layer: a module may import from its own layer or below, never above.
LAYERS = {
    "runtime": 0,
    "errors": 1, "cache": 1, "client_runtime": 1, "pointer": 1, "mediatype": 1, "names": 1, "text": 1, "ir": 1, "config": 1, "pycode": 1,
    "spec": 2,
    "build": 3, "render": 3,
    "output": 4,
    "changes": 5,
    "release": 6, "pipeline": 6,
    "cli": 7, "__main__": 8,
}
MAX_LINES = 400
# Files allowed over MAX_LINES, each with the reason.
LONG_FILES: dict[str, str] = {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(GENERATOR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(GENERATOR.rglob("*.py")) if "__pycache__" not in p.parts}


def _resolve(module: str, node: ast.ImportFrom) -> list[str]:
    """The generator modules an ``import from`` statement names (a package's submodules included)."""
    if node.level:
        package = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    if not base.startswith("generator"):
        return []
    # ``from pkg import mod`` imports the module; ``from pkg import name`` imports the package (its __init__)
    return sorted({f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names} & MODULES.keys())


def _imports(module: str) -> list[tuple[str, int, bool]]:
    """(imported generator module, line, inside a function) for every import in ``module``."""
    tree = ast.parse(MODULES[module].read_text())
    found: list[tuple[str, int, bool]] = []
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    nested = {id(n) for f in functions for n in ast.walk(f) if n is not f}
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            targets = _resolve(module, node)
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name in MODULES]
        found += [(t, node.lineno, id(node) in nested) for t in targets if t != module]
    return found


def _layer(module: str) -> int:
    return LAYERS[module.split(".")[1]] if "." in module else 1  # ``generator`` itself holds only the version


def test_every_package_has_a_layer() -> None:
    packages = {m.split(".")[1] for m in MODULES if "." in m}
    assert packages <= LAYERS.keys(), f"give these a layer in LAYERS: {sorted(packages - LAYERS.keys())}"


def test_no_module_imports_a_package_above_its_own() -> None:
    upward = [
        f"{m} (layer {_layer(m)}) imports {t} (layer {_layer(t)}) at line {line}"
        for m in MODULES
        for t, line, _lazy in _imports(m)
        if _layer(t) > _layer(m)
    ]
    assert upward == []


def test_the_runtime_imports_nothing_of_the_generator() -> None:
    leaks = [f"{m} imports {t}" for m in MODULES if m.startswith("generator.runtime") for t, _l, _f in _imports(m) if not t.startswith("generator.runtime")]
    assert leaks == []


def test_there_is_no_import_circle() -> None:
    graph = {m: sorted({t for t, _line, _lazy in _imports(m)}) for m in MODULES}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                circles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_function_level_imports_of_our_own_modules_only_defer_the_heavy_pipeline_in_the_cli() -> None:
    """A lazy import of a sibling would hide a circle; only commands defer loading the generator's heavy parts,
    and each says so in a comment on the line or the line above."""
    wrong: list[str] = []
    for module, path in MODULES.items():
        lines = path.read_text().splitlines()
        for target, line, lazy in _imports(module):
            if not lazy:
                continue
            above = line - 2
            while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
                above -= 1  # a block of imports shares the comment above it
            commented = "#" in lines[line - 1] or (above >= 0 and lines[above].strip().startswith("#"))
            if not module.startswith("generator.cli") or not commented:
                wrong.append(f"{module}:{line} imports {target} inside a function")
    assert wrong == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_longer_than_a_reader_can_hold(module: str) -> None:
    lines = len(MODULES[module].read_text().splitlines())
    assert lines <= MAX_LINES or module in LONG_FILES, f"{module} has {lines} lines (limit {MAX_LINES})"
