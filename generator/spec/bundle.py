"""Part of stage 1: a spec whose ``$ref``s name other files becomes one self-contained document.

Relative file references (``other.yaml#/components/schemas/Pet``, ``./schemas/pet.json``) are followed, but never
out of the spec's folder tree unless that is explicitly allowed; remote ones are left for validation to refuse.

* A schema from another file becomes a component, ``#/components/schemas/<name>``, so models keep their names and
  recursive schemas stay recursive. A main-document component that is only a reference to another file
  (``Pet: {$ref: schemas/pet.yaml}``) is replaced by what it references, under its own name; any other schema is
  named after the last segment of its pointer, else after its file, qualified by its file's path when two
  different schemas would share a name (decided over the sorted set of all of them, independent of order).
* Anything else (path items, parameters, responses...) is copied in place of its reference.

Every part copied in is recorded in ``Source.origins``, so a later problem is located in the file that holds it.
Files are read once; the number of values copied is bounded like an alias bomb.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GenError, GenerationFailed
from .. import pointer as jp
from .document import is_file_ref, is_remote, iter_refs, resolve_pointer
from .locate import Locator
from .read import MAX_DEPTH, MAX_NODES, read_file
from .source import Source

# Keys whose values are maps of user-chosen names: a segment "schema" right under one of them is a name.
_NAME_MAPS = frozenset(
    {"headers", "examples", "links", "callbacks", "parameters", "responses", "requestBodies", "securitySchemes",
     "pathItems", "encoding", "variables", "mapping", "webhooks", "paths"}
)
_SCHEMAS = ("components", "schemas")


def _is_schema_position(pointer: str) -> bool:
    """Does a ``$ref`` at ``pointer`` (in the bundled document) stand where a Schema Object belongs?"""
    parts = jp.split(pointer)
    if tuple(parts[:2]) == _SCHEMAS and len(parts) >= 3:
        return True
    return any(p == "schema" and (i == 0 or parts[i - 1] not in _NAME_MAPS) for i, p in enumerate(parts))


@dataclass(frozen=True, slots=True, order=True)
class _Target:
    """A value in some file: the file (resolved) and a JSON Pointer into it."""

    file: Path
    pointer: str


@dataclass(eq=False)
class _Bundler:
    main: Source
    root: Path  # the folder tree references must stay in
    allow_outside: bool
    sources: dict[Path, Source | None] = field(default_factory=dict)
    errors: list[GenError] = field(default_factory=list)
    locators: dict[int, Any] = field(default_factory=dict)
    schema_keys: dict[_Target, str] = field(default_factory=dict)  # bundled schema -> its component name
    origins: list[tuple[str, Source, str]] = field(default_factory=list)
    copied: int = 0
    budget: int = MAX_NODES  # values copied in place of references, set from the size of what was read
    targets: dict[tuple[Path, str], _Target] = field(default_factory=dict)

    # -- reading ----------------------------------------------------------------------------------------------

    def error(self, source: Source, pointer: str, message: str) -> None:
        locator = self.locators.setdefault(id(source), Locator(source))
        self.errors.append(locator.error(pointer, message))

    def fail_if_errors(self) -> None:
        if self.errors:
            unique = set(self.errors)
            raise GenerationFailed(sorted(unique, key=lambda e: (e.file != self.main.name, e.file, e.line, e.column, e.pointer)))

    def display(self, path: Path) -> str:
        """How a referenced file is named in messages: relative to the spec's own folder, as the user wrote it."""
        main_dir = self.main.path.parent
        try:
            return os.path.normpath(main_dir / path.relative_to(self.root))
        except ValueError:
            return str(path)

    def source(self, path: Path) -> Source | None:
        if path not in self.sources:
            try:
                self.sources[path] = read_file(path, self.display(path))
            except GenerationFailed as exc:
                self.errors.extend(exc.errors)
                self.sources[path] = None
        return self.sources[path]

    def target(self, referrer: Source, referrer_file: Path, where: str, ref: str) -> _Target | None:
        """Where a reference written in ``referrer`` (at ``where``) leads, or None after recording why not."""
        key = (referrer_file, ref)
        found = self.targets.get(key)
        if found is None:  # a failure is looked at again, so that each place it is written is reported
            found = self._target(referrer, referrer_file, where, ref)
            if found is not None:
                self.targets[key] = found
        return found

    def _target(self, referrer: Source, referrer_file: Path, where: str, ref: str) -> _Target | None:
        at = jp.join(where, "$ref")
        if is_remote(ref):
            self.error(referrer, at, f"remote reference {ref!r} refused: generation never uses the network")
            return None
        file_part, _, fragment = ref.partition("#")
        pointer = jp.from_fragment(fragment)
        if pointer and not pointer.startswith("/"):
            self.error(referrer, at, f"reference {ref!r}: the part after '#' must be a JSON Pointer")
            return None
        if not file_part:
            return _Target(referrer_file, pointer)
        path = (referrer_file.parent / urllib.parse.unquote(file_part)).resolve()
        if not self.allow_outside and not path.is_relative_to(self.root):
            self.error(referrer, at, f"reference {ref!r} leads outside the folder holding the spec; refused")
            return None
        if not path.is_file():
            self.error(referrer, at, f"reference {ref!r}: no such file {self.display(path)}")
            return None
        return _Target(path, pointer)

    def value(self, referrer: Source, where: str, ref: str, target: _Target) -> tuple[Source, Any] | None:
        source = self.main if target.file == self.main_file else self.source(target.file)
        if source is None:
            return None
        try:
            return source, resolve_pointer(source.data, "#" + target.pointer)
        except KeyError:
            self.error(referrer, jp.join(where, "$ref"), f"reference {ref!r} points at nothing")
            return None

    @functools.cached_property
    def main_file(self) -> Path:
        return self.main.path.resolve()

    # -- bundling ---------------------------------------------------------------------------------------------

    def run(self) -> Source:
        data = self.main.data
        components: Any = data.get("components") if isinstance(data.get("components"), dict) else {}
        schemas: dict[str, Any] = components.get("schemas") if isinstance(components.get("schemas"), dict) else {}
        # A component that is nothing but a reference to another file takes that file's schema under its name.
        for name in sorted(schemas):
            node = schemas[name]
            if isinstance(node, dict) and set(node) == {"$ref"} and isinstance(node["$ref"], str):
                if is_file_ref(node["$ref"]):
                    target = self.target(self.main, self.main_file, jp.join("/components/schemas", name), node["$ref"])
                    if target is not None and target.file != self.main_file and target not in self.schema_keys:
                        self.schema_keys[target] = name
        self.discover()
        self.fail_if_errors()
        self.name_schemas(set(schemas))
        # Copying a value per reference can multiply (a file referencing another ten times, which references a
        # third ten times...): allow a generous multiple of what was read, and no more.
        size = len(self.main.text) + sum(len(s.text) for s in self.sources.values() if s is not None)
        self.budget = min(MAX_NODES, max(100_000, 10 * size))
        bundled = self.copy(self.main, self.main_file, data, "", "", ())
        if self.schema_keys:
            bundled_components = bundled.setdefault("components", {})
            bundled_schemas = bundled_components.setdefault("schemas", {})
            for target, key in sorted(self.schema_keys.items(), key=lambda kv: kv[1]):
                source = self.sources[target.file]
                assert source is not None  # discovery read it
                value = resolve_pointer(source.data, "#" + target.pointer)
                at = jp.join("/components/schemas", key)
                bundled_schemas[key] = self.copy(source, target.file, value, at, target.pointer, (target,))
                self.origins.append((at, source, target.pointer))
        self.fail_if_errors()
        digest = hashlib.sha256(self.main.sha256.encode())
        for path, read in sorted(self.sources.items()):
            if read is not None:
                digest.update(f"\0{self.display(path)}\0{read.sha256}".encode())
        return Source(self.main.path, self.main.text, bundled, digest.hexdigest(), tuple(self.origins))

    def discover(self) -> None:
        """Find every schema that comes from another file, following references transitively."""
        visited: set[tuple[Path, str, bool]] = set()  # reference holders already followed, by context
        queued: set[tuple[_Target, bool]] = set()  # values from other files already searched, by context
        todo: list[tuple[Source, Path, Any, str, bool]] = [(self.main, self.main_file, self.main.data, "", False)]
        while todo:
            source, file, node, base, in_schema = todo.pop()
            for where, ref in sorted(iter_refs(node, base)):
                if (file, where, in_schema) in visited:
                    continue
                visited.add((file, where, in_schema))
                if file == self.main_file and ref.startswith("#"):
                    continue  # the main document's own references are checked by validation
                target = self.target(source, file, where, ref)
                if target is None:
                    continue
                found = self.value(source, where, ref, target)
                if found is None or target.file == self.main_file:
                    continue
                schema = in_schema or _is_schema_position(where)
                if schema:
                    self.schema_keys.setdefault(target, "")
                if (target, schema) not in queued:
                    queued.add((target, schema))
                    todo.append((found[0], target.file, found[1], target.pointer, schema))

    def name_schemas(self, taken: set[str]) -> None:
        """Component names for bundled schemas, decided over the sorted set of all of them."""
        unnamed = sorted(t for t, key in self.schema_keys.items() if not key)
        taken = taken | {k for k in self.schema_keys.values() if k}
        bases = {t: self.base_name(t) for t in unnamed}
        counts: dict[str, int] = {}
        for base in bases.values():
            counts[base] = counts.get(base, 0) + 1
        for target in unnamed:
            base = bases[target]
            key = base
            if counts[base] > 1 or key in taken:
                try:
                    relative = target.file.relative_to(self.root).as_posix()
                except ValueError:  # outside the folder, where that is allowed
                    relative = target.file.name
                key = re.sub(r"[^A-Za-z0-9]+", "_", os.path.splitext(relative)[0]).strip("_") + "_" + base
            if key in taken:
                key += "_" + hashlib.sha1(f"{target.file}#{target.pointer}".encode()).hexdigest()[:6]
            taken.add(key)
            self.schema_keys[target] = key

    @staticmethod
    def base_name(target: _Target) -> str:
        parts = [p for p in jp.split(target.pointer) if p]
        if parts and not parts[-1].isdigit():
            return parts[-1]
        stem = target.file.stem
        return f"{stem}_{'_'.join(parts)}" if parts else stem

    def copy(
        self, source: Source, file: Path, node: Any, at: str, there: str, stack: tuple[_Target, ...]
    ) -> Any:
        """``node`` (found at ``there`` in ``file``) as it lands at ``at`` in the bundled document."""
        self.copied += 1
        if self.copied > self.budget:
            raise GenerationFailed(
                [GenError(self.main.name, "", f"references expand to more than {self.budget:,} values (a reference bomb?)", 1, 1)]
            )
        if len(stack) > MAX_DEPTH:
            raise GenerationFailed([GenError(self.main.name, at, f"references nest deeper than {MAX_DEPTH} levels", 1, 1)])
        if isinstance(node, list):
            return [
                self.copy(source, file, v, f"{at}/{i}", f"{there}/{i}", stack) for i, v in enumerate(node)
            ]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and not (file == self.main_file and ref.startswith("#")):
            rewritten = self.resolve_ref(source, file, node, ref, at, there, stack)
            if rewritten is not None:
                return rewritten
        return {
            k: self.copy(source, file, v, jp.join(at, k), jp.join(there, k), stack)
            for k, v in node.items()
        }

    def resolve_ref(
        self, source: Source, file: Path, node: dict[str, Any], ref: str, at: str, there: str,
        stack: tuple[_Target, ...]
    ) -> Any:
        if is_remote(ref):
            return None  # left for validation to refuse, located where it is written
        target = self.target(source, file, there, ref)
        if target is None:
            return None
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if target.file == self.main_file:
            return {"$ref": "#" + target.pointer, **siblings}
        if target in self.schema_keys:
            return {"$ref": jp.join("#/components/schemas", self.schema_keys[target]), **siblings}
        if target in stack:
            chain = " -> ".join(f"{self.display(t.file)}#{t.pointer}" for t in (*stack, target))
            self.error(source, jp.join(there, "$ref"), f"circular reference: {chain}")
            return {}
        found = self.value(source, there, ref, target)
        if found is None:
            return {}
        target_source, value = found
        self.origins.append((at, target_source, target.pointer))
        copied = self.copy(target_source, target.file, value, at, target.pointer, (*stack, target))
        if isinstance(copied, dict) and siblings:
            copied = {**copied, **{k: v for k, v in siblings.items() if k in ("summary", "description")}}
        return copied


def bundle(main: Source, *, allow_outside: bool = False) -> Source:
    """``main`` with every relative file reference resolved into it (see the module docstring)."""
    root = main.path.resolve().parent
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, MAX_DEPTH * 8 + 200))
    try:
        return _Bundler(main, root, allow_outside).run()
    finally:
        sys.setrecursionlimit(limit)
