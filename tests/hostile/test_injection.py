"""No text from a spec can become code: quotes, triple quotes, backslashes, newlines, Jinja syntax and Python
expressions in descriptions, titles, defaults, enum values, examples and names are escaped or rejected wherever
they land, and no name can make the generator write outside its output folder."""

from __future__ import annotations

import ast
import tomllib
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest

from generator.errors import GenerationFailed
from generator.render.style import docstring
from generator.text import clean_text, closing_safe, docstring_body

from build_kit import package, spec
from hostile_kit import MARKER, assert_inside, assert_sound, cli, generate, injection, write_spec

JINJA = "{{ 7 * 7 }} {% for x in range(3) %}{{ x }}{% endfor %} {# c #}"
TRICKY = [
    '"',
    '"""',
    "'''",
    "\\",
    "\\'",
    '\\"""',
    "ends with a quote\"",
    "ends with a backslash\\",
    'x""""""y',
    "line\nbreak\r\nand\rreturn",
    "tab\there\x0bvt\x0cff",
    "\u2028\u2029\x85",
    "\x00\x01\x1b[31mred",
    JINJA,
    "${HOME} `id` $(id)",
    "</script><script>alert(1)</script> <!-- -->",
    "__import__('os').system('id')",
    "😀 名前 ünïcødé",
    "\\N{BULLET} \\x41 \\u0041",
]


def _everywhere(text: str, payload: str) -> dict[str, Any]:
    """A spec with ``text`` in every place spec text can land (names only where they may hold anything)."""
    prose = f"{text} {payload}"
    string = {"type": "string", "description": prose, "title": prose, "default": prose, "example": prose}
    enum = {"type": "string", "enum": [text, payload, "plain"], "description": prose, "default": payload}
    return {
        "openapi": "3.1.0",
        "info": {"title": prose, "version": prose, "description": prose},
        "servers": [{"url": "https://api.example.com/{v}", "description": prose, "variables": {"v": {"default": prose, "description": prose}}}],
        "tags": [{"name": prose, "description": prose}],
        "paths": {
            "/things/{thing}": {
                "parameters": [
                    {"name": "thing", "in": "path", "required": True, "schema": string, "description": prose, "example": prose}
                ],
                "get": {
                    "operationId": prose,
                    "tags": [prose],
                    "summary": prose,
                    "description": prose,
                    "parameters": [
                        {"name": prose, "in": "query", "schema": enum, "description": prose, "example": payload},
                        {"name": payload, "in": "header", "schema": string},
                    ],
                    "responses": {
                        "200": {"description": prose, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                        "404": {"description": prose, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                    },
                },
                "post": {
                    "operationId": payload,
                    "tags": [payload],
                    "requestBody": {
                        "description": prose,
                        "content": {"application/json": {"schema": {"type": "object", "description": prose, "properties": {prose: string, payload: enum}}}},
                    },
                    "responses": {"204": {"description": prose}},
                },
            }
        },
        "components": {
            # a header name must be an HTTP token (refused otherwise: test_text_that_lands_in_code_verbatim_is_rejected)
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key", "description": prose}},
            "schemas": {
                "Thing": {
                    "type": "object",
                    "title": prose,
                    "description": prose,
                    "required": [payload],
                    "properties": {
                        payload: string,
                        prose: enum,
                        "n": {"type": "integer", "default": 3, "description": prose, "example": prose},
                        "nested": {"type": "object", "description": prose, "properties": {payload: string}},
                    },
                    "example": {payload: prose},
                },
                prose: {"type": "object", "description": prose, "properties": {"x": string}},
                payload: {"type": "string", "enum": [payload, text], "description": prose},
            },
        },
        "security": [{"key": []}],
    }


def test_docstring_body_cannot_end_a_docstring_or_start_an_escape_and_loses_nothing() -> None:
    for text in TRICKY + ['"""; import os #', "a" * 3 + '"' * 7, "\\" * 5, '"a" | "b"', 'ends in a quote"', "slash\\"]:
        cleaned = clean_text(text)
        body = docstring_body(cleaned)  # as the builder and templates use them
        for template, expected in (
            ('"""{}."""', cleaned + "."),
            ('"""X: {}\n"""', f"X: {cleaned}\n"),
            ('"""{}\n    Y."""', f"{cleaned}\n    Y."),
        ):
            tree = ast.parse(template.format(body))
            assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr), text
            assert ast.literal_eval(template.format(body)) == expected, text
        # at the very end, the closing quotes are written by ``docstring`` or after ``closing_safe``
        closed = f'"""{closing_safe(body)}"""'
        assert ast.literal_eval(closed).rstrip(" ") == cleaned.rstrip(" "), text
        assert ast.literal_eval(docstring(body, 0)).strip() == cleaned.strip(), text


@pytest.mark.parametrize("index", range(len(TRICKY)), ids=lambda i: f"tricky{i}")
def test_tricky_text_is_inert_everywhere(index: int, tmp_path: Path) -> None:
    text = TRICKY[index]
    spec = write_spec(_everywhere(text, injection(tmp_path)), tmp_path / "spec.json")
    out = tmp_path / "out"
    files = generate(spec, out, "inject")
    assert_inside(files)
    assert_sound(out, "inject_client", mypy=index in (0, 1, 9, 13))  # mypy for a few; the rest compile and import
    assert not (tmp_path / MARKER).exists(), "importing the package ran injected code"
    tomllib.loads(files["pyproject.toml"])  # the title lands in the description
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "spec.json"], "nothing written beside the output"


