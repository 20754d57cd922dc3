"""The contract layer's argument values: built from small schemas, each valid against the schema it came from."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .values import BINARY, Document, string_matching

DOC = Document(
    {
        "openapi": "3.0.3",
        "paths": {},
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["name", "kind"],
                    "properties": {
                        "name": {"type": "string"},
                        "kind": {"$ref": "#/components/schemas/Kind"},
                        "tag": {"type": "string"},
                    },
                },
                "Kind": {"type": "string", "enum": ["cat", "dog"]},
                "Named": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Pet"},
                        {"required": ["age"], "properties": {"age": {"type": "integer", "minimum": 3}}},
                    ]
                },
                "Node": {
                    "type": "object",
                    "required": ["child"],
                    "properties": {"child": {"$ref": "#/components/schemas/Node"}},
                },
                "a/b": {"type": "boolean"},
            }
        },
    }
)


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"type": "string", "format": "uuid"}, "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ({"type": "string", "format": "date-time"}, "2024-01-02T03:04:05Z"),
        ({"type": "string", "format": "binary"}, BINARY),
        ({"type": "string", "minLength": 10}, "stringxxxx"),
        ({"type": "string", "maxLength": 3}, "str"),
        ({"type": "integer", "minimum": 5, "exclusiveMinimum": True}, 6),
        ({"type": "integer", "exclusiveMinimum": 5}, 6),
        ({"type": "number", "maximum": -2}, -2),
        ({"type": "integer", "minimum": 1, "multipleOf": 5}, 5),
        ({"type": ["null", "boolean"]}, True),
        ({"enum": [None]}, None),
        ({"const": "fixed"}, "fixed"),
        ({"oneOf": [{"type": "null"}, {"type": "integer"}]}, 1),
        ({"type": "array", "items": {"type": "string", "enum": ["x", "y"]}, "minItems": 2}, ["x", "x"]),
        ({"type": "array", "prefixItems": [{"type": "string"}, {"type": "boolean"}]}, ["string", True]),
        ({"$ref": "#/components/schemas/Pet"}, {"name": "string", "kind": "cat"}),
        ({"$ref": "#/components/schemas/Named"}, {"name": "string", "kind": "cat", "age": 3}),
        ({"$ref": "#/components/schemas/a~1b"}, True),
        ({"$ref": "#/components/schemas/a%7E1b"}, True),
    ],
)
def test_a_value_built_from_a_schema_satisfies_its_keywords(schema: dict[str, Any], value: Any) -> None:
    assert DOC.sample(schema, examples=False) == value


def test_the_spec_example_comes_first_and_a_default_only_with_examples() -> None:
    schema = {"type": "string", "example": "from the spec", "default": "the default"}
    assert DOC.sample(schema) == "from the spec"
    assert DOC.sample({"type": "string", "default": 1}) == 1
    assert DOC.sample({"type": "string", "default": 1}, examples=False) == "string"


def test_a_schema_that_requires_itself_stops_at_the_depth_limit() -> None:
    value = DOC.sample({"$ref": "#/components/schemas/Node"}, examples=False)
    depth = 0
    while isinstance(value, dict):
        value, depth = value["child"], depth + 1
    assert value is None and depth > 5


@pytest.mark.parametrize(
    ("pattern", "min_len", "max_len"),
    [
        (r"^[a-z]{3}-\d+$", 0, None),
        (r"^CA[0-9a-fA-F]{32}$", 0, None),
        (r"[A-Z]{2}", 5, 10),
        (r"^(?!-)[a-z0-9-]{1,63}$", 5, 10),
        (r"^\+?[1-9]\d{1,14}$", 0, None),
        (r"^(foo|bar)_[^/]+$", 0, None),
        (r"(\w)\1", 0, None),
    ],
)
def test_a_string_made_for_a_pattern_matches_it_within_the_lengths(
    pattern: str, min_len: int, max_len: int | None
) -> None:
    text = string_matching(pattern, min_len, max_len)
    assert text is not None and re.search(pattern, text)
    assert len(text) >= min_len and (max_len is None or len(text) <= max_len)
