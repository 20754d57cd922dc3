"""Every name from a spec becomes a valid, deterministic Python name that shadows nothing the generated code needs,
and names that collide once converted are told apart the same way whatever order they come in."""

from __future__ import annotations

import builtins
import json
import keyword
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build.operations import _PARAM_RESERVED
from generator.build.resources import CLIENT_RESERVED, client_attributes as _client_attributes
from generator.build import build
from generator.config import derived
from generator.spec.load import load
from generator.spec.validate import validate
from generator.names import (
    HELPER_LOCALS,
    MODELS_RESERVED,
    PYDANTIC_RESERVED,
    RUNTIME_RESERVED,
    Namespace,
    claim_all,
    pascal,
    snake,
)

from hostile_kit import assert_inside, assert_sound, generate, write_spec

HOSTILE = [
    "", " ", "_", "__init__", "__class__", "1st", "3DSecure", "class", "None", "True", "match", "type", "_", "self",
    "cls", "json", "copy", "schema", "dict", "model_config", "model_fields", "validate", "Client", "AsyncClient",
    "Response", "quote", "cast", "models", "datetime", "date", "httpx", "pydantic", "typing", "Any", "Literal",
    "BaseModel", "Field", "NOT_GIVEN", "call", "page", "item", "str", "list", "int", "print", "id", "../../x", "a/b",
    "名前", "ünïcødé", "😀", 'x"""y', "x'y", "a\\b", "line\nbreak", "{{ x }}", "{% if %}", "$ref", "#", "-", "+", "<>",
    "ASC", "asc", "Asc", "GMT+0", "GMT-0", "GMT0", "StartTime", "StartTime<", "StartTime>", "Token", "token", "TOKEN",
    "getUser", "GetUser", "get_user", "get-user", "GETUSER",
]
RESERVED_EVERYWHERE = set(keyword.kwlist) | set(keyword.softkwlist)


def _is_plain_identifier(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name) and not keyword.issoftkeyword(name)


@pytest.mark.parametrize("convert", [snake, pascal])
def test_conversions_are_deterministic_words(convert: Any) -> None:
    for name in HOSTILE:
        assert convert(name) == convert(name)
        assert re.fullmatch(r"[A-Za-z0-9_]+", convert(name)), (name, convert(name))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("GMT+0", "gmt_plus_0"),
        ("GMT-0", "gmt_0"),
        ("GMT0", "gmt0"),
        ("StartTime", "start_time"),
        ("StartTime<", "start_time_lt"),
        ("StartTime>", "start_time_gt"),
        ("HTTPServer", "http_server"),
        ("createdAt", "created_at"),
        ("ID2", "id2"),
        ("../../x", "x"),
    ],
)
def test_snake_spells_out_meaningful_symbols(name: str, expected: str) -> None:
    assert snake(name) == expected


def test_claim_gives_valid_names_that_shadow_nothing_reserved() -> None:
    reserved = RUNTIME_RESERVED | PYDANTIC_RESERVED | HELPER_LOCALS
    for pascal_style in (False, True):
        ns = Namespace(reserved, pascal=pascal_style)
        convert = pascal if pascal_style else snake
        for index, name in enumerate(HOSTILE):
            python = ns.claim(f"{index}:{name}", convert(name))
            assert _is_plain_identifier(python), (name, python)
            assert python not in reserved, (name, python)
            assert python not in dir(builtins), (name, python)
            if pascal_style:
                assert "_" not in python and python[0].isupper(), python  # datamodel-code-generator keeps it as is


@pytest.mark.parametrize("device", ["con", "CON", "Aux", "nul", "prn", "com1", "LPT9"])
def test_a_windows_device_name_is_never_handed_out(device: str) -> None:
    """Names become file names (resources/con.py, docs/models/Con.md), which Windows refuses in any case."""
    assert Namespace().claim(device, snake(device)) == snake(device) + "_"
    assert Namespace(pascal=True).claim(device, pascal(device)) == pascal(device) + "Model"


