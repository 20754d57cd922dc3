"""Mistakes inside operations, read as their intent (``spec.data``; the loaded data never changes). The located
warnings themselves are in tests/bad_specs/warnings/*.expected (test_bad_specs.py); here, what is read."""

from __future__ import annotations

from pathlib import Path

from generator.spec.load import load
from generator.spec.validate import validate

WARNINGS = Path(__file__).resolve().parents[1] / "bad_specs" / "warnings"


def _read(name: str) -> tuple[dict, dict]:
    source = load(WARNINGS / name)
    return validate(source).data, source.data


def test_a_placeholder_declared_in_query_is_the_path_parameter_without_query_styles() -> None:
    data, loaded = _read("path_param_in_query.yaml")
    params = data["paths"]["/exports/{job}"]["get"]["parameters"]
    assert params == [
        {"name": "job", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},  # the others as written
    ]
    assert loaded["paths"]["/exports/{job}"]["get"]["parameters"][0]["in"] == "query"


def test_an_undeclared_placeholder_is_a_required_string() -> None:
    data, _ = _read("undeclared_path_param.yaml")
    assert data["paths"]["/tokens/{token_id}"]["delete"]["parameters"] == [
        {"name": "token_id", "in": "path", "required": True, "schema": {"type": "string"}}
    ]


def test_null_scopes_are_no_scopes() -> None:
    data, loaded = _read("security_scopes_null.yaml")
    assert data["paths"]["/revoke"]["post"]["security"] == [{"oauth2": []}]
    assert loaded["paths"]["/revoke"]["post"]["security"] == [{"oauth2": None}]


def test_a_response_naming_a_request_body_is_read_as_that_body_s_description_and_content() -> None:
    data, _ = _read("response_ref_request_body.yaml")
    body = data["components"]["requestBodies"]["Data"]
    assert data["paths"]["/cache"]["put"]["responses"]["200"] == {"description": body["description"], "content": body["content"]}
    assert data["paths"]["/cache"]["put"]["requestBody"] == {"$ref": "#/components/requestBodies/Data"}  # right kind: kept


def test_a_placeholder_declared_on_the_path_item_in_query_is_fixed_there(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        'openapi: 3.1.0\ninfo: {title: t, version: "1"}\n'
        "components:\n  parameters:\n    Job: {name: job, in: query, explode: true, schema: {type: integer}}\n"
        "paths:\n  /jobs/{job}:\n    parameters: [{$ref: '#/components/parameters/Job'}]\n"
        "    get: {operationId: getJob, responses: {'204': {description: ok}}}\n"
        "  /jobs:\n    get: {operationId: listJobs, parameters: [{$ref: '#/components/parameters/Job'}], responses: {'204': {description: ok}}}\n"
    )
    data = validate(load(spec)).data
    # the entry on this path item becomes the path parameter; the shared component stays a query parameter for /jobs
    assert data["paths"]["/jobs/{job}"]["parameters"] == [{"name": "job", "in": "path", "required": True, "schema": {"type": "integer"}}]
    assert data["components"]["parameters"]["Job"]["in"] == "query"
    assert data["paths"]["/jobs"]["get"]["parameters"] == [{"$ref": "#/components/parameters/Job"}]


def test_a_requirement_naming_no_declared_scheme_is_left_out_and_none_left_is_open() -> None:
    data, _ = _read("security_undeclared_scheme.yaml")
    assert data["paths"]["/cache"]["get"]["security"] == [{"token": []}]
    assert data["paths"]["/open"]["get"]["security"] == []


def test_an_operation_whose_every_alternative_names_no_scheme_takes_the_document_s_security() -> None:
    """Dokploy: its 597 operations name an undeclared ``Authorization``; read as open, the client never sent its key."""
    data, loaded = _read("security_undeclared_inherits.yaml")
    assert "security" not in data["paths"]["/things"]["post"] and data["security"] == [{"apiKey": []}]
    assert loaded["paths"]["/things"]["post"]["security"] == [{"Authorization": []}]


def test_a_response_header_naming_a_header_parameter_is_read_as_that_parameter_without_name_and_in() -> None:
    data, _ = _read("header_ref_parameter.yaml")
    operation = data["paths"]["/tables/{name}"]["get"]
    assert operation["responses"]["200"]["headers"]["ETag"] == {"description": "The table's version", "schema": {"type": "string"}}
    assert operation["parameters"][1] == {"$ref": "#/components/parameters/etag"}  # right kind: kept


def test_a_union_member_of_only_nullable_true_is_read_as_null() -> None:
    data, loaded = _read("nullable_only_member.yaml")
    members = data["components"]["schemas"]["QueryRequest"]["properties"]["filter"]["anyOf"]
    assert members == [{"$ref": "#/components/schemas/Filter"}, {"nullable": True, "enum": [None]}]
    assert loaded["components"]["schemas"]["QueryRequest"]["properties"]["filter"]["anyOf"][1] == {"nullable": True}


def test_wildcard_content_describing_json_is_read_as_application_json() -> None:
    data, _ = _read("wildcard_json.yaml")
    operation = data["paths"]["/things"]["post"]
    assert list(operation["requestBody"]["content"]) == ["application/json"]
    assert list(operation["responses"]["200"]["content"]) == ["application/json"]
    assert list(operation["responses"]["204"]["content"]) == ["*/*"]  # binary: bytes, as written


def test_an_array_with_properties_is_read_as_the_array() -> None:
    data, loaded = _read("array_with_properties.yaml")
    conditions = data["components"]["schemas"]["Status"]["properties"]["conditions"]
    assert conditions == {"type": "array", "items": {"type": "string"}}
    assert "properties" in loaded["components"]["schemas"]["Status"]["properties"]["conditions"]


def test_a_response_key_with_the_status_reason_is_read_as_the_code() -> None:
    data, loaded = _read("status_with_reason.yaml")
    assert list(data["paths"]["/configs/{group}"]["put"]["responses"]) == ["204"]
    assert list(loaded["paths"]["/configs/{group}"]["put"]["responses"]) == ["204 NO_CONTENT"]


def test_a_scalar_type_with_items_is_read_as_an_array_of_them() -> None:
    data, _ = _read("scalar_type_with_items.yaml")
    prop = data["components"]["schemas"]["Query"]["properties"]["target_list_ids"]
    assert prop == {"type": "array", "items": {"type": "integer"}}
