"""The model layer: classes as IR data, every name ours, every class buildable. One small spec per failure class
seen on real specs (Spotify, Box and others), asserted on the IR or on the imported package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pydantic
import pytest

from build_kit import build_api, get, model_module, models, package, spec
from generator.render import models as render_models

STRING = {"type": "string"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_a_subclass_in_its_own_module_builds_with_types_only_its_base_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spotify: ``AlbumObject`` (allOf ``AlbumBase``) was "not fully defined": its module never imported the types
    of the fields it inherits."""
    monkeypatch.setattr(render_models, "SPLIT_AT", 2)
    schemas = {
        "Image": {"type": "object", "properties": {"url": STRING}},
        "AlbumBase": {"type": "object", "properties": {"images": {"type": "array", "items": _ref("Image")}, "released": {"type": "string", "format": "date"}}},
        "AlbumObject": {"allOf": [_ref("AlbumBase"), {"type": "object", "properties": {"label": STRING}}]},
    }
    pkg = package(spec(schemas, get("/albums", _ref("AlbumObject"))), tmp_path)
    album = model_module(pkg).AlbumObject
    parsed = album.model_validate({"images": [{"url": "u"}], "released": "2020-01-02", "label": "l"})
    assert parsed.images[0].url == "u" and str(parsed.released) == "2020-01-02"
    source = (tmp_path / "out/src/kit_client/models/_AlbumObject.py").read_text()
    assert "from ._Image import Image  # noqa: E402, F401" in source  # only the base's field names it


def test_a_discriminator_without_mapping_keeps_each_variants_own_values(tmp_path: Path) -> None:
    """Spotify ``get_track``: ``type: Literal["track"]`` had become ``Literal["TrackObject"]``. (A one-value enum is a
    closed tag: see ``test_a_one_value_enum_is_a_tag_that_tells_union_members_apart``.)"""
    schemas = {
        "TrackObject": {"type": "object", "properties": {"type": {"type": "string", "enum": ["track"]}, "name": STRING}},
        "EpisodeObject": {"type": "object", "properties": {"type": {"type": "string", "enum": ["episode"]}}},
        "Item": {"oneOf": [_ref("TrackObject"), _ref("EpisodeObject")], "discriminator": {"propertyName": "type"}},
        "Queue": {"type": "object", "properties": {"items": {"type": "array", "items": _ref("Item")}}},
    }
    api = build_api(spec(schemas, get("/queue", _ref("Queue"))), tmp_path)
    track = models(api)["TrackObject"]
    assert [(f.name, f.annotation) for f in track.fields] == [("name", "str | None"), ("type", 'Literal["track"] | None')]
    assert models(api)["Queue"].fields[0].annotation == "list[TrackObject | EpisodeObject] | None"


def test_nested_inline_objects_are_named_from_where_they_appear(tmp_path: Path) -> None:
    """No numbered names (``Error32``, ``Datum14``) and none the model generator picks: every class is ours."""
    schemas = {
        "Album": {
            "type": "object",
            "properties": {
                "images": {"type": "array", "items": {"type": "object", "properties": {"url": STRING}}},
                "copyright": {"type": "object", "properties": {"text": STRING}},
                "labels": {"type": "object", "additionalProperties": {"type": "object", "properties": {"id": STRING}}},
                "owner": {"oneOf": [
                    {"type": "object", "properties": {"kind": {"const": "user"}, "user_id": STRING}},
                    {"type": "object", "title": "Team owner", "properties": {"team": STRING}},
                ]},
            },
        },
        "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {"message": STRING}}}},
    }
    api = build_api(spec(schemas), tmp_path)
    assert sorted(models(api)) == [
        "Album", "AlbumCopyright", "AlbumImagesItem", "AlbumLabelsValue", "AlbumOwnerTeamOwner", "AlbumOwnerUser",
        "Error", "ErrorError",
    ]
    owner = next(f for f in models(api)["Album"].fields if f.wire == "owner")
    assert owner.annotation == "AlbumOwnerUser | AlbumOwnerTeamOwner | None"


