"""Skip regeneration when nothing that feeds it changed.

The key hashes everything the output depends on: the spec bytes, the client's config, every template and every
generator source file (runtime included). The entry also records a digest of each output file, so a hand edit in
generated/ is still noticed (CHANGELOG.md included: produce() carries it over from disk; files sdksmith did not
write do not count), and of every other file the spec's ``$ref``s read, so editing a referenced schema file is
noticed too. Entries live in ``.sdksmith-cache/``
next to pyproject.toml (git-ignored; ``sdksmith init`` adds it to .gitignore); a missing or unreadable entry simply
means a full regeneration. ``SDKSMITH_NO_CACHE=1`` turns it off, as it does the formatting cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import astuple
from pathlib import Path

from ..config import ClientConfig
from ..errors import GenerationFailed
from ..render.templates import templates_dir
from ..spec.load import load

CACHE_DIR = ".sdksmith-cache"
_GENERATOR = Path(__file__).resolve().parent.parent


def _tree_digest() -> str:
    digest = hashlib.sha256()
    for base in (_GENERATOR, templates_dir()):
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(base.parent).as_posix().encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def key(config: ClientConfig, tree: str | None = None) -> str:
    digest = hashlib.sha256()
    digest.update((tree or _tree_digest()).encode())
    digest.update(repr(astuple(config)).encode())
    digest.update(config.spec.read_bytes())
    return digest.hexdigest()


def manifest(files: dict[str, str]) -> dict[str, str]:
    return {rel: hashlib.sha256(text.encode()).hexdigest() for rel, text in files.items()}


def _on_disk(out: Path, files: dict[str, str]) -> dict[str, str | None]:
    """Digests of the generated files as they are now in ``out`` (None for a missing one). Other files in the
    folder are the user's and do not count."""
    return {rel: _digest(out / rel) for rel in files}


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _referenced(config: ClientConfig) -> dict[str, str | None]:
    """Digests of the files other than the spec that its ``$ref``s read (none for a self-contained spec)."""
    try:
        source = load(config.spec, allow_outside=config.allow_refs_outside)
    except GenerationFailed:
        return {}
    files = getattr(source, "files", (config.spec,))
    return {str(p): _digest(p) for p in files if Path(p).resolve() != config.spec.resolve()}


class Cache:
    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.enabled = not os.environ.get("SDKSMITH_NO_CACHE")
        self.tree = _tree_digest()

    def _entry(self, config: ClientConfig) -> Path:
        return self.folder / f"{config.name}.json"

    def fresh(self, config: ClientConfig) -> bool:
        """True when the inputs are unchanged and the output on disk is exactly what they produced."""
        if not self.enabled:
            return False
        try:
            entry = json.loads(self._entry(config).read_text())
            return (
                entry["key"] == key(config, self.tree)
                and entry["files"] == _on_disk(config.out, entry["files"])
                and all(_digest(Path(p)) == d for p, d in entry.get("inputs", {}).items())
            )
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def store(self, config: ClientConfig, files: dict[str, str]) -> None:
        if not self.enabled:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            entry = {"key": key(config, self.tree), "files": manifest(files), "inputs": _referenced(config)}
            self._entry(config).write_text(json.dumps(entry, sort_keys=True))
        except OSError:
            pass  # a cache that cannot be written only costs time
