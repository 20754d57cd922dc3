"""The product of a comparison: changes with their level, the rule table that decides each level, a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .surface import Surface

Level = Literal["breaking", "feature", "fix"]
LEVELS: tuple[Level, ...] = ("breaking", "feature", "fix")
RANK = {"fix": 0, "feature": 1, "breaking": 2}

# Every rule the comparison applies, with its level: the one table to change to reclassify something.
RULES: dict[str, Level] = {
    "operation-removed": "breaking",
    "operation-renamed": "breaking",
    "operation-moved": "breaking",
    "operation-added": "feature",
    "operation-deprecated": "feature",
    "operation-undeprecated": "fix",
    "operation-id-changed": "fix",  # the Python name is pinned, so users see no difference
    "method-removed": "breaking",
    "method-renamed": "breaking",
    "method-added": "feature",
    "parameter-removed": "breaking",
    "parameter-renamed": "breaking",
    "parameter-moved": "breaking",
    "parameter-required": "breaking",
    "parameter-added-required": "breaking",
    "parameter-added": "feature",
    "parameter-optional": "feature",
    "request-field-removed": "breaking",
    "request-field-renamed": "breaking",
    "request-field-required": "breaking",
    "request-field-added-required": "breaking",
    "request-field-added": "feature",
    "request-field-optional": "feature",
    "response-field-removed": "breaking",
    "response-field-renamed": "breaking",
    "response-field-optional": "breaking",
    "response-field-added": "feature",
    "response-field-required": "feature",
    "return-type-changed": "breaking",
    "type-narrowed": "breaking",
    "type-changed": "breaking",
    "type-widened-request": "feature",
    "type-widened-response": "breaking",
    "enum-value-removed": "breaking",
    "enum-value-added-request": "breaking",
    "enum-value-added-response": "breaking",
    "enum-value-added-open": "feature",
    "model-removed": "breaking",
    "model-renamed": "breaking",
    "model-added": "feature",
    "auth-changed": "breaking",
    "operation-auth-changed": "breaking",
    "operation-auth-dropped": "feature",
    "server-moved": "breaking",
    "server-variable-removed": "breaking",
    "server-variable-added": "feature",
    "client-renamed": "breaking",
    "envelope-changed": "breaking",
    "docs-changed": "fix",
    "spec-changed": "fix",
}


@dataclass(frozen=True, slots=True)
class Change:
    level: Level
    rule: str
    subject: str  # what it is about, e.g. "client.tokens.list"
    message: str

    def to_json(self) -> dict[str, str]:
        return {"level": self.level, "rule": self.rule, "subject": self.subject, "message": self.message}


@dataclass(frozen=True, slots=True)
class Report:
    old: str  # labels of the two versions, for people
    new: str
    changes: tuple[Change, ...]
    title: str = ""  # the new version's API title and info.version, for the changelog
    api_version: str = ""

    @property
    def level(self) -> Level | None:
        """The highest level of any change, None when nothing changed for users."""
        if not self.changes:
            return None
        return max((c.level for c in self.changes), key=lambda lv: RANK[lv])

    @property
    def breaking(self) -> bool:
        return self.level == "breaking"

    def by_level(self, level: Level) -> list[Change]:
        return [c for c in self.changes if c.level == level]

    def counts(self) -> dict[str, int]:
        return {level: len(self.by_level(level)) for level in LEVELS}

    def summary(self) -> str:
        """One line: "2 changes (1 breaking, 1 feature, 0 fixes)" or "no changes for client users"."""
        if not self.changes:
            return "no changes for client users"
        c = self.counts()
        n = len(self.changes)
        return (
            f"{n} change{'s' if n != 1 else ''} ({c['breaking']} breaking, {c['feature']} "
            f"feature{'s' if c['feature'] != 1 else ''}, {c['fix']} fix{'es' if c['fix'] != 1 else ''})"
        )

    def text(self, version: tuple[str, str] | None = None) -> str:
        lines = [f"{self.old} -> {self.new}: {self.summary()}"]
        if version is not None and version[0] != version[1]:
            lines.append(f"version: {version[0]} -> {version[1]}")
        for level in LEVELS:
            for change in self.by_level(level):
                lines.append(f"  {level:<8}  {change.message}")
        return "\n".join(lines) + "\n"

    def to_json(self, version: tuple[str, str] | None = None) -> dict[str, Any]:
        document: dict[str, Any] = {
            "old": self.old,
            "new": self.new,
            "level": self.level,
            "counts": self.counts(),
            "changes": [c.to_json() for c in self.changes],
        }
        if version is not None:
            document["version"] = {"old": version[0], "new": version[1]}
        return document


@dataclass
class Collector:
    """The changes found so far between two surfaces; every rule family adds to it."""

    old: Surface
    new: Surface
    changes: list[Change] = field(default_factory=list)

    def add(self, rule: str, subject: str, message: str, level: Level | None = None) -> None:
        self.changes.append(Change(level or RULES[rule], rule, subject, message))


def client_path(path: str) -> str:
    """A method as users write it: `` `client.tokens.list` ``."""
    return f"`client.{path}`"