def test_a_schema_named_like_a_builtin_gets_a_name_that_shadows_nothing(tmp_path: Path) -> None:
    schemas = {
        "Warning": {"type": "object", "properties": {"code": STRING}},
        "Exception": {"type": "object", "properties": {"warnings": {"type": "array", "items": _ref("Warning")}}},
    }
    pkg = package(spec(schemas, get("/x", _ref("Exception"))), tmp_path)
    module = model_module(pkg)
    assert sorted(module.__all__) == ["ExceptionModel", "WarningModel"]
    parsed = module.ExceptionModel.model_validate({"warnings": [{"code": "c"}]})
    assert isinstance(parsed.warnings[0], module.WarningModel)


def test_the_recursive_any_json_value_schema_is_one_named_alias(tmp_path: Path) -> None:
    """It became a 237 KB annotation and a module black never finished formatting."""
    json_value = {"anyOf": [STRING, {"type": "number"}, {"type": "boolean"}, {"type": "array", "items": _ref("JsonValue")},
                            {"type": "object", "additionalProperties": _ref("JsonValue")}]}
    schemas = {"JsonValue": json_value, "Doc": {"type": "object", "properties": {"body": _ref("JsonValue")}}}
    document = spec(schemas, get("/doc", _ref("JsonValue")))
    api = build_api(document, tmp_path)
    alias = models(api)["JsonValue"]
    assert (alias.kind, alias.alias) == ("alias", "str | float | bool | list[JsonValue] | dict[str, JsonValue]")
    assert models(api)["Doc"].fields[0].annotation == "JsonValue | None"
    [method] = api.resources[0].methods
    assert method.result_type == "models.JsonValue"
    pkg = package(document, tmp_path, "rec")
    doc = model_module(pkg).Doc.model_validate({"body": {"a": [1, "x", {"b": True}]}})
    assert doc.body == {"a": [1.0, "x", {"b": True}]}


def test_defaults_are_written_in_their_python_type(tmp_path: Path) -> None:
    schemas = {"Window": {"type": "object", "properties": {
        "day": {"type": "string", "format": "date", "default": "2020-01-02"},
        "at": {"type": "string", "format": "date-time", "default": "2020-01-02T03:04:05Z"},
        "bad": {"type": "string", "format": "date", "default": "soon"},
        "size": {"type": "integer", "default": 10},
    }}}
    pkg = package(spec(schemas), tmp_path)
    window = model_module(pkg).Window()
    assert str(window.day) == "2020-01-02" and window.at.isoformat() == "2020-01-02T03:04:05+00:00"
    assert window.bad is None and window.size == 10


def test_a_default_a_model_field_cannot_hold_is_dropped(tmp_path: Path) -> None:
    """Kubernetes: ``$ref: ObjectMeta, default: {}`` became ``metadata: ObjectMeta = {}`` (a dict where a model is
    typed: mypy errors, and ``.metadata.name`` failed); ``$ref: Quantity`` (a string) with ``default: {}`` became
    ``str = {}``. FastAPI/Prefect: ``anyOf: [$ref, null]`` with an object default was written as that dict. A
    default that fits its reference's type stays."""
    schemas = {
        "Meta": {"type": "object", "properties": {"name": STRING}},
        "Quantity": STRING,
        "Raw": {"type": "object"},
        "Color": {"type": "string", "enum": ["red", "blue"]},
        "Thing": {"type": "object", "properties": {
            "metadata": {**_ref("Meta"), "default": {}},
            "divisor": {**_ref("Quantity"), "default": {}},
            "raw": {**_ref("Raw"), "default": {}},
            "color": {**_ref("Color"), "default": "blue"},
            "owner": {"anyOf": [_ref("Meta"), {"type": "null"}], "default": {"name": "x"}},
        }},
    }
    pkg = package(spec(schemas), tmp_path)
    thing = model_module(pkg).Thing()
    assert (thing.metadata, thing.divisor, thing.raw, thing.color, thing.owner) == (None, None, None, "blue", None)
    loaded = model_module(pkg).Thing.model_validate({"metadata": {"name": "m"}})
    assert loaded.metadata.name == "m"


