"""Output safety: sdksmith replaces only the files it wrote, refuses folders it does not own, and a failed write
leaves the folder exactly as it was."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.errors import GenerationFailed
from generator.output.write import MANIFEST, commit, plan, stale, write

ROOT = Path(__file__).resolve().parents[2]
FASTLY = ROOT / "specs" / "fastly.yaml"


def _manifest(files: dict[str, str]) -> dict[str, str]:
    """Files as produce() makes them: the manifest lists every file, itself included."""
    names = sorted([*files, MANIFEST])
    return {**files, MANIFEST: json.dumps({"generator": "sdksmith", "files": names})}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_new_folder_gets_every_file_and_the_manifest(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "client"
    files = _manifest({"src/pkg/__init__.py": "x = 1\n", "README.md": "# hi\n"})
    write(files, out)
    assert _tree(out) == {k: v.encode() for k, v in files.items()}


def test_regeneration_replaces_its_files_removes_dropped_ones_and_keeps_the_users(tmp_path: Path) -> None:
    out = tmp_path / "client"
    write(_manifest({"src/pkg/__init__.py": "old\n", "src/pkg/gone/mod.py": "old\n", "README.md": "old\n"}), out)
    (out / "custom").mkdir()
    (out / "custom" / "mine.py").write_text("mine\n")
    (out / "src" / "pkg" / "lib").mkdir()
    (out / "src" / "pkg" / "lib" / "helpers.py").write_text("helpers\n")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    write(_manifest({"src/pkg/__init__.py": "new\n", "README.md": "new\n"}), out)
    tree = _tree(out)
    assert tree["src/pkg/__init__.py"] == b"new\n" and tree["README.md"] == b"new\n"
    assert "src/pkg/gone/mod.py" not in tree and not (out / "src" / "pkg" / "gone").exists(), "emptied folder pruned"
    assert tree["custom/mine.py"] == b"mine\n"
    assert tree["src/pkg/lib/helpers.py"] == b"helpers\n"
    assert tree[".git/HEAD"] == b"ref: refs/heads/main\n"
    assert not [p for p in out.iterdir() if p.name.startswith(".sdksmith-staging")]


def test_a_folder_with_other_files_and_no_manifest_is_refused_untouched(tmp_path: Path) -> None:
    out = tmp_path / "project"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    (out / ".git").mkdir()
    before = _tree(out)
    with pytest.raises(GenerationFailed) as caught:
        plan(_manifest({"README.md": "x\n"}), out)
    [error] = caught.value.errors
    assert error.render() == (
        f"{out}: the output folder holds files sdksmith did not write (.git, keep.txt) and no .sdksmith.json: "
        "choose a new or empty folder, or pass --overwrite to write into it "
        "(files at the generated paths are replaced; nothing else is touched)"
    )
    assert _tree(out) == before


def test_overwrite_replaces_files_at_generated_paths_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "project"
    out.mkdir()
    (out / "README.md").write_text("the user's readme\n")
    (out / "notes.txt").write_text("notes\n")
    write(_manifest({"README.md": "generated\n"}), out, overwrite=True)
    assert (out / "README.md").read_text() == "generated\n"
    assert (out / "notes.txt").read_text() == "notes\n"


def test_a_users_file_where_a_new_generated_file_goes_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "client"
    write(_manifest({"README.md": "a\n"}), out)
    (out / "CONTRIBUTING.md").write_text("mine\n")
    with pytest.raises(GenerationFailed) as caught:
        plan(_manifest({"README.md": "a\n", "CONTRIBUTING.md": "generated\n"}), out)
    assert "sdksmith did not write" in caught.value.errors[0].message
    assert (out / "CONTRIBUTING.md").read_text() == "mine\n"


def test_a_failure_half_way_restores_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "client"
    write(_manifest({f"src/m{i}.py": f"old {i}\n" for i in range(6)}), out)
    (out / "keep.txt").write_text("keep\n")
    before = _tree(out)
    planned = plan(_manifest({f"src/m{i}.py": f"new {i}\n" for i in range(5)} | {"src/new/x.py": "x\n"}), out)
    real_replace = os.replace
    calls = {"n": 0}

    def flaky(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(GenerationFailed) as caught:
        commit(planned)
    monkeypatch.setattr(os, "replace", real_replace)
    assert "No space left on device; nothing was changed" in caught.value.errors[0].message
    assert _tree(out) == before
    assert not (out / "src" / "new").exists()
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "keep.txt", "src"]


def test_a_failure_half_way_through_a_new_folder_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new folder is written in place (no staging): a failed write removes it, and nothing outside it."""
    (tmp_path / "mine.txt").write_text("mine\n")
    out = tmp_path / "parent" / "client"
    planned = plan(_manifest({f"src/m{i}.py": f"new {i}\n" for i in range(6)}), out)
    real_write = Path.write_text
    calls = {"n": 0}

    def flaky(self: Path, *args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(28, "No space left on device", str(self))
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", flaky)
    with pytest.raises(GenerationFailed) as caught:
        commit(planned)
    assert "No space left on device; nothing was changed" in caught.value.errors[0].message
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt", "parent"]
    monkeypatch.setattr(Path, "write_text", real_write)
    monkeypatch.setattr(tempfile, "mkdtemp", lambda **_kw: pytest.fail("a new folder needs no staging"))
    commit(planned)
    assert sorted(p.name for p in (out / "src").iterdir()) == [f"m{i}.py" for i in range(6)]
    assert not any(p.name.startswith(".sdksmith-staging-") for p in out.iterdir())


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "client"
    files = _manifest({"a.py": "a\n", "b.py": "b\n"})
    write(files, out)
    inode = (out / "a.py").stat().st_ino
    planned = plan({**files, "b.py": "changed\n"}, out)
    assert planned.unchanged == {"a.py", MANIFEST}
    commit(planned)
    assert (out / "a.py").stat().st_ino == inode


def test_a_manifest_naming_paths_outside_the_folder_removes_nothing_there(tmp_path: Path) -> None:
    out = tmp_path / "client"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("safe\n")
    (out / MANIFEST).write_text(json.dumps({"generator": "sdksmith", "files": ["../victim.txt", "/etc/passwd"]}))
    write(_manifest({"README.md": "x\n"}), out)
    assert victim.read_text() == "safe\n"


def test_an_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "client"
    target.write_text("not a folder\n")
    with pytest.raises(GenerationFailed) as caught:
        plan(_manifest({"README.md": "x\n"}), target)
    assert caught.value.errors[0].render() == f"{target}: the output path is a file, not a folder: choose a folder for --out"
    assert target.read_text() == "not a folder\n"


def test_check_reports_changed_missing_and_removed_files_but_not_the_users(tmp_path: Path) -> None:
    out = tmp_path / "client"
    write(_manifest({"a.py": "a\n", "b.py": "b\n", "c.py": "c\n"}), out)
    (out / "mine.txt").write_text("mine\n")
    (out / "a.py").write_text("edited\n")
    (out / "b.py").unlink()
    assert stale(_manifest({"a.py": "a\n", "b.py": "b\n"}), out) == [
        ".sdksmith.json: differs",
        "a.py: differs",
        "b.py: missing",
        "c.py: no longer generated (would be removed)",
    ]


# -- through the command line, as a user meets it ------------------------------------------------------------


def _sdksmith(*args: str, cwd: Path, as_nobody: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", *args]
    env = {**os.environ, "SDKSMITH_NO_CACHE": "1", "PYTHONPATH": str(ROOT)}
    if as_nobody and os.geteuid() == 0:
        # Root may write anywhere: permission problems are only real for an ordinary user.
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary folder an unprivileged user can enter (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="sdksmith-write-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_out_dot_in_a_project_folder_refuses_and_keeps_git_and_the_spec(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / ".git" / "refs").mkdir(parents=True)
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    shutil.copy(FASTLY, project / "api.yaml")
    (project / "notes.md").write_text("mine\n")
    before = _tree(project)
    result = _sdksmith("generate", "api.yaml", "--out", ".", cwd=project)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and "pass --overwrite" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert _tree(project) == before


def test_out_naming_a_file_is_a_one_line_user_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x\n")
    result = _sdksmith("generate", str(FASTLY), "--out", "taken", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, f"{tmp_path / 'taken'}: the output path is a file, not a folder: choose a folder for --out\n")
    assert (tmp_path / "taken").read_text() == "x\n"


def test_an_unwritable_output_folder_is_a_one_line_user_error(shared_tmp: Path) -> None:
    locked = shared_tmp / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    result = _sdksmith("generate", str(FASTLY), "--out", str(locked / "client"), cwd=shared_tmp, as_nobody=True)
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"{locked / 'client'}: cannot create the output folder: {locked} is not writable\n"
    assert list(locked.iterdir()) == []


def test_a_read_only_generated_file_stops_regeneration_with_nothing_changed(shared_tmp: Path) -> None:
    out = shared_tmp / "client"
    first = _sdksmith("generate", str(FASTLY), "--out", str(out), "--name", "fastly", cwd=shared_tmp, as_nobody=True)
    assert first.returncode == 0, first.stderr
    readme = out / "README.md"
    readme.write_text(readme.read_text() + "\nA note the user protects.\n")
    readme.chmod(0o444)
    before = _tree(out)
    spec = shared_tmp / "fastly.yaml"
    spec.write_text(FASTLY.read_text().replace("Get the current token", "Fetch the current token", 1))
    spec.chmod(0o644)
    result = _sdksmith("generate", str(spec), "--out", str(out), "--name", "fastly", cwd=shared_tmp, as_nobody=True)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{readme}: this file is read-only: make it writable (or remove it) to let sdksmith replace it"
    ]
    assert _tree(out) == before
