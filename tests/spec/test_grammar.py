"""The OpenAPI grammar as data: the kind of object at a pointer, and a walk of every object with its kind."""

from __future__ import annotations

import pytest

from generator.spec.grammar import describe, kind_at, walk

KINDS = [
    ("", "document"),
    ("/paths/~1a", "pathItem"),
    ("/paths/~1a/get", "operation"),
    ("/paths/~1a/parameters/0", "parameter"),
    ("/paths/~1a/get/parameters/1/schema", "schema"),
    ("/paths/~1a/get/requestBody/content/application~1json/schema/properties/x", "schema"),
    ("/paths/~1a/get/responses", "responses"),
    ("/paths/~1a/get/responses/200", "response"),
    ("/paths/~1a/get/responses/200/headers/X-Rate/schema", "schema"),
    ("/paths/~1a/get/callbacks/cb", "callback"),
    ("/paths/~1a/get/callbacks/cb/{$request.body#~1url}/post", "operation"),
    ("/webhooks/new", "pathItem"),
    ("/components/schemas/A", "schema"),
    ("/components/schemas/A/allOf/0/items", "schema"),
    ("/components/schemas/A/items/1", "schema"),  # the tuple form of older drafts
    ("/components/schemas/A/properties/x-not-an-extension", "schema"),
    ("/components/schemas/A/additionalProperties/properties/b/not", "schema"),
    ("/components/schemas", "map:schema"),
    ("/components/schemas/A/allOf", "list:schema"),
    ("/components/parameters/P", "parameter"),
    ("/components/responses/R/content/text~1plain/examples/e", "example"),
    ("/components/securitySchemes/key", "securityScheme"),
    ("/components/callbacks/C/{url}", "pathItem"),
    ("/components/pathItems/I/get", "operation"),
    # where OpenAPI says nothing
    ("/paths/x-extension", None),
    ("/paths/~1a/get/responses/x-extension", None),
    ("/components/schemas/A/example/properties", None),
    ("/components/schemas/A/enum/0", None),
    ("/info/title", None),
    ("/x-anything/schema", None),
]


@pytest.mark.parametrize(("pointer", "kind"), KINDS)
def test_the_kind_at_a_pointer_comes_from_the_grammar(pointer: str, kind: str | None) -> None:
    assert kind_at(pointer) == kind


def test_kinds_are_described_in_openapi_words() -> None:
    assert [describe(k) for k in ("schema", "parameter", "document", "map:schema", "list:parameter", None)] == [
        "a schema", "a parameter", "the whole document", "a map of schemas", "a list of parameters",
        "something OpenAPI does not define",
    ]


def test_walk_visits_every_object_with_its_kind_in_document_order_without_following_references() -> None:
    data = {
        "openapi": "3.1.0",
        "paths": {
            "/a": {"get": {"parameters": [{"$ref": "#/components/parameters/P"}], "responses": {"200": {"description": "ok"}}}},
            "x-ext": {"get": {}},
        },
        "components": {
            "schemas": {"A": {"properties": {"b": True, "c": {"items": {"type": "string"}}}, "example": {"properties": {}}}},
            "parameters": {"P": {"name": "p", "in": "query", "schema": {"$ref": "#/components/schemas/A"}}},
        },
    }
    assert [(p, k) for p, k, _v in walk(data)] == [
        ("", "document"),
        ("/paths", "paths"),
        ("/paths/~1a", "pathItem"),
        ("/paths/~1a/get", "operation"),
        ("/paths/~1a/get/parameters/0", "parameter"),
        ("/paths/~1a/get/responses", "responses"),
        ("/paths/~1a/get/responses/200", "response"),
        ("/components", "components"),
        ("/components/schemas/A", "schema"),
        ("/components/schemas/A/properties/b", "schema"),
        ("/components/schemas/A/properties/c", "schema"),
        ("/components/schemas/A/properties/c/items", "schema"),
        ("/components/parameters/P", "parameter"),
        ("/components/parameters/P/schema", "schema"),
    ]


def test_walk_is_iterative_whatever_the_depth() -> None:
    node: dict = {"type": "string"}
    for _ in range(5000):
        node = {"items": node}
    data = {"components": {"schemas": {"Deep": node}}}
    assert sum(1 for _p, kind, _v in walk(data) if kind == "schema") == 5001
