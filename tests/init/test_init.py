"""`sdksmith init`, in process: the user's pyproject.toml and .gitignore kept as written, a second client added
beside the first, a name already taken refused at its line, a spec that cannot be generated leaving nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.config.project import load_project

TODO = Path(__file__).resolve().parent / "todo.yaml"
MINE = '''\
[project]
name = "my-service"   # mine
version = "2.3.4"

[tool.black]
line-length = 100   # also mine
'''


def init(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str]:
    code = main(["init", *args, "--root", str(root)])
    return code, capsys.readouterr().err


def test_init_keeps_the_users_files_and_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(TODO, tmp_path / "todo.yaml")
    (tmp_path / "pyproject.toml").write_text(MINE)
    (tmp_path / ".gitignore").write_text("*.log")  # no final newline
    code, err = init(capsys, tmp_path, str(tmp_path / "todo.yaml"), "-q")
    assert (code, err) == (0, "")
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith(MINE)
    assert '[tool.sdksmith.clients.todo]\n' in text and 'spec = "todo.yaml"\n' in text and "# Optional keys" in text
    assert (tmp_path / ".gitignore").read_text() == "*.log\n# sdksmith's regeneration cache\n.sdksmith-cache/\n"
    [config] = load_project(tmp_path)
    assert (config.import_name, config.client_class, config.version) == ("todo_client", "Todo", "0.1.0")
    assert (tmp_path / "generated" / "todo" / "src" / "todo_client" / "_client.py").is_file()
    assert main(["generate", "--root", str(tmp_path)]) == 0
    assert capsys.readouterr().err == "unchanged todo\n", "init left the cache filled"

    # a second client beside the first; .gitignore is not touched twice
    shutil.copy(TODO, tmp_path / "other.yaml")
    code, err = init(capsys, tmp_path, str(tmp_path / "other.yaml"), "--name", "tasks", "--out", "clients/tasks", "-q")
    assert code == 0, err
    assert [c.name for c in load_project(tmp_path)] == ["tasks", "todo"]
    assert (tmp_path / "clients" / "tasks" / "src" / "tasks_client").is_dir()
    assert (tmp_path / ".gitignore").read_text().count(".sdksmith-cache/") == 1
    assert (tmp_path / "pyproject.toml").read_text().startswith(text)


def test_a_name_already_configured_is_refused_where_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(TODO, tmp_path / "todo.yaml")
    (tmp_path / "pyproject.toml").write_text(MINE + '\n[tool.sdksmith.clients]\ntodo = {spec = "todo.yaml"}\n')
    before = (tmp_path / "pyproject.toml").read_text()
    code, err = init(capsys, tmp_path, str(tmp_path / "todo.yaml"))
    assert code == 1
    assert err == (
        f"{tmp_path / 'pyproject.toml'}:9:1: /tool/sdksmith/clients/todo: a client named 'todo' is already configured: "
        "run `sdksmith generate`, or choose another --name\n"
    )
    assert (tmp_path / "pyproject.toml").read_text() == before


def test_a_spec_that_cannot_be_generated_leaves_the_project_as_it_was(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a parameter that is not there (a schema that is not there is read as any value, with a warning)
    broken = TODO.read_text().replace("  /todos:\n    get:", "  /todos:\n    parameters: [{$ref: '#/components/parameters/Nope'}]\n    get:", 1)
    (tmp_path / "todo.yaml").write_text(broken)
    code, err = init(capsys, tmp_path, str(tmp_path / "todo.yaml"))
    assert code == 1 and "points at nothing" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["todo.yaml"]


def test_a_file_name_that_is_no_python_name_is_made_safe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(TODO, tmp_path / "2fa.yaml")
    code, err = init(capsys, tmp_path, str(tmp_path / "2fa.yaml"), "-q")
    assert code == 0
    assert err == f"{tmp_path / '2fa.yaml'}: warning: name: '2fa' starts with a digit: the client is named 'api_2fa'\n"
    [config] = load_project(tmp_path)
    assert (config.name, config.import_name, config.client_class) == ("api_2fa", "api_2fa_client", "Api2fa")
