"""Every name from a spec becomes a valid, deterministic Python name that shadows nothing the generated code needs,
and names that collide once converted are told apart the same way whatever order they come in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


from generator.build.operations import _PARAM_RESERVED
from generator.build.resources import CLIENT_RESERVED
from generator.client_runtime import facts
from generator.build import build
from generator.config import derived
from generator.spec.load import load
from generator.spec.validate import validate
from generator.names import (
    MODELS_RESERVED,
)

from hostile_kit import assert_inside, assert_sound, generate, write_spec

def test_parameters_cannot_shadow_helpers_types_or_call_options() -> None:
    for name in ("call", "models", "cast", "quote", "datetime", "str", "list", "dict", "timeout",
                 "max_retries", "extra_headers", "self", "json", "fields_body", "rpc_args"):
        assert name in _PARAM_RESERVED


def test_resources_cannot_shadow_client_attributes() -> None:
    # the runtime's client classes are read from source; the generated client's own methods are listed
    attributes = facts().client_attributes | CLIENT_RESERVED
    assert {"with_options", "copy", "close", "request", "base_url", "get", "post", "delete"} <= attributes


def _model_fields(tmp_path: Path, wires: list[str]) -> dict[str, str]:
    """{wire name: Python attribute} of a one-model API whose properties are ``wires``, in that order."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Fields", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Thing": {"type": "object", "properties": {w: {"type": "string"} for w in wires}}}},
    }
    path = tmp_path / f"fields{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(spec))
    api = build(validate(load(path)), derived(path, tmp_path / "out", "fields"))
    [thing] = [m for m in api.models if m.name == "Thing"]
    return {f.wire: f.name for f in thing.fields}


def test_model_fields_that_would_collide_get_order_independent_names(tmp_path: Path) -> None:
    wires = ["ASC", "asc", "GMT+0", "GMT-0", "GMT0", "StartTime", "StartTime<", "StartTime>", "model_config", "json", "createdAt"]
    first = _model_fields(tmp_path, wires)
    assert first == _model_fields(tmp_path, list(reversed(wires)))
    assert first["GMT+0"] == "gmt_plus_0" and first["StartTime<"] == "start_time_lt"
    assert first["asc"] == "asc"  # spelled like its Python name: it keeps it
    assert first["ASC"].startswith("asc_") and first["model_config"] == "model_config_" and first["json"] == "json_"
    assert first["createdAt"] == "created_at"


