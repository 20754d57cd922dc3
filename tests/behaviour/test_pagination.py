"""``*_all`` walks every page of a paginated list, sync and async, issuing the right follow-up requests.

One row per walk: the call, then each request the walk must send paired with the page the server answers,
then every item the walk must yield. ChatBotKit echoes the page's ``cursor``; LaunchDarkly advances the
``offset`` query parameter by the items seen until ``totalCount``; softvisio advances ``/0/offset`` inside the
JSON argument array until ``total``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from launchdarkly_tokens import models as ld
from softvisio_tokens import models as sv

from _wire import APIS, M, PageOf, Reply, Script, Wire, check_request, check_result, method_of, ok

CBK_LIST = "https://api.chatbotkit.com/v1/partner/user/usr_1/token/list"
LD_LIST = "https://app.launchdarkly.com/api/v2/tokens"
SV_READ = "https://app.softvisio.test/api/v1/api-tokens/read"


def cbk_token(n: int) -> dict[str, Any]:
    return {"id": f"tok_{n}", "createdAt": 1699000000000 + n, "updatedAt": 1699000000000 + n}


def ld_token(n: int) -> dict[str, Any]:
    return {
        "_id": f"ld_{n}",
        "_links": {},
        "creationDate": 1628000000000 + n,
        "lastModified": 1628000000000 + n,
        "memberId": "m1",
        "ownerId": "o1",
    }


def sv_token(n: int) -> dict[str, Any]:
    return {
        "id": str(n),
        "user_id": "3",
        "name": f"token-{n}",
        "enabled": True,
        "created": "2021-06-02T14:31:07.512Z",
        "permissions": {},
    }


@dataclass(frozen=True)
class Walk:
    id: str
    api: str
    call: str
    kwargs: dict[str, Any]
    exchanges: list[tuple[Wire, Reply]]
    item_ids: list[str]  # the ``id`` of every item the walk yields, in order


WALKS: list[Walk] = [
    Walk(
        "chatbotkit.tokens.list_all",
        "chatbotkit",
        "tokens.list_all",
        {"user_id": "usr_1", "take": 2},
        [
            (Wire("GET", f"{CBK_LIST}?take=2"), Reply(json={"items": [cbk_token(1), cbk_token(2)], "cursor": "tok_2"})),
            (Wire("GET", f"{CBK_LIST}?take=2&cursor=tok_2"), Reply(json={"items": [cbk_token(3)], "cursor": "tok_3"})),
            # No cursor in the answer: the list is over.
            (Wire("GET", f"{CBK_LIST}?take=2&cursor=tok_3"), Reply(json={"items": [cbk_token(4)]})),
        ],
        ["tok_1", "tok_2", "tok_3", "tok_4"],
    ),
    Walk(
        "chatbotkit.tokens.list_all.empty_page_ends",
        "chatbotkit",
        "tokens.list_all",
        {"user_id": "usr_1", "order": "desc"},
        [
            (Wire("GET", f"{CBK_LIST}?order=desc"), Reply(json={"items": [cbk_token(9)], "cursor": "tok_9"})),
            (Wire("GET", f"{CBK_LIST}?order=desc&cursor=tok_9"), Reply(json={"items": [], "cursor": "tok_10"})),
        ],
        ["tok_9"],
    ),
    Walk(
        "launchdarkly.tokens.list_all",
        "launchdarkly",
        "tokens.list_all",
        {"limit": 2, "show_all": False},
        [
            (
                Wire("GET", f"{LD_LIST}?limit=2&showAll=false"),
                Reply(json={"items": [ld_token(1), ld_token(2)], "_links": {}, "totalCount": 5}),
            ),
            (
                Wire("GET", f"{LD_LIST}?limit=2&showAll=false&offset=2"),
                Reply(json={"items": [ld_token(3), ld_token(4)], "_links": {}, "totalCount": 5}),
            ),
            # offset 4 + 1 item reaches totalCount 5: no fourth request.
            (
                Wire("GET", f"{LD_LIST}?limit=2&showAll=false&offset=4"),
                Reply(json={"items": [ld_token(5)], "_links": {}, "totalCount": 5}),
            ),
        ],
        ["ld_1", "ld_2", "ld_3", "ld_4", "ld_5"],
    ),
    Walk(
        "launchdarkly.tokens.list_all.from_offset",
        "launchdarkly",
        "tokens.list_all",
        {"offset": 10, "limit": 3},
        [
            (
                Wire("GET", f"{LD_LIST}?limit=3&offset=10"),
                Reply(json={"items": [ld_token(11), ld_token(12), ld_token(13)], "totalCount": 14}),
            ),
            (Wire("GET", f"{LD_LIST}?limit=3&offset=13"), Reply(json={"items": [ld_token(14)], "totalCount": 14})),
        ],
        ["ld_11", "ld_12", "ld_13", "ld_14"],
    ),
    Walk(
        "softvisio.api_tokens.read_all",
        "softvisio",
        "api_tokens.read_all",
        {"options": sv.ReadOptions(where=sv.ReadFilter(search="bot"), limit=2)},
        [
            (
                Wire("POST", SV_READ, body=[{"where": {"search": "bot"}, "limit": 2}]),
                ok([sv_token(1), sv_token(2)], total=3),
            ),
            (
                Wire("POST", SV_READ, body=[{"where": {"search": "bot"}, "limit": 2, "offset": 2}]),
                ok([sv_token(3)], total=3),
            ),
        ],
        ["1", "2", "3"],
    ),
    Walk(
        "softvisio.api_tokens.read_all.no_options",
        "softvisio",
        "api_tokens.read_all",
        {},
        [
            # No options: the argument array is empty, and the walk creates the options object to page.
            (Wire("POST", SV_READ, body=[]), ok([sv_token(1), sv_token(2)], total=4)),
            (Wire("POST", SV_READ, body=[{"offset": 2}]), ok([sv_token(3), sv_token(4)], total=4)),
        ],
        ["1", "2", "3", "4"],
    ),
    Walk(
        "softvisio.api_tokens.read_all.null_data",
        "softvisio",
        "api_tokens.read_all",
        {"options": sv.ReadOptions(where=sv.ReadFilter(search="nothing"))},
        [(Wire("POST", SV_READ, body=[{"where": {"search": "nothing"}}]), ok(None, total=0, summary={"total": 0}))],
        [],
    ),
]

WALK_PARAMS = [pytest.param(walk, id=walk.id) for walk in WALKS]


def _check_exchanges(walk: Walk, script: Script) -> None:
    api = APIS[walk.api]
    assert len(script.requests) == len(walk.exchanges)
    for request, (wire, _reply) in zip(script.requests, walk.exchanges):
        check_request(api, request, wire)


@pytest.mark.parametrize("walk", WALK_PARAMS)
def test_sync_walk(walk: Walk) -> None:
    script = Script([reply for _wire, reply in walk.exchanges])
    with APIS[walk.api].sync_client(script) as client:
        items = list(method_of(client, walk.call)(**walk.kwargs))
    assert [item.id for item in items] == walk.item_ids
    _check_exchanges(walk, script)


@pytest.mark.anyio
@pytest.mark.parametrize("walk", WALK_PARAMS)
async def test_async_walk(walk: Walk) -> None:
    script = Script([reply for _wire, reply in walk.exchanges])
    async with APIS[walk.api].async_client(script) as client:
        items = [item async for item in method_of(client, walk.call)(**walk.kwargs)]
    assert [item.id for item in items] == walk.item_ids
    _check_exchanges(walk, script)


# --- the page object itself: items, total, and stepping by hand -------------------------------------------


def test_sync_page_steps_by_hand() -> None:
    walk = WALKS[2]  # launchdarkly, three pages
    script = Script([reply for _wire, reply in walk.exchanges])
    with APIS["launchdarkly"].sync_client(script) as client:
        page = client.tokens.list(limit=2, show_all=False)
        check_result(page, PageOf(items=[M(ld.Token, id="ld_1"), M(ld.Token, id="ld_2")], total=5))
        assert page.has_next_page()
        page = page.next_page()
        check_result(page, PageOf(items=[M(ld.Token, id="ld_3"), M(ld.Token, id="ld_4")], total=5))
        page = page.next_page()
        check_result(page, PageOf(items=[M(ld.Token, id="ld_5")], total=5))
        assert not page.has_next_page()
        assert len(script.requests) == 3
    _check_exchanges(walk, script)


@pytest.mark.anyio
async def test_async_page_steps_by_hand() -> None:
    walk = WALKS[0]  # chatbotkit, three pages
    script = Script([reply for _wire, reply in walk.exchanges])
    async with APIS["chatbotkit"].async_client(script) as client:
        page = await client.tokens.list(user_id="usr_1", take=2)
        assert [t.id for t in page.items] == ["tok_1", "tok_2"]
        assert page.total is None
        pages = [[t.id for t in p.items] async for p in page.iter_pages()]
        assert pages == [["tok_1", "tok_2"], ["tok_3"], ["tok_4"]]
    _check_exchanges(walk, script)
