"""Example values in generated docs and tests: a parameter without an example gets a value of its type, and a
``Literal`` type gives its first value, read as Python (unions of several ``Literal``s, values holding ``,`` or
``]``). Found on Discord's spec, whose ``oneOf`` of integer enums rendered a test file that did not parse."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.render.environment import environment
from generator.render.package import render

from build_kit import build_api, spec


@pytest.mark.parametrize(
    ("annotation", "value"),
    [
        ("Literal[1] | Literal[2, 3]", "1"),
        ('Literal["a,b]", "c"] | str', '"a,b]"'),
        ('Literal["x"]', '"x"'),
        ("Literal[True] | None", "True"),
        ("Literal[-1, 2]", "-1"),
        ("str", '"string"'),
        ("list[int]", "[]"),
    ],
)
def test_a_placeholder_is_a_value_of_the_type(annotation: str, value: str) -> None:
    assert environment().filters["placeholder"](annotation) == value


def test_literal_unions_render_files_that_parse(tmp_path: Path) -> None:
    body = {
        "type": "object",
        "required": ["owner_type", "mode"],
        "properties": {
            "owner_type": {"oneOf": [{"type": "integer", "enum": [1]}, {"type": "integer", "enum": [2, 3]}]},
            "mode": {"type": "string", "enum": ["a,b]", "c"]},
        },
    }
    paths = {
        "/things": {
            "post": {
                "operationId": "create_thing",
                "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                "responses": {"204": {"description": "done"}},
            }
        }
    }
    files = render(build_api(spec({}, paths), tmp_path))
    for path, text in files.items():
        if path.endswith(".py"):
            ast.parse(text, filename=path)  # raises SyntaxError naming the file and line
    tests = next(text for path, text in files.items() if path.endswith("test_operations.py"))
    assert '"owner_type": 1,' in tests and '"mode": "a,b]",' in tests
