"""The client config: located errors with "did you mean", every TOML layout, package metadata, names made safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import ClientConfig, derived, derived_changes
from generator.config.project import load_project
from generator.config.naming import class_problem, derive
from generator.config.position import position
from generator.errors import GenerationFailed


def problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(GenerationFailed) as exc:
        load_project(tmp_path)
    return [e.render().replace(str(tmp_path / "pyproject.toml"), "pyproject.toml") for e in exc.value.errors]


def only(tmp_path: Path, text: str) -> ClientConfig:
    (tmp_path / "pyproject.toml").write_text(text)
    [config] = load_project(tmp_path)
    return config


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[project]\nname = "x"\n\n[tool.sdksmith.clients.todo]\nspec = "t.yaml"\ndist-name = "todo"\nhomepage = "https://x"\n',
            [
                "pyproject.toml:6:1: /tool/sdksmith/clients/todo/dist-name: unknown key 'dist-name'; did you mean 'dist_name'?",
                "pyproject.toml:7:1: /tool/sdksmith/clients/todo/homepage: unknown key 'homepage' (known: "
                "spec, version, dist_name, import_name, client_class, out, description, license, license_file, authors, "
                "urls, keywords, classifiers, env_prefix, python_requires, allow_refs_outside)",
            ],
        ),
        (
            "[tool.sdksmith.clients]\ntodo = {spec = 't.yaml', urls = {Homepage = 'https://x', Sources = 'https://y'}}\n",
            ["pyproject.toml:2:58: /tool/sdksmith/clients/todo/urls/Sources: unknown key 'Sources'; did you mean 'Source'?"],
        ),
        (
            '[tool.sdksmith.clients.todo]\nspec = "t.yaml"\nversion = "1.0-final-x"\nlicense = "MIT OR Nonsense-9"\n',
            [
                "pyproject.toml:3:1: /tool/sdksmith/clients/todo/version: '1.0-final-x' is not a PEP 440 version (such as 1.0, 1.2.3, 2.0.0rc1)",
                "pyproject.toml:4:1: /tool/sdksmith/clients/todo/license: not an SPDX license expression: Unknown license: 'nonsense-9'",
            ],
        ),
        (
            '[tool.sdksmith.clients.todo]\nversion = "1.0+local"\nclient_class = "NotFoundError"\nimport_name = "json"\n',
            [
                "pyproject.toml:1:1: /tool/sdksmith/clients/todo/spec: missing required key 'spec': the OpenAPI file, relative to pyproject.toml",
                "pyproject.toml:2:1: /tool/sdksmith/clients/todo/version: '1.0+local' has a local label (+local), which a package index refuses",
                "pyproject.toml:3:1: /tool/sdksmith/clients/todo/client_class: 'NotFoundError' would shadow 'NotFoundError', "
                "which the generated package defines or exports; for example 'NotFoundErrorClient'",
                "pyproject.toml:4:1: /tool/sdksmith/clients/todo/import_name: 'json' would shadow a module of that name "
                "(the standard library's or a dependency's)",
            ],
        ),
        (
            '[tool.sdksmith.clients.todo]\nspec = "t.yaml"\nauthors = [{name = "A"}, {mail = "a@example.com"}]\nallow_refs_outside = "yes"\n',
            [
                "pyproject.toml:3:27: /tool/sdksmith/clients/todo/authors/1/mail: unknown key 'mail'; did you mean 'email'?",
                "pyproject.toml:4:1: /tool/sdksmith/clients/todo/allow_refs_outside: Input should be a valid boolean (found str 'yes')",
            ],
        ),
        (
            "[tool.sdksmith.client.todo]\nspec = 't.yaml'\n",
            ["pyproject.toml:1:1: /tool/sdksmith/client: unknown key 'client'; did you mean 'clients'?"],
        ),
        ("[tool.sdksmith.clients.todo]\nspec = 't.yaml\n", ["pyproject.toml:2:1: /: TOML syntax error: Expected \"'\" (at end of document)"]),
        ("[tool.sdksmith.clients.todo]\nspec = 1 2\n", ["pyproject.toml:2:10: /: TOML syntax error: Expected newline or end of document after a statement"]),
        ('[tool.sdksmith.clients.2fa]\nspec = "t.yaml"\n', ["pyproject.toml:1:1: /tool/sdksmith/clients/2fa: client name '2fa' is not a Python identifier (letters, digits and '_', not starting with a digit)"]),
    ],
)
def test_config_problems_are_located_with_a_suggestion(tmp_path: Path, text: str, expected: list[str]) -> None:
    assert problems(tmp_path, text) == expected


def test_the_same_client_in_every_toml_layout(tmp_path: Path) -> None:
    layouts = [
        '[tool.sdksmith.clients.todo]\nspec = "t.yaml"\nversion = "1.0"\n',
        '[tool.sdksmith.clients]\ntodo = {spec = "t.yaml", version = "1.0"}\n',
        '[tool.sdksmith.clients]\ntodo.spec = "t.yaml"\ntodo.version = "1.0"\n',
        '[tool]\nsdksmith.clients.todo = {spec = "t.yaml", version = "1.0"}\n',
    ]
    configs = {only(tmp_path, text) for text in layouts}
    assert len(configs) == 1
    config = configs.pop()
    assert (config.name, config.dist_name, config.import_name, config.client_class, config.version, config.env) == (
        "todo", "todo-client", "todo_client", "Todo", "1.0", "TODO",
    )
    assert config.out == tmp_path / "generated" / "todo"


def test_package_metadata_is_read_and_nothing_is_invented(tmp_path: Path) -> None:
    (tmp_path / "COPYING").write_text("All rights reserved.\n")
    config = only(
        tmp_path,
        '[tool.sdksmith.clients.todo]\nspec = "t.yaml"\nout = "clients/todo"\nlicense = "apache-2.0 OR mit"\n'
        'license_file = "COPYING"\nauthors = [{name = "Ada", email = "ada@example.com"}, {email = "team@example.com"}]\n'
        'urls = {Homepage = "https://todo.example", Changelog = "https://todo.example/changes"}\n'
        'keywords = ["todo", "api"]\nclassifiers = ["Intended Audience :: Developers"]\ndescription = "Todos."\n'
        'env_prefix = "TODO_APP"\npython_requires = ">=3.11"\n',
    )
    meta = config.package
    assert meta.license == "Apache-2.0 OR MIT" and meta.license_text == "All rights reserved.\n"
    assert meta.authors == (("Ada", "ada@example.com"), ("", "team@example.com"))
    assert meta.urls == (("Homepage", "https://todo.example"), ("Changelog", "https://todo.example/changes"))
    assert (meta.keywords, meta.classifiers, meta.description) == (("todo", "api"), ("Intended Audience :: Developers",), "Todos.")
    assert (config.env, config.python_requires, config.out) == ("TODO_APP", ">=3.11", tmp_path / "clients" / "todo")
    bare = only(tmp_path, '[tool.sdksmith.clients.todo]\nspec = "t.yaml"\n')
    assert (bare.package.license, bare.package.license_text) == ("", "")


def test_a_license_file_needs_its_expression(tmp_path: Path) -> None:
    assert problems(tmp_path, '[tool.sdksmith.clients.todo]\nspec = "t.yaml"\nlicense_file = "MISSING"\n') == [
        "pyproject.toml:3:1: /tool/sdksmith/clients/todo/license_file: cannot read 'MISSING': No such file or directory",
        'pyproject.toml:3:1: /tool/sdksmith/clients/todo/license_file: license_file needs license, its SPDX expression (such as "MIT")',
    ]


@pytest.mark.parametrize(
    ("stem", "key", "import_name", "client_class", "changed"),
    [
        ("todo-api", "todo_api", "todo_api_client", "TodoApi", False),
        ("None", "none", "none_client", "NoneClient", True),
        ("class", "class_api", "class_api_client", "Class", True),
        ("2fa", "api_2fa", "api_2fa_client", "Api2fa", True),
        ("NotFoundError", "not_found_error", "not_found_error_client", "NotFoundErrorClient", True),
        ("SyncAPIClient", "sync_api_client", "sync_api_client_client", "SyncAPIClientClient", True),
        ("Credential", "credential", "credential_client", "CredentialClient", True),
        ("APIError", "api_error", "api_error_client", "APIErrorClient", True),
        ("str", "str", "str_client", "Str", False),
        ("json", "json", "json_client", "Json", False),
    ],
)
def test_names_from_a_file_name_are_made_safe_and_reported(stem: str, key: str, import_name: str, client_class: str, changed: bool) -> None:
    config = derived(Path(f"{stem}.yaml"), Path("out"), None)
    assert (config.name, config.import_name, config.client_class) == (key, import_name, client_class)
    assert class_problem(config.client_class) is None and config.import_name.isidentifier()
    assert bool(derived_changes(Path(f"{stem}.yaml"), None)) == changed
    assert all(w.level == "warning" for w in derived_changes(Path(f"{stem}.yaml"), None))


def test_async_names_are_checked_too() -> None:
    assert class_problem("Client") is not None  # AsyncClient is httpx's, and the runtime's name
    assert derive("Client").client_class == "ClientClient"


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("[a]\nb = 1\n", ("a", "b"), (2, 1)),
        ("[a]\nb = 1\n", ("a", "missing"), (1, 1)),
        ('[a]\n"b.c" = {d = [1, {e = 2}]}\n', ("a", "b.c", "d", 1, "e"), (2, 19)),
        ("[a]\nx = '''\nb = 1\n'''\nb = 2\n", ("a", "b"), (5, 1)),
        ("[a . 'q' ]  # c\n  z . y = 1\n", ("a", "q", "z", "y"), (2, 3)),
        ("[[a]]\nb = 1\n[[a]]\nb = 2\n", ("a", 1, "b"), (4, 1)),
    ],
)
def test_positions_are_found_in_every_layout(text: str, path: tuple[str | int, ...], expected: tuple[int, int]) -> None:
    assert position(text, path) == expected
