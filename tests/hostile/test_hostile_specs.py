"""Issue 17, the generator's half: hostile or broken specs are refused with a located message, read as valid when they
are, and never end in a signal, a hang or a silent drop. What could blow up runs in a child process with an
address-space limit and a timeout; every loop here is bounded. The last three cases are the model layer's (its
fixes landed separately); their minimal specs are kept here with the rest of the issue's."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.build import build
from generator.config import derived
from generator.errors import GenerationFailed
from generator.names import WINDOWS_DEVICES
from generator.pipeline import produce
from generator.spec.load import load
from generator.spec.validate import validate

from hostile_kit import ROOT, assert_sound, generate, write_spec

MEMORY = 2 * 1024**3  # bytes of address space a child may use
TIMEOUT = 120  # seconds


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in a child process that cannot take the machine with it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT, timeout=TIMEOUT,
        preexec_fn=_limits,
    )


def _ops(**operations: Any) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": operations}


# -- documents that attack the reader --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("flow.yaml", "x-deep: " + "[" * 60_000 + "]" * 60_000),  # 120 KB: SIGSEGV in the C composer before
        ("block.yaml", "x-deep:\n" + "- " * 60_000 + "x"),
        ("mappings.yaml", "x-deep: " + "{a: " * 30_000 + "1" + "}" * 30_000),
        ("deep.json", None),
    ],
)
def test_sixty_thousand_nested_levels_are_a_located_error_never_a_signal(tmp_path: Path, name: str, body: str | None) -> None:
    path = tmp_path / name
    if body is None:
        path.write_text('{"openapi": "3.1.0", "x-deep": ' + "[" * 60_000 + "]" * 60_000 + "}")
    else:
        path.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n" + body + "\n")
    result = bounded("validate", str(path))
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])  # a signal is a negative status
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}:") and line.endswith(": nesting deeper than 200 levels"), line[:300]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_two_path_items_for_one_path_are_an_error_naming_both_lines(tmp_path: Path, suffix: str) -> None:
    get = {"get": {"responses": {"200": {"description": "ok"}}}}
    text = json.dumps(_ops(**{"/a": get, "/b": get}), indent=1).replace('"/b"', '"/a"')
    if suffix == ".yaml":
        text = text.replace("{", "{ ")  # JSON is YAML: the same document through the YAML reader
    path = tmp_path / f"api{suffix}"
    path.write_text(text)
    with pytest.raises(GenerationFailed) as failed:
        load(path)
    (error,) = failed.value.errors
    first, second = (n for n, line in enumerate(text.splitlines(), 1) if '"/a"' in line)
    assert (error.pointer, error.line) == ("/paths/~1a", second)
    assert f"duplicate key '/a' (also on line {first})" in error.message


def test_nan_and_infinity_in_json_are_refused_where_they_stand(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    path.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},\n'
                    ' "components": {"schemas": {"A": {"type": "number", "maximum": Infinity, "default": NaN}}}}')
    with pytest.raises(GenerationFailed) as failed:
        load(path)
    assert [(e.line, e.pointer) for e in failed.value.errors] == [
        (2, "/components/schemas/A/maximum"), (2, "/components/schemas/A/default")
    ]


# -- names that become files ------------------------------------------------------------------------------------


def test_file_names_are_bounded_and_never_windows_device_names(tmp_path: Path) -> None:
    long = "p" + "x" * 300
    schemas: dict[str, Any] = {f"M{i}": {"type": "object", "properties": {"a": {"type": "string"}}} for i in range(160)}
    schemas["M0"]["properties"][long] = {"type": "object", "properties": {"b": {"type": "string"}}}  # a nested class
    schemas["Con"] = {"type": "object", "properties": {"aux": {"type": "string"}}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/M0"}}}}}
    spec = _ops(**{f"/{tag}": {"get": {"operationId": f"get_{tag}", "tags": [tag], "responses": ok}} for tag in ("con", "AUX", "nul", "com1", "lpt9")})
    spec["components"] = {"schemas": schemas}
    out = tmp_path / "out"
    files = generate(write_spec(spec, tmp_path / "api.yaml"), out, "names")  # OSError: File name too long before
    assert any("/models/" in f for f in files), "150+ models: one module per model"
    for rel in files:
        for part in Path(rel).parts:
            assert len(part.encode()) <= 100, part
            assert part.split(".")[0].lower() not in WINDOWS_DEVICES, rel
    assert_sound(out, "names_client", mypy=False)


# -- valid specs are read as valid -------------------------------------------------------------------------------

VALID = """\
openapi: 3.1.0
info: {title: Valid but unusual, version: "1"}
paths:
  /users/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getUser
      responses:
        200: {$ref: "#/paths/~1users~1%7Bid%7D/get/responses/default"}
        default:
          description: a user
          content: {application/json: {schema: {$ref: "#/components/schemas/User%20Record"}}}
  /subscribe:
    post:
      operationId: subscribe
      callbacks: {onEvent: {$ref: "#/components/callbacks/Event"}}
      responses: {"204": {description: ok}}
components:
  callbacks:
    Event:
      "{$request.body#/url}":
        post:
          requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Event"}}}}
          responses: {"200": {description: ok}}
  schemas:
    Event: {type: object, properties: {id: {type: string}}}
    User Record:
      type: object
      properties:
        True: {type: boolean}
        null: {type: string}
        1.5: {type: number}
        none: {type: array, items: false}
        anything: true
        extra: {type: object, additionalProperties: true}
      unevaluatedProperties: false
