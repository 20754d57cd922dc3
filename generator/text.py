"""Text from a spec, made safe for the places it lands: docstrings, string literals, Markdown tables."""

from __future__ import annotations

import json
import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: Any) -> str:
    """Spec prose as plain text: no control characters, normalised line ends, trimmed."""
    if not isinstance(value, str):
        return ""
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def first_sentence(text: str) -> str:
    line = text.split("\n\n")[0].replace("\n", " ").strip()
    match = re.match(r"(.+?[.!?])(\s|$)", line)
    return (match.group(1) if match else line)[:200]


def docstring_body(text: str) -> str:
    """Text that cannot end the docstring early nor start an escape sequence (nor hold a byte Python refuses)."""
    text = _CONTROL.sub("", text) if text else text
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').rstrip('"').rstrip("\\") if text else ""


def md_cell(text: str) -> str:
    """One Markdown table cell: no pipes breaking the table, no line breaks."""
    if not text:
        return ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return " ".join(escaped.split())


def md_text(text: str) -> str:
    """Spec prose in Markdown, with HTML tags neutralised so nothing renders as markup or script."""
    return text.replace("<", "&lt;").replace(">", "&gt;") if text else ""


def example_literal(value: Any) -> str:
    """A Python literal for an example value, or "" when it has none we can write safely."""
    if value is None:
        return ""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return ""
    return py_literal(value)


def py_literal(value: Any) -> str:
    """JSON data as Python source, strings double-quoted like black writes them (JSON escapes are valid Python)."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {py_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)