def test_an_all_of_part_made_of_alternatives_is_one_class_by_the_schema_name(tmp_path: Path) -> None:
    """Meilisearch: ``DetailsView`` is ``allOf: [{oneOf: [null, $ref Settings]}, {properties}]``; the model generator
    distributed the other part over the alternatives and made no ``DetailsView``, so the whole spec failed. One
    non-null alternative is a base class; several give their properties, each optional."""
    extra = {"type": "object", "properties": {"n": {"type": "integer"}}}
    schemas = {
        "Settings": {"type": "object", "properties": {"a": STRING}},
        "Other": {"type": "object", "required": ["b"], "properties": {"b": {"type": "boolean"}, "a": {"type": "integer"}}},
        "Details": {"allOf": [{"oneOf": [{"type": "null"}, _ref("Settings")]}, extra]},
        "Either": {"allOf": [{"anyOf": [_ref("Settings"), _ref("Other")]}, extra]},
        "Task": {"type": "object", "properties": {
            "details": {"oneOf": [{"type": "null"}, _ref("Details")]},
            "either": {"type": "array", "items": _ref("Either")},
        }},
    }
    built = models(build_api(spec(schemas), tmp_path))
    assert built["Details"].bases == ("Settings",) and [f.name for f in built["Details"].fields] == ["n"]
    assert [(f.name, f.annotation) for f in built["Either"].fields] == [
        ("a", "str | int | None"), ("b", "bool | None"), ("n", "int | None")
    ]
    task = model_module(package(spec(schemas), tmp_path)).Task.model_validate(
        {"details": {"a": "x", "n": 1}, "either": [{"a": 2, "b": True}, {"a": "y", "n": 3}]}
    )
    assert (task.details.a, task.details.n, task.either[0].a, task.either[1].n) == ("x", 1, 2, 3)


def test_an_all_of_part_naming_a_union_is_read_as_that_union_part(tmp_path: Path) -> None:
    """Chroma (Rust, serde's flattened enum): ``IndexJobMetadata`` is ``allOf: [$ref IndexJobMetadataKind, {properties}]``
    and the kind is ``oneOf`` two plain strings and two objects. The model generator made ``IndexJobMetadata1``,
    ``IndexJobMetadata2`` and none by the name, so the whole spec failed. A named union is folded as a written one is;
    its plain-value alternatives cannot be part of an object and add nothing."""
    s3 = {"type": "object", "required": ["bucket"], "properties": {"bucket": STRING}}
    schemas = {
        "Kind": {"oneOf": [
            {"type": "string", "enum": ["web_scrape"]},
            {"type": "object", "required": ["s3"], "properties": {"s3": s3}},
            {"type": "object", "required": ["github"], "properties": {"github": {"type": "object", "properties": {"ref": STRING}}}},
            {"type": "string", "enum": ["Unknown"]},
        ]},
        "OneKind": {"oneOf": [{"type": "string", "enum": ["none"]}, _ref("Base")]},
        "Base": {"type": "object", "properties": {"x": STRING}},
        "Job": {"allOf": [_ref("Kind"), {"type": "object", "required": ["name"], "properties": {"name": STRING}}]},
        "Single": {"allOf": [_ref("OneKind"), {"type": "object", "properties": {"n": {"type": "integer"}}}]},
        "Check": {"oneOf": [_ref("Base"), _ref("Other")], "discriminator": {"propertyName": "type"}},
        "Other": {"type": "object", "properties": {"type": STRING, "y": {"type": "integer"}}},
        "Summary": {"allOf": [_ref("Check"), {"type": "object", "properties": {"kind": STRING}}]},
        "Jobs": {"type": "object", "properties": {"job": _ref("Job"), "single": _ref("Single"), "checks": {"type": "array", "items": _ref("Summary")}}},
    }
    built = models(build_api(spec(schemas, get("/jobs", _ref("Jobs"))), tmp_path))
    assert [f.wire for f in built["Job"].fields] == ["github", "s3", "name"]
    assert built["Single"].bases == ("Base",) and [f.wire for f in built["Single"].fields] == ["n"]
    assert [f.wire for f in built["Summary"].fields] == ["type", "x", "y", "kind"]  # InfluxDB's discriminated checks
    jobs = model_module(package(spec(schemas, get("/jobs", _ref("Jobs"))), tmp_path)).Jobs.model_validate(
        {"job": {"name": "j", "s3": {"bucket": "b"}}, "single": {"x": "y", "n": 1}}
    )
    assert (jobs.job.name, jobs.job.s3.bucket, jobs.job.github, jobs.single.x) == ("j", "b", None, "y")


