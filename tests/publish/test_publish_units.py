"""The parts of ``sdksmith build`` / ``publish`` that need no index: README links, URLs, usage and input errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.release.links import index_readme, markdown_links, rendered_links, works_on_index
from generator.release.upload import sanitize_url, simple_index_url

ROOT = Path(__file__).resolve().parents[2]

SAMPLE = """\
See [the docs](docs/README.md#usage), [home](https://example.com/a_(b)) and ![logo](img/logo.png "Logo").
Jump to [install](#install). `[code](rel.md)` stays, as does [mail](mailto:a@example.com).
A [reference][ref], an [absolute one][abs] and a [ref] shortcut.

[ref]: ./CHANGES.md
[abs]: https://example.com/abs

```markdown
[in a fence](rel.md)
```

<a href="LICENSE">the license</a> <img src="x.png" alt="x"> <a href="https://example.com/ok">ok</a>
"""


def test_relative_links_lose_their_target_and_keep_their_text(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# docs\n")
    (tmp_path / "LICENSE").write_text("MIT\n")
    out = index_readme(SAMPLE, tmp_path)
    assert out == """\
See the docs (`docs/README.md` in the source distribution), [home](https://example.com/a_(b)) and logo.
Jump to [install](#install). `[code](rel.md)` stays, as does [mail](mailto:a@example.com).
A reference, an [absolute one][abs] and a ref shortcut.

[abs]: https://example.com/abs

```markdown
[in a fence](rel.md)
```

the license (`LICENSE` in the source distribution)  <a href="https://example.com/ok">ok</a>
"""


def test_rewritten_readme_renders_with_index_safe_links_only() -> None:
    before = rendered_links(SAMPLE)
    after = rendered_links(index_readme(SAMPLE))
    assert before is not None and after is not None, "comrak is in the dev extra"
    assert not all(works_on_index(t) for t in before)
    assert after == [
        "https://example.com/a_(b)",
        "#user-content-install",
        "mailto:a@example.com",
        "https://example.com/abs",
        "https://example.com/ok",
    ]
    assert all(works_on_index(t) for t in markdown_links(index_readme(SAMPLE)))


@pytest.mark.parametrize("name", ["chatbotkit", "fastly", "hathora", "launchdarkly", "softvisio"])
def test_generated_readmes_only_change_in_their_relative_links(name: str) -> None:
    folder = ROOT / "generated" / name
    text = (folder / "README.md").read_text()
    out = index_readme(text, folder)
    changed = [(a, b) for a, b in zip(text.splitlines(), out.splitlines()) if a != b]
    assert len(text.splitlines()) == len(out.splitlines())
    assert changed == [
        (
            "* [Reference documentation](docs/README.md): every resource, operation and model.",
            "* Reference documentation (`docs/README.md` in the source distribution): every resource, operation and"
            " model.",
        )
    ]


def test_simple_index_url_follows_the_upload_url() -> None:
    assert simple_index_url("https://upload.pypi.org/legacy/") == "https://pypi.org/simple/"
    assert simple_index_url("https://test.pypi.org/legacy/") == "https://test.pypi.org/simple/"
    assert simple_index_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080/simple/"
    assert simple_index_url("http://127.0.0.1:8080/") == "http://127.0.0.1:8080/simple/"


def test_sanitize_url_hides_credentials() -> None:
    assert sanitize_url("https://user:secret@example.com/legacy/") == "https://***@example.com/legacy/"
    assert sanitize_url("https://example.com/legacy/") == "https://example.com/legacy/"


def sdksmith(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin"}  # no TWINE_* variables
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


def test_usage_errors_exit_2() -> None:
    unknown = sdksmith("build", "nosuch")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("sdksmith build: unknown client nosuch; configured: chatbotkit, fastly")
    no_url = sdksmith("publish")
    assert (no_url.returncode, no_url.stderr) == (
        2,
        "sdksmith publish: --repository-url is required (or set TWINE_REPOSITORY_URL)\n",
    )
    assert sdksmith("publish", "--nosuch-option").returncode == 2


def test_publish_without_a_build_says_what_to_run(tmp_path: Path) -> None:
    result = sdksmith("publish", "fastly", "--repository-url", "http://127.0.0.1:9/", "--dist-dir", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        f"sdksmith publish: fastly-tokens 0.1.0 is not built in {tmp_path}: run `sdksmith build fastly`\n"
    )


def test_unreachable_index_is_one_clear_line(tmp_path: Path) -> None:
    for suffix in ("-py3-none-any.whl", ".tar.gz"):
        (tmp_path / f"fastly_tokens-0.1.0{suffix}").write_bytes(b"")
    result = sdksmith("publish", "fastly", "--repository-url", "http://127.0.0.1:9/", "--dist-dir", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith(
        "sdksmith publish: cannot reach the index at http://127.0.0.1:9/simple/fastly-tokens/"
    )
    assert len(result.stderr.splitlines()) == 1


def test_build_refuses_a_stale_generated_version(tmp_path: Path) -> None:
    (tmp_path / "generated").symlink_to(ROOT / "generated")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sdksmith.clients.fastly]\nspec = "specs/fastly.yaml"\ndist_name = "fastly-tokens"\n'
        'import_name = "fastly_tokens"\nclient_class = "Fastly"\nversion = "0.2.0"\n'
    )
    result = sdksmith("build", "--root", str(tmp_path), "--dist-dir", str(tmp_path / "dist"))
    assert result.returncode == 1
    assert result.stderr == (
        f"sdksmith build: {tmp_path}/generated/fastly/pyproject.toml has version '0.1.0' but the config says '0.2.0':"
        " run `sdksmith generate`\n"
    )
    assert not (tmp_path / "dist").exists()
