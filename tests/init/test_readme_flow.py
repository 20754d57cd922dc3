"""README "Use it for your API", word for word, as a new user would, outside this repository.

sdksmith's wheel is built as the README says (``pip wheel --no-deps``); the section's three commands run verbatim
in a temporary project folder, with ``pipx`` on PATH and nothing of this checkout's environment (PATH holds only the
pipx command and the folder pipx installs into). Installs use only a wheelhouse: the wheels of sdksmith's
dependencies at the versions installed here, of hatchling (for builds) and of pytest, kept in pytest's cache, so
only a first run downloads anything (``PIP_NO_INDEX``; no pip configuration). The client is then installed into a
fresh virtual environment and called through ``httpx.MockTransport``; its own test suite runs there with ``pytest``.

Then hand-written code: a subclass in ``src/todo_client/lib/`` survives regeneration, ``sdksmith release`` and
``sdksmith build`` make a wheel that carries it, and a second fresh environment installs that wheel and runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import requires, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from generator import __version__

ROOT = Path(__file__).resolve().parents[2]
TODO = Path(__file__).resolve().parent / "todo.yaml"
pytestmark = pytest.mark.slow

GET_TODO = """\
  /todos/{id}:
    get:
      operationId: getTodo
      tags: [todos]
      summary: One todo
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: The todo
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Todo"}
components:
"""

LIB = '''\
"""Hand-written: ships in the wheel, never touched by regeneration."""

from .. import Todo


class MyTodo(Todo):
    def open_titles(self) -> list[str]:
        return [todo.title for todo in self.todos.list_todos() if not todo.done]
'''

CALL = '''\
import asyncio, json, httpx
{imports}

def answer(request: httpx.Request) -> httpx.Response:
    assert request.headers["authorization"] == "Bearer k-123", request.headers
    if request.method == "POST":
        return httpx.Response(201, json={{"id": 3, **json.loads(request.content), "done": False}})
    if request.url.path == "/api/todos/2":
        return httpx.Response(200, json={{"id": 2, "title": "two", "done": True}})
    return httpx.Response(200, json=[{{"id": 1, "title": "one", "done": False}}, {{"id": 2, "title": "two", "done": True}}])

client = {cls}(api_key="k-123", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
{body}
'''


def section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index("## Use it for your API\n")
    return text[start : text.index("\n## ", start + 1)]


def readme_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", section(), re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip() and not line.lstrip().startswith("#")]


def readme_output() -> str:
    """The block the README shows right after the commands: what ``init`` prints."""
    block = re.search(r"```sh\n.*?```.*?```\n(.*?)```", section(), re.S)
    assert block is not None
    return block.group(1)


def _pins(*roots: str) -> list[str]:
    """``roots`` and everything they need (no extras), pinned to the versions installed here."""
    pins: dict[str, str] = {}
    todo = list(roots)
    while todo:
        key = str(canonicalize_name(todo.pop()))
        if key in pins:
            continue
        pins[key] = version(key)
        for line in requires(key) or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    pins.pop("sdksmith", None)
    return [f"{name}=={pins[name]}" for name in sorted(pins)]


@pytest.fixture(scope="module")
def wheelhouse(request: pytest.FixtureRequest) -> Path:
    folder = Path(request.config.cache.mkdir("sdksmith-wheelhouse"))
    wanted = [*_pins("sdksmith", "pip", "pytest"), "hatchling", "editables"]  # the build backend, for builds and -e
    cmd = [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "--dest", str(folder), *wanted]
    offline = subprocess.run([*cmd, "--no-index", "--find-links", str(folder)], capture_output=True, text=True)
    if offline.returncode != 0:
        online = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        assert online.returncode == 0, online.stderr[-3000:]
    return folder


def _env(tmp: Path, wheelhouse: Path) -> dict[str, str]:
    """A new user's shell: pipx and what pipx installs on PATH, installs from the wheelhouse only."""
    tools = tmp / "tools"
    tools.mkdir(exist_ok=True)
    pipx = tools / "pipx"
    if not pipx.exists():
        pipx.symlink_to(Path(sys.executable).parent / "pipx")
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "TMPDIR", "SYSTEMROOT")}
    (tmp / "home").mkdir(exist_ok=True)
    return {
        **keep,
        "HOME": str(tmp / "home"),  # a new user's: no caches yet
        "PATH": f"{tmp / 'pipx' / 'bin'}{os.pathsep}{tools}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "PIPX_HOME": str(tmp / "pipx"),
        "PIPX_BIN_DIR": str(tmp / "pipx" / "bin"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_COLOR": "1",
    }


def sh(command: str | list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, shell=isinstance(command, str), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def fresh_venv(where: Path, env: dict[str, str]) -> Path:
    sh([sys.executable, "-m", "venv", str(where)], where.parent, env)
    return where / "bin" / "python"


def test_the_readme_section_is_three_commands_for_this_version() -> None:
    commands = readme_commands()
    assert commands == [
        f"pipx install ./sdksmith-{__version__}-py3-none-any.whl",
        "sdksmith init openapi.yaml --name todo",
        "sdksmith generate",
    ]
    assert f"`python3 -m pip wheel --no-deps -w dist .` writes `dist/sdksmith-{__version__}-py3-none-any.whl`" in section()


def test_the_readme_flow_in_a_fresh_environment(tmp_path: Path, wheelhouse: Path) -> None:
    env = _env(tmp_path, wheelhouse)
    project = tmp_path / "my-project"
    project.mkdir()

    # the wheel, as the README builds it (its build backend from the wheelhouse)
    dist = tmp_path / "clone-dist"
    sh([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(ROOT)], tmp_path, env)
    [wheel] = dist.glob("sdksmith-*.whl")
    shutil.copy(wheel, project)
    shutil.copy(TODO, project / "openapi.yaml")

    install, init, generate = readme_commands()
    sh(install, project, env)
    assert shutil.which("sdksmith", path=env["PATH"]) == str(tmp_path / "pipx" / "bin" / "sdksmith")
    printed = sh(init, project, env).stderr
    assert printed == readme_output(), "what init prints is what the README shows"
    assert 'spec = "openapi.yaml"' in (project / "pyproject.toml").read_text()
    assert ".sdksmith-cache/" in (project / ".gitignore").read_text()

    # the user's next edit, then the third command
    spec = project / "openapi.yaml"
    spec.write_text(spec.read_text().replace("components:\n", GET_TODO, 1))
    printed = sh(generate, project, env).stderr
    lines = printed.splitlines()
    assert lines[:2] == [
        "generated todo: 29 files in generated/todo",  # one more: the spec of the last release
        "todo: unreleased since 0.1.0: 1 change (0 breaking, 1 feature, 0 fixes); `sdksmith release todo` makes 0.1.1",
    ]
    assert lines[2].startswith("  feature ") and "get" in lines[2]
    assert sh(generate, project, env).stderr == "unchanged todo\n"

    # the client, in a fresh environment, as the README shows it; and its own tests
    python = fresh_venv(tmp_path / "client-venv", env)
    sh([str(python), "-m", "pip", "install", "-q", "-e", "generated/todo[test]"], project, env)
    body = "assert [t.title for t in client.todos.list_todos()] == ['one', 'two']\nassert client.todos.create_todo(title='three').id == 3\nassert client.todos.get_todo(id=2).done is True"
    sh([str(python), "-c", CALL.format(imports="from todo_client import Todo", cls="Todo", body=body)], tmp_path, env)
    tests = sh([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project / "generated" / "todo", env).stdout
    assert "6 passed" in tests, tests

    # hand-written code: survives regeneration, ships in the wheel sdksmith builds
    lib = project / "generated" / "todo" / "src" / "todo_client" / "lib"
    lib.mkdir()
    (lib / "__init__.py").write_text(LIB)
    spec.write_text(spec.read_text().replace("summary: One todo", "summary: One todo, by id"))
    sh(generate, project, env)
    assert (lib / "__init__.py").read_text() == LIB
    assert "released todo 0.1.1 (was 0.1.0)" in sh("sdksmith release todo", project, env).stderr
    sh("sdksmith build todo", project, env)
    [built] = (project / "dist").glob("todo_client-0.1.1-*.whl")
    assert "todo_client/lib/__init__.py" in zipfile.ZipFile(built).namelist()
    other = fresh_venv(tmp_path / "wheel-venv", env)
    sh([str(other), "-m", "pip", "install", "-q", str(built)], tmp_path, env)
    body = "assert client.open_titles() == ['one']\nassert type(client).__mro__[1].__module__ == 'todo_client._client'"
    sh([str(other), "-c", CALL.format(imports="from todo_client.lib import MyTodo", cls="MyTodo", body=body)], tmp_path, env)
