"""The names a client config hands to generated code, checked: a client class, a package, a distribution, an
environment-variable prefix.

A name the user wrote in pyproject.toml that would break the package (a keyword, a digit first, a stdlib module's
name, a class that shadows one the package exports such as ``NotFoundError`` or ``SyncAPIClient``) is refused with
a suggestion. A name derived from a spec file's stem or ``--name`` is made safe instead and the change reported:
``None.yaml`` gives ``NoneClient``, ``2fa.yaml`` gives ``api_2fa``/``Api2fa``. ``tests/cli/test_config.py`` holds
both tables.
"""

from __future__ import annotations

import builtins
import keyword
import re
import sys
from dataclasses import dataclass

from ..names import MODULE_GLOBALS, RUNTIME_RESERVED, pascal, snake
from ..client_runtime import facts

DIST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
ENV_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# What the generated package's ``__init__`` and ``_client`` define beside the client classes.
_PACKAGE_GLOBALS = frozenset({"DEFAULT_BASE_URL", "ENV_API_KEY", "ENV_BASE_URL", "models", "resources", "lib"})


def exported_names() -> frozenset[str]:
    """Every name the runtime exports (``__all__`` of each runtime module) and the names generated modules define
    next to the client classes: a client class may take none of them."""
    return MODULE_GLOBALS | RUNTIME_RESERVED | _PACKAGE_GLOBALS | facts().exports


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
