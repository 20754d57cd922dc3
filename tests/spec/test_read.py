"""Stage 1 on small documents: keys read as written, duplicates and non-JSON literals refused (located), nesting
bounded before any parser recurses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import GenerationFailed
from generator.spec.read import MAX_DEPTH, read_file


def _read(tmp_path: Path, text: str, name: str = "api.yaml") -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_file(path).data


def _refused(tmp_path: Path, text: str, name: str = "api.yaml") -> list[str]:
    with pytest.raises(GenerationFailed) as failed:
        _read(tmp_path, text, name)
    return [e.render().split(":", 1)[1] for e in failed.value.errors]


def test_mapping_keys_are_the_strings_they_were_written_as(tmp_path: Path) -> None:
    # OpenAPI asks for YAML's failsafe schema for keys: YAML 1.1 booleans, nulls, numbers and dates stay text.
    keys = ["True", "false", "yes", "on", "No", "null", "~", "1.5", "200", "0x1F", "012", "2024-01-01", "1e3", ".inf"]
    text = "properties:\n" + "".join(f"  {k}: {{type: string}}\n" for k in keys) + '  "quoted": {}\n'
    assert list(_read(tmp_path, text)["properties"]) == [*keys, "quoted"]


def test_values_keep_their_yaml_types(tmp_path: Path) -> None:
    assert _read(tmp_path, "a: [true, 1, 1.5, null, '200', 2024-01-01]\n")["a"] == [True, 1, 1.5, None, "200", "2024-01-01"]


def test_a_key_written_twice_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    text = "paths:\n  /a:\n    get: {}\n  /b: {}\n  /a:\n    post: {}\n"
    assert _refused(tmp_path, text) == [
        "5:3: /paths/~1a: duplicate key '/a' (also on line 2): a parser keeps only the last one, so the first would "
        "be silently lost; merge them or rename one"
    ]


def test_keys_equal_only_as_strings_are_duplicates_too(tmp_path: Path) -> None:
    (found,) = _refused(tmp_path, 'responses:\n  200: {}\n  "200": {}\n')
    assert found.startswith("3:3: /responses/200: duplicate key '200' (also on line 2)")


def test_every_duplicate_of_a_json_document_is_reported(tmp_path: Path) -> None:
    text = '{"paths": {"/a": {}, "/a": {}},\n "info": {"x": 1, "y": 2, "x": 3}}'
    found = _refused(tmp_path, text, "api.json")
    second = text.splitlines()[1].rindex('"x"') + 1
    assert [f.split(": duplicate")[0] for f in found] == ["1:22: /paths/~1a", f"2:{second}: /info/x"]


def test_merge_keys_are_overridden_not_duplicated(tmp_path: Path) -> None:
    data = _read(tmp_path, "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  x: 3\n")
    assert data["c"] == {"x": 3, "y": 2}


def test_a_key_that_is_not_a_scalar_is_refused(tmp_path: Path) -> None:
    (found,) = _refused(tmp_path, "a:\n  ? [x, y]\n  : 1\n")
    assert "a mapping key must be a string, found a list" in found and found.startswith("2:")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_refused_where_they_are(tmp_path: Path, literal: str) -> None:
    text = '{"openapi": "3.1.0",\n "x": {"a": "NaN", "b": [1, %s]}}' % literal
    assert _refused(tmp_path, text, "api.json") == [
        f"2:{text.splitlines()[1].rindex(literal) + 1}: /x/b/1: {literal} is not JSON (JSON has no NaN or Infinity): "
        "write a number, or a string"
    ]


@pytest.mark.parametrize(
    "nested",
    [
        pytest.param("[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5), id="flow"),
        pytest.param("\n" + "- " * (MAX_DEPTH + 5) + "x", id="block"),
        pytest.param("{a: " * (MAX_DEPTH + 5) + "1" + "}" * (MAX_DEPTH + 5), id="mappings"),
    ],
)
def test_yaml_nested_too_deep_is_refused_at_the_line_that_goes_too_deep(tmp_path: Path, nested: str) -> None:
    (found,) = _refused(tmp_path, "openapi: 3.1.0\nx-deep: " + nested + "\n")
    position, pointer, message = found.split(": ", 2)
    assert message == f"nesting deeper than {MAX_DEPTH} levels"
    assert position.split(":")[0] in ("2", "3") and pointer.startswith("/x-deep/")
    assert pointer.count("/") == MAX_DEPTH + 1


def test_json_nested_too_deep_is_refused_where_it_goes_too_deep(tmp_path: Path) -> None:
    text = '{"s": "[[[[", "x": ' + "[" * 2000 + "]" * 2000 + "}"
    (found,) = _refused(tmp_path, text, "api.json")
    assert found == f"1:{text.index('[[[[[') + MAX_DEPTH + 1}: /: nesting deeper than {MAX_DEPTH} levels"


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    data = _read(tmp_path, "x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    assert isinstance(data["x"], list)
    assert json.loads(json.dumps(data))  # plain data
