"""The render stage on IR built in the test: what each models module holds and imports, decided in Python."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator import ir
from generator.render import models as render_models
from generator.render.models import field_annotation, field_line, models_files, module_names


def _field(name: str, annotation: str, *, wire: str | None = None, required: bool = False, default: str = "") -> ir.ModelField:
    return ir.ModelField(name, wire or name, annotation, annotation, required, False, default, "")


def _model(name: str, *fields: ir.ModelField, bases: tuple[str, ...] = (), inherited: tuple[ir.ModelField, ...] = (), uses: tuple[str, ...] = ()) -> ir.ModelClass:
    return ir.ModelClass(name, "object", bases, "", "", "", tuple(fields), inherited, uses, "")


def _api(*models: ir.ModelClass) -> ir.Api:
    fields = {f: None for f in ir.Api.__dataclass_fields__}
    fields.update(title="Kit", models=tuple(models), params=())
    return ir.Api(**fields)  # type: ignore[arg-type]


def test_a_small_api_gets_one_module_with_bases_defined_before_subclasses() -> None:
    base = _model("Zeta", _field("when", "_datetime.date | None"))
    child = _model("Alpha", _field("n", "int", required=True), bases=("Zeta",), inherited=base.fields, uses=("Zeta",))
    modules, split = models_files(_api(child, base))
    assert split == {} and list(modules) == ["models.py"]
    module = modules["models.py"]
    assert [m.name for m in module.classes] == ["Zeta", "Alpha"]
    assert (module.datetime, module.typing, module.base, module.eager, module.late) == (True, (), "._runtime._models", (), ())


def test_a_split_module_imports_its_bases_first_and_what_only_its_ancestors_use_after_marked_unused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_models, "SPLIT_AT", 2)
    image = _model("Image", _field("url", "str | None"))
    base = _model("AlbumBase", _field("images", "list[Image] | None"), _field("kind", 'Literal["album"] | str | None'), uses=("Image",))
    album = _model("AlbumObject", _field("label", "str | None"), bases=("AlbumBase",), inherited=base.fields, uses=("AlbumBase", "Image"))
    modules, split = models_files(_api(image, base, album))
    module = modules[f"models/{split['AlbumObject']}.py"]
    assert module.eager == (("_AlbumBase", "AlbumBase"),)
    assert module.late == (("_Image", "Image"),)
    assert module.unreferenced == {"Image", "Literal"}  # its base's fields name them: imported for its deferred build
    assert module.typing == ("Literal",) and module.base == ""  # it inherits the runtime base through AlbumBase


def test_split_module_names_of_names_differing_only_in_case_differ_on_any_file_system() -> None:
    names = module_names(["LogProb", "Logprob", "Token"])
    assert names["Token"] == "_Token"
    assert names["LogProb"].lower() != names["Logprob"].lower()
    assert names == module_names(["Token", "Logprob", "LogProb"])  # independent of order


@pytest.mark.parametrize(
    ("field", "annotation", "value"),
    [
        (_field("id", "str", required=True), "str", ""),
        (_field("created_at", "int", wire="createdAt", required=True), "int", ' = Field(validation_alias="createdAt", serialization_alias="createdAt")'),
        (_field("note", "str | None"), "str | None", " = None"),
        (_field("size", "int", default="10"), "int", " = 10"),
        # a wire name holding a double quote is written in single quotes, as black writes it
        (_field("odd", "str", wire='a"b'), "str | None", " = Field(default=None, validation_alias='a\"b', serialization_alias='a\"b')"),
    ],
    ids=["required", "required-alias", "optional", "default", "optional-without-none"],
)
def test_a_field_is_written_with_its_default_and_wire_name(field: ir.ModelField, annotation: str, value: str) -> None:
    assert (field_annotation(field), field_line(field)) == (annotation, f"{field.name}: {annotation}{value}")


def test_an_alias_needs_no_base_model_and_imports_type_alias_type() -> None:
    alias = replace(_model("JsonValue"), kind="alias", alias="str | list[JsonValue]", alias_display="str | list[JsonValue]")
    module = models_files(_api(alias))[0]["models.py"]
    assert (module.alias, module.base, module.pydantic) == (True, "", ())