def test_a_nullable_free_form_object_in_a_union_keeps_its_null(tmp_path: Path) -> None:
    """Sentry: ``anyOf: [integer, {type: object, nullable: true}]`` became ``int | dict[str, Any]`` and a null was
    refused (the model generator drops 3.0's ``nullable`` there). ``Other``'s nullable class keeps the schemas
    with the library."""
    member = {"anyOf": [{"type": "integer"}, {"type": "object", "nullable": True}]}
    schemas = {
        "Thing": {"type": "object", "required": ["value", "in_map"], "properties": {
            "value": member, "in_map": {"type": "object", "additionalProperties": member},
            "direct": {"type": "object", "nullable": True},
        }},
        "Other": {"type": "object", "properties": {"details": {"type": "object", "nullable": True, "properties": {"reason": STRING}}}},
    }
    document = spec(schemas, get("/thing", _ref("Thing")), version="3.0.3")
    fields = {f.wire: f.annotation for f in models(build_api(document, tmp_path))["Thing"].fields}
    assert fields == {"direct": "dict[str, Any] | None", "in_map": "dict[str, int | dict[str, Any] | None]", "value": "int | dict[str, Any] | None"}
    thing = model_module(package(document, tmp_path)).Thing.model_validate({"value": None, "in_map": {"a": None}})
    assert (thing.value, thing.in_map) == (None, {"a": None})


def test_pattern_properties_are_a_map_from_str(tmp_path: Path) -> None:
    schemas = {"Tags": {"type": "object", "properties": {"labels": {"type": "object", "patternProperties": {"^[a-z]+$": {"type": "integer"}}}}}}
    assert models(build_api(spec(schemas), tmp_path))["Tags"].fields[0].annotation == "dict[str, int] | None"


def test_an_empty_enum_leaves_the_value_typed_by_its_type(tmp_path: Path) -> None:
    """Legal JSON Schema (the validation stage warns about it); a client that must read the value keeps it."""
    schemas = {"Thing": {"type": "object", "properties": {"state": {"type": "string", "enum": []}}}}
    api = build_api(spec(schemas), tmp_path, validated=False)
    assert models(api)["Thing"].fields[0].annotation == "str | None"


def test_a_reference_wrapped_to_carry_a_description_is_the_referenced_class(tmp_path: Path) -> None:
    """Box: ``allOf: [{$ref}, {description}]`` made a numbered subclass per use (``Item1``, ``Item2``...)."""
    schemas = {
        "File": {"type": "object", "properties": {"id": STRING}},
        "Folder": {"type": "object", "properties": {"name": STRING}},
        "Item": {"type": "object", "additionalProperties": True, "oneOf": [_ref("File"), _ref("Folder")]},
        "Collaboration": {"type": "object", "properties": {
            "item": {"allOf": [_ref("Item"), {"description": "What is shared."}], "nullable": True},
            "owner": {"allOf": [_ref("File")], "description": "The owner."},
        }},
    }
    api = build_api(spec(schemas, version="3.0.3"), tmp_path)
    assert sorted(models(api)) == ["Collaboration", "File", "Folder"]  # Item is a union, no class
    fields = {f.wire: f for f in models(api)["Collaboration"].fields}
    assert fields["item"].annotation == "File | Folder | None" and fields["item"].description == "What is shared."
    assert fields["owner"].annotation == "File | None" and fields["owner"].description == "The owner."