"""


def test_valid_but_unusual_specs_generate_a_sound_client(tmp_path: Path) -> None:
    """3.1 boolean schemas, callbacks given as ``$ref``, percent-encoded pointers, keys YAML would read as
    booleans, nulls and numbers: all valid, all generated without a warning."""
    spec = write_spec(VALID, tmp_path / "api.yaml")
    generation = produce(derived(spec, tmp_path / "out", "unusual"), changelog="")
    assert generation.warnings == ()
    models = generation.files["src/unusual_client/models.py"]
    assert "class UserRecord(BaseModel)" in models and "class Event(BaseModel)" in models
    assert 'alias="True"' in models and 'alias="1.5"' in models and "    null: str | None" in models
    methods = generation.files["src/unusual_client/resources/users.py"]
    assert "-> models.UserRecord:" in methods  # the percent-encoded references were followed
    out = generate(spec, tmp_path / "out", "unusual")
    assert out
    assert_sound(tmp_path / "out", "unusual_client")


# -- invalid specs: refused, or read as their obvious intent -----------------------------------------------------


def test_an_api_key_header_with_a_line_break_is_refused(tmp_path: Path) -> None:
    spec = _ops()
    spec["components"] = {"securitySchemes": {"k": {"type": "apiKey", "in": "header", "name": "X-Key\r\nX-Evil: 1"}}}
    with pytest.raises(GenerationFailed) as failed:
        generate(write_spec(spec, tmp_path / "api.yaml"), tmp_path / "out", "t")
    (error,) = failed.value.errors
    assert error.pointer == "/components/securitySchemes/k/name" and "is not an HTTP token" in error.message
    assert not (tmp_path / "out").exists()


def test_a_path_without_slash_and_an_optional_path_parameter_are_warnings_and_still_work(tmp_path: Path) -> None:
    spec = _ops(**{"pets/{id}": {"get": {
        "operationId": "getPet",
        "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
        "responses": {"204": {"description": "ok"}},
    }}})
    path = write_spec(spec, tmp_path / "api.yaml")
    config = derived(path, tmp_path / "out", "pets")
    generation = produce(config, changelog="")
    assert [w.pointer for w in generation.warnings] == ["/paths/pets~1{id}", "/paths/pets~1{id}/get/parameters/0"]
    methods = generation.files["src/pets_client/resources/pets.py"]
    assert 'path="/pets/{id}"' in methods and re.search(r"def get_pet\(\s*self,\s*id: str,\s*\*,", methods)  # path parameters are positional
    with pytest.raises(GenerationFailed):
        produce(config, changelog="", strict=True)


# -- model-layer problems the issue found, fixed there (main 02e81b4): their minimal specs stay here ---------------


def _api(tmp_path: Path, schemas: dict[str, Any], root: str) -> Any:
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{root}"}}}}}
    spec = _ops(**{"/v": {"get": {"operationId": "getValue", "responses": ok}}})
    spec["components"] = {"schemas": schemas}
    path = write_spec(spec, tmp_path / "api.yaml")
    return build(validate(load(path)), derived(path, tmp_path / "out", "m"))


def test_the_recursive_any_json_value_schema_is_a_small_named_alias(tmp_path: Path) -> None:
    """It was a 360 KB return annotation that black never finished formatting (a hang)."""
    value = {"oneOf": [
        {"type": "string"}, {"type": "number"}, {"type": "boolean"},
        {"type": "array", "items": {"$ref": "#/components/schemas/JsonValue"}},
        {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/JsonValue"}},
    ]}
    api = _api(tmp_path, {"JsonValue": value}, "JsonValue")
    assert len(api.resources[0].methods[0].result_type) < 200
    assert [(m.name, m.kind) for m in api.models] == [("JsonValue", "alias")]


def test_date_and_date_time_defaults_are_python_dates(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {
        "since": {"type": "string", "format": "date", "default": "2024-01-31"},
        "at": {"type": "string", "format": "date-time", "default": "2024-01-31T12:00:00Z"},
    }}
    (model,) = _api(tmp_path, {"Window": schema}, "Window").models
    defaults = {f.wire: f.default for f in model.fields}
    assert defaults["since"] == "_datetime.date(2024, 1, 31)"
    assert defaults["at"].startswith("_datetime.datetime(2024, 1, 31, 12")


def test_pattern_properties_are_a_str_keyed_dict(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {
        "labels": {"type": "object", "patternProperties": {"^[a-z]+$": {"type": "string"}}},
    }}
    (model,) = _api(tmp_path, {"Thing": schema}, "Thing").models
    assert [f.annotation for f in model.fields] == ["dict[str, str] | None"]


def test_a_discriminated_union_whose_variants_extend_it_generates_without_walking_every_path(tmp_path: Path) -> None:
    """Komga (springdoc): ``Op`` is ``oneOf`` four variants that are each ``allOf [Op]``. Reading the names a schema
    declares walked every path through that loop to depth 32, 4**32 walks: the run never ended."""
    variants = {f"Op{v}": {"allOf": [{"$ref": "#/components/schemas/Op"}]} for v in "ABCD"}
    op = {
        "type": "object", "required": ["operator"], "properties": {"operator": {"type": "string"}},
        "discriminator": {"propertyName": "operator"},
        "oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in variants],
    }
    post = {"post": {"operationId": "postOp", "responses": {"204": {"description": "ok"}},
                     "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Op"}}}}}}
    document = {**_ops(**{"/ops": post}), "components": {"schemas": {"Op": op, **variants}}}
    path = tmp_path / "loop.json"
    path.write_text(json.dumps(document))
    result = bounded("generate", str(path), "--out", str(tmp_path / "out"), "-q")
    assert result.returncode == 0, result.stderr[-1000:]
