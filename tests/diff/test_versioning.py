"""Semantic version bumps (0.x rules included), the textual pyproject.toml edit, the changelog."""

from __future__ import annotations

import pytest

from generator.errors import GenerationFailed
from generator.release.changelog import entry, initial_changelog, prepend
from generator.release.version import next_version, set_version


@pytest.mark.parametrize(
    ("version", "level", "expected"),
    [
        ("1.4.2", "breaking", "2.0.0"),
        ("1.4.2", "feature", "1.5.0"),
        ("1.4.2", "fix", "1.4.3"),
        ("1.4.2", None, "1.4.2"),
        # while the major version is 0, a breaking change bumps the minor part, anything else the patch part
        ("0.4.2", "breaking", "0.5.0"),
        ("0.4.2", "feature", "0.4.3"),
        ("0.4.2", "fix", "0.4.3"),
        ("0.1.0", "breaking", "0.2.0"),
        # a pre-release becomes its release
        ("1.0.0rc1", "breaking", "1.0.0"),
        ("2.1.0a3", "fix", "2.1.0"),
    ],
)
def test_next_version(version: str, level: str | None, expected: str) -> None:
    assert next_version(version, level) == expected  # type: ignore[arg-type]


PYPROJECT = """\
[project]
name = "mine"
version = "9.9.9"  # the project's own version: not ours

[tool.sdksmith.clients.alpha]
spec = "specs/alpha.yaml"
version = "0.1.0"

[tool.sdksmith.clients."beta"]   # a quoted name
spec = "specs/beta.yaml"
version   =   '1.4.2'   # keep this comment

[tool.other]
version = "1.4.2"
"""


def test_set_version_changes_only_that_clients_version_line() -> None:
    updated = set_version(PYPROJECT, "beta", "2.0.0")
    assert updated == PYPROJECT.replace("version   =   '1.4.2'   # keep", "version   =   '2.0.0'   # keep")
    assert set_version(PYPROJECT, "alpha", "0.2.0") == PYPROJECT.replace('version = "0.1.0"', 'version = "0.2.0"')


def test_set_version_refuses_when_it_cannot_find_the_line() -> None:
    with pytest.raises(GenerationFailed) as exc:
        set_version(PYPROJECT, "gamma", "1.0.0", "pyproject.toml")
    assert exc.value.errors[0].render() == (
        "pyproject.toml:0:0: /tool/sdksmith/clients/gamma/version: cannot find the version line to set 1.0.0; set it by hand"
    )


def test_prepend_puts_the_entry_before_the_newest_release() -> None:
    text = prepend(initial_changelog("0.1.0"), "## 0.2.0\n\n- something\n")
    assert text.index("## 0.2.0") < text.index("## 0.1.0")
    assert text.startswith("# Changelog\n")
    assert prepend("", "## 1.0.0\n") == "## 1.0.0\n"
    assert prepend("# Notes\n", "## 1.0.0\n") == "# Notes\n\n## 1.0.0\n"


def test_entry_lists_changes_by_level() -> None:
    from generator.changes.report import Change, Report

    report = Report(
        "old",
        "new",
        (
            Change("breaking", "parameter-removed", "t.list", "parameter removed: `x`"),
            Change("fix", "docs-changed", "t.list", "documentation of <t> changed"),
        ),
        "Toy",
        "2.0",
    )
    assert entry("1.0.0", report) == (
        "## 1.0.0\n\nRegenerated from Toy 2.0: 2 changes (1 breaking, 0 features, 1 fix).\n\n"
        "### Breaking changes\n\n- parameter removed: `x`\n\n### Fixes\n\n- documentation of &lt;t> changed\n"
    )
