"""Every operation of the five generated clients, sync and async, against a mock transport.

One row per operation (plus ChatBotKit's ``list_stream``): the call, the exact request it must put on the
wire, a canned answer shaped like the real service's, and the parsed result the call must return. Each row
runs twice, through the blocking and the asyncio client.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from chatbotkit_tokens import models as cbk
from fastly_tokens import models as fst
from hathora_tokens import models as hth
from launchdarkly_tokens import models as ld
from softvisio_tokens import models as sv

from _wire import APIS, M, PageOf, Reply, Script, Wire, check_request, check_result, method_of, ok

UTC = datetime.timezone.utc

CBK = "https://api.chatbotkit.com/v1"
FASTLY = "https://api.fastly.com"
HATHORA = "https://api.hathora.dev"
LD = "https://app.launchdarkly.com"
SV = "https://app.softvisio.test/api"


@dataclass(frozen=True)
class Row:
    id: str
    api: str
    call: str
    kwargs: dict[str, Any]
    wire: Wire
    reply: Reply
    result: Any
    stream: bool = False  # the call returns a stream; the result is what iterating it yields


# --- canned wire data, shaped like the services' own examples ---------------------------------------------

CBK_TOKEN_1 = {
    "id": "clo9pmf3a0003l408jkz3w1rb",
    "name": "CI deploys",
    "description": "Used by the sub-user's deployment pipeline.",
    "meta": {"team": "platform"},
    "createdAt": 1699092000000,
    "updatedAt": 1699092000000,
}
CBK_TOKEN_2 = {
    "id": "clo9plx2k0001l408n5f6v2qd",
    "name": "Support widget",
    "createdAt": 1699005600000,
    "updatedAt": 1699012800000,
}
CBK_TOKEN_1_M = M(
    cbk.TokenInstance,
    id="clo9pmf3a0003l408jkz3w1rb",
    name="CI deploys",
    description="Used by the sub-user's deployment pipeline.",
    created_at=1699092000000,
    updated_at=1699092000000,
)
CBK_TOKEN_2_M = M(
    cbk.TokenInstance,
    id="clo9plx2k0001l408n5f6v2qd",
    name="Support widget",
    description=None,
    meta=None,
    created_at=1699005600000,
    updated_at=1699012800000,
)

FASTLY_TOKEN_1 = {
    "id": "5Yo3XXnrQpjc20u0ybrf2g",
    "user_id": "4y5K5trZocEAQYkesWlk7M",
    "services": [],
    "name": "test-token",
    "scope": "global",
    "created_at": "2020-06-22T03:19:48.000Z",
    "updated_at": "2020-06-22T03:19:48.000Z",
    "deleted_at": None,
    "last_used_at": "2023-11-06T10:02:11.000Z",
    "expires_at": None,
    "ip": "127.17.202.173",
    "user_agent": "fastly-cli/10.6.1",
}
FASTLY_TOKEN_2 = {
    "id": "2Kh7Pq0LmT3sdWx9aB4cVe",
    "user_id": "4y5K5trZocEAQYkesWlk7M",
    "services": ["SU1Z0isxPaozGVKXdv0eY"],
    "name": "purge-bot",
    "scope": "purge_select purge_all",
    "created_at": "2023-10-02T08:15:00.000Z",
    "updated_at": "2023-10-02T08:15:00.000Z",
    "deleted_at": None,
    "last_used_at": None,
    "expires_at": "2024-10-02T08:15:00.000Z",
}
FASTLY_TOKEN_1_M = M(
    fst.TokenResponse,
    id="5Yo3XXnrQpjc20u0ybrf2g",
    user_id="4y5K5trZocEAQYkesWlk7M",
    services=[],
    name="test-token",
    scope="global",
    created_at=datetime.datetime(2020, 6, 22, 3, 19, 48, tzinfo=UTC),
    deleted_at=None,
    last_used_at=datetime.datetime(2023, 11, 6, 10, 2, 11, tzinfo=UTC),
    expires_at=None,
    ip="127.17.202.173",
    user_agent="fastly-cli/10.6.1",
)
FASTLY_TOKEN_2_M = M(
    fst.TokenResponse,
    id="2Kh7Pq0LmT3sdWx9aB4cVe",
    services=["SU1Z0isxPaozGVKXdv0eY"],
    scope="purge_select purge_all",
    last_used_at=None,
    expires_at=datetime.datetime(2024, 10, 2, 8, 15, tzinfo=UTC),
    ip=None,
    user_agent=None,
)

HATHORA_ORG = "org-6f706e83-0ec1-437a-9a46-7d4281eb2f39"
HATHORA_TOKEN_ID = "org-token-af469a92-5b45-4565-b3c4-b79878de67d2"
HATHORA_TOKEN_1 = {
    "orgTokenId": HATHORA_TOKEN_ID,
    "orgId": HATHORA_ORG,
    "name": "ci-token",
    "status": "active",
    "lastFourCharsOfKey": "9f2c",
    "createdBy": "dev@example.com",
    "createdAt": "2024-11-05T14:03:21.118Z",
}
HATHORA_TOKEN_2 = {
    "orgTokenId": "org-token-3c1d07e5-8a2f-4b6e-9d40-51f7c2a9e8b3",
    "orgId": HATHORA_ORG,
    "name": "staging-deployer",
    "status": "revoked",
    "lastFourCharsOfKey": "k7Qa",
    "createdBy": "dev@example.com",
    "createdAt": "2024-08-19T09:47:02.540Z",
}
HATHORA_TOKEN_1_M = M(
    hth.OrgToken,
    org_token_id=HATHORA_TOKEN_ID,
    org_id=HATHORA_ORG,
    name="ci-token",
    status="active",
    last_four_chars_of_key="9f2c",
    created_by="dev@example.com",
    created_at=datetime.datetime(2024, 11, 5, 14, 3, 21, 118000, tzinfo=UTC),
)
HATHORA_TOKEN_2_M = M(
    hth.OrgToken,
    org_token_id="org-token-3c1d07e5-8a2f-4b6e-9d40-51f7c2a9e8b3",
    status="revoked",
    last_four_chars_of_key="k7Qa",
)

LD_TOKEN_ID = "61095542756dba551110ae21"
LD_LINKS = {"self": {"href": f"/api/v2/tokens/{LD_TOKEN_ID}", "type": "application/json"}}
LD_TOKEN = {
    "_id": LD_TOKEN_ID,
    "ownerId": "5f6a9e3b2c1d4e0008a1b2c3",
    "memberId": "5f6a9e3b2c1d4e0008a1b2c4",
    "_member": {
        "_id": "5f6a9e3b2c1d4e0008a1b2c4",
        "_links": {"self": {"href": "/api/v2/members/5f6a9e3b2c1d4e0008a1b2c4", "type": "application/json"}},
        "firstName": "Ada",
        "lastName": "Lovelace",
        "role": "admin",
        "email": "ada@example.com",
    },
    "name": "CI deploys",
    "description": "Used by the release pipeline to toggle flags.",
    "creationDate": 1628001602644,
    "lastModified": 1700000123456,
    "lastUsed": 1700000000000,
    "role": "writer",
    "token": "4f2a",
    "serviceToken": False,
    "defaultApiVersion": 20240415,
    "_links": LD_LINKS,
}
LD_TOKEN_M = M(
    ld.Token,
    id=LD_TOKEN_ID,
    owner_id="5f6a9e3b2c1d4e0008a1b2c3",
    member_id="5f6a9e3b2c1d4e0008a1b2c4",
    member=M(
        ld.MemberSummary,
        id="5f6a9e3b2c1d4e0008a1b2c4",
        first_name="Ada",
        last_name="Lovelace",
        role="admin",
        email="ada@example.com",
        links={"self": M(ld.Link, href="/api/v2/members/5f6a9e3b2c1d4e0008a1b2c4", type="application/json")},
    ),
    name="CI deploys",
    description="Used by the release pipeline to toggle flags.",
    creation_date=1628001602644,
    last_modified=1700000123456,
    last_used=1700000000000,
    role="writer",
    token="4f2a",
    service_token=False,
    default_api_version=20240415,
    links={"self": M(ld.Link, href=f"/api/v2/tokens/{LD_TOKEN_ID}", type="application/json")},
)
LD_SERVICE_TOKEN = {
    "_id": "6110a3d0c5a1e70d2ee1a7b9",
    "ownerId": "5f6a9e3b2c1d4e0008a1b2c3",
    "memberId": "5f6a9e3b2c1d4e0008a1b2c4",
    "name": "Flag audit (read-only)",
    "creationDate": 1628480464123,
    "lastModified": 1630000000000,
    "customRoleIds": ["60e8a1f2b3c4d5e6f7a8b9c0"],
    "token": "9c1d",
    "serviceToken": True,
    "_links": {"self": {"href": "/api/v2/tokens/6110a3d0c5a1e70d2ee1a7b9", "type": "application/json"}},
}
LD_SERVICE_TOKEN_M = M(
    ld.Token,
    id="6110a3d0c5a1e70d2ee1a7b9",
    member=None,
    custom_role_ids=["60e8a1f2b3c4d5e6f7a8b9c0"],
    role=None,
    service_token=True,
    last_used=None,
)
LD_SECRET = "api-5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4f2a"
LD_TOKEN_WITH_SECRET = {**LD_TOKEN, "token": LD_SECRET, "lastModified": 1628001602644}
del LD_TOKEN_WITH_SECRET["lastUsed"]

SV_TOKEN_12 = {
    "id": "12",
    "user_id": "3",
    "name": "deploy-bot",
    "enabled": True,
    "created": "2021-06-02T14:31:07.512Z",
    "permissions": {"user": True},
}
SV_TOKEN_9 = {
    "id": "9",
    "user_id": "3",
    "name": None,
    "enabled": False,
    "created": "2021-05-20T08:02:44.091Z",
    "permissions": {},
}
SV_TOKEN_12_M = M(
    sv.ApiToken,
    id="12",
    user_id="3",
    name="deploy-bot",
    enabled=True,
    created=datetime.datetime(2021, 6, 2, 14, 31, 7, 512000, tzinfo=UTC),
    permissions={"user": True},
)
SV_TOKEN_9_M = M(sv.ApiToken, id="9", name=None, enabled=False, permissions={})


# --- the table ----------------------------------------------------------------------------------------------

ROWS: list[Row] = [
    # ChatBotKit: every action but list is a POST with a JSON object; Authorization: Bearer.
    Row(
        "chatbotkit.tokens.create",
        "chatbotkit",
        "tokens.create",
        {
            "user_id": "clo9pk7wq0000l408h2x4d8ye",
            "name": "CI deploys",
            "description": "Used by the sub-user's deployment pipeline.",
            "meta": {"team": "platform"},
        },
        Wire(
            "POST",
            f"{CBK}/partner/user/clo9pk7wq0000l408h2x4d8ye/token/create",
            body={
                "name": "CI deploys",
                "description": "Used by the sub-user's deployment pipeline.",
                "meta": {"team": "platform"},
            },
        ),
        Reply(json={"id": "clo9pmf3a0003l408jkz3w1rb", "token": "sk-7Qf2mVx9LrT4cKp8ZsW1nHb6", "createdAt": 1699092000000}),
        M(cbk.TokenCreateResponse, id="clo9pmf3a0003l408jkz3w1rb", token="sk-7Qf2mVx9LrT4cKp8ZsW1nHb6", created_at=1699092000000),
    ),
    Row(
        "chatbotkit.tokens.list",
        "chatbotkit",
        "tokens.list",
        {"user_id": "clo9pk7wq0000l408h2x4d8ye", "take": 2, "order": "asc"},
        Wire("GET", f"{CBK}/partner/user/clo9pk7wq0000l408h2x4d8ye/token/list?take=2&order=asc"),
        Reply(json={"items": [CBK_TOKEN_1, CBK_TOKEN_2], "cursor": "clo9plx2k0001l408n5f6v2qd"}),
        PageOf(items=[CBK_TOKEN_1_M, CBK_TOKEN_2_M], total=None),
    ),
    Row(
        "chatbotkit.tokens.list_stream",
        "chatbotkit",
        "tokens.list_stream",
        {"user_id": "clo9pk7wq0000l408h2x4d8ye", "cursor": "clo9pmf3a0003l408jkz3w1rb"},
        Wire(
            "GET",
            f"{CBK}/partner/user/clo9pk7wq0000l408h2x4d8ye/token/list?cursor=clo9pmf3a0003l408jkz3w1rb",
            accept="application/jsonl",
        ),
        Reply(
            content=b"\n".join(
                [
                    b'{"type":"item","data":' + json.dumps(CBK_TOKEN_1).encode() + b"}",
                    b"",
                    b'{"type":"result","data":{"cursor":"x"}}',  # a kind this client does not know: skipped
                    b'{"type":"item","data":' + json.dumps(CBK_TOKEN_2).encode() + b"}",
                    b"",
                ]
            ),
            content_type="application/jsonl",
        ),
        [CBK_TOKEN_1_M, CBK_TOKEN_2_M],
        stream=True,
    ),
    Row(
        "chatbotkit.tokens.delete",
        "chatbotkit",
        "tokens.delete",
        {"user_id": "clo9pk7wq0000l408h2x4d8ye", "token_id": "clo9pmf3a0003l408jkz3w1rb"},
        Wire(
            "POST",
            f"{CBK}/partner/user/clo9pk7wq0000l408h2x4d8ye/token/clo9pmf3a0003l408jkz3w1rb/delete",
            body={},
        ),
        Reply(json={"id": "clo9pmf3a0003l408jkz3w1rb"}),
        M(cbk.TokenDeleteResponse, id="clo9pmf3a0003l408jkz3w1rb"),
    ),
    # Fastly: Fastly-Key header with the bare token; revocations answer 204 with no body.
    Row(
        "fastly.tokens.list_for_customer",
        "fastly",
        "tokens.list_for_customer",
        {"customer_id": "x4xCwxxJxGCx123Rx5xTx"},
        Wire("GET", f"{FASTLY}/customer/x4xCwxxJxGCx123Rx5xTx/tokens"),
        Reply(json=[FASTLY_TOKEN_1, FASTLY_TOKEN_2]),
        [FASTLY_TOKEN_1_M, FASTLY_TOKEN_2_M],
    ),
    Row(
        "fastly.tokens.list_for_user",
        "fastly",
        "tokens.list_for_user",
        {},
        Wire("GET", f"{FASTLY}/tokens"),
        Reply(json=[FASTLY_TOKEN_2]),
        [FASTLY_TOKEN_2_M],
    ),
    Row(
        "fastly.tokens.get_current",
        "fastly",
        "tokens.get_current",
        {},
        Wire("GET", f"{FASTLY}/tokens/self"),
        Reply(json=FASTLY_TOKEN_1),
        FASTLY_TOKEN_1_M,
    ),
    Row(
        "fastly.tokens.revoke_current",
        "fastly",
        "tokens.revoke_current",
        {},
        Wire("DELETE", f"{FASTLY}/tokens/self"),
        Reply(status=204, headers={"Fastly-RateLimit-Remaining": "999", "Fastly-RateLimit-Reset": "1699272000"}),
        None,
    ),
    Row(
        "fastly.tokens.revoke",
        "fastly",
        "tokens.revoke",
        {"token_id": "2Kh7Pq0LmT3sdWx9aB4cVe"},
        Wire("DELETE", f"{FASTLY}/tokens/2Kh7Pq0LmT3sdWx9aB4cVe"),
        Reply(status=204),
        None,
    ),
    # Hathora: Authorization: Bearer; create answers 201; revoke is a body-less POST answering `true`.
    Row(
        "hathora.tokens.list",
        "hathora",
        "tokens.list",
        {"org_id": HATHORA_ORG},
        Wire("GET", f"{HATHORA}/tokens/v1/orgs/{HATHORA_ORG}"),
        Reply(json={"tokens": [HATHORA_TOKEN_1, HATHORA_TOKEN_2]}),
        M(hth.ListOrgTokens, tokens=[HATHORA_TOKEN_1_M, HATHORA_TOKEN_2_M]),
    ),
    Row(
        "hathora.tokens.create",
        "hathora",
        "tokens.create",
        {"org_id": HATHORA_ORG, "name": "ci-token"},
        Wire("POST", f"{HATHORA}/tokens/v1/orgs/{HATHORA_ORG}/create", body={"name": "ci-token"}),
        Reply(status=201, json={"plainTextToken": "hT4vN8qLw2ZsXe6RbJ0mYc5KdPa19f2c", "orgToken": HATHORA_TOKEN_1}),
        M(hth.CreatedOrgToken, plain_text_token="hT4vN8qLw2ZsXe6RbJ0mYc5KdPa19f2c", org_token=HATHORA_TOKEN_1_M),
    ),
    Row(
        "hathora.tokens.revoke",
        "hathora",
        "tokens.revoke",
        {"org_id": HATHORA_ORG, "org_token_id": HATHORA_TOKEN_ID},
        Wire("POST", f"{HATHORA}/tokens/v1/orgs/{HATHORA_ORG}/tokens/{HATHORA_TOKEN_ID}/revoke"),
        Reply(content=b"true"),
        True,
    ),
    # LaunchDarkly: Authorization with the bare token (no Bearer); offset pagination; JSON Patch as JSON.
    Row(
        "launchdarkly.tokens.list",
        "launchdarkly",
        "tokens.list",
        {"limit": 2, "offset": 0, "show_all": True, "ld_api_version": 20240415},
        Wire(
            "GET",
            f"{LD}/api/v2/tokens?limit=2&offset=0&showAll=true",
            headers={"LD-API-Version": "20240415"},
        ),
        Reply(json={"items": [LD_TOKEN, LD_SERVICE_TOKEN], "_links": {}, "totalCount": 27}),
        PageOf(items=[LD_TOKEN_M, LD_SERVICE_TOKEN_M], total=27),
    ),
    Row(
        "launchdarkly.tokens.create",
        "launchdarkly",
        "tokens.create",
        {
            "name": "CI deploys",
            "description": "Used by the release pipeline to toggle flags.",
            "role": "writer",
            "inline_role": [ld.Statement(effect="allow", resources=["proj/*:env/production"], actions=["*"])],
            "service_token": False,
            "default_api_version": 20240415,
        },
        Wire(
            "POST",
            f"{LD}/api/v2/tokens",
            body={
                "name": "CI deploys",
                "description": "Used by the release pipeline to toggle flags.",
                "role": "writer",
                "inlineRole": [{"effect": "allow", "resources": ["proj/*:env/production"], "actions": ["*"]}],
                "serviceToken": False,
                "defaultApiVersion": 20240415,
            },
        ),
        Reply(status=201, json=LD_TOKEN_WITH_SECRET),
        M(ld.Token, id=LD_TOKEN_ID, token=LD_SECRET, role="writer", service_token=False, last_used=None),
    ),
    Row(
        "launchdarkly.tokens.get",
        "launchdarkly",
        "tokens.get",
        {"id": LD_TOKEN_ID},
        Wire("GET", f"{LD}/api/v2/tokens/{LD_TOKEN_ID}"),
        Reply(json=LD_TOKEN),
        LD_TOKEN_M,
    ),
    Row(
        "launchdarkly.tokens.update",
        "launchdarkly",
        "tokens.update",
        {
            "id": LD_TOKEN_ID,
            "body": [
                ld.PatchOperation(op="replace", path="/role", value="reader"),
                ld.PatchOperation(op="remove", path="/description"),
            ],
        },
        Wire(
            "PATCH",
            f"{LD}/api/v2/tokens/{LD_TOKEN_ID}",
            body=[{"op": "replace", "path": "/role", "value": "reader"}, {"op": "remove", "path": "/description"}],
        ),
        Reply(json={**LD_TOKEN, "role": "reader"}),
        M(ld.Token, id=LD_TOKEN_ID, role="reader"),
    ),
    Row(
        "launchdarkly.tokens.delete",
        "launchdarkly",
        "tokens.delete",
        {"id": LD_TOKEN_ID},
        Wire("DELETE", f"{LD}/api/v2/tokens/{LD_TOKEN_ID}"),
        Reply(status=204),
        None,
    ),
    Row(
        "launchdarkly.tokens.reset",
        "launchdarkly",
        "tokens.reset",
        {"id": LD_TOKEN_ID, "expiry": 1700003600000},
        Wire("POST", f"{LD}/api/v2/tokens/{LD_TOKEN_ID}/reset?expiry=1700003600000"),
        Reply(json=LD_TOKEN_WITH_SECRET),
        M(ld.Token, id=LD_TOKEN_ID, token=LD_SECRET, creation_date=1628001602644),
    ),
    # softvisio: POST with the positional arguments as a JSON array; results unwrap the envelope's `data`.
    Row(
        "softvisio.api_tokens.create",
        "softvisio",
        "api_tokens.create",
        {"name": "deploy-bot"},
        Wire("POST", f"{SV}/v1/api-tokens/create", body=["deploy-bot"]),
        ok(
            {
                "id": "12",
                "token": "lBp1McMQQGq8953ZdOTYHuBg1yVvHr2aDA",
                "userId": "3",
                "username": "alice@example.com",
                "permissions": {},
            }
        ),
        M(
            sv.CreatedApiToken,
            id="12",
            token="lBp1McMQQGq8953ZdOTYHuBg1yVvHr2aDA",
            user_id="3",
            username="alice@example.com",
            permissions={},
        ),
    ),
    Row(
        "softvisio.api_tokens.delete",
        "softvisio",
        "api_tokens.delete",
        {"token_id": "12"},
        Wire("POST", f"{SV}/v1/api-tokens/delete", body=["12"]),
        ok(),
        None,
    ),
    Row(
        "softvisio.api_tokens.get_permissions",
        "softvisio",
        "api_tokens.get_permissions",
        {"token_id": "12"},
        Wire("POST", f"{SV}/v1/api-tokens/get-permissions", body=["12"]),
        ok(
            [
                {"id": "user", "enabled": True, "name": "User", "description": "Signed-in access to the application."},
                {"id": "reports", "enabled": False, "name": "Reports", "description": "Read the sales reports."},
            ]
        ),
        [
            M(sv.ApiTokenPermission, id="user", enabled=True, name="User", description="Signed-in access to the application."),
            M(sv.ApiTokenPermission, id="reports", enabled=False, name="Reports", description="Read the sales reports."),
        ],
    ),
    Row(
        "softvisio.api_tokens.read",
        "softvisio",
        "api_tokens.read",
        {
            "options": sv.ReadOptions(
                where=sv.ReadFilter(search="deploy"), order_by=[["created", "desc"]], offset=0, limit=20
            )
        },
        Wire(
            "POST",
            f"{SV}/v1/api-tokens/read",
            body=[{"where": {"search": "deploy"}, "order_by": [["created", "desc"]], "offset": 0, "limit": 20}],
        ),
        ok([SV_TOKEN_12, SV_TOKEN_9], total=2, summary={"total": 2}),
        PageOf(items=[SV_TOKEN_12_M, SV_TOKEN_9_M], total=2),
    ),
    Row(
        "softvisio.api_tokens.set_enabled",
        "softvisio",
        "api_tokens.set_enabled",
        {"token_id": "tok", "enabled": True},
        Wire("POST", f"{SV}/v1/api-tokens/set-enabled", body=["tok", True]),
        ok(),
        None,
    ),
    Row(
        "softvisio.api_tokens.set_permissions",
        "softvisio",
        "api_tokens.set_permissions",
        {"token_id": "12", "permissions": {"user": True, "reports": False}},
        Wire("POST", f"{SV}/v1/api-tokens/set-permissions", body=["12", {"user": True, "reports": False}]),
        ok(),
        None,
    ),
    Row(
        "softvisio.api_tokens.update_permissions",
        "softvisio",
        "api_tokens.update_permissions",
        {"token_id": "12", "permissions": {"reports": True}},
        Wire("POST", f"{SV}/v1/api-tokens/update-permissions", body=["12", {"reports": True}]),
        ok(),
        None,
    ),
]

ROW_PARAMS = [pytest.param(row, id=row.id) for row in ROWS]


def test_the_table_covers_every_operation() -> None:
    """Every operation listed in each package's .sdksmith.json has a row, and no row names an unknown call."""

    root = Path(__file__).resolve().parents[2] / "generated"
    listed = {
        f"{name}.{op['python']}"
        for name in APIS
        for op in json.loads((root / name / ".sdksmith.json").read_text())["operations"]
    }
    covered = {f"{row.api}.{row.call}" for row in ROWS if not row.stream}
    assert len(listed) == 24
    assert covered == listed


@pytest.mark.parametrize("row", ROW_PARAMS)
def test_sync(row: Row) -> None:
    api = APIS[row.api]
    script = Script([row.reply])
    with api.sync_client(script) as client:
        result = method_of(client, row.call)(**row.kwargs)
        if row.stream:
            assert isinstance(result, api.package._runtime._streaming.Stream)
            result = list(result)
    assert len(script.requests) == 1
    check_request(api, script.requests[0], row.wire)
    check_result(result, row.result)


@pytest.mark.anyio
@pytest.mark.parametrize("row", ROW_PARAMS)
async def test_async(row: Row) -> None:
    api = APIS[row.api]
    script = Script([row.reply])
    async with api.async_client(script) as client:
        result = await method_of(client, row.call)(**row.kwargs)
        if row.stream:
            assert isinstance(result, api.package._runtime._streaming.AsyncStream)
            result = [item async for item in result]
    assert len(script.requests) == 1
    check_request(api, script.requests[0], row.wire)
    check_result(result, row.result)
