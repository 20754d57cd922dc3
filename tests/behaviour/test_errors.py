"""Error answers become typed exceptions carrying the parsed error body, sync and async.

HTTP errors for the four REST APIs; for softvisio the HTTP status is always 200 and the error status lives in
the envelope, which must raise just the same (and never be returned as a result).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from chatbotkit_tokens import models as cbk
from fastly_tokens import models as fst
from hathora_tokens import models as hth
from launchdarkly_tokens import models as ld

from _wire import APIS, M, Reply, Script, check_result, method_of


@dataclass(frozen=True)
class Failure:
    id: str
    api: str
    call: str
    kwargs: dict[str, Any]
    reply: Reply
    exception: str  # class name, importable from the package
    status: int
    error: Any  # expected ``.error``: the parsed error body
    message_part: str  # text the exception message must contain


ERROR_ROWS: list[Failure] = [
    Failure(
        "chatbotkit.create.409",
        "chatbotkit",
        "tokens.create",
        {"user_id": "usr_1", "name": "dup"},
        Reply(status=409, json={"message": "A token with this name exists", "code": "CONFLICT"}),
        "ConflictError",
        409,
        M(cbk.ErrorResponse, code="CONFLICT", message="A token with this name exists"),
        "A token with this name exists",
    ),
    Failure(
        "chatbotkit.list.500.default",
        "chatbotkit",
        "tokens.list",
        {"user_id": "usr_1"},
        Reply(status=500, json={"message": "boom", "code": "INTERNAL_ERROR"}),
        "InternalServerError",
        500,
        M(cbk.ErrorResponse, code="INTERNAL_ERROR"),
        "boom",
    ),
    Failure(
        "fastly.revoke.404",
        "fastly",
        "tokens.revoke",
        {"token_id": "nope"},
        Reply(status=404, json={"msg": "Token lookup failed"}),
        "NotFoundError",
        404,
        M(fst.GenericTokenError, msg="Token lookup failed"),
        "Token lookup failed",
    ),
    Failure(
        "hathora.create.422",
        "hathora",
        "tokens.create",
        {"org_id": "org-1", "name": "x" * 65},
        Reply(status=422, json={"message": "name must be at most 64 characters"}),
        "UnprocessableEntityError",
        422,
        M(hth.ApiError, message="name must be at most 64 characters"),
        "name must be at most 64 characters",
    ),
    Failure(
        "launchdarkly.update.409",
        "launchdarkly",
        "tokens.update",
        {"id": "t1", "body": [ld.PatchOperation(op="replace", path="/name", value="x")]},
        Reply(status=409, json={"code": "optimistic_locking_error", "message": "Conflict. Optimistic lock error."}),
        "ConflictError",
        409,
        M(ld.StatusConflictErrorRep, code="optimistic_locking_error"),
        "Optimistic lock error",
    ),
    Failure(
        "launchdarkly.get.401",
        "launchdarkly",
        "tokens.get",
        {"id": "t1"},
        Reply(status=401, json={"code": "unauthorized", "message": "Invalid access token"}),
        "AuthenticationError",
        401,
        M(ld.UnauthorizedErrorRep, code="unauthorized", message="Invalid access token"),
        "Invalid access token",
    ),
    Failure(
        "softvisio.delete.envelope-404",
        "softvisio",
        "api_tokens.delete",
        {"token_id": "404"},
        Reply(json={"status": 404, "status_text": "Token not found", "exception": False}),
        "NotFoundError",
        404,
        {"status": 404, "status_text": "Token not found", "exception": False},
        "Token not found",
    ),
    Failure(
        "softvisio.create.envelope-403",
        "softvisio",
        "api_tokens.create",
        {"name": "x"},
        Reply(json={"status": 403, "status_text": "Insufficient permissions", "exception": False}),
        "PermissionDeniedError",
        403,
        {"status": 403, "status_text": "Insufficient permissions", "exception": False},
        "Insufficient permissions",
    ),
    Failure(
        "softvisio.read.envelope-400",
        "softvisio",
        "api_tokens.read",
        {},
        Reply(json={"status": 400, "status_text": "data[0] should be object", "exception": False}),
        "BadRequestError",
        400,
        {"status": 400, "status_text": "data[0] should be object", "exception": False},
        "data[0] should be object",
    ),
]

ERROR_PARAMS = [pytest.param(row, id=row.id) for row in ERROR_ROWS]


def _check(row: Failure, exc: Any, script: Script) -> None:
    assert type(exc).__name__ == row.exception
    assert exc.status_code == row.status
    assert row.message_part in str(exc)
    check_result(exc.error, row.error, "error")
    assert len(script.requests) == 1  # max_retries=0: one attempt, no retry


@pytest.mark.parametrize("row", ERROR_PARAMS)
def test_sync_error(row: Failure) -> None:
    api = APIS[row.api]
    script = Script([row.reply])
    expected = getattr(api.package, row.exception)
    with api.sync_client(script, max_retries=0) as client:
        with pytest.raises(expected) as info:
            method_of(client, row.call)(**row.kwargs)
    _check(row, info.value, script)


@pytest.mark.anyio
@pytest.mark.parametrize("row", ERROR_PARAMS)
async def test_async_error(row: Failure) -> None:
    api = APIS[row.api]
    script = Script([row.reply])
    expected = getattr(api.package, row.exception)
    async with api.async_client(script, max_retries=0) as client:
        with pytest.raises(expected) as info:
            await method_of(client, row.call)(**row.kwargs)
    _check(row, info.value, script)


@pytest.mark.parametrize("name", sorted(APIS))
def test_missing_credential_sends_nothing(name: str) -> None:
    api = APIS[name]
    script = Script([])
    with api.sync_client(script, api_key=None) as client:
        first = {
            "chatbotkit": ("tokens.list", {"user_id": "u"}),
            "fastly": ("tokens.list_for_user", {}),
            "hathora": ("tokens.list", {"org_id": "o"}),
            "launchdarkly": ("tokens.get", {"id": "t"}),
            "softvisio": ("api_tokens.delete", {"token_id": "t"}),
        }[name]
        with pytest.raises(api.package.MissingCredentialError):
            method_of(client, first[0])(**first[1])
    assert script.requests == []