def test_a_long_name_is_bounded_and_told_apart_by_its_spelling() -> None:
    namespace = Namespace()
    first, second = (namespace.claim(o, o) for o in ("a" * 300, "a" * 299 + "b"))
    assert len(first) == len(second) == 64 and first != second


def test_claiming_the_same_original_twice_gives_the_same_name() -> None:
    ns = Namespace()
    assert ns.claim("query:limit", "limit") == ns.claim("query:limit", "limit") == "limit"


def _shuffled(values: list[str], seed: int) -> list[str]:
    copy = list(values)
    random.Random(seed).shuffle(copy)
    return copy


@pytest.mark.parametrize(
    ("group", "convert", "expected"),
    [
        (["ASC", "asc", "Asc"], snake, {"asc": "asc"}),
        (["GMT+0", "GMT-0", "GMT0"], snake, {"GMT+0": "gmt_plus_0", "GMT-0": "gmt_0", "GMT0": "gmt0"}),
        (["StartTime", "StartTime<", "StartTime>"], snake, {"StartTime": "start_time", "StartTime<": "start_time_lt", "StartTime>": "start_time_gt"}),
        (["Token", "token", "TOKEN"], pascal, {"Token": "Token", "TOKEN": "TOKEN"}),
        (["getUser", "GetUser", "get_user", "get-user"], snake, {"get_user": "get_user"}),
    ],
)
def test_colliding_names_are_told_apart_independent_of_order(
    group: list[str], convert: Any, expected: dict[str, str]
) -> None:
    pascal_style = convert is pascal
    results = []
    for seed in range(8):
        ns = Namespace(RUNTIME_RESERVED, pascal=pascal_style)
        results.append(claim_all(ns, _shuffled(group, seed), convert))
    assert all(r == results[0] for r in results), "the order names come in must not matter"
    names = results[0]
    assert len(set(names.values())) == len(group), names
    assert all(_is_plain_identifier(n) for n in names.values())
    # only an original spelled exactly like the shared name keeps it plain; the rest carry a tag of their own
    for original, python in expected.items():
        assert names[original] == python
    for original in set(group) - set(expected):
        assert re.fullmatch(re.escape(convert(original)) + r"(_[0-9a-f]{6}|[0-9A-F][0-9a-f]{5})", names[original]), names


def test_tags_come_from_the_spelling_so_adding_names_does_not_rename_others() -> None:
    small = claim_all(Namespace(), ["ASC", "asc"], snake)
    large = claim_all(Namespace(), ["ASC", "asc", "Asc", "unrelated"], snake)
    assert small["ASC"] == large["ASC"] and small["asc"] == large["asc"] == "asc"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.text(max_size=8), min_size=1, max_size=12, unique=True), st.randoms(use_true_random=False))
def test_claim_all_is_a_function_of_the_set_of_names(names: list[str], rng: random.Random) -> None:
    for pascal_style, convert in ((False, snake), (True, pascal)):
        first = claim_all(Namespace(RUNTIME_RESERVED, pascal=pascal_style), names, convert)
        shuffled = list(names)
        rng.shuffle(shuffled)
        second = claim_all(Namespace(RUNTIME_RESERVED, pascal=pascal_style), shuffled, convert)
        assert first == second
        assert len(set(first.values())) == len(names)
        assert all(_is_plain_identifier(n) and n not in RUNTIME_RESERVED for n in first.values())


def test_parameters_cannot_shadow_helpers_types_or_call_options() -> None:
    for name in ("call", "page", "item", "models", "cast", "quote", "datetime", "str", "list", "dict", "timeout",
                 "max_retries", "extra_headers", "self", "json", "fields_body", "rpc_args"):
        assert name in _PARAM_RESERVED


def test_resources_cannot_shadow_client_attributes() -> None:
    # the runtime's client classes are read from source; the generated client's own methods are listed
    attributes = _client_attributes() | CLIENT_RESERVED
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
    assert "call_: str" in things and "page_: str" in things and "str_: str" in things


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
