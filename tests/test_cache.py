"""The user's cache (``generator/cache.py``): what a step keeps, that a cached step never loads its library, and
that a value is only read back for the very inputs (library version, options, text) that made it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cache
from generator.build import model_source
from generator.spec import structure

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("black", "datamodel_code_generator", "openapi_pydantic", "pydantic")


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SDKSMITH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SDKSMITH_NO_CACHE", raising=False)
    return tmp_path / "cache"


def test_a_store_keeps_text_by_key_per_table(cached: Path) -> None:
    with cache.Store("one") as store:
        assert store.enabled and store.get(["k"]) == {}
        store.put({"k": "v", "k2": "w"})
    with cache.Store("one") as store, cache.Store("two") as other:
        assert store.get(["k", "k2", "absent"]) == {"k": "v", "k2": "w"}
        assert other.get(["k"]) == {}
    assert (cached / "cache.sqlite").is_file()


def test_a_store_is_a_no_op_when_caching_is_off_or_the_folder_unusable(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKSMITH_NO_CACHE", "1")
    with cache.Store("one") as store:
        assert not store.enabled
        store.put({"k": "v"})
        assert store.get(["k"]) == {}
    assert not cached.exists()
    monkeypatch.delenv("SDKSMITH_NO_CACHE")
    cached.parent.joinpath("file").write_text("not a folder")
    monkeypatch.setenv("SDKSMITH_CACHE_DIR", str(cached.parent / "file" / "cache"))
    with cache.Store("one") as store:
        assert not store.enabled and store.get(["k"]) == {}


def test_digest_separates_its_parts() -> None:
    assert cache.digest("ab", "c") != cache.digest("a", "bc")
    assert cache.digest("a", "b") == cache.digest("a", "b")


SCHEMAS = {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}


def test_the_model_code_is_cached_by_library_version_options_and_schemas(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[str] = []
    real = model_source._run_library
    monkeypatch.setattr(model_source, "_run_library", lambda document: runs.append(document) or real(document))
    first = model_source.generated(SCHEMAS, "3.0")
    assert "class Pet(BaseModel):" in first and len(runs) == 1
    assert model_source.generated(SCHEMAS, "3.0") == first and len(runs) == 1  # read back
    model_source.generated(SCHEMAS, "3.1")
    model_source.generated({**SCHEMAS, "Tag": {"type": "string"}}, "3.0")
    monkeypatch.setitem(model_source.DCG_OPTIONS, "use_double_quotes", False)
    model_source.generated(SCHEMAS, "3.0")
    monkeypatch.setattr(cache, "version", lambda name: "0.0.0-other")
    model_source.generated(SCHEMAS, "3.0")
    assert len(runs) == 5  # another version, options or schemas: run again


def test_a_failing_model_run_is_not_cached(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(document: str) -> str:
        raise ValueError("cannot")

    monkeypatch.setattr(model_source, "_run_library", fail)
    for _ in range(2):
        with pytest.raises(ValueError):
            model_source.generated(SCHEMAS, "3.0")


DOC = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}


def test_only_openapi_pydantics_acceptance_is_cached(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[dict[str, object]] = []
    real = structure._validated
    monkeypatch.setattr(structure, "_validated", lambda document, *a: asked.append(document) or real(document, *a))
    assert structure._problems(DOC, "3.0") == [] and structure._problems(DOC, "3.0") == []
    assert len(asked) == 1
    assert structure._problems(DOC, "3.1") == [] and len(asked) == 2  # the other version's models decide anew
    bad = {**DOC, "info": {"title": "t"}}  # version missing
    first = structure._problems(bad, "3.0")
    assert first and structure._problems(bad, "3.0") == first and len(asked) == 4  # problems are worded anew
    with_str_key = {**DOC, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    assert structure._problems(with_str_key, "3.0") == [] and len(asked) == 5
    with_int_key = {**DOC, "paths": {"/a": {"get": {"responses": {200: {"description": "ok"}}}}}}
    structure._problems(with_int_key, "3.0")
    assert len(asked) == 6  # the same JSON text, another document: never taken for the accepted one


def _imports(spec: Path, out: Path, env: dict[str, str]) -> set[str]:
    command = [sys.executable, "-X", "importtime", "-m", "generator", "generate", str(spec), "--out", str(out), "--name", "tv", "-q"]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:") and "|" in line}


def test_a_run_whose_steps_are_all_cached_never_imports_the_heavy_libraries(tmp_path: Path) -> None:
    """The keys name each library's version without importing it: a regeneration whose models, formatting and
    acceptance are cached loads none of black, datamodel-code-generator, openapi-pydantic or pydantic (about
    0.4 s of start-up on a small spec). The output folder is new each time, so nothing is skipped as unchanged."""
    env = {**os.environ, "SDKSMITH_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SDKSMITH_NO_CACHE", None)
    # valid, with pieces for black and schemas for the model library (its discriminated unions are not plain)
    spec = ROOT.parent / "shared" / "corpus" / "opc-e2e-baseline_openapi_3.1.yaml"
    cold = _imports(spec, tmp_path / "cold", env)
    assert set(HEAVY) <= cold
    warm = _imports(spec, tmp_path / "warm", env)
    assert not set(HEAVY) & warm
    assert _files(tmp_path / "warm") == _files(tmp_path / "cold")  # the cache changes the time, never the output


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_remembered_value_is_keyed_by_the_code_that_computed_it(cached: Path) -> None:
    def one() -> str:
        return "1"

    def two() -> str:
        return "2"

    def one_again() -> str:
        return "1"

    assert cache.code_digest(one) == cache.code_digest(one_again) != cache.code_digest(two)
    calls: list[str] = []
    for compute in (one, one, two, one_again):
        cache.remembered("t", lambda: cache.digest(cache.code_digest(compute), "input"), lambda: calls.append(compute()) or compute())
    assert calls == ["1", "2"]
    assert cache.remembered("t", lambda: cache.digest(cache.code_digest(two), "input"), lambda: "x") == "2"


def test_a_yaml_document_is_parsed_once_per_text_and_read_back_the_same(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.spec import read

    parses: list[str] = []
    real = read._parse_yaml
    monkeypatch.setattr(read, "_parse_yaml", lambda name, text: parses.append(text) or real(name, text))
    text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-values: [1, 1.5, true, null, '200', 2020-01-02, .inf]\n"
    first = read._parse("a.yaml", text)
    assert read._parse("a.yaml", text) == first and len(parses) == 1  # read back, equal
    assert first["x-values"] == [1, 1.5, True, None, "200", "2020-01-02", float("inf")]
    read._parse("a.yaml", text + "# edited\n")
    assert len(parses) == 2  # another text is parsed anew


def test_a_yaml_document_with_shared_nodes_is_never_kept(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON would copy an alias's node, and the alias-bomb check counts a shared node once: such a document is
    parsed every time."""
    from generator.spec import read

    parses: list[str] = []
    real = read._parse_yaml
    monkeypatch.setattr(read, "_parse_yaml", lambda name, text: parses.append(text) or real(name, text))
    text = "openapi: 3.0.3\ninfo: &i {title: t, version: '1'}\npaths: {}\nx-copy: *i\n"
    data = read._parse("a.yaml", text)
    assert data["x-copy"] is data["info"]
    read._parse("a.yaml", text)
    assert len(parses) == 2
