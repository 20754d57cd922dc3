"""Relative file references are followed (bundled into one document), never out of the spec's folder unless allowed;
problems in a referenced file are located in that file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import GenerationFailed
from generator.spec.load import load
from generator.spec.validate import validate

from hostile_kit import assert_sound, cli, generate

API = """\
openapi: 3.0.3
info: {title: Pets in many files, version: "1"}
paths:
  /pets:
    $ref: paths/pets.yaml
  /owners/{id}:
    get:
      operationId: getOwner
      parameters:
        - $ref: "common.yaml#/parameters/Id"
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas/owner.json"}
components:
  schemas:
    Pet:
      $ref: schemas/pet.yaml
    Error:
      type: object
      properties:
        message: {type: string}
"""
FILES = {
    "common.yaml": """\
parameters:
  Id:
    name: id
    in: path
    required: true
    schema: {$ref: "#/Id"}
Id:
  type: string
  description: an id
""",
    "paths/pets.yaml": """\
get:
  operationId: listPets
  responses:
    "200":
      description: ok
      content:
        application/json:
          schema:
            type: array
            items: {$ref: "../schemas/pet.yaml"}
    default:
      description: err
      content:
        application/json:
          schema: {$ref: "../api.yaml#/components/schemas/Error"}
""",
    "schemas/pet.yaml": """\
type: object
required: [name]
properties:
  name: {type: string}
  owner: {$ref: "owner.json"}
  children:
    type: array
    items: {$ref: "#"}