def test_injected_code_never_runs_in_the_whole_pipeline(tmp_path: Path) -> None:
    """Generate through the CLI, import every module, mypy --strict: the marker file never appears."""
    spec = write_spec(_everywhere('"""\\\n' + JINJA, injection(tmp_path)), tmp_path / "spec.yaml")
    result = cli("generate", str(spec), "--out", str(tmp_path / "out"), "--name", "inject", "-q")
    assert result.returncode == 0, result.stderr
    assert_sound(tmp_path / "out", "inject_client")
    assert not (tmp_path / MARKER).exists()
    # Jinja syntax from the spec is text, never rendered: it comes out exactly as written
    assert "{{ 7 * 7 }}" in (tmp_path / "out" / "src" / "inject_client" / "_client.py").read_text()


@pytest.mark.parametrize("name", ["../../x", "..", "../outside", "/abs/path", "a/../../b", "C:\\x", "~", ".", "x/./y"])
def test_path_like_names_never_write_outside_the_output(name: str, tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": name, "version": "1"},
        "tags": [{"name": name}],
        "paths": {"/x": {"get": {"operationId": name, "tags": [name], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name.replace('~', '~0').replace('/', '~1')}"}}}}}}}},
        "components": {"schemas": {name: {"type": "object", "properties": {name: {"type": "string"}}}}},
    }
    work = tmp_path / "deep" / "er"
    files = generate(write_spec(spec, work / "spec.json"), work / "out", "paths")
    assert_inside(files)
    assert sorted(p.name for p in tmp_path.rglob("*") if "out" not in p.relative_to(tmp_path).parts) == ["deep", "er", "spec.json"]
    assert_sound(work / "out", "paths_client", mypy=False)


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("env", 'K"""; import os #', "x-sdksmith-env: must be an environment variable name"),
        ("variable", 'v"""', "a server variable name may hold only"),
        ("status", '200"""', "is not an HTTP status code"),
        ("stream", "x(): pass", "x-sdksmith-stream/name: must be a snake_case Python identifier"),
        ("resource", "Tokens-List", "x-sdksmith-resource: must be a snake_case Python identifier"),
        ("header", 'X-Key"""\r\nX-Evil: 1', "header name 'X-Key\"\"\"\\r\\nX-Evil: 1' is not an HTTP token"),
    ],
)
def test_text_that_lands_in_code_verbatim_is_rejected(where: str, value: str, message: str, tmp_path: Path) -> None:
    op: dict[str, Any] = {"operationId": "get", "responses": {"200": {"description": "ok"}}}
    spec: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": op}}}
    if where in ("env", "header"):
        key = {"type": "apiKey", "in": "header", "name": "K", "x-sdksmith-env": "K"} | ({"x-sdksmith-env": value} if where == "env" else {"name": value})
        spec["components"] = {"securitySchemes": {"k": key}}
    elif where == "variable":
        spec["servers"] = [{"url": "https://x/{v}", "variables": {value: {"default": "1"}}}]
    elif where == "status":
        op["responses"][value] = {"description": "bad"}
    elif where == "stream":
        op["x-sdksmith-stream"] = {"name": value}
    else:
        op["x-sdksmith-resource"] = value
    with pytest.raises(GenerationFailed) as failed:
        generate(write_spec(spec, tmp_path / "spec.yaml"), tmp_path / "out", "t")
    assert any(message in e.message or message in e.render() for e in failed.value.errors), failed.value
    assert all(e.line >= 1 and e.column >= 1 for e in failed.value.errors)
    assert not (tmp_path / "out").exists()


def test_text_ending_in_a_quote_keeps_its_quote_in_every_docstring(tmp_path: Path) -> None:
    """An enum parameter without a description is documented by its values, which end in a quote; a description
    may end in one too. Nothing is cut off, and the package still parses and formats as black writes it."""
    said = 'Called "the thing"'
    paths = {"/x": {"get": {
        "operationId": "getX",
        "parameters": [{"name": "season", "in": "query", "schema": {"type": "string", "enum": ["été", "hiver"]}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}},
    }}}
    thing = {"type": "object", "description": said, "properties": {"name": {"type": "string", "description": said}}}
    pkg = package(spec({"Thing": thing}, paths), tmp_path)
    resource = import_module(f"{pkg.__name__}.resources.x")
    method = next(getattr(cls, "get_x") for cls in vars(resource).values() if isinstance(cls, type) and hasattr(cls, "get_x"))
    doc = method.__doc__ or ""
    assert 'season: "été" | "hiver"' in doc
    models = import_module(f"{pkg.__name__}.models")
    assert (models.Thing.__doc__ or "").strip() == said
    source = Path(models.__file__).read_text(encoding="utf-8")
    assert f'"""{said} """' in source  # the field's attribute docstring, padded before its closing quotes
