"""`sdksmith diff`: text and JSON reports, exit statuses, --git, usage errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Callable

from diff_kit import pair, sdksmith


def remove_limit(s: dict) -> None:  # type: ignore[type-arg]
    s["paths"]["/tokens"]["get"]["parameters"].pop(0)


def add_cursor(s: dict) -> None:  # type: ignore[type-arg]
    s["paths"]["/tokens"]["get"]["parameters"].append({"name": "cursor", "in": "query", "schema": {"type": "string"}})


def test_text_report(tmp_path: Path) -> None:
    old, new = pair(tmp_path, remove_limit)
    result = sdksmith("diff", "old.yaml", "new.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "old.yaml -> new.yaml: 1 change (1 breaking, 0 features, 0 fixes)\n"
        "  breaking  parameter removed: `limit` (query 'limit') from `client.tokens.list_tokens`\n"
    )


def test_fail_on_breaking(tmp_path: Path) -> None:
    pair(tmp_path, remove_limit)
    assert sdksmith("diff", "old.yaml", "new.yaml", "--fail-on-breaking", cwd=tmp_path).returncode == 1
    pair(tmp_path, add_cursor)
    result = sdksmith("diff", "old.yaml", "new.yaml", "--fail-on-breaking", cwd=tmp_path)
    assert result.returncode == 0
    assert "feature   new optional parameter `cursor`" in result.stdout


def test_json_report(tmp_path: Path) -> None:
    pair(tmp_path, add_cursor)
    result = sdksmith("diff", "old.yaml", "new.yaml", "--json", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {
        "old": "old.yaml",
        "new": "new.yaml",
        "level": "feature",
        "counts": {"breaking": 0, "feature": 1, "fix": 0},
        "changes": [
            {
                "level": "feature",
                "rule": "parameter-added",
                "subject": "tokens.list_tokens",
                "message": "new optional parameter `cursor` (query 'cursor') in `client.tokens.list_tokens`",
            }
        ],
    }


def test_git_ref(seed_project: Callable[[str], Path]) -> None:
    project = seed_project("hathora")
    spec = project / "specs" / "hathora.yaml"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "spec"], cwd=project, check=True)
    assert sdksmith("diff", "hathora", "--git", "HEAD", cwd=project).stdout == (
        "HEAD:specs/hathora.yaml -> specs/hathora.yaml: no changes for client users\n"
    )
    # the operationId changes, but the Python name is pinned by x-sdksmith-name: a fix for client users
    text = spec.read_text().replace("operationId: GetOrgTokens", "operationId: ListOrgTokens", 1)
    spec.write_text(text)
    result = sdksmith("diff", "hathora", "--git", "HEAD", "--fail-on-breaking", cwd=project)
    assert result.returncode == 0
    assert "fix       operationId GetOrgTokens renamed to ListOrgTokens; `client.tokens.list` keeps its name" in result.stdout
    # the Python name changes: breaking
    spec.write_text(text.replace("x-sdksmith-name: list\n", "x-sdksmith-name: list_all_tokens\n", 1))
    result = sdksmith("diff", "hathora", "--git", "HEAD", "--fail-on-breaking", cwd=project)
    assert result.returncode == 1
    assert "breaking  operation renamed: `client.tokens.list` is now `client.tokens.list_all_tokens`" in result.stdout
    # a spec file works too, and a bad ref is a located error
    assert sdksmith("diff", "specs/hathora.yaml", "--git", "HEAD", cwd=project).returncode == 0
    bad = sdksmith("diff", "hathora", "--git", "no-such-ref", cwd=project)
    assert bad.returncode == 1 and "git show no-such-ref:" in bad.stderr and "Traceback" not in bad.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    pair(tmp_path, add_cursor)
    assert sdksmith("diff", cwd=tmp_path).returncode == 2
    assert sdksmith("diff", "a", "b", "c", cwd=tmp_path).returncode == 2
    assert sdksmith("diff", "old.yaml", "new.yaml", "--git", "HEAD", cwd=tmp_path).returncode == 2
    result = sdksmith("diff", "nosuch", cwd=tmp_path)
    assert result.returncode == 2 and "'nosuch' is not a configured client" in result.stderr


def test_invalid_spec_is_a_located_error(tmp_path: Path) -> None:
    pair(tmp_path, add_cursor)
    (tmp_path / "bad.yaml").write_text("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {$ref: '#/nope'}}\n")
    result = sdksmith("diff", "old.yaml", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 1
    # every problem is listed, sorted by line: the warning about the missing operationId too
    assert any(line.startswith("bad.yaml:6:") and "points at nothing" in line for line in result.stderr.splitlines())
    assert "Traceback" not in result.stderr