""",
    "schemas/owner.json": json.dumps(
        {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "pets": {"type": "array", "items": {"$ref": "pet.yaml"}},
                "id": {"$ref": "../common.yaml#/Id"},
            },
        }
    ),
}


def _tree(folder: Path, files: dict[str, str], api: str = API) -> Path:
    for rel, text in {"api.yaml": api, **files}.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder / "api.yaml"


def test_file_references_are_bundled_with_stable_names(tmp_path: Path) -> None:
    source = load(_tree(tmp_path, FILES))
    data = source.data
    assert sorted(data["components"]["schemas"]) == ["Error", "Id", "Pet", "owner"]
    pet = data["components"]["schemas"]["Pet"]
    assert pet["properties"]["owner"] == {"$ref": "#/components/schemas/owner"}
    assert pet["properties"]["children"]["items"] == {"$ref": "#/components/schemas/Pet"}  # recursion kept
    listing = data["paths"]["/pets"]["get"]["responses"]
    assert listing["200"]["content"]["application/json"]["schema"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert listing["default"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    param = data["paths"]["/owners/{id}"]["get"]["parameters"][0]
    assert param["name"] == "id" and param["schema"] == {"$ref": "#/components/schemas/Id"}
    assert [p.name for p in source.files] == ["api.yaml", "common.yaml", "pets.yaml", "owner.json", "pet.yaml"]
    validate(source)


def test_bundled_spec_generates_a_sound_client(tmp_path: Path) -> None:
    files = generate(_tree(tmp_path / "spec", FILES), tmp_path / "out", "pets")
    models = files["src/pets_client/models.py"]
    assert "class Pet(BaseModel)" in models and "class Owner(BaseModel)" in models
    assert "children: list[Pet] | None" in models
    assert_sound(tmp_path / "out", "pets_client")


def test_bundling_does_not_depend_on_the_order_files_are_met(tmp_path: Path) -> None:
    api = API.replace("paths:\n  /pets:\n    $ref: paths/pets.yaml\n  /owners/{id}:", "paths:\n  /owners/{id}:")
    api = api.replace("components:", "  /pets:\n    $ref: paths/pets.yaml\ncomponents:", 1)
    assert api != API
    first = load(_tree(tmp_path / "a", FILES)).data
    second = load(_tree(tmp_path / "b", FILES, api)).data
    assert first["components"] == second["components"]


def test_clashing_schema_names_from_different_files_are_qualified(tmp_path: Path) -> None:
    api = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "v1/models.yaml#/Thing"}}}}
  /b:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "v2/models.yaml#/Thing"}}}}
components:
  schemas:
    Thing: {type: object, properties: {local: {type: string}}}
"""
    thing = "Thing: {type: object, properties: {%s: {type: string}}}\n"
    source = load(_tree(tmp_path, {"v1/models.yaml": thing % "one", "v2/models.yaml": thing % "two"}, api))
    schemas = source.data["components"]["schemas"]
    assert sorted(schemas) == ["Thing", "v1_models_Thing", "v2_models_Thing"]
    assert "one" in schemas["v1_models_Thing"]["properties"] and "local" in schemas["Thing"]["properties"]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("../outside.yaml#/Pet", "leads outside the folder holding the spec"),
        ("schemas/../../outside.yaml", "leads outside the folder holding the spec"),
        ("/etc/hostname", "leads outside the folder holding the spec"),
        ("missing.yaml#/Pet", "no such file"),
        ("schemas/pet.yaml#/nothing/here", "points at nothing"),
        ("https://example.com/pet.yaml", "remote reference"),
        ("//example.com/pet.yaml", "remote reference"),
        ("file:///etc/passwd", "remote reference"),
    ],
)
def test_bad_file_references_are_located_where_written(ref: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("Pet: {type: object}\n")
    api = API.replace('$ref: "schemas/owner.json"', f'$ref: "{ref}"')
    spec = _tree(tmp_path / "spec", FILES, api)
    with pytest.raises(GenerationFailed) as failed:
        validate(load(spec))
    (error,) = failed.value.errors
    assert message in error.message
    assert (error.file, error.line, error.pointer) == (
        str(spec),
        16,
        "/paths/~1owners~1{id}/get/responses/200/content/application~1json/schema/$ref",
    )


def test_references_outside_may_be_allowed(tmp_path: Path) -> None:
    (tmp_path / "shared.yaml").write_text("Pet: {type: object, properties: {name: {type: string}}}\n")
    api = API.replace('$ref: "schemas/owner.json"', '$ref: "../shared.yaml#/Pet"')
    spec = _tree(tmp_path / "spec", FILES, api)
    with pytest.raises(GenerationFailed):
        load(spec)
    source = load(spec, allow_outside=True)
    schema = source.data["paths"]["/owners/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/shared_Pet"}  # "Pet" is taken: qualified by its file
    validate(source)


def test_errors_inside_a_referenced_file_are_located_in_that_file(tmp_path: Path) -> None:
    broken = dict(FILES)
    broken["schemas/pet.yaml"] = "type: object\nproperties:\n  name: {type: string\n"
    spec = _tree(tmp_path, broken)
    result = cli("validate", str(spec))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{tmp_path / 'schemas' / 'pet.yaml'}:4:1: /: YAML error"), line

    invalid = dict(FILES)
    invalid["schemas/owner.json"] = json.dumps({"type": "object", "properties": {"name": {"type": "strin"}}}, indent=1)
    # a schema openapi-pydantic refuses is loosened with a warning (an error under --strict), located in its file
    (warning,) = validate(load(_tree(tmp_path / "b", invalid))).warnings
    assert warning.file == str(tmp_path / "b" / "schemas" / "owner.json")
    assert (warning.pointer, warning.line, warning.level) == ("/properties/name/type", 5, "warning")


def test_missing_pointer_inside_a_referenced_file_is_located_there(tmp_path: Path) -> None:
    broken = dict(FILES)
    broken["schemas/pet.yaml"] = FILES["schemas/pet.yaml"].replace('"owner.json"', '"owner.json#/nope"')
    with pytest.raises(GenerationFailed) as failed:
        load(_tree(tmp_path, broken))
    (error,) = failed.value.errors
    assert (Path(error.file).name, error.line, error.pointer) == ("pet.yaml", 5, "/properties/owner/$ref")


def test_circular_references_between_files_are_errors(tmp_path: Path) -> None:
    files = {
        "a.yaml": "get:\n  $ref: 'b.yaml#/get'\n",
        "b.yaml": "get:\n  $ref: 'a.yaml#/get'\n",
    }
    api = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    $ref: a.yaml\n"
    with pytest.raises(GenerationFailed) as failed:
        load(_tree(tmp_path, files, api))
    assert any("circular reference" in e.message for e in failed.value.errors)


def test_a_reference_bomb_is_bounded(tmp_path: Path) -> None:
    # each level references the one below ten times: 10**8 values if copied naively
    files = {f"l{i}.yaml": "x: [" + ", ".join([f"{{$ref: 'l{i + 1}.yaml#/x'}}"] * 10) + "]\n" for i in range(8)}
    files["l8.yaml"] = "x: [1, 2, 3]\n"
    api = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          headers:\n            X: {$ref: 'l0.yaml#/x'}\n"
    with pytest.raises(GenerationFailed) as failed:
        load(_tree(tmp_path, files, api))
    assert "expand to more than" in failed.value.errors[0].message


def test_yaml_integer_status_keys_are_strings(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        200: {description: ok}\n"
    )
    assert list(load(spec).data["paths"]["/x"]["get"]["responses"]) == ["200"]
