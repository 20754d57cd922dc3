"""Property: a valid spec broken anywhere (a value replaced by one of the wrong type, a reference to nothing, to the
wrong kind or to the whole document, a key removed) is either generated, with whatever cannot be generated listed
as a located skip (``--skip-unsupported``), or refused with located messages. Never an exception of another kind.

Bounded for CI: a fixed number of derandomised examples (SDKSMITH_PROPERTY_EXAMPLES for more, and
SDKSMITH_PROPERTY_RANDOM=1 for fresh ones); the stages run in-process up to rendering (formatting is tested
elsewhere and is the slow part).
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.config import derived
from generator.errors import GenerationFailed
from generator.render.package import render
from generator import pointer as jp
from generator.spec.load import load
from generator.spec.validate import validate

EXAMPLES = int(os.environ.get("SDKSMITH_PROPERTY_EXAMPLES", "100"))
BASE = yaml.safe_load(
    """
openapi: 3.1.0
info: {title: Pets, version: "1"}
servers: [{url: "https://api.example.com/{v}", variables: {v: {default: v1}}}]
security: [{key: []}]
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 10}}
        - {$ref: "#/components/parameters/Trace"}
      x-sdksmith-pagination: {style: cursor, items: items, cursor_param: cursor, next_cursor: next}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Pet"}}
                  next: {type: [string, "null"]}
        default: {$ref: "#/components/responses/Error"}
    post:
      operationId: createPet
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/NewPet"}}}
      callbacks:
        created: {$ref: "#/components/callbacks/Created"}
      responses:
        "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /pets/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    delete:
      operationId: deletePet
      responses: {"204": {description: gone}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  parameters:
    Trace: {name: X-Trace, in: header, schema: {type: string}}
  responses:
    Error:
      description: error
      content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
  callbacks:
    Created:
      "{$request.body#/url}":
        post:
          requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
          responses: {"200": {description: ok}}
  schemas:
    Pet:
      allOf:
        - $ref: "#/components/schemas/NewPet"
        - type: object
          required: [id]
          properties:
            id: {type: string}
            born: {type: string, format: date}
            kind: {type: string, enum: [cat, dog]}
            tags: {type: object, additionalProperties: {type: string}}
    NewPet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        parent: {$ref: "#/components/schemas/Pet"}
    Error: {type: object, properties: {message: {type: string}, code: {type: integer}}}
"""
)


def _pointers(node: Any, where: str = "") -> list[str]:
    found = [where] if where else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += _pointers(child, jp.join(where, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _pointers(child, f"{where}/{index}")
    return found


POINTERS = _pointers(BASE)
REFS = ["#", "#/nope", "#/components", "#/paths/~1pets", "#/components/parameters/Trace", "#/components/responses/Error",
        "#/components/schemas/Pet", "#/components/schemas/Pet/allOf/1/properties/id", "#/components/callbacks/Created",
        "#/components/schemas/Pet/allOf", "#/info/title", "other.yaml#/x", "https://example.com/x.json"]
VALUES = st.one_of(
    st.sampled_from([None, True, False, 0, -1, 1.5, "", "x", "string", "/x", "{id}", [], {}, ["a"], {"a": 1}]),
    st.sampled_from(REFS).map(lambda ref: {"$ref": ref}),
    st.sampled_from(REFS).map(lambda ref: {"properties": {"$ref": ref}}),
    st.sampled_from([{"type": "strnig"}, {"enum": []}, {"required": ["ghost"]}, {"items": False}, {"type": ["string", 5]}]),
)
DELETE = object()


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        pointer = draw(st.sampled_from(POINTERS))
        parts = jp.split(pointer)
        parent: Any = spec
        try:
            for part in parts[:-1]:
                parent = parent[int(part)] if isinstance(parent, list) else parent[part]
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # an earlier mutation removed the way there
        key: Any = int(parts[-1]) if isinstance(parent, list) else parts[-1]
        value = draw(st.one_of(VALUES, st.just(DELETE)))
        if isinstance(parent, dict) and key in parent or isinstance(parent, list) and key < len(parent):
            if value is DELETE:
                del parent[key]
            else:
                parent[key] = copy.deepcopy(value)
    return spec


@settings(
    max_examples=EXAMPLES,
    derandomize=os.environ.get("SDKSMITH_PROPERTY_RANDOM") != "1",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=mutated())
def test_a_spec_broken_anywhere_is_generated_with_located_skips_or_refused_with_located_errors(
    spec: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    config = derived(path, tmp_path / "out", "pets")
    try:
        validated = validate(load(path))
        api = build(validated, config, skip_unsupported=True)
    except GenerationFailed as exc:
        event("refused")
        assert exc.errors
        for error in exc.errors:
            assert error.line >= 1 and error.column >= 1 and error.message, error.render()
        return
    event("generated with skips" if api.skipped else "generated")
    for location, reason in api.skipped:
        assert location.split(":")[0].endswith(path.name) and reason, (location, reason)
    for warning in validated.warnings:
        assert warning.line >= 1 and warning.column >= 1, warning.render()
    assert render(api)
