"""``sdksmith init SPEC``: a project's first client, configured and generated.

Adds ``[tool.sdksmith.clients.NAME]`` to pyproject.toml (made if missing; edited with tomlkit, so the rest of the
file stays as written), adds the cache folder to .gitignore, and generates the client. The client is produced
before anything is written: a spec that cannot be generated leaves the project as it was.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..config import CLIENTS_KEYS, derived_changes
from ..config.edit import add_client
from ..config.naming import derive
from ..config.position import located
from ..errors import GenerationFailed, strict_or_warn
from ..output.freshness import CACHE_DIR, Cache
from ..output.write import commit, plan as plan_write, write_text_atomic
from . import console
from .help import command

EXAMPLES = """\
examples:
  sdksmith init openapi.yaml                  a client named after the file (openapi)
  sdksmith init specs/todo.yaml --name todo   package todo_client, classes Todo and AsyncTodo
  sdksmith init openapi.yaml --name todo --out src/todo_client_pkg
"""

OPTIONAL = """\
Optional keys (see sdksmith's README, "Configuration"):
  description = "..."    license = "MIT"    license_file = "LICENSE"    keywords = ["..."]    classifiers = ["..."]
  authors = [{name = "...", email = "..."}]    urls = {Homepage = "https://...", Source = "https://..."}
  env_prefix = "TODO"    python_requires = ">=3.10"    out = "generated/NAME"    allow_refs_outside = false"""


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    init = command(
        sub,
        "init",
        "configure a client for SPEC in pyproject.toml and generate it",
        "Adds [tool.sdksmith.clients.NAME] to ./pyproject.toml (creating the file if needed, keeping everything in "
        "it), adds the cache folder to .gitignore, and generates the client into generated/NAME. After that, "
        "`sdksmith generate` regenerates it whenever the spec changes.",
        EXAMPLES,
    )
    init.add_argument("spec", type=Path, metavar="SPEC", help="the OpenAPI 3.0/3.1 file, JSON or YAML (e.g. openapi.yaml)")
    init.add_argument("--name", help="client name; the package and class names follow from it (e.g. --name todo; default: the spec file's stem)")
    init.add_argument("--out", help="output folder, relative to the project (e.g. --out clients/todo; default: generated/NAME)")
    init.add_argument("--root", type=Path, default=Path("."), help="project folder for pyproject.toml (e.g. --root ~/work/api; default: .)")
    init.add_argument("--allow-refs-outside", action="store_true", help="follow $refs to files outside the spec's folder (e.g. ../common/errors.yaml)")
    init.add_argument("--strict", action="store_true", help="treat warnings (a missing operationId, a renamed client) as errors")
    init.add_argument("--quiet", "-q", action="store_true", help="print only problems")


def _init(args: argparse.Namespace) -> int:
    # pydantic (the tables' models) loads only when a project's configuration is read
    from ..config.project import configs_in, parse

    say = console.progress(args.quiet)
    root: Path = args.root
    pyproject = root / "pyproject.toml"
    old = pyproject.read_text(encoding="utf-8") if pyproject.exists() else ""
    names = derive(args.name or args.spec.stem)
    console.errors(strict_or_warn(derived_changes(args.spec, args.name), args.strict))
    clients = parse(old, pyproject).get("tool", {}).get("sdksmith", {}).get("clients", {})
    if isinstance(clients, dict) and names.key in clients:
        where = located(pyproject, old, (*CLIENTS_KEYS, names.key), f"a client named {names.key!r} is already configured: run `sdksmith generate`, or choose another --name")
        raise GenerationFailed([where])
    values: dict[str, object] = {
        "spec": Path(os.path.relpath(args.spec.resolve(), root.resolve())).as_posix(),
        "dist_name": names.dist_name,
        "import_name": names.import_name,
        "client_class": names.client_class,
        "version": "0.1.0",
    }
    if args.out:
        values["out"] = args.out
    if args.allow_refs_outside:
        values["allow_refs_outside"] = True
    text = add_client(old, names.key, values, OPTIONAL)
    config = next(c for c in configs_in(text, pyproject) if c.name == names.key)

    # The generator's heavy parts load only now; nothing is written before the client is produced.
    from ..pipeline import produce
    from ..release.pending import carried

    records = carried(config)
    generation = produce(config, changelog=records.changelog, released=records.released, strict=args.strict)
    console.errors(generation.warnings)
    commit(plan_write(generation.files, config.out))
    write_text_atomic(pyproject, text)
    say(f"{'added' if old else 'wrote'} [tool.sdksmith.clients.{names.key}] to {pyproject}")
    if _ignore_cache(root / ".gitignore"):
        say(f"added {CACHE_DIR}/ to {root / '.gitignore'}")
    Cache(root).store(config, generation.files)
    say(f"generated {config.name}: {len(generation.files)} files in {config.out}")
    say(
        f"next: after each edit of {args.spec}, run `sdksmith generate`; try the client with "
        f"`pip install -e {config.out}` and `from {config.import_name} import {config.client_class}`"
    )
    return 0


def _ignore_cache(gitignore: Path) -> bool:
    """Add the cache folder to .gitignore (made if missing); False when it is there already."""
    entry = f"{CACHE_DIR}/"
    text = gitignore.read_text(encoding="utf-8") if gitignore.exists() else ""
    if any(line.strip() in (entry, CACHE_DIR, f"/{entry}", f"/{CACHE_DIR}") for line in text.splitlines()):
        return False
    prefix = "" if not text or text.endswith("\n") else "\n"
    write_text_atomic(gitignore, f"{text}{prefix}# sdksmith's regeneration cache\n{entry}\n")
    return True


HANDLERS = {"init": _init}
