"""One edit of tests/changes/base.yaml per rule: the classification and the message of what `sdksmith diff` finds.

The base is a toy token API: GET/POST /tokens (list_tokens, create_token; the POST body is flattened into keyword
parameters), GET/DELETE /tokens/{token_id}, a response model ``Token`` and a request-only ``TokenOptions``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from diff_kit import diff

Edit = Callable[[dict[str, Any]], Any]


def paths(s: dict[str, Any]) -> dict[str, Any]:
    return s["paths"]


def schemas(s: dict[str, Any]) -> dict[str, Any]:
    return s["components"]["schemas"]


def list_params(s: dict[str, Any]) -> list[dict[str, Any]]:
    return s["paths"]["/tokens"]["get"]["parameters"]


def move_item(s: dict[str, Any]) -> None:
    s["paths"]["/v2/tokens/{token_id}"] = s["paths"].pop("/tokens/{token_id}")


def change_method(s: dict[str, Any]) -> None:
    item = s["paths"]["/tokens/{token_id}"]
    item["post"] = item.pop("delete")


def retag(s: dict[str, Any]) -> None:
    for item in s["paths"].values():
        for key, op in item.items():
            if key != "parameters":
                op["tags"] = ["keys"]


def rename_component(s: dict[str, Any]) -> None:
    text = yaml.safe_dump(s).replace("    Token:\n", "    AccessToken:\n").replace("schemas/Token'", "schemas/AccessToken'")
    s.clear()
    s.update(yaml.safe_load(text.replace("/schemas/Token\n", "/schemas/AccessToken\n")))


LIST = "`client.tokens.list_tokens`"

# What some cases start from instead of the plain base (both sides get it).
BEFORE: dict[str, Edit] = {
    "parameter became optional": lambda s: list_params(s)[0].update(required=True),
    "operation now needs a credential": lambda s: s.update(security=[]),
}

# (id, edit, level, rule, message) -- the rules first, then the rest of the table in generator/changes/report.py.
CASES: list[tuple[str, Edit, str, str, str]] = [
    (
        "operation removed",
        lambda s: paths(s)["/tokens/{token_id}"].pop("delete"),
        "breaking",
        "operation-removed",
        "operation removed: `client.tokens.delete_token` (DELETE /tokens/{token_id}, deleteToken)",
    ),
    (
        "operation renamed",
        lambda s: paths(s)["/tokens/{token_id}"]["get"].update(operationId="fetchToken"),
        "breaking",
        "operation-renamed",
        "operation renamed: `client.tokens.get_token` is now `client.tokens.fetch_token` (operationId getToken -> fetchToken)",
    ),
    (
        "parameter removed",
        lambda s: list_params(s).pop(0),
        "breaking",
        "parameter-removed",
        f"parameter removed: `limit` (query 'limit') from {LIST}",
    ),
    (
        "parameter renamed",
        lambda s: list_params(s)[0].update(name="page_size"),
        "breaking",
        "parameter-renamed",
        f"parameter renamed: `limit` (query 'limit') is now `page_size` (query 'page_size') in {LIST}",
    ),
    (
        "parameter became required",
        lambda s: list_params(s)[0].update(required=True),
        "breaking",
        "parameter-required",
        f"parameter `limit` of {LIST} became required",
    ),
    (
        "request field became required (flattened body)",
        lambda s: schemas(s)["TokenCreate"].update(required=["name", "scope"]),
        "breaking",
        "request-field-required",
        "request field `scope` of `client.tokens.create_token` became required",
    ),
    (
        "request field became required (request model)",
        lambda s: schemas(s)["TokenOptions"].update(required=["ttl"]),
        "breaking",
        "request-field-required",
        "request field `TokenOptions.ttl` became required",
    ),
    (
        "response field removed",
        lambda s: schemas(s)["Token"]["properties"].pop("name"),
        "breaking",
        "response-field-removed",
        "response field removed: `Token.name` ('name')",
    ),
    (
        "response field type narrowed",
        lambda s: schemas(s)["Token"]["properties"]["created"].update(type="string"),
        "breaking",
        "type-narrowed",
        "type of response field `Token.created` narrowed from `str | int` to `str`",
    ),
    (
        "enum value removed from a response",
        lambda s: schemas(s)["Token"]["properties"]["scope"].update(enum=["read"]),
        "breaking",
        "enum-value-removed",
        'enum value "write" removed from response field `Token.scope`',
    ),
    (
        "enum value added to a request",
        lambda s: list_params(s)[1]["schema"].update(enum=["user", "service", "bot"]),
        "breaking",
        "enum-value-added-request",
        f"enum value \"bot\" added to parameter `kind` of {LIST}: the parameter's type changed",
    ),
    (
        "auth scheme changed",
        lambda s: s["components"]["securitySchemes"]["token"].update({"in": "query"}),
        "breaking",
        "auth-changed",
        "auth scheme changed from an API key in header 'X-Token', read from $TOY_TOKEN "
        "to an API key in query 'X-Token', read from $TOY_TOKEN",
    ),
    (
        "path changed",
        lambda s: paths(s)["/tokens/{token_id}"].pop("delete") and move_item(s),
        "breaking",
        "operation-moved",
        "operation moved: `client.tokens.get_token` was GET /tokens/{token_id}, is now GET /v2/tokens/{token_id}",
    ),
    (
        "method changed",
        change_method,
        "breaking",
        "operation-moved",
        "operation moved: `client.tokens.delete_token` was DELETE /tokens/{token_id}, is now POST /tokens/{token_id}",
    ),
    (
        "new operation",
        lambda s: paths(s)["/tokens/{token_id}"].update(
            patch={"operationId": "updateToken", "tags": ["tokens"], "responses": {"204": {"description": "Updated."}}}
        ),
        "feature",
        "operation-added",
        "new operation: `client.tokens.update_token` (PATCH /tokens/{token_id}, updateToken)",
    ),
    (
        "new optional parameter",
        lambda s: list_params(s).append({"name": "cursor", "in": "query", "schema": {"type": "string"}}),
        "feature",
        "parameter-added",
        f"new optional parameter `cursor` (query 'cursor') in {LIST}",
    ),
    (
        "new response field",
        lambda s: schemas(s)["Token"]["properties"].update(expires={"type": "string", "format": "date-time"}),
        "feature",
        "response-field-added",
        "new response field `Token.expires` ('expires')",
    ),
    (
        "docs only",
        lambda s: paths(s)["/tokens"]["get"].update(summary="List every token."),
        "fix",
        "docs-changed",
        f"documentation of {LIST} changed (summary)",
    ),
    # -- beyond the list -----------------------------------------------------------------------------
    (
        "renamed by the generator's naming (x-sdksmith-name)",
        lambda s: paths(s)["/tokens"]["get"].update({"x-sdksmith-name": "list"}),
        "breaking",
        "operation-renamed",
        "operation renamed: `client.tokens.list_tokens` is now `client.tokens.list` (GET /tokens)",
    ),
    (
        "new required parameter",
        lambda s: list_params(s).append({"name": "owner", "in": "query", "required": True, "schema": {"type": "string"}}),
        "breaking",
        "parameter-added-required",
        f"new required parameter `owner` (query 'owner') in {LIST}",
    ),
    (
        "parameter became optional",
        lambda s: list_params(s)[0].update(required=False),
        "feature",
        "parameter-optional",
        f"parameter `limit` of {LIST} became optional",
    ),
    (
        "enum value removed from a request",
        lambda s: list_params(s)[1]["schema"].update(enum=["user"]),
        "breaking",
        "enum-value-removed",
        f'enum value "service" removed from parameter `kind` of {LIST}',
    ),
    (
        "enum value added to an open response enum",
        lambda s: schemas(s)["Token"]["properties"]["scope"].update(enum=["read", "write", "admin"]),
        "feature",
        "enum-value-added-open",
        'enum value "admin" added to response field `Token.scope` (an open enum: older clients accept it)',
    ),
    (
        "request type widened",
        lambda s: list_params(s)[0]["schema"].update(type="number"),
        "feature",
        "type-widened-request",
        f"type of parameter `limit` of {LIST} widened from `int` to `float`",
    ),
    (
        "response type widened",
        lambda s: schemas(s)["Token"]["properties"]["id"].update(type=["string", "integer"]),
        "breaking",
        "type-widened-response",
        "type of response field `Token.id` widened from `str` to `str | int`: readers may get values they do not expect",
    ),
    (
        "response field may now be missing",
        lambda s: schemas(s)["Token"].update(required=["scope", "created"]),
        "breaking",
        "response-field-optional",
        "response field `Token.id` may now be missing",
    ),
    (
        "new optional request field",
        lambda s: schemas(s)["TokenOptions"]["properties"].update(note={"type": "string"}),
        "feature",
        "request-field-added",
        "new optional request field `TokenOptions.note` ('note')",
    ),
    (
        "operation deprecated",
        lambda s: paths(s)["/tokens"]["get"].update(deprecated=True),
        "feature",
        "operation-deprecated",
        f"{LIST} is deprecated",
    ),
    (
        "operation now needs a credential",
        lambda s: paths(s)["/tokens"]["get"].update(security=[{"token": []}]),
        "breaking",
        "operation-auth-changed",
        f"{LIST} now needs a credential",
    ),
    (
        "server moved",
        lambda s: s["servers"][0].update(url="https://api.example.org"),
        "breaking",
        "server-moved",
        "default server moved from https://api.example.com to https://api.example.org",
    ),
    (
        "anything else",
        lambda s: s["info"].update({"x-owner": "team-tokens"}),
        "fix",
        "spec-changed",
        "the description changed without changing the generated client (/info/x-owner)",
    ),
]


@pytest.mark.parametrize(("case", "edit", "level", "rule", "message"), CASES, ids=[c[0] for c in CASES])
def test_rule(tmp_path: Path, case: str, edit: Edit, level: str, rule: str, message: str) -> None:
    report = diff(tmp_path, edit, BEFORE.get(case))
    found = [(c.level, c.rule, c.message) for c in report.changes]
    assert (level, rule, message) in found, found
    assert report.level == level, found


def test_path_move_reports_every_operation_of_the_item(tmp_path: Path) -> None:
    report = diff(tmp_path, move_item)
    assert [c.message for c in report.changes] == [
        "operation moved: `client.tokens.delete_token` was DELETE /tokens/{token_id}, is now DELETE /v2/tokens/{token_id}",
        "operation moved: `client.tokens.get_token` was GET /tokens/{token_id}, is now GET /v2/tokens/{token_id}",
    ]


def test_a_new_tag_renames_every_method_of_the_resource(tmp_path: Path) -> None:
    report = diff(tmp_path, retag)
    assert report.level == "breaking"
    assert {c.rule for c in report.changes} == {"operation-renamed"}
    assert "operation renamed: `client.tokens.list_tokens` is now `client.keys.list_tokens` (GET /tokens)" in [
        c.message for c in report.changes
    ]


def test_a_renamed_schema_is_a_renamed_model_and_changed_return_types(tmp_path: Path) -> None:
    report = diff(tmp_path, rename_component)
    messages = [c.message for c in report.changes]
    assert "model renamed: `models.Token` is now `models.AccessToken`" in messages
    assert "return type of `client.tokens.get_token` changed from `Token` to `AccessToken`" in messages
    assert report.level == "breaking"


def test_comments_and_formatting_change_nothing(tmp_path: Path) -> None:
    from generator.changes.sources import compare_files
    from generator.config import derived

    from diff_kit import BASE

    old = BASE
    new = tmp_path / "new.yaml"
    new.write_text("# a comment\n" + BASE.read_text().replace("      summary: List tokens.", "      summary:   List tokens.  "))
    report = compare_files(old, new, derived(new, tmp_path, "toy"))
    assert report.changes == () and report.level is None
    assert report.summary() == "no changes for client users"


def test_the_same_spec_has_no_changes(tmp_path: Path) -> None:
    report = diff(tmp_path, lambda s: None)
    assert report.changes == ()


def test_every_rule_in_the_table_has_a_level() -> None:
    from generator.changes.report import RULES

    assert set(RULES.values()) <= {"breaking", "feature", "fix"}
    used = {c[3] for c in CASES}
    assert used <= set(RULES)
