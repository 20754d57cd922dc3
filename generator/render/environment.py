"""The Jinja environment and the filters templates use: the only way spec text enters generated code."""

from __future__ import annotations

import ast
import json
import re
from functools import lru_cache
from typing import Any

import jinja2

from ..text import closing_safe, docstring_body, md_cell, md_text
from ..cache import cache_dir
from ..client_runtime import facts
from .models import field_line, param_value
from .precompiled import Loader
from .split import Call, field, forward, import_from, parameter, returns, wrap
from .style import docstring, py_repr
from .templates import templates_dir


def _toml_str(value: str) -> str:
    """A TOML basic string. Not ASCII-escaped: JSON writes an emoji as a surrogate pair, which TOML refuses."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


_PLACEHOLDERS = {"str": '"string"', "int": "1", "float": "1.0", "bool": "True", "bytes": 'b"data"'}


def _first_literal(annotation: str) -> str:
    """The first value of a ``Literal[...]`` annotation as the annotation spells it, found by parsing it (a value
    may hold ``,`` or ``]``, and the annotation may be a union of several ``Literal``s)."""
    node = ast.parse(annotation, mode="eval").body
    while isinstance(node, ast.BinOp):  # Literal[1] | Literal[2, 3] | None
        node = node.left
    assert isinstance(node, ast.Subscript), annotation
    first = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
    segment = ast.get_source_segment(annotation, first)
    assert segment is not None, annotation
    return segment


def _placeholder(annotation: str) -> str:
    """A value of the annotated type for examples whose parameter has no example in the spec."""
    if annotation.startswith("Literal["):
        return _first_literal(annotation)
    if annotation.startswith("list["):
        return "[]"
    if annotation.startswith(("dict[", "models.")):
        return "{}"
    if annotation.startswith("datetime.datetime"):
        return "datetime.datetime(2024, 1, 1)"
    return _PLACEHOLDERS.get(annotation.split(" | ")[0], "None")


def _sig(annotation: str) -> str:
    """Annotations in a class body: a method named ``list`` would shadow the builtin, the typing alias cannot be."""
    return re.sub(r"\b(list|dict|tuple)\[", lambda m: m.group(1).capitalize() + "[", annotation)


@jinja2.pass_context
def _typelinks(context: Any, display: str, prefix: str) -> str:
    """A type for humans, with each model name linked to its page."""
    names = {m.name for m in context["api"].models}
    out = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", lambda m: f"[{m.group(0)}]({prefix}{m.group(0)}.md)" if m.group(0) in names else m.group(0), display)
    return out.replace("|", "\\|")


_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)


def _prose(text: str) -> str:
    """Spec prose in Markdown: HTML neutralised as by ``md``, except inside code spans and fences, where Markdown
    shows ``&lt;`` literally and a ``<`` is already harmless."""
    if not text:
        return ""
    out: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        out += [md_text(text[last : match.start()]), match.group(0)]
        last = match.end()
    return "".join(out) + md_text(text[last:])


_OWN_OPTION = "idempotency_key"  # taken only by the operations that declare an idempotency header


def call_options() -> tuple[tuple[str, str, str], ...]:
    """(name, annotation, default) of every per-call option every method takes: the runtime's ``RequestOptions``,
    the one list the signatures, the options each method builds and the raw and streaming twins' forwarding are
    written from, so a new option is added in one place."""
    return tuple(option for option in facts().request_options if option[0] != _OWN_OPTION)


def _forward_args(op: Any) -> list[str]:
    """The arguments a raw- or streaming-response method passes on to the method it wraps: all of its own."""
    names = [p.name for p in op.params if p.name not in op.positional]
    if op.idempotency_header:
        names.append(_OWN_OPTION)
    return [*op.positional, *(f"{n}={n}" for n in [*names, *(name for name, _, _ in call_options())])]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    folder = cache_dir()
    if folder is not None:
        (folder / "jinja").mkdir(exist_ok=True)
    env = jinja2.Environment(
        loader=Loader(str(templates_dir())),
        # compiled templates are kept between runs (Jinja checks each template's text)
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(folder / "jinja")) if folder else None,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails loudly instead of rendering ""
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = py_repr  # the only way spec text enters code: as a Python literal, as black writes it
    env.filters["doc"] = docstring_body
    env.filters["closing_safe"] = closing_safe  # before a closing """ that ``docstring`` does not write
    env.filters["docstring"] = docstring  # a whole docstring as black writes it, at an indentation
    env.filters["cell"] = md_cell
    env.filters["md"] = md_text
    env.filters["tomlstr"] = _toml_str
    env.filters["placeholder"] = _placeholder
    env.filters["sig"] = _sig
    env.filters["typelinks"] = _typelinks
    env.filters["prose"] = _prose
    env.filters["field_line"] = field_line
    env.filters["param_value"] = param_value
    env.filters["forward_args"] = _forward_args
    env.globals["wrap"] = wrap  # a call or list as black splits it
    env.globals["bracket"] = Call
    env.globals["parameter"] = parameter  # annotated lines, split as black splits them
    env.globals["field"] = field
    env.globals["returns"] = returns
    env.globals["import_from"] = import_from
    env.globals["call_options"] = call_options()
    env.globals["forward"] = forward
    env.filters["anchor"] = lambda s: "".join(c for c in s.lower().replace(" ", "-") if c.isalnum() or c in "-_")
    return env
