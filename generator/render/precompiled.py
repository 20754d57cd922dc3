"""The templates compiled ahead of time, shipped beside this module as Jinja's Python source.

Jinja's parse and code generation are most of the start-up of a cold run on a small spec (~0.2 s; compiling the
Python it makes is ~0.04 s). ``templates.compiled.json`` holds that Python per template, as datamodel-code-generator
ships its own templates compiled. Each entry names the digest of everything its code came from (the template's
text, Jinja's version, the options that change code generation), so a template edited since, another Jinja or
other options fall back to compiling the template as usual: the file can only make a run faster, never different.
``tests/render/test_precompiled.py`` fails when the file is out of date; refresh it with
``python -m generator.render.compile_templates``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

DATA = Path(__file__).with_name("templates.compiled.json")

# Environment settings that change the code Jinja generates (the lexer's and the code generator's inputs).
_CODE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
)


def fingerprint(environment: jinja2.Environment, name: str, source: str) -> str:
    options = {key: getattr(environment, key) for key in _CODE_OPTIONS}
    options["autoescape"] = repr(environment.autoescape)
    options["finalize"] = environment.finalize is not None
    options["extensions"] = sorted(environment.extensions)
    text = json.dumps([jinja2.__version__, options, name, source], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@lru_cache(maxsize=1)
def _shipped() -> dict[str, list[str]]:
    """name -> [fingerprint, Python source]; empty when the file is missing or unreadable."""
    try:
        data = json.loads(DATA.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class Loader(jinja2.FileSystemLoader):
    """A file system loader that takes a template's code from Jinja's bytecode cache, else from the shipped
    compiled source when it was made from this very text, else from Jinja's compiler."""

    def load(
        self, environment: jinja2.Environment, name: str, globals: MutableMapping[str, Any] | None = None
    ) -> jinja2.Template:
        source, filename, uptodate = self.get_source(environment, name)
        cache = environment.bytecode_cache
        bucket = cache.get_bucket(environment, name, filename, source) if cache is not None else None
        code = bucket.code if bucket is not None else None
        if code is None:
            entry = _shipped().get(name)
            if entry is not None and entry[0] == fingerprint(environment, name, source):
                code = compile(entry[1], filename or name, "exec")
            else:
                code = environment.compile(source, name, filename)
            if cache is not None and bucket is not None:
                bucket.code = code
                cache.set_bucket(bucket)
        return environment.template_class.from_code(environment, code, globals if globals is not None else {}, uptodate)


def compiled(environment: jinja2.Environment) -> dict[str, list[str]]:
    """Every template's fingerprint and Jinja's Python source for it, as the shipped file holds them."""
    loader = environment.loader
    assert loader is not None
    out: dict[str, list[str]] = {}
    for name in environment.list_templates(filter_func=lambda name: name.endswith(".j2")):
        source, filename, _ = loader.get_source(environment, name)
        out[name] = [fingerprint(environment, name, source), str(environment.compile(source, name, filename, raw=True))]
    return out


def write(environment: jinja2.Environment) -> None:
    DATA.write_text(json.dumps(compiled(environment), indent=1, sort_keys=True) + "\n", encoding="utf-8")
