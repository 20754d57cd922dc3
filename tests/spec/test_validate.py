"""Validation in one run: every problem it can find, from every check, sorted by file and line; messages in
OpenAPI's words; a schema openapi-pydantic refuses is loosened alone; what cannot be sent on the wire is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import GenerationFailed
from generator.spec.validate import validate

from .helpers import HEAD, lines, problems, source, spec


def test_every_problem_of_every_check_is_reported_in_one_run_sorted_by_line(tmp_path: Path) -> None:
    text = (
        "openapi: 3.1.0\n"
        "info: {title: t, version: 1}\n"  # structure
        "paths:\n"
        "  /a/{id}:\n"  # path parameter not declared (a warning: read as a string)
        "    get:\n"
        "      operationId: same\n"
        "      x-sdksmith-name: Not Snake\n"  # extension
        "      responses: {'200': {$ref: '#/components/responses/Nope'}}\n"  # reference
        "  /b:\n"
        "    get:\n"
        "      operationId: same\n"  # duplicate operationId (a warning: read without it)
        "      responses: {'200': {description: ok, content: {application/json: {schema: {enum: []}}}}}\n"  # warning
    )
    found = problems(tmp_path, text)
    assert [(e.line, e.level) for e in found] == [
        (2, "error"), (5, "warning"), (7, "error"), (8, "error"), (11, "warning"), (12, "warning")
    ]
    assert lines(found)[0] == "2:18: /info/version: `version` must be a string, found 1"


def test_problems_in_other_files_are_sorted_by_file_then_line(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("Pet: {type: object, required: [x], properties: {y: {}}}\n")
    (tmp_path / "a.yaml").write_text("Owner: {type: object, required: [z], properties: {}}\n")
    text = HEAD + (
        "paths:\n"
        "  /p:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {description: ok, content: {application/json: {schema: {$ref: 'b.yaml#/Pet'}}}}\n"
        "        '201': {description: ok, content: {application/json: {schema: {$ref: 'a.yaml#/Owner'}}}}\n"
        "        x: {description: bad key}\n"
        "      operationId: getP\n"
    )
    found = problems(tmp_path, text)
    assert [(Path(e.file).name, e.line) for e in found] == [("a.yaml", 1), ("api.yaml", 9), ("b.yaml", 1)]


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ("{type: strnig}", "`type` must be one of 'null', 'string', 'number', 'integer', 'boolean', 'array' or 'object', found 'strnig'"),
        ("{type: object, required: notalist}", "`required` must be a list, found 'notalist'"),
        ("{type: string, maxLength: many}", "`maxLength` must be an integer, found 'many'"),
        ("{type: object, properties: [a, b]}", "`properties` must be a mapping, found a list"),
        ("string", "`Bad` must be a mapping, found 'string'"),
    ],
)
def test_a_schema_openapi_pydantic_refuses_is_worded_in_openapi_terms_and_loosened_alone(
    tmp_path: Path, schema: str, message: str
) -> None:
    text = HEAD + (
        "paths:\n"
        "  /good: {get: {operationId: good, responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Good'}}}}}}}\n"
        "  /bad: {get: {operationId: bad, responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Bad'}}}}}}}\n"
        "components:\n"
        "  schemas:\n"
        "    Good: {type: object, properties: {id: {type: integer}}}\n"
        f"    Bad: {schema}\n"
    )
    result = spec(tmp_path, text)
    (warning,) = result.warnings
    assert warning.line == 9 and warning.level == "warning"
    assert warning.message.startswith(message + "; "), warning.message
    assert warning.message.endswith("read as any JSON value (untyped)")
    assert "should" not in warning.message  # pydantic's wording stays out
    assert result.data["components"]["schemas"]["Bad"] == {}
    assert result.data["components"]["schemas"]["Good"] == {"type": "object", "properties": {"id": {"type": "integer"}}}
    with pytest.raises(GenerationFailed):
        validate(result.source, strict=True)


def test_a_problem_outside_any_schema_is_an_error_in_openapi_terms(tmp_path: Path) -> None:
    text = HEAD + "paths:\n  /a: {get: {responses: {'200': {content: {}}}, operationId: a}}\n"
    assert lines(problems(tmp_path, text)) == ["4:26: /paths/~1a/get/responses/200: `description` is required here"]


def test_an_api_key_header_that_no_client_can_send_is_an_error(tmp_path: Path) -> None:
    text = HEAD + (
        "paths: {}\n"
        "components:\n"
        "  securitySchemes:\n"
        '    key: {type: apiKey, in: header, name: "X-Key\\r\\nX-Evil: 1"}\n'
        "    fine: {type: apiKey, in: query, name: 'api key'}\n"
        "  parameters:\n"
        "    Trace: {name: 'X Trace', in: header, schema: {type: string}}\n"
    )
    assert lines(problems(tmp_path, text)) == [
        "6:37: /components/securitySchemes/key/name: header name 'X-Key\\r\\nX-Evil: 1' is not an HTTP token: it may "
        "hold only letters, digits and !#$%&'*+-.^_`|~ (no spaces, colons or line breaks); no client can send this "
        "credential",
        "9:13: /components/parameters/Trace/name: warning: header name 'X Trace' is not an HTTP token: it may hold "
        "only letters, digits and !#$%&'*+-.^_`|~ (no spaces, colons or line breaks); a call that passes it fails",
    ]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_callbacks_given_as_references_are_valid(tmp_path: Path, version: str) -> None:
    text = HEAD.replace("3.1.0", version) + (
        "paths:\n"
        "  /subscribe:\n"
        "    post:\n"
        "      callbacks: {onEvent: {$ref: '#/components/callbacks/Event'}}\n"
        "      responses: {'204': {description: ok}}\n"
        "      operationId: subscribe\n"
        "components:\n"
        "  callbacks:\n"
        "    Event: {'{$request.body#/url}': {post: {responses: {'200': {description: ok}}}}}\n"
    )
    assert spec(tmp_path, text).warnings == ()


def test_a_reference_that_leaves_the_document_is_still_refused(tmp_path: Path) -> None:
    text = HEAD + "paths: {}\ncomponents: {schemas: {A: {$ref: 'https://example.com/a.json'}}}\n"
    assert lines(problems(tmp_path, text)) == [
        "4:28: /components/schemas/A/$ref: remote reference 'https://example.com/a.json' refused: generation never uses the network"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "paths: []\n",
        "paths: {/a: []}\n",
        "paths: {/a: {get: []}}\n",
        "paths: {/a: {get: {parameters: {}, responses: []}}}\n",
        "paths: {/a: {parameters: [{$ref: 5}], get: {responses: {'200': {description: ok}}}}}\n",
        "paths: {}\ncomponents: []\n",
        "paths: {}\ncomponents: {schemas: [], securitySchemes: {k: []}}\n",
        "paths: {}\nservers: {url: x}\n",
        "paths: {}\nservers: [{url: x, variables: [a]}]\n",
        "paths: {/a: {get: {callbacks: [], responses: {'200': {description: ok}}}}}\n",
        "paths: {}\nx-sdksmith-envelope: [1]\n",
        "paths: {}\nwebhooks: {a: {$ref: '#/nope'}}\n",
    ],
)
def test_a_broken_shape_is_reported_never_a_crash(tmp_path: Path, body: str) -> None:
    with pytest.raises(GenerationFailed) as failed:
        validate(source(tmp_path, HEAD + body))
    assert failed.value.errors and all(e.line >= 1 for e in failed.value.errors)
