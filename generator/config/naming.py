"""The names a client config hands to generated code, checked: a client class, a package, a distribution, an
environment-variable prefix.

A name the user wrote in pyproject.toml that would break the package (a keyword, a digit first, a stdlib module's
name, a class that shadows one the package exports such as ``NotFoundError`` or ``SyncAPIClient``) is refused with
a suggestion. A name derived from a spec file's stem or ``--name`` is made safe instead and the change reported:
``None.yaml`` gives ``NoneClient``, ``2fa.yaml`` gives ``api_2fa``/``Api2fa``. ``tests/cli/test_config.py`` holds
both tables.
"""

from __future__ import annotations

import ast
import builtins
import json
import keyword
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import cache
from ..names import MODULE_GLOBALS, RUNTIME_RESERVED, pascal, snake

DIST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
ENV_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RUNTIME = Path(__file__).resolve().parent.parent / "runtime"
# What the generated package's ``__init__`` and ``_client`` define beside the client classes.
_PACKAGE_GLOBALS = frozenset({"DEFAULT_BASE_URL", "ENV_API_KEY", "ENV_BASE_URL", "models", "resources", "lib"})


@lru_cache(maxsize=1)
def exported_names() -> frozenset[str]:
    """Every name the runtime exports (``__all__`` of each runtime module, read without importing it), and the
    names generated modules define next to the client classes: a client class may take none of them."""
    sources = {path.name: path.read_text(encoding="utf-8") for path in sorted(_RUNTIME.glob("*.py"))}
    # parsing the runtime is ~20 ms of every run: kept in the cache by the runtime's text
    found = cache.remembered(
        "runtime_exports",
        lambda: cache.digest(cache.code_digest(_all_names), *sources, *sources.values()),
        lambda: json.dumps(_all_names(sources)),
    )
    return frozenset(MODULE_GLOBALS | RUNTIME_RESERVED | _PACKAGE_GLOBALS | set(json.loads(found)))


def _all_names(sources: dict[str, str]) -> list[str]:
    names: set[str] = set()
    for source in sources.values():
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                if isinstance(node.value, (ast.List, ast.Tuple)):
                    names.update(e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
    return sorted(names)


def _builtin(name: str) -> bool:
    return name in dir(builtins)


def class_problem(name: str) -> str | None:
    """Why ``name`` cannot be the sync client class (the async one is ``Async<name>``), or None."""
    if not name.isidentifier() or not name.isascii():
        return "is not a Python identifier"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword"
    if _builtin(name):
        return "would shadow the Python builtin of that name"
    for candidate in (name, "Async" + name):
        if candidate in exported_names():
            return f"would shadow {candidate!r}, which the generated package defines or exports"
    return None


def package_problem(name: str) -> str | None:
    """Why ``name`` cannot be the import package, or None."""
    if not name.isidentifier() or not name.isascii():
        return "is not a Python identifier"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword"
    if name in sys.stdlib_module_names or name in {"generator", "httpx", "pydantic", "typing_extensions"}:
        return "would shadow a module of that name (the standard library's or a dependency's)"
    return None


def client_key_problem(name: str) -> str | None:
    """Why ``name`` cannot name a client (its table, its output folder, its cache entry), or None."""
    if not name.isidentifier() or not name.isascii():
        return "is not a Python identifier (letters, digits and '_', not starting with a digit)"
    return None


@dataclass(frozen=True, slots=True)
class Derived:
    """Names made from a spec file's stem or ``--name``, and what had to change on the way."""

    key: str
    dist_name: str
    import_name: str
    client_class: str
    changes: tuple[str, ...]


def derive(base: str) -> Derived:
    """Safe names from ``base``: a digit first gets an ``api`` prefix, anything a name may not be (keyword,
    builtin, stdlib module, an exported name) a ``Client`` / ``_client`` suffix. Each change is explained."""
    changes: list[str] = []
    key = snake(base)
    if not key[:1].isalpha():
        changes.append(f"{base!r} starts with a digit: the client is named {'api_' + key!r}")
        key = "api_" + key
    if keyword.iskeyword(key) or keyword.issoftkeyword(key):
        changes.append(f"{key!r} is a Python keyword: the client is named {key + '_api'!r}")
        key += "_api"
    import_name = key + "_client"
    if package_problem(import_name):
        import_name = key + "_sdk"
    client_class = pascal(base)
    if not client_class[:1].isalpha():
        client_class = "Api" + client_class
    problem = class_problem(client_class)
    if problem:
        fixed = client_class + "Client"
        changes.append(f"client class {client_class!r} {problem}: using {fixed!r}")
        client_class = fixed
    return Derived(key, key.replace("_", "-") + "-client", import_name, client_class, tuple(changes))
