"""plain_models: datamodel-code-generator's decisions for plain schemas, made without importing it. Held to the
library's own output: on small schema sets written for each rule (both OpenAPI versions), on every spec of the
corpus whose schemas it accepts, and by the import it saves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from corpus.corpus_kit import LARGE, SEEDS, SPECS
from generator.build import models as build_models
from generator.build import build
from generator.build.model_code import NO_DEFAULT, RawClass, read_classes
from generator.build.model_source import generated
from generator.build.plain_models import plain_classes
from generator.config import derived
from generator.spec.load import load
from generator.spec.validate import validate

ROOT = Path(__file__).resolve().parents[2]
S = {"type": "string"}
OPEN = {"anyOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "string"}]}
B = {"type": "object", "properties": {"x": S}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


# Flat schema sets (as flatten hands them over: every object named), one per rule the module writes out.
ACCEPTED: dict[str, dict[str, Any]] = {
    "scalars and kept formats": {
        "A": {
            "type": "object",
            "required": ["s"],
            "properties": {
                "s": S, "i": {"type": "integer", "format": "int64"}, "n": {"type": "number", "format": "double"},
                "b": {"type": "boolean"}, "d": {"type": "string", "format": "date-time"},
                "dd": {"type": "string", "format": "date"}, "t": {"type": "string", "format": "time"},
                "bin": {"type": "string", "format": "binary"}, "untyped": {"description": "any"}, "nl": {"type": "null"},
            },
        }
    },
    "nullable, required or not": {
        "A": {
            "type": "object",
            "required": ["r", "r2", "ra"],
            "properties": {
                "r": {"type": "string", "nullable": True}, "o": {"type": "string", "nullable": True},
                "r2": {"type": ["string", "null"]}, "o2": {"type": ["integer", "null"]},
                "ra": {"nullable": True}, "oa": {"nullable": True}, "on": {"type": ["object", "null"]},
            },
        }
    },
    "defaults": {
        "A": {
            "type": "object",
            "required": ["q"],
            "properties": {
                "q": {"type": "string", "default": "ignored when required"}, "b": {"type": "boolean", "default": False},
                "i": {"type": "integer", "default": 3}, "f": {"type": "number", "default": 1.5},
                "n": {"type": "string", "nullable": True, "default": "z"}, "e": {"type": "string", "enum": ["a", "b"], "default": "a"},
            },
        }
    },
    "enums and consts": {
        "A": {
            "type": "object",
            "properties": {
                "e": {"type": "string", "enum": ["a", "b"]}, "n": {"type": "string", "enum": ["a", None], "nullable": True},
                "i": {"type": "integer", "enum": [1, 2]}, "c": {"const": "k"}, "bo": {"type": "boolean", "enum": [True]},
                "q": {"type": "string", "enum": ["it's", 'a"b']}, "open": OPEN,
            },
        }
    },
    "arrays and maps": {
        "A": {
            "type": "object",
            "properties": {
                "l": {"type": "array", "items": S}, "bare": {"type": "array"}, "anyitems": {"type": "array", "items": {}},
                "m": {"type": "object", "additionalProperties": {"type": "integer"}}, "m0": {"type": "object"},
                "mt": {"type": "object", "additionalProperties": True}, "mf": {"type": "object", "additionalProperties": False},
                "mn": {"type": "object", "additionalProperties": {"nullable": True}},
                "ln": {"type": "array", "items": {"type": "string", "nullable": True}},
                "ll": {"type": "array", "items": {"type": "array", "items": _ref("B")}},
                "tuple": {"type": "array", "prefixItems": [S]}, "lnull": {"type": ["array", "null"], "items": S},
            },
        },
        "B": B,
    },
    "named types: collapsed where referenced, kept where not": {
        "A": {
            "type": "object",
            "required": ["b"],
            "properties": {
                "b": _ref("B"), "day": _ref("Day"), "open": _ref("Open"), "list": _ref("List"), "map": _ref("Map"),
                "free": _ref("Free"),
            },
        },
        "B": B,
        "Day": {"type": "string", "format": "date"},
        "Open": OPEN,
        "List": {"type": "array", "items": _ref("B")},
        "Map": {"type": "object", "additionalProperties": _ref("B")},
        "Free": {"type": "object", "additionalProperties": True},
        "UnusedList": {"type": "array", "items": S},
        "UnusedOpen": {"anyOf": [{"type": "string", "enum": ["a"]}, S]},
        "Bare": {"type": "object"},
        "Empty": {"type": "object", "additionalProperties": {"not": {}}},
    },
    "unions": {
        "A": {
            "type": "object",
            "required": ["u"],
            "properties": {
                "u": {"oneOf": [_ref("B"), _ref("C")]}, "o": {"anyOf": [_ref("B"), {"type": "null"}]},
                "s": {"anyOf": [S, {"type": "integer"}]}, "n": {"oneOf": [_ref("B"), _ref("C")], "nullable": True},
                "dup": {"anyOf": [S, S]}, "ln": {"type": "array", "items": {"anyOf": [_ref("B"), {"type": "null"}]}},
                "eo": {"anyOf": [_ref("Open"), {"type": "null"}]}, "sl": {"anyOf": [S, {"type": "array", "items": S}]},
            },
        },
        "B": B,
        "C": {"type": "object", "properties": {"y": S}},
        "Open": OPEN,
    },
    "inheritance": {
        "Base": {"type": "object", "required": ["id"], "properties": {"id": S}},
        "Sub": {"allOf": [_ref("Base"), {"type": "object", "required": ["x"], "properties": {"x": S, "y": {"type": "integer"}}}]},
        "Only": {"allOf": [_ref("Base")], "description": "a base and nothing of its own"},
        "Deep": {"allOf": [_ref("Sub"), {"properties": {"z": S}}], "additionalProperties": True},
    },
    "a base's required names, and names required beside allOf": {
        "Page": {"type": "object", "required": ["total", "items"], "properties": {"total": {"type": "integer"}}},
        "TrackPage": {"allOf": [_ref("Page"), {"type": "object", "properties": {"items": {"type": "array", "items": S}}}]},
        "Album": {"required": ["label"], "allOf": [_ref("Page"), {"properties": {"label": S, "other": S}}], "type": "object"},
    },
    "a reference to a union of a class and a list of it": {
        "A": {"type": "object", "properties": {"u": _ref("U")}},
        "U": {"anyOf": [_ref("B"), {"type": "array", "items": _ref("B")}]},
        "B": B,
    },
    "a class without properties": {"A": {"type": "object", "properties": {}, "description": "no fields"}},
    "names for classes, and unions of classes": {
        "A": {"type": "object", "required": ["status"], "properties": {"status": _ref("Status"), "room": _ref("Alias"), "rooms": {"type": "array", "items": _ref("AliasOfAlias")}}},
        "Status": {"anyOf": [_ref("B"), _ref("C"), {"type": "null"}]},
        "Alias": _ref("B"),
        "AliasOfAlias": _ref("Alias"),
        "B": B,
        "C": {"type": "object", "properties": {"y": S}},
    },
    "extra properties beside declared ones": {
        "A": {"type": "object", "properties": {"x": S}, "additionalProperties": False},
        "B": {"type": "object", "properties": {"x": S}, "additionalProperties": {"type": "integer"}},
        "C": {"type": "object", "properties": {"x": S}, "additionalProperties": True},
        "D": {"type": "object", "properties": {"x": S}, "additionalProperties": {"not": {}}},
    },
    "property names Python cannot use": {
        "A": {"type": "object", "required": ["class"], "properties": {"class": S, "model_config": S, "a-b": S, "9x": S, "self": S, "A": S}}
    },
}

# Schemas whose types the library decides by rules not written out here: left to it.
REFUSED: dict[str, dict[str, Any]] = {
    "a format the library has a type for (UUID)": {"A": {"type": "object", "properties": {"u": {"type": "string", "format": "uuid"}}}},
    "a nullable map of a type (the library drops the value type)": {
        "A": {"type": "object", "properties": {"m": {"type": ["object", "null"], "additionalProperties": {"type": "integer"}}}}
    },
    "items beside type object": {"A": {"type": "object", "properties": {"m": {"type": "object", "items": S}}}},
    "a nested union": {"A": {"type": "object", "properties": {"u": {"anyOf": [{"anyOf": [S]}, {"type": "integer"}]}}}},
    "two bases": {
        "A": {"type": "object", "properties": {"a": S}},
        "C": {"type": "object", "properties": {"c": S}},
        "Both": {"allOf": [_ref("A"), _ref("C")]},
    },
    "a cycle of bases": {"A": {"allOf": [_ref("A"), {"properties": {"a": S}}]}},
    "a cycle of names": {"A": _ref("B"), "B": _ref("A")},
    "no properties and no extra ones (the library writes a map)": {"A": {"type": "object", "properties": {}, "additionalProperties": {"not": {}}}},
    "a union with a named scalar (the library reorders it)": {
        "A": {"type": "object", "properties": {"u": {"anyOf": [_ref("Day"), {"type": "integer"}]}}},
        "Day": {"anyOf": [{"type": "string", "format": "date"}, {"type": "array", "items": S}]},
    },
    "an object default": {"A": {"type": "object", "properties": {"o": {"type": "object", "default": {}}}}},
    "a discriminator": {
        "A": {"type": "object", "properties": {"u": {"oneOf": [_ref("B")], "discriminator": {"propertyName": "x"}}}},
        "B": B,
    },
}


def _by_name(classes: list[RawClass]) -> dict[str, tuple[Any, ...]]:
    return {
        c.name: (c.bases, c.root, [(f.wire, f.annotation, f.required, "-" if f.default is NO_DEFAULT else f.default) for f in c.fields])
        for c in classes
    }


def _librarys(schemas: dict[str, Any], version: str) -> dict[str, tuple[Any, ...]]:
    return _by_name(read_classes(generated(schemas, version)))


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKSMITH_NO_CACHE", "1")  # the library's answer, not one remembered from another run


@pytest.mark.parametrize("version", ["3.0", "3.1"])
@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_plain_schemas_get_the_librarys_classes_without_it(case: str, version: str) -> None:
    mine = plain_classes(ACCEPTED[case])
    assert mine is not None, "the rules cover this case"
    assert _by_name(mine) == _librarys(ACCEPTED[case], version)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_schemas_outside_the_rules_are_left_to_the_library(case: str) -> None:
    assert plain_classes(REFUSED[case]) is None


def _flat_schemas(spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[dict[str, Any]], str]:
    """The schema sets the build hands to the model step for ``spec``, and the spec's OpenAPI version."""
    seen: list[dict[str, Any]] = []

    def recording(schemas: dict[str, Any]) -> list[RawClass] | None:
        seen.append(dict(schemas))
        return plain_classes(schemas)

    monkeypatch.setattr(build_models, "plain_classes", recording)
    checked = validate(load(spec))
    build(checked, derived(spec, tmp_path / "out", "kit"), skip_unsupported=True)
    return seen, checked.version


