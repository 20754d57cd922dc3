"""Property: any spec built from a hostile alphabet of names and strings either fails cleanly (GenerationFailed with
located messages; through the CLI, exit 1 with FILE:LINE:COL lines and no traceback) or generates a package that
compiles, imports without running anything injected, and passes mypy --strict.

Bounded for CI: a fixed number of derandomised examples (set SDKSMITH_PROPERTY_EXAMPLES for more, and
SDKSMITH_PROPERTY_RANDOM=1 for fresh ones), no deadline, and one mypy run over a sample of the packages made.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import GenerationFailed

from hostile_kit import MARKER, assert_inside, cli, compile_all, generate, import_all, mypy_strict

EXAMPLES = int(os.environ.get("SDKSMITH_PROPERTY_EXAMPLES", "40"))
MYPY_SAMPLE = 8
ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs", "Cc"),
    include_characters="\n\t\"'\\{}%#<>+-_./$` ",
)
TOKENS = [
    "", "_", "id", "class", "None", "self", "json", "model_config", "copy", "schema", "quote", "cast", "models",
    "datetime", "date", "Client", "Response", "list", "str", "call", "page", "ASC", "asc", "GMT+0", "GMT-0", "GMT0",
    "StartTime", "StartTime<", "StartTime>", "Token", "token", "../../x", "a/b", "名前", "😀", '"""', "'''", "\\",
    "{{ x }}", "{% if 1 %}", "\n", "__import__('os')", "${x}", "x" * 80,
]


def names() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(TOKENS), st.text(ALPHABET, max_size=10))


def prose(marker: str) -> st.SearchStrategy[str]:
    payload = f'"""; import os; os.system("touch {marker}")#'
    return st.one_of(st.sampled_from(TOKENS + [payload, f"'''\\\n{payload}"]), st.text(ALPHABET, max_size=30))


@st.composite
def schemas(draw: st.DrawFn, marker: str, component_names: list[str], version: str, depth: int = 0) -> dict[str, Any]:
    kinds = ["string", "integer", "boolean", "enum", "array", "object", "ref", "nullable", "allOf", "oneOf", "map", "const"]
    kind = draw(st.sampled_from(kinds))
    description = draw(prose(marker))
    if kind == "ref" and component_names:
        name = draw(st.sampled_from(component_names))
        return {"$ref": "#/components/schemas/" + name.replace("~", "~0").replace("/", "~1")}
    if kind == "enum":
        values = draw(st.lists(st.one_of(names(), st.integers(-5, 5), st.integers(), st.floats(allow_nan=False)), min_size=1, max_size=5, unique=True))
        return {"enum": values, "description": description}
    if kind == "array" and depth < 2:
        return {"type": "array", "items": draw(schemas(marker, component_names, version, depth + 1))}
    if kind == "object" and depth < 2:
        props = draw(st.dictionaries(names(), schemas(marker, component_names, version, depth + 1), max_size=4))
        return {"type": "object", "description": description, "properties": props}
    if kind == "allOf" and depth < 2:
        parts = draw(st.lists(schemas(marker, component_names, version, depth + 1), min_size=1, max_size=2))
        return {"allOf": parts, "properties": {draw(names()): {"type": "string"}}}
    if kind == "oneOf" and depth < 2:
        return {"oneOf": draw(st.lists(schemas(marker, component_names, version, depth + 1), min_size=1, max_size=3))}
    if kind == "map" and depth < 2:
        return {"type": "object", "additionalProperties": draw(schemas(marker, component_names, version, depth + 1))}
    if kind == "const":
        return {"enum": [draw(st.one_of(names(), st.integers(), st.booleans(), st.none()))]}
    if kind == "nullable":
        if version == "3.0.3":
            return {"type": "string", "nullable": True, "default": draw(prose(marker))}
        return {"type": ["string", "null"], "default": draw(prose(marker))}
    if kind in ("string", "integer", "boolean"):
        return {"type": kind, "description": description}
    return {"type": "string", "description": description, "default": draw(prose(marker)), "example": draw(prose(marker))}