def test_a_subclass_never_redeclares_what_its_base_declares(tmp_path: Path) -> None:
    """A narrower type on an inherited field is what type checkers reject (an incompatible override)."""
    schemas = {
        "Base": {"type": "object", "properties": {"type": STRING, "id": STRING}},
        "Track": {"allOf": [_ref("Base"), {"type": "object", "properties": {"type": {"const": "track"}, "length": {"type": "integer"}}}]},
    }
    track = models(build_api(spec(schemas), tmp_path))["Track"]
    assert [f.wire for f in track.fields] == ["length"]
    assert [f.wire for f in track.inherited] == ["id", "type"]


def test_every_model_of_a_package_builds(tmp_path: Path) -> None:
    schemas: dict[str, Any] = {
        "Node": {"type": "object", "properties": {"children": {"type": "array", "items": _ref("Node")}, "parent": _ref("Node")}},
        "Leaf": {"allOf": [_ref("Node"), {"type": "object", "properties": {"value": {"type": ["string", "null"]}}}]},
        "Pair": {"type": "array", "prefixItems": [STRING, {"type": "integer"}]},
    }
    module = model_module(package(spec(schemas), tmp_path))
    for name in module.__all__:
        value = getattr(module, name)
        if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
            value.model_rebuild(force=True)
        else:
            pydantic.TypeAdapter(value)


def test_properties_beside_alternatives_make_one_class_with_every_alternatives_fields(tmp_path: Path) -> None:
    """PagerDuty ``Channel``, OpenAI ``ImageRefParam``: "model generation did not produce this class"."""
    schemas = {
        "Channel": {"type": "object", "required": ["type"], "properties": {"type": STRING}, "oneOf": [
            {"type": "object", "properties": {"host": STRING}},
            {"type": "object", "properties": {"to": STRING, "host": {"type": "integer"}}},
        ]},
        "Entry": {"type": "object", "properties": {"channel": _ref("Channel")}},
    }
    channel = models(build_api(spec(schemas, get("/entries", _ref("Entry"))), tmp_path))["Channel"]
    assert [(f.wire, f.annotation, f.required) for f in channel.fields] == [
        ("host", "str | int | None", False), ("to", "str | None", False), ("type", "str", True),
    ]