CORPUS = [p for p in [*SEEDS, *SPECS] if p.name not in LARGE]
# The specs the benchmarks time whose cold generation depends on this: they must stay plain.
MUST_BE_PLAIN = {p.name for p in SEEDS} | {"twilio_video_v1.yaml", "resend.yaml", "spotify.fixed-open-api.yml", "hathora-swagger.json"}


@pytest.mark.parametrize("spec", CORPUS, ids=[p.name for p in CORPUS])
def test_every_corpus_spec_it_accepts_gets_the_librarys_classes(spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs, version = _flat_schemas(spec, tmp_path, monkeypatch)
    accepted = [schemas for schemas in runs if plain_classes(schemas) is not None]
    if spec.name in MUST_BE_PLAIN:
        assert runs and len(accepted) == len(runs), f"{spec.name} no longer takes the path without the library"
    for schemas in accepted:
        mine = plain_classes(schemas)
        assert mine is not None
        assert _by_name(mine) == _librarys(schemas, version)


def _imports_the_library(spec: Path, tmp_path: Path) -> bool:
    script = (
        "import sys; from generator.cli import main; "
        f"code = main(['generate', {str(spec)!r}, '--out', {str(tmp_path / 'out')!r}, '-q']); "
        "print(code, 'datamodel_code_generator' in sys.modules)"
    )
    env = {**os.environ, "SDKSMITH_NO_CACHE": "1"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    code, imported = done.stdout.split()[-2:]
    assert code == "0", done.stderr
    return imported == "True"


def test_a_cold_generation_of_plain_schemas_never_imports_the_library(tmp_path: Path) -> None:
    """What the module is for: the library's import is ~0.2 s and ~13 MiB of a small spec's cold run."""
    assert not _imports_the_library(ROOT / "specs" / "hathora.yaml", tmp_path)


def test_a_spec_with_one_schema_outside_the_rules_still_gets_the_library(tmp_path: Path) -> None:
    spec = tmp_path / "mixed.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: Mixed, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A:\n      type: object\n"
        "      properties:\n        id: {type: string, format: uuid}\n        both: {allOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/C'}]}\n"
        "    B: {type: object, properties: {b: {type: string}}}\n    C: {type: object, properties: {c: {type: string}}}\n"
    )
    assert _imports_the_library(spec, tmp_path)
