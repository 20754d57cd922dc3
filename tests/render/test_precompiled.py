"""The templates compiled ahead of time (``generator/render/precompiled.py``): the shipped file is current, a run
takes its code from it instead of Jinja's compiler, and a template that differs from what the file was made from
is compiled as usual (the file can make a run faster, never different)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest

from generator.render import precompiled
from generator.render.environment import environment
from generator.render.templates import templates_dir


def _fresh(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """The generator's environment with nothing compiled yet: no bytecode cache, no in-memory cache."""
    env = environment().overlay(bytecode_cache=None, cache_size=0, **({"loader": loader} if loader else {}))
    assert env.bytecode_cache is None
    return env


def test_the_shipped_file_is_what_jinja_makes_of_every_template_now() -> None:
    shipped = precompiled._shipped()
    current = precompiled.compiled(environment())
    stale = sorted(name for name in current if shipped.get(name) != current[name])
    assert not stale, f"templates changed since they were compiled: {stale}; run `python -m generator.render.compile_templates`"
    assert sorted(shipped) == sorted(current)


def test_a_run_takes_the_code_of_every_template_from_the_shipped_file(monkeypatch: pytest.MonkeyPatch) -> None:
    env = _fresh()
    monkeypatch.setattr(env, "compile", lambda *a, **k: pytest.fail(f"compiled {a[1]}"))
    names = env.list_templates(filter_func=lambda name: name.endswith(".j2"))
    assert len(names) > 10
    for name in names:
        env.get_template(name)
    rendered = env.get_template("src/_version.py.j2").render(header="# h", api=SimpleNamespace(version="1.2.0"))
    assert rendered == '# h\n"""The package version, from the sdksmith config."""\n\n__version__ = "1.2.0"\n'


def test_an_edited_template_is_compiled_from_its_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    edited = folder / "src" / "_version.py.j2"
    edited.write_text(edited.read_text() + "EDITED = True\n")
    env = _fresh(precompiled.Loader(str(folder)))
    compiled: list[str] = []
    real = env.compile

    def spy(source: str, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(str(name))
        return real(source, name, *args, **kwargs)

    monkeypatch.setattr(env, "compile", spy)
    env.get_template("src/method.j2")
    assert compiled == []
    text = env.get_template("src/_version.py.j2").render(header="", api=SimpleNamespace(version="1"))
    assert compiled == ["src/_version.py.j2"] and text.endswith("EDITED = True\n")


def test_another_jinja_or_other_options_do_not_use_the_shipped_code(monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment()
    source = (templates_dir() / "src" / "_version.py.j2").read_text()
    ours = precompiled.fingerprint(env, "src/_version.py.j2", source)
    assert precompiled._shipped()["src/_version.py.j2"][0] == ours
    assert precompiled.fingerprint(env.overlay(trim_blocks=False), "src/_version.py.j2", source) != ours
    monkeypatch.setattr(jinja2, "__version__", "9.9.9")
    assert precompiled.fingerprint(env, "src/_version.py.j2", source) != ours