def test_split_modules_of_names_differing_only_in_case_are_different_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenAI ``LogProb``/``Logprob``: one file on macOS and Windows (the old splitter gave up, leaving 1,813 classes
    in one module)."""
    monkeypatch.setattr(render_models, "SPLIT_AT", 2)
    schemas = {"LogProb": {"type": "object", "properties": {"a": STRING}}, "Logprob": {"type": "object", "properties": {"b": STRING}}}
    module = model_module(package(spec(schemas), tmp_path))
    files = sorted(p.name.lower() for p in (tmp_path / "out/src/kit_client/models").iterdir())
    assert len(files) == len(set(files)) == 3
    assert module.LogProb(a="x").a == "x" and module.Logprob(b="y").b == "y"


def test_a_schema_the_model_generator_fails_on_is_loosened_alone_with_a_located_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.build import models as build_models

    real = build_models._generate

    def picky(schemas: dict[str, Any], version: str) -> str:
        if "x" in (schemas.get("Bad") or {}).get("properties", {}):  # the real schema, not a stand-in
            raise ValueError("cannot merge these")
        return real(schemas, version)

    monkeypatch.setattr(build_models, "_generate", picky)
    monkeypatch.setattr(build_models, "plain_classes", lambda schemas: None)  # these schemas go to the library
    schemas = {"Bad": {"type": "object", "properties": {"x": STRING}}, "Good": {"type": "object", "properties": {"bad": _ref("Bad"), "y": STRING}}}
    api = build_api(spec(schemas), tmp_path)
    assert models(api)["Bad"].fields == () and [f.wire for f in models(api)["Good"].fields] == ["bad", "y"]
    [warning] = api.warnings
    assert (warning.level, warning.pointer) == ("warning", "/components/schemas/Bad")
    assert "model Bad: model generation failed: cannot merge these; read as an object" in warning.message
    with pytest.raises(Exception, match="cannot merge these"):
        build_api(spec(schemas), tmp_path, "strict", strict=True)


def test_write_only_properties_are_not_required_in_answers_and_read_only_ones_not_in_requests(tmp_path: Path) -> None:
    """InvenTree (drf-spectacular): 630 request bodies required server-assigned fields (``pk``, ``upload_date``), and
    an answer without a writeOnly ``password`` was refused. The class reads answers: a writeOnly field is optional
    there, a readOnly one stays required; a method does not take a readOnly field, and a plain-dict form of the
    class does not require it."""
    meta = {"type": "string", "format": "date-time", "readOnly": True}
    pet = {
        "type": "object",
        "required": ["id", "name", "password", "created"],
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name": STRING,
            "password": {"type": "string", "writeOnly": True},
            "created": _ref("Created"),  # marked on the schema it names
        },
    }
    body = {"required": True, "content": {"application/json": {"schema": _ref("Pet")}}}
    answer = {"201": {"description": "ok", "content": {"application/json": {"schema": _ref("Pet")}}}}
    paths = {"/pets": {"post": {"operationId": "createPet", "requestBody": body, "responses": answer}}}
    document = spec({"Pet": pet, "Created": meta}, paths, version="3.0.3")
    api = build_api(document, tmp_path)
    assert {f.wire: f.required for f in models(api)["Pet"].fields} == {"created": True, "id": True, "name": True, "password": False}
    [method] = api.resources[0].methods
    assert [(p.wire, p.required) for p in method.params] == [("name", True), ("password", True)]
    wrapped = {"type": "object", "properties": {"pets": {"type": "array", "items": _ref("Pet")}}}
    paths["/pets"]["put"] = {"operationId": "putPets", "requestBody": {"content": {"application/json": {"schema": wrapped}}}, "responses": answer}
    [as_dict] = build_api(spec({"Pet": pet, "Created": meta}, paths, version="3.0.3"), tmp_path).params
    assert {k.key: k.required for k in as_dict.keys} == {"created": False, "id": False, "name": True, "password": False}
    Pet = model_module(package(document, tmp_path)).Pet
    assert Pet.model_validate({"id": 1, "name": "rex", "created": "2024-01-02T03:04:05Z"}).id == 1  # no password


def test_a_one_value_enum_is_a_tag_that_tells_union_members_apart(tmp_path: Path) -> None:
    """Langfuse (Fern, 3.0): score variants tagged by ``dataType: {enum: [NUMERIC]}``; widened to ``Literal[...] | str``
    every variant took every tag, and a BOOLEAN score was read as the first one. Two or more values stay open."""
    def score(tag: str, value: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "required": ["dataType", "value"], "properties": {"dataType": {"type": "string", "enum": [tag]}, "value": value}}

    schemas = {
        "Score": {"oneOf": [_ref("NumericScore"), _ref("BooleanScore")]},
        "NumericScore": score("NUMERIC", {"type": "number"}),
        "BooleanScore": score("BOOLEAN", {"type": "number"}),
        "Level": {"type": "object", "properties": {"level": {"type": "string", "enum": ["low", "high"]}}},
    }
    built = models(build_api(spec(schemas, version="3.0.3"), tmp_path))
    assert built["BooleanScore"].fields[0].annotation == 'Literal["BOOLEAN"]'
    assert built["Level"].fields[0].annotation == 'Literal["low", "high"] | str | None'
    parsed = pydantic.TypeAdapter(model_module(package(spec(schemas, version="3.0.3"), tmp_path)).Score)
    assert type(parsed.validate_python({"dataType": "BOOLEAN", "value": 1})).__name__ == "BooleanScore"


def test_a_nullable_array_inside_an_array_or_a_map_keeps_its_null(tmp_path: Path) -> None:
    """Immich (3.0): ``stack: {type: array, items: {type: array, nullable: true}}`` became ``list[list[str]]`` (the
    model generator drops 3.0's ``nullable`` there), and an answer with a null stack entry was refused."""
    inner = {"type": "array", "nullable": True, "items": STRING}
    schemas = {"Bucket": {"type": "object", "required": ["stack"], "properties": {
        "stack": {"type": "array", "items": inner},
        "by_key": {"type": "object", "additionalProperties": inner},
        "loose": {"type": "array", "nullable": True},
    }}}
    fields = {f.wire: f.annotation for f in models(build_api(spec(schemas, version="3.0.3"), tmp_path))["Bucket"].fields}
    assert fields == {
        "by_key": "dict[str, list[str] | None] | None",
        "loose": "list[Any] | None",
        "stack": "list[list[str] | None]",
    }
    bucket = model_module(package(spec(schemas, version="3.0.3"), tmp_path)).Bucket.model_validate({"stack": [["a"], None]})
    assert bucket.stack == [["a"], None]


def test_a_union_its_members_refer_back_to_keeps_every_member(tmp_path: Path) -> None:
    """Apache Iceberg: ``Type = oneOf [Primitive (a string), ListType]`` with ``ListType.element: Type`` became
    ``element: ListType`` (the model generator dropped the string), and ``{"element": "long"}`` was refused. Qdrant:
    ``Expression`` lost its member ``Condition``, itself a union. A union that does not loop is written as before."""
    schemas = {
        "Primitive": STRING,
        "Type": {"oneOf": [_ref("Primitive"), _ref("ListType")]},
        "ListType": {"type": "object", "required": ["element"], "properties": {"element": _ref("Type")}},
        "IsNull": {"type": "object", "required": ["is_null"], "properties": {"is_null": STRING}},
        "HasId": {"type": "object", "required": ["has_id"], "properties": {"has_id": {"type": "integer"}}},
        "Condition": {"anyOf": [_ref("IsNull"), _ref("HasId")]},
        "Expression": {"anyOf": [{"type": "number"}, _ref("Condition"), _ref("Neg")]},
        "Neg": {"type": "object", "required": ["neg"], "properties": {"neg": _ref("Expression")}},
    }
    built = models(build_api(spec(schemas), tmp_path))
    assert built["ListType"].fields[0].annotation == "str | ListType"
    assert built["Neg"].fields[0].annotation == "float | IsNull | HasId | Neg"
    module = model_module(package(spec(schemas), tmp_path))
    assert module.ListType.model_validate({"element": {"element": "long"}}).element.element == "long"
    assert module.Neg.model_validate({"neg": {"neg": {"is_null": "x"}}}).neg.neg.is_null == "x"


def test_a_component_named_like_a_typing_alias_keeps_its_type(tmp_path: Path) -> None:
    """Listmonk's ``List`` component: references to it became ``list[Any]`` (read as typing's alias), so a list's
    answer was a plain dict, refused under strict validation."""
    schemas = {
        "List": {"type": "object", "properties": {"id": {"type": "integer"}}},
        "Dict": {"type": "object", "properties": {"total": {"type": "integer"}}},
        "Page": {"type": "object", "properties": {"data": _ref("List"), "meta": _ref("Dict"), "all": {"type": "array", "items": _ref("List")}}},
    }
    built = models(build_api(spec(schemas), tmp_path))
    assert [(f.name, f.annotation) for f in built["Page"].fields] == [
        ("all", "list[ListModel] | None"), ("data", "ListModel | None"), ("meta", "DictModel | None")
    ]
    page = model_module(package(spec(schemas), tmp_path)).Page.model_validate({"data": {"id": 1}, "all": [{"id": 2}]})
    assert (page.data.id, page.all[0].id) == (1, 2)
