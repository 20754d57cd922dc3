"""Semver over PEP 440 versions, the version line edited with tomlkit in every TOML layout, the changelog's sections."""

from __future__ import annotations

import tomllib

import pytest

from generator.changes.report import Change, Report
from generator.errors import GenerationFailed
from generator.release.changelog import initial_changelog, last_release, release_section, unreleased, unreleased_text, with_unreleased
from generator.release.version import is_later, next_version, set_version


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
        # PEP 440 versions that are not MAJOR.MINOR.PATCH
        ("1.0", "breaking", "2.0.0"),
        ("1.0", "feature", "1.1.0"),
        ("1.0", "fix", "1.0.1"),
        ("2", "fix", "2.0.1"),
        ("1.4.2.post1", "feature", "1.5.0"),
        ("1!2.0.0", "breaking", "1!3.0.0"),
        # a pre-release or development release becomes its release
        ("1.0.0rc1", "breaking", "1.0.0"),
        ("2.1.0a3", "fix", "2.1.0"),
        ("1.0rc1", "feature", "1.0"),
        ("1.1.0.dev2", "breaking", "1.1.0"),
    ],
)
def test_next_version_follows_semver_over_pep_440(version: str, level: str | None, expected: str) -> None:
    assert next_version(version, level) == expected  # type: ignore[arg-type]


def test_ordering_is_pep_440s() -> None:
    assert is_later("1.0.0", "1.0.0rc1") and is_later("1.10", "1.9") and not is_later("1.0", "1.0.0")
    assert not is_later("not a version", "1.0")


@pytest.mark.parametrize(
    "layout",
    [
        '[project]\nversion = "9.9.9"  # the project\'s own\n\n[tool.sdksmith.clients.api]\nspec = "a.yaml"\nversion = "1.4.2"  # keep this comment\n\n[tool.other]\nversion = "1.4.2"\n',
        '[tool.sdksmith.clients."api"]   # a quoted name\nspec = "a.yaml"\nversion   =   \'1.4.2\'   # keep\n',
        '[tool.sdksmith.clients]\napi = {spec = "a.yaml", version = "1.4.2"}  # an inline table\n',
        '[tool.sdksmith.clients]\napi.spec = "a.yaml"\napi.version = "1.4.2"\n',
        '[tool.sdksmith]\nclients.api = {spec = "a.yaml", version = "1.4.2"}\n',
        '[tool.sdksmith.clients.api]\nspec = "a.yaml"\n',  # no version yet: it is added
    ],
)
def test_set_version_changes_only_the_clients_version_in_every_layout(layout: str) -> None:
    updated = set_version(layout, "api", "2.0.0rc1")
    data = tomllib.loads(updated)
    assert data["tool"]["sdksmith"]["clients"]["api"] == {"spec": "a.yaml", "version": "2.0.0rc1"}
    assert tomllib.loads(layout).get("project") == data.get("project")
    assert tomllib.loads(layout)["tool"].get("other") == data["tool"].get("other")
    changed = [(a, b) for a, b in zip(layout.splitlines(), updated.splitlines()) if a != b]
    assert len(changed) <= 1 and all("1.4.2" in a and "2.0.0rc1" in b for a, b in changed)
    comments = [line.split("#", 1)[1] for line in layout.splitlines() if "#" in line]
    assert comments == [line.split("#", 1)[1] for line in updated.splitlines() if "#" in line]


def test_set_version_of_an_unknown_client_is_a_located_error() -> None:
    with pytest.raises(GenerationFailed) as exc:
        set_version('[tool.sdksmith.clients.a]\nspec = "x"\n', "gamma", "1.0.0", "pyproject.toml")
    assert exc.value.errors[0].file == "pyproject.toml"
    assert exc.value.errors[0].pointer == "/tool/sdksmith/clients/gamma/version"
    assert "set it by hand" in exc.value.errors[0].message


REPORT = Report(
    "old",
    "new",
    (
        Change("breaking", "parameter-removed", "t.list", "parameter removed: `x`"),
        Change("fix", "docs-changed", "t.list", "documentation of <t> changed"),
    ),
    "Toy",
    "2.0",
)


def test_the_unreleased_section_lists_changes_by_level() -> None:
    assert unreleased(REPORT) == (
        "## Unreleased\n\nFrom Toy 2.0: 2 changes (1 breaking, 0 features, 1 fix).\n\n"
        "### Breaking changes\n\n- parameter removed: `x`\n\n### Fixes\n\n- documentation of &lt;t> changed\n"
    )


def test_unreleased_is_rewritten_not_appended_and_release_renames_it() -> None:
    first = initial_changelog("0.1.0")
    pending = with_unreleased(first, unreleased(REPORT))
    assert pending.index("## Unreleased") < pending.index("## 0.1.0")
    again = with_unreleased(pending, unreleased(REPORT))
    assert again == pending, "the section is replaced, never duplicated"
    assert with_unreleased(pending, None) == first, "a change undone before a release leaves nothing"
    assert last_release(pending) == "0.1.0"

    done = release_section(pending, "1.0.0")
    assert "## Unreleased" not in done and unreleased_text(done) is None
    assert done.index("## 1.0.0\n\nFrom Toy 2.0") < done.index("## 0.1.0")
    assert last_release(done) == "1.0.0"
    assert release_section(first, "0.2.0").count("No changes to the API.") == 1


def test_hand_edits_of_released_sections_are_kept() -> None:
    edited = initial_changelog("0.1.0").replace("First version generated by sdksmith.", "Our first release, by hand.")
    assert "Our first release, by hand." in release_section(with_unreleased(edited, unreleased(REPORT)), "0.2.0")