@st.composite
def specs(draw: st.DrawFn, marker: str) -> dict[str, Any]:
    version = draw(st.sampled_from(["3.0.3", "3.1.0"]))
    component_names = draw(st.lists(names(), max_size=4, unique=True))
    components = {name: draw(schemas(marker, component_names, version)) for name in component_names}
    # mostly distinct operationIds (a duplicate is a clean error, but then nothing else is exercised)
    operation_ids = iter(draw(st.lists(names(), min_size=6, max_size=6, unique=True)))
    paths: dict[str, Any] = {}
    for _ in range(draw(st.integers(1, 3))):
        segment = draw(names())
        param = draw(st.one_of(st.none(), names()))
        path = "/" + segment + ("/{" + param + "}" if param is not None else "")
        item: dict[str, Any] = {}
        for method in draw(st.lists(st.sampled_from(["get", "post", "put", "delete"]), min_size=1, max_size=2, unique=True)):
            parameters = [
                {"name": draw(names()), "in": draw(st.sampled_from(["query", "header"])), "schema": draw(schemas(marker, component_names, version)), "description": draw(prose(marker))}
                for _ in range(draw(st.integers(0, 3)))
            ]
            if param is not None:
                parameters.append({"name": param, "in": "path", "required": True, "schema": {"type": "string"}})
            op: dict[str, Any] = {
                "operationId": next(operation_ids),
                "summary": draw(prose(marker)),
                "description": draw(prose(marker)),
                "tags": [draw(names())],
                "parameters": parameters,
                "responses": {
                    "200": {"description": draw(prose(marker)), "content": {"application/json": {"schema": draw(schemas(marker, component_names, version))}}},
                    draw(st.sampled_from(["400", "404", "4XX", "default"])): {"description": "err", "content": {"application/json": {"schema": draw(schemas(marker, component_names, version))}}},
                },
            }
            if method != "get" and draw(st.booleans()):
                op["requestBody"] = {"content": {draw(st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain"])): {"schema": draw(schemas(marker, component_names, version))}}}
            item[method] = op
        paths[path] = item
    return {
        "openapi": version,
        "info": {"title": draw(prose(marker)), "version": draw(prose(marker)), "description": draw(prose(marker))},
        "tags": [{"name": draw(names()), "description": draw(prose(marker))}],
        "paths": paths,
        "components": {"schemas": components},
    }


def _clean_failure(errors: list[Any], spec: Path) -> None:
    assert errors, "GenerationFailed without a message"
    for error in errors:
        assert error.file == str(spec), error.render()
        assert error.line >= 1 and error.column >= 1, error.render()
        assert error.message and "Traceback" not in error.message, error.render()


def test_hostile_specs_fail_cleanly_or_generate_sound_packages(tmp_path: Path) -> None:
    marker = tmp_path / MARKER
    made: list[tuple[Path, str]] = []
    failed: list[Path] = []
    counter = iter(range(10**6))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not os.environ.get("SDKSMITH_PROPERTY_RANDOM"),
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(spec=specs(marker.as_posix()))
    def check(spec: dict[str, Any]) -> None:
        index = next(counter)
        folder = tmp_path / f"case{index}"
        folder.mkdir()
        path = folder / "spec.json"
        path.write_text(json.dumps(spec, indent=1))
        package = f"prop{index}"
        try:
            files = generate(path, folder / "out", package)
        except GenerationFailed as exc:
            _clean_failure(exc.errors, path)
            failed.append(path)
            return
        assert_inside(files)
        assert sorted(p.name for p in folder.iterdir()) == ["out", "spec.json"]
        assert compile_all(folder / "out") >= 13
        made.append((folder / "out", f"{package}_client"))

    check()
    assert made, "no example generated a package: the strategy is too hostile to test anything"
    sample = made[:: max(1, len(made) // MYPY_SAMPLE)][:MYPY_SAMPLE]
    for out, package in sample:
        imported = import_all(out / "src", package)
        assert imported.returncode == 0, imported.stderr[-3000:]
    checked = mypy_strict(*(out / "src" / package for out, package in sample))
    assert checked.returncode == 0, checked.stdout[-5000:]
    assert not marker.exists(), "generating or importing a package ran injected code"
    # the CLI's side of a clean failure: FILE:LINE:COL lines, exit 1, no traceback
    for path in failed[:3]:
        result = cli("generate", str(path), "--out", str(path.parent / "cli"), "-q")
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        for line in result.stderr.splitlines():
            assert re.match(rf"{re.escape(str(path))}:[1-9]\d*:[1-9]\d*: /", line), line
        assert not (path.parent / "cli").exists()
    shutil.rmtree(tmp_path, ignore_errors=True)
