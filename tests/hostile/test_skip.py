"""What sdksmith cannot generate is an error (exit 1, nothing written, located) unless --skip-unsupported is given;
then each skip is printed with its location and reason and listed in .sdksmith.json. Never a silent drop."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.build import build
from generator.config import derived
from generator.spec.load import load
from generator.spec.validate import validate

from hostile_kit import assert_sound, cli

SPEC = """\
openapi: 3.1.0
info: {title: Unsupported bits, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      x-sdksmith-pagination: {style: cursor, items: data, cursor_param: cursor, next_cursor: next}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Pet"}}
    post:
      operationId: createPet
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Loop"}
  /pets/{filter}:
    get:
      operationId: findPets
      parameters:
        - name: filter
          in: path
          required: true
          schema:
            type: object
            properties:
              kind: {type: string}
      responses:
        "204": {description: ok}
  /pets/{id}/events:
    get:
      operationId: petEvents
      x-sdksmith-stream: {media_type: application/jsonl}
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {type: object}}
  /rpc:
    post:
      operationId: call
      x-sdksmith-rpc: {args: [a, b]}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {a: {type: string}}}
      responses:
        "204": {description: ok}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
    Loop:
      allOf: [{$ref: "#/components/schemas/Loop"}]
      properties:
        again: {type: string}
"""
EXPECTED = [
    (7, "/paths/~1pets/get/x-sdksmith-pagination/items", "the success response has no field 'data'"),
    (45, "/paths/~1pets~1{id}~1events/get/x-sdksmith-stream", "the success response has no 'application/jsonl' content"),
    (56, "/paths/~1rpc/post/x-sdksmith-rpc", "an RPC call needs a JSON request body"),
]
# A schema the model generator cannot make a class of does not stop anything: it is loosened, with a warning.
LOOP_WARNING = (
    ":69:5: /components/schemas/Loop: warning: model Loop: model generation failed: Generated model inheritance cycle"
)


def _spec(tmp_path: Path) -> Path:
    spec = tmp_path / "unsupported.yaml"
    spec.write_text(SPEC)
    return spec


def test_unsupported_is_a_located_error_and_nothing_is_written(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    out = tmp_path / "out"
    result = cli("generate", str(spec), "--out", str(out), "--name", "pets", "-q")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(EXPECTED), result.stderr
    for line, (line_no, pointer, reason) in zip(lines, EXPECTED):
        assert line.startswith(f"{spec}:{line_no}:"), line
        assert f": {pointer}: cannot generate: {reason}" in line, line
        assert line.endswith("(--skip-unsupported leaves it out)")
    assert not out.exists(), "nothing is written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unsupported.yaml"]


def test_skip_unsupported_prints_and_lists_each_skip(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    out = tmp_path / "out"
    result = cli("generate", str(spec), "--out", str(out), "--name", "pets", "-q", "--skip-unsupported")
    assert result.returncode == 0, result.stderr
    warning, *printed = result.stderr.splitlines()
    assert warning.startswith(str(spec) + LOOP_WARNING), warning
    assert len(printed) == len(EXPECTED), result.stderr
    provenance = json.loads((out / ".sdksmith.json").read_text())
    listed = provenance["skipped"]
    assert len(listed) == len(EXPECTED)
    for (line_no, pointer, reason), skip, line in zip(EXPECTED, listed, printed):
        assert re.fullmatch(rf"{re.escape(spec.name)}:{line_no}:\d+: {re.escape(pointer)}", skip["location"]), skip  # never an absolute path
        assert skip["reason"].startswith(reason)
        assert line == f"{skip['location']}: skipped: {skip['reason']}"
    # only what could be generated is there, and nothing of what was skipped
    # (an object path parameter is sent by its style now: findPets is generated)
    assert [(o["method"], o["path"]) for o in provenance["operations"]] == [("POST", "/pets"), ("GET", "/pets/{filter}")]
    models = (out / "src" / "pets_client" / "models.py").read_text()
    assert "class Pet(BaseModel)" in models
    assert "class Loop(BaseModel):" in models and "again" not in models  # loosened: no declared fields
    resource = (out / "src" / "pets_client" / "resources" / "pets.py").read_text()
    assert "def create_pet(" in resource and "-> models.Loop:" in resource
    assert_sound(out, "pets_client")


def test_build_reports_the_same_either_way(tmp_path: Path) -> None:
    spec = validate(load(_spec(tmp_path)))
    api = build(spec, derived(tmp_path / "unsupported.yaml", tmp_path / "out", "pets"), skip_unsupported=True)
    assert [(loc.split(": ", 1)[1], reason[:30]) for loc, reason in api.skipped] == [
        (pointer, reason[:30]) for _line, pointer, reason in EXPECTED
    ]


def test_showcase_and_corpus_need_no_skips() -> None:
    """The corpus test asserts ``skipped == []`` per spec; the showcase snapshots list none either."""
    root = Path(__file__).resolve().parents[2]
    for provenance in sorted((root / "generated").glob("*/.sdksmith.json")):
        assert json.loads(provenance.read_text())["skipped"] == [], provenance