def _names_spec() -> dict[str, Any]:
    string = {"type": "string"}
    params = [
        {"name": n, "in": "query", "schema": string}
        for n in ("ASC", "asc", "StartTime", "StartTime<", "StartTime>", "call", "page", "str", "list", "models",
                  "datetime", "timeout", "self", "json", "fields_body")
    ]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Names", "version": "1"},
        "servers": [{"url": "https://api.example.com/{url}/{os}", "variables": {"url": {"default": "v1"}, "os": {"default": "x"}}}],
        "tags": [{"name": "../../x"}, {"name": "list"}, {"name": "Client"}, {"name": "with raw response"}],
        "paths": {
            "/things/{quote}": {
                "parameters": [{"name": "quote", "in": "path", "required": True, "schema": string}],
                "get": {
                    "operationId": "getThing",
                    "tags": ["../../x"],
                    "parameters": params,
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Client"}}}}},
                },
                "post": {
                    "operationId": "GetThing",
                    "tags": ["../../x"],
                    "requestBody": {
                        "content": {"application/json": {"schema": {"type": "object", "properties": {
                            "model_config": string, "json": string, "date": {"type": "string", "format": "date"},
                            "quote": string, "body": string}}}}
                    },
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"a": string}}}}}},
                },
                "put": {
                    "operationId": "getthing",
                    "tags": ["list"],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"b": string}}}}}},
                },
                "patch": {"operationId": "str", "tags": ["Client"], "responses": {"204": {"description": "ok"}}},
                "delete": {"operationId": "envelope", "tags": ["with raw response"], "responses": {"204": {"description": "ok"}}},
            },
            "/things/{quote}/list": {
                "parameters": [{"name": "quote", "in": "path", "required": True, "schema": string}],
                "get": {"operationId": "list", "tags": ["list"], "responses": {"204": {"description": "ok"}}},
                "post": {"operationId": "list_page", "tags": ["list"], "responses": {"204": {"description": "ok"}}},
            },
        },
        "components": {
            "schemas": {
                "Client": {
                    "type": "object",
                    "properties": {
                        **{w: string for w in ("ASC", "asc", "GMT+0", "GMT-0", "GMT0", "StartTime", "StartTime<", "StartTime>")},
                        "model_config": string,
                        "json": string,
                        "copy": {"type": "integer"},
                        "date": {"type": "string", "format": "date"},
                        "datetime": {"type": "string", "format": "date-time"},
                        "token": {"$ref": "#/components/schemas/token"},
                        "Token": {"$ref": "#/components/schemas/Token"},
                        "sort": {"type": "string", "enum": ["ASC", "asc", "GMT+0", "GMT-0", "GMT0"]},
                    },
                },
                "token": {"type": "object", "properties": {"x": string}},
                "Token": {"type": "object", "properties": {"y": string}},
                "../../x": {"type": "object", "properties": {"z": string}},
                "BaseModel": {"type": "object", "properties": {"z": string}},
                "Field": {"type": "object", "properties": {"z": string}},
                "None": {"type": "object", "properties": {"z": string}},
                "1st": {"type": "object", "properties": {"z": string}},
            }
        },
    }


def test_hostile_names_generate_a_sound_package(tmp_path: Path) -> None:
    spec = write_spec(_names_spec(), tmp_path / "names.json")
    out = tmp_path / "out"
    files = generate(spec, out, "names")
    assert_inside(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["names.json", "out"], "nothing written beside the output"
    assert_sound(out, "names_client")
    models = files["src/names_client/models.py"]
    for cls in ("class Client(", "class Token(", "class TokenEe9778(", "class X(", "class BaseModelModel(", "class NoneModel("):
        assert cls in models, cls
    for field in ('gmt_plus_0: str | None = Field(default=None, validation_alias="GMT+0", serialization_alias="GMT+0")', 'start_time_lt: str | None = Field(default=None, validation_alias="StartTime<", serialization_alias="StartTime<")',
                  'model_config_: str | None = Field(default=None, validation_alias="model_config", serialization_alias="model_config")', "asc: str | None"):
        assert field in models, field
    things = files["src/names_client/resources/x.py"]
    assert "quote_: str" in things and '"quote": quote_' in things
    assert "call_: str" in things and "str_: str" in things
    assert "        page: str" in things and '"page": page' in things  # no local of the methods is named page


def test_names_do_not_depend_on_document_order(tmp_path: Path) -> None:
    spec = _names_spec()
    reordered = dict(spec)
    reordered["paths"] = dict(reversed(list(spec["paths"].items())))
    reordered["components"] = {"schemas": dict(reversed(list(spec["components"]["schemas"].items())))}
    for path in reordered["paths"].values():
        for op in path.values():
            if isinstance(op, dict) and "parameters" in op:
                op["parameters"] = list(reversed(op["parameters"]))
    first = generate(write_spec(spec, tmp_path / "a" / "names.json"), tmp_path / "a" / "out", "names")
    second = generate(write_spec(reordered, tmp_path / "b" / "names.json"), tmp_path / "b" / "out", "names")
    differ = sorted(rel for rel in first if first[rel] != second.get(rel) and not rel.startswith(".sdksmith"))
    # only the copy of the spec itself may differ (it is the reordered document)
    assert differ == [], differ


def test_models_module_never_reuses_its_imports() -> None:
    assert {"BaseModel", "Field", "ConfigDict", "RootModel", "Literal", "Any"} <= MODELS_RESERVED
