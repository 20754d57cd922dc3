"""Command contracts, in process: --help everywhere, validate runs what generate runs, warnings and --strict, file
and folder problems as one user-error line, --allow-refs-outside, names from hostile file names."""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.cli import _parser, main

ROOT = Path(__file__).resolve().parents[2]

TOY = """\
openapi: 3.0.3
info: {title: Toy, version: "1"}
servers: [{url: "https://toy.example"}]
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Item"}}
components:
  schemas:
    Item:
      type: object
      properties: {id: {type: string}}
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def spec(tmp_path: Path, text: str = TOY, name: str = "toy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(_subparsers()))
def test_every_command_and_option_explains_itself_with_an_example(name: str) -> None:
    parser = _subparsers()[name]
    assert parser.description and parser.epilog and parser.epilog.startswith("examples:")
    assert f"sdksmith {name}" in parser.epilog or (name == "publish" and "sdksmith publish" in parser.epilog)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help, f"{name} {action.option_strings or action.dest} has no help"
        takes_value = action.nargs != 0 and action.option_strings
        if takes_value and action.dest not in ("repository_url",):
            assert "e.g." in action.help, f"{name} {action.option_strings} has no example"
    assert "examples:" in parser.format_help()


def test_the_top_level_help_lists_commands_and_examples() -> None:
    text = _parser().format_help()
    assert "sdksmith init openapi.yaml --name todo" in text and "release" in text


def test_validate_runs_the_build_stage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # valid OpenAPI, but the pagination names an items field the answer does not have: only the build sees it
    bad = spec(tmp_path, TOY.replace("      operationId: listItems\n", "      operationId: listItems\n      x-sdksmith-pagination: {style: offset, items: data, offset_param: offset}\n"))
    code, err = run(capsys, "validate", str(bad))
    assert code == 1
    assert err == f"{bad}:8:46: /paths/~1items/get/x-sdksmith-pagination/items: cannot generate: the success response has no field 'data' (--skip-unsupported leaves it out)\n"
    assert run(capsys, "validate", str(spec(tmp_path, name="good.yaml"))) == (0, "")


def test_a_missing_operation_id_is_a_located_warning_and_an_error_under_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = spec(tmp_path, TOY.replace("      operationId: listItems\n", ""))
    expected = f"{path}:6:5: /paths/~1items/get: warning: no operationId: the method name is made from the HTTP method and path"
    code, err = run(capsys, "validate", str(path))
    assert code == 0 and err.startswith(expected)
    code, err = run(capsys, "validate", str(path), "--strict")
    assert code == 1 and err.startswith(expected.replace("warning: ", ""))
    code, err = run(capsys, "generate", str(path), "--out", str(tmp_path / "out"), "-q", "--strict")
    assert code == 1 and not (tmp_path / "out").exists()


def test_a_misspelt_extension_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = spec(tmp_path, TOY.replace("      operationId: listItems\n", "      operationId: listItems\n      x-sdksmith-idempotnt: true\n"))
    assert run(capsys, "validate", str(path)) == (
        1,
        f"{path}:8:7: /paths/~1items/get/x-sdksmith-idempotnt: unknown extension 'x-sdksmith-idempotnt'; did you mean 'x-sdksmith-idempotent'?\n",
    )


def test_output_folder_problems_are_one_user_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = spec(tmp_path)
    a_file = tmp_path / "taken"
    a_file.write_text("mine")
    for out in (a_file, a_file / "below"):
        code, err = run(capsys, "generate", str(path), "--out", str(out), "-q")
        assert code == 1 and len(err.splitlines()) == 1 and "internal error" not in err, err
    assert a_file.read_text() == "mine"
    (tmp_path / "project" / "pyproject.toml").mkdir(parents=True)  # a folder where the config file should be
    code, err = run(capsys, "generate", "--root", str(tmp_path / "project"))
    assert code == 1 and "internal error" not in err and "pyproject.toml" in err


def test_refs_outside_the_spec_folder_need_the_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "item.yaml").write_text("type: object\nproperties: {id: {type: string}}\n")
    (tmp_path / "api").mkdir()
    path = spec(tmp_path / "api", TOY.replace("$ref: \"#/components/schemas/Item\"", "$ref: \"../common/item.yaml\""))
    code, err = run(capsys, "validate", str(path))
    assert code == 1 and "../common/item.yaml" in err
    assert run(capsys, "validate", str(path), "--allow-refs-outside") == (0, "")
    code, err = run(capsys, "generate", str(path), "--out", str(tmp_path / "out"), "-q", "--allow-refs-outside")
    assert (code, err) == (0, "")


@pytest.mark.parametrize(("stem", "package", "cls"), [("None", "none_client", "NoneClient"), ("2fa", "api_2fa_client", "Api2fa"), ("NotFoundError", "not_found_error_client", "NotFoundErrorClient")])
def test_hostile_file_names_give_an_importable_client_and_say_what_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str], stem: str, package: str, cls: str) -> None:
    path = spec(tmp_path, name=f"{stem}.yaml")
    code, err = run(capsys, "generate", str(path), "--out", str(tmp_path / "out"), "-q")
    assert code == 0, err
    assert (stem == "2fa") == ("starts with a digit" in err) and ("warning: name:" in err) == (cls.endswith("Client") or stem == "2fa")
    probe = f"import {package} as p; assert p.{cls}.__name__ == {cls!r}; assert p.NotFoundError.__module__.endswith('_exceptions')"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path / "out" / "src", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_names_that_look_like_extensions_are_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only keys where OpenAPI allows extensions are checked: a schema, property, security scheme or example value
    may be called x-sdksmith-anything."""
    path = spec(tmp_path, """\
        openapi: 3.1.0
        info: {title: T, version: "1"}
        security: [{x-sdksmith-scheme: []}]
        paths:
          /a:
            get:
              operationId: a
              x-sdksmith-nam: x
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/x-sdksmith-model"}}}}
        components:
          x-sdksmith-envlope: {}
          securitySchemes:
            x-sdksmith-scheme: {type: http, scheme: bearer}
          schemas:
            x-sdksmith-model: {type: object, properties: {x-sdksmith-p: {type: string, default: {x-sdksmith-q: 1}}}}
        """)
    code, err = run(capsys, "validate", str(path))
    assert code == 1
    assert err.splitlines() == [
        f"{path}:8:7: /paths/~1a/get/x-sdksmith-nam: unknown extension 'x-sdksmith-nam'; did you mean 'x-sdksmith-name'?",
        f"{path}:12:3: /components/x-sdksmith-envlope: unknown extension 'x-sdksmith-envlope'; did you mean 'x-sdksmith-envelope'?",
    ]
