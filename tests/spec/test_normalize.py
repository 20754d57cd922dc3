"""Real specs' mistakes with one obvious intent: a located warning each, the document read as that intent says
(``spec.data``; the loaded ``source.data`` never changes), an error under ``--strict``. Each class is a ten-line spec."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from generator.errors import GenerationFailed
from generator.spec.locate import Locator
from generator.spec.validate import validate

from .helpers import HEAD, lines, problems, source, spec

SCHEMAS = HEAD + "paths: {}\ncomponents:\n  schemas:\n"


def test_properties_holding_a_ref_is_read_as_allof_of_that_schema(tmp_path: Path) -> None:
    text = SCHEMAS + (
        "    Base: {type: object, properties: {id: {type: string}}}\n"
        "    Pet:\n"
        "      type: object\n"
        "      required: [id]\n"
        "      properties:\n"
        '        $ref: "#/components/schemas/Base"\n'
        "        name: {type: string}\n"
    )
    result = spec(tmp_path, text)
    assert result.data["components"]["schemas"]["Pet"] == {
        "type": "object",
        "required": ["id"],  # declared by Base, now reached through allOf: no second warning
        "properties": {"name": {"type": "string"}},
        "allOf": [{"$ref": "#/components/schemas/Base"}],
    }
    assert lines(list(result.warnings)) == [
        "11:9: /components/schemas/Pet/properties/$ref: warning: `properties` maps property names to schemas, so "
        "`$ref` here names no property: read as `allOf: [{$ref: '#/components/schemas/Base'}]` (the properties of "
        "that schema); move the `$ref` into `allOf`"
    ]
    assert "$ref" in result.source.data["components"]["schemas"]["Pet"]["properties"]  # the loaded data as it was


@pytest.mark.parametrize(
    ("ref", "names"),
    [
        ("#/components/parameters/Limit", "names a parameter"),
        ("#/paths", "names the paths section"),
        ("#", "names the whole document"),
        ("#/components/schemas", "names a map of schemas"),
    ],
)
def test_a_schema_ref_to_the_wrong_kind_of_object_loosens_that_schema_only(tmp_path: Path, ref: str, names: str) -> None:
    text = SCHEMAS + (
        f'    Bad: {{$ref: "{ref}", description: kept for the docs}}\n'
        "    Good: {type: object, properties: {bad: {$ref: '#/components/schemas/Bad'}, n: {type: integer}}}\n"
        "  parameters:\n"
        "    Limit: {name: limit, in: query, schema: {type: integer}}\n"
    )
    result = spec(tmp_path, text)
    schemas = result.data["components"]["schemas"]
    assert schemas["Bad"] == {"description": "kept for the docs"}
    assert schemas["Good"]["properties"]["n"] == {"type": "integer"}
    (warning,) = lines(list(result.warnings))
    assert warning.startswith(f"6:11: /components/schemas/Bad/$ref: warning: reference {ref!r} {names}, but a schema ")
    assert warning.endswith("point it at a schema (under #/components/schemas); the schema is read as any JSON value (untyped)")


def test_a_schema_ref_to_nothing_or_in_a_circle_loosens_those_schemas(tmp_path: Path) -> None:
    text = SCHEMAS + (
        "    A: {$ref: '#/components/schemas/B'}\n"
        "    B: {$ref: '#/components/schemas/A'}\n"
        "    C: {type: object, properties: {gone: {$ref: '#/components/schemas/Nope'}}}\n"
    )
    result = spec(tmp_path, text)
    schemas = result.data["components"]["schemas"]
    assert (schemas["A"], schemas["B"], schemas["C"]["properties"]["gone"]) == ({}, {}, {})
    assert lines(list(result.warnings)) == [
        "6:9: /components/schemas/A/$ref: warning: circular reference: #/components/schemas/A -> "
        "#/components/schemas/B -> #/components/schemas/A; the schema is read as any JSON value (untyped)",
        "7:9: /components/schemas/B/$ref: warning: circular reference: #/components/schemas/B -> "
        "#/components/schemas/A -> #/components/schemas/B; the schema is read as any JSON value (untyped)",
        "8:43: /components/schemas/C/properties/gone/$ref: warning: reference '#/components/schemas/Nope' points "
        "at nothing; the schema is read as any JSON value (untyped)",
    ]


def test_a_loosened_schema_takes_what_is_inside_it_along(tmp_path: Path) -> None:
    text = SCHEMAS + (
        "    A:\n"
        "      $ref: '#/nope'\n"
        "      properties: {b: {$ref: '#/nope/either'}, c: {$ref: '#/components/schemas/My%20C'}}\n"
        "    My C: {type: string}\n"
    )
    result = spec(tmp_path, text)
    assert result.data["components"]["schemas"]["A"] == {}
    assert [w.pointer for w in result.warnings] == ["/components/schemas/A/$ref"]


def test_a_ref_to_the_wrong_kind_where_no_schema_stands_is_an_error(tmp_path: Path) -> None:
    text = HEAD + (
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      parameters: [{$ref: '#/components/schemas/Id'}]\n"
        "      responses:\n"
        "        '200': {$ref: '#/components/schemas/Id'}\n"
        "      operationId: getA\n"
        "components:\n"
        "  schemas:\n"
        "    Id: {type: string}\n"
    )
    assert lines(problems(tmp_path, text)) == [
        "6:21: /paths/~1a/get/parameters/0/$ref: reference '#/components/schemas/Id' names a schema, but a parameter "
        "belongs here: point it at a parameter (under #/components/parameters)",
        "8:17: /paths/~1a/get/responses/200/$ref: reference '#/components/schemas/Id' names a schema, but a response "
        "belongs here: point it at a response (under #/components/responses)",
    ]


def test_a_required_name_no_property_declares_is_ignored(tmp_path: Path) -> None:
    text = SCHEMAS + (
        "    Pet: {type: object, required: [id, nmae], properties: {id: {type: string}, name: {type: string}}}\n"
        "    Paged:  # an abstract base: what it requires, each extension declares\n"
        "      type: object\n"
        "      required: [items, total]\n"
        "      properties: {total: {type: integer}}\n"
        "    Pets: {allOf: [{$ref: '#/components/schemas/Paged'}, {properties: {items: {type: array}}}]}\n"
        "    Either: {properties: {a: {}, b: {}}, oneOf: [{required: [a]}, {required: [b]}]}\n"
    )
    result = spec(tmp_path, text)
    assert lines(list(result.warnings)) == [
        "6:25: /components/schemas/Pet/required: warning: `required` names 'nmae', which no property declares: "
        "ignored (declare the property in `properties`, or remove the name from `required`)"
    ]
    assert result.data is result.source.data  # nothing to correct: the model layer ignores such a name


def test_an_empty_enum_is_accepted_with_a_warning(tmp_path: Path) -> None:
    result = spec(tmp_path, SCHEMAS + "    Kind: {type: string, enum: []}\n")
    assert result.data["components"]["schemas"]["Kind"] == {"type": "string", "enum": []}
    assert lines(list(result.warnings)) == [
        "6:26: /components/schemas/Kind/enum: warning: `enum` is empty, so no value is valid here: a client reads "
        "any value and cannot send one (list the allowed values, or remove `enum`)"
    ]


def test_boolean_schemas_of_3_1_are_read_as_the_schemas_they_mean(tmp_path: Path) -> None:
    text = SCHEMAS + (
        "    A:\n"
        "      type: object\n"
        "      properties: {none: {type: array, items: false}, anything: true}\n"
        "      additionalProperties: true\n"
        "      unevaluatedProperties: false\n"
    )
    result = spec(tmp_path, text)
    assert result.warnings == ()
    assert result.data["components"]["schemas"]["A"] == {
        "type": "object",
        "properties": {"none": {"type": "array", "items": {"not": {}}}, "anything": {}},
        "additionalProperties": True,
        "unevaluatedProperties": {"not": {}},
    }


def test_a_boolean_schema_in_3_0_is_read_the_same_with_a_warning(tmp_path: Path) -> None:
    text = SCHEMAS.replace("3.1.0", "3.0.3") + "    A: {type: array, items: false, additionalProperties: false}\n"
    result = spec(tmp_path, text)
    assert result.data["components"]["schemas"]["A"]["items"] == {"not": {}}
    assert lines(list(result.warnings)) == [
        "6:22: /components/schemas/A/items: warning: a boolean schema is OpenAPI 3.1; in 3.0 write {not: {}} (read as that)"
    ]


def test_a_path_parameter_not_marked_required_is_read_as_required(tmp_path: Path) -> None:
    text = HEAD + (
        "paths:\n"
        "  /pets/{id}:\n"
        "    get:\n"
        "      parameters: [{name: id, in: path, schema: {type: string}}]\n"
        "      responses: {'204': {description: gone}}\n"
        "      operationId: getPet\n"
    )
    result = spec(tmp_path, text)
    assert result.data["paths"]["/pets/{id}"]["get"]["parameters"][0]["required"] is True
    assert lines(list(result.warnings)) == [
        "6:20: /paths/~1pets~1{id}/get/parameters/0: warning: path parameter 'id' is not marked `required: true`; "
        "a path parameter is always required: read as required (add `required: true`)"
    ]


def test_a_path_without_its_leading_slash_is_read_with_it_and_still_located_in_the_file(tmp_path: Path) -> None:
    text = HEAD + (
        "paths:\n"
        "  pets/{id}:\n"
        "    get:\n"
        "      operationId: getPet\n"
        "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
        "      responses: {'200': {$ref: '#/paths/pets~1%7Bid%7D/get/responses/204'}, '204': {description: ok}}\n"
    )
    result = spec(tmp_path, text)
    assert list(result.data["paths"]) == ["/pets/{id}"]
    responses = result.data["paths"]["/pets/{id}"]["get"]["responses"]
    assert responses["200"] == {"$ref": "#/paths/~1pets~1{id}/get/responses/204"}  # followed the rename
    assert lines(list(result.warnings)) == [
        "4:3: /paths/pets~1{id}: warning: a path must start with '/': 'pets/{id}' is read as '/pets/{id}'"
    ]
    # a later stage's pointer, in the document as read, is located where the file writes it
    assert Locator(result.source).position("/paths/~1pets~1{id}/get/operationId") == (6, 7)


def test_percent_encoded_references_get_one_spelling(tmp_path: Path) -> None:
    text = HEAD + (
        "paths:\n"
        "  /users/{id}:\n"
        "    get:\n"
        "      parameters: [{name: id, in: path, required: true, schema: {$ref: '#/components/schemas/User%20Id'}}]\n"
        "      responses:\n"
        "        '200': {$ref: '#/paths/~1users~1%7Bid%7D/get/responses/default'}\n"
        "        default: {description: ok}\n"
        "      operationId: getUser\n"
        "components: {schemas: {User Id: {type: string}}}\n"
    )
    result = spec(tmp_path, text)
    op = result.data["paths"]["/users/{id}"]["get"]
    assert op["parameters"][0]["schema"] == {"$ref": "#/components/schemas/User Id"}
    assert op["responses"]["200"] == {"$ref": "#/paths/~1users~1{id}/get/responses/default"}
    assert result.warnings == ()


def test_under_strict_every_warning_is_an_error(tmp_path: Path) -> None:
    text = SCHEMAS + "    Kind: {type: string, enum: []}\n    Pet: {required: [x], properties: {}}\n"
    loaded = source(tmp_path, text)
    before = copy.deepcopy(loaded.data)
    with pytest.raises(GenerationFailed) as failed:
        validate(loaded, strict=True)
    assert [e.level for e in failed.value.errors] == ["error", "error"]
    assert [e.pointer for e in failed.value.errors] == ["/components/schemas/Kind/enum", "/components/schemas/Pet/required"]
    assert loaded.data == before
