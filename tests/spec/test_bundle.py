"""References to other files are followed with their URI parts percent-decoded (RFC 3986), then read as JSON
Pointers (RFC 6901): the file name and the pointer both."""

from __future__ import annotations

from pathlib import Path

from .helpers import HEAD, spec

OTHER = """\
Pet Thing: {type: object, properties: {name: {type: string}}}
paths:
  /pets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
      operationId: getPet
"""


def test_percent_encoded_file_names_and_pointers_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "my pets.yaml").write_text(OTHER)
    result = spec(tmp_path, HEAD + (
        "paths:\n"
        '  /pets/{id}: {$ref: "my%20pets.yaml#/paths/~1pets~1%7Bid%7D"}\n'
        "  /pet:\n"
        "    get:\n"
        "      responses:\n"
        '        "200": {description: ok, content: {application/json: {schema: {$ref: "my%20pets.yaml#/Pet%20Thing"}}}}\n'
        "      operationId: getThing\n"
    ))
    assert result.warnings == ()
    assert list(result.data["components"]["schemas"]) == ["Pet Thing"]
    assert result.data["paths"]["/pets/{id}"]["get"]["parameters"][0]["name"] == "id"
    answer = result.data["paths"]["/pet"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/Pet Thing"}
