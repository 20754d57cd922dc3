"""The five generated clients as an openai-python user would drive them: path parameters by position, request IDs,
typed errors, every constructor option in ``with_options``/``copy``, environments, raw and streamed responses for
every kind of method, calls to unlisted paths. Sync and async."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

from _wire import APIS, Reply, Script, check_request, check_result, method_of
from test_operations import ROWS, Row

POSITIONAL = [row for row in ROWS if not row.stream]


def _positional(client: Any, row: Row) -> tuple[list[Any], dict[str, Any]]:
    """The row's arguments with every path parameter moved to its position."""
    fn = method_of(client, row.call)
    names = [p.name for p in inspect.signature(fn).parameters.values() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    return [row.kwargs[n] for n in names], {k: v for k, v in row.kwargs.items() if k not in names}


@pytest.mark.parametrize("row", POSITIONAL, ids=lambda r: r.id)
def test_path_parameters_may_be_passed_by_position(row: Row) -> None:
    api = APIS[row.api]
    script = Script([row.reply])
    with api.sync_client(script) as client:
        args, kwargs = _positional(client, row)
        result = method_of(client, row.call)(*args, **kwargs)
    check_request(api, script.requests[0], row.wire)
    check_result(result, row.result)


def test_only_path_parameters_are_positional() -> None:
    checked = 0
    for api in APIS.values():
        client = api.sync_client(Script([]))
        for resource_name in [p for p in dir(type(client)) if isinstance(getattr(type(client), p), property) and p != "base_url"]:
            resource = getattr(client, resource_name)
            for method_name in [m for m in dir(type(resource)) if not m.startswith("_") and callable(getattr(resource, m))]:
                params = list(inspect.signature(getattr(resource, method_name)).parameters.values())
                positional = [p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
                keyword = [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]
                assert {"timeout", "max_retries", "extra_headers", "strict_response_validation"} <= set(keyword)
                assert not {"timeout", "body"} & set(positional)
                checked += 1
    assert checked >= 25


@pytest.mark.anyio
@pytest.mark.parametrize("name", sorted(APIS))
async def test_request_ids_on_results_errors_and_raw_responses(name: str) -> None:
    api = APIS[name]
    row = next(r for r in ROWS if r.api == name and isinstance(r.reply.json, dict) and not r.stream)
    ok = Reply(status=row.reply.status, json=row.reply.json, headers={"x-request-id": "req-ok"})
    failed = Reply(status=404 if name != "softvisio" else 200, json={"message": "nope", "code": "missing"} if name != "softvisio" else {"status": 404, "status_text": "nope"}, headers={"request-id": "req-404"})
    async with api.async_client(Script([ok, ok, failed]), max_retries=0) as client:
        result = await method_of(client, row.call)(**row.kwargs)
        if isinstance(result, pydantic.BaseModel):
            assert result._request_id == "req-ok"
        raw = await method_of(client.__getattribute__(row.call.split(".")[0]).with_raw_response, row.call.split(".")[1])(**row.kwargs)
        assert raw.request_id == "req-ok"
        with pytest.raises(api.package.NotFoundError) as info:
            await method_of(client, row.call)(**row.kwargs)
    assert info.value.request_id == "req-404"


@pytest.mark.parametrize("name", sorted(APIS))
def test_status_errors_are_the_packages_typed_classes(name: str) -> None:
    package = APIS[name].package
    declared = {cls.__name__: cls for cls in vars(package).values() if isinstance(cls, type) and issubclass(cls, package.APIStatusError) and cls is not package.APIStatusError}
    assert len(declared) == 8
    for cls in declared.values():
        assert issubclass(cls, package.APIError)
    typed = [cls for cls in declared.values() if cls.__module__ == package.__name__ + "._client"]
    # softvisio answers every error inside a 200 envelope: it describes no error bodies, so nothing is bound
    assert bool(typed) is (name != "softvisio")


@pytest.mark.parametrize(
    "row_id", ["chatbotkit.tokens.delete", "fastly.tokens.revoke", "hathora.tokens.list", "launchdarkly.tokens.get"]
)
def test_a_typed_error_carries_the_parsed_model(row_id: str) -> None:
    row = next(r for r in ROWS if r.id == row_id)
    api = APIS[row.api]
    script = Script([Reply(status=404, json={"message": "no such token", "code": "not_found", "msg": "x", "error": "x"})])
    with api.sync_client(script, max_retries=0) as client:
        with pytest.raises(api.package.NotFoundError) as info:
            method_of(client, row.call)(**row.kwargs)
    error = info.value.error
    assert error is not None and type(error).__module__.startswith(api.package.__name__ + ".models")
    assert info.value.body["message"] == "no such token"


@pytest.mark.parametrize("name", sorted(APIS))
def test_with_options_and_copy_take_every_constructor_option(name: str) -> None:
    api = APIS[name]
    for cls in (getattr(api.package, api.sync_class), getattr(api.package, api.async_class)):
        init = set(inspect.signature(cls.__init__).parameters) - {"self"}
        copy = set(inspect.signature(cls.copy).parameters) - {"self"}
        assert init <= copy, init - copy
        assert {"set_default_headers", "set_default_query"} <= copy
        assert cls.with_options is cls.copy


@pytest.mark.anyio
async def test_a_copy_changes_what_it_is_given_and_keeps_the_rest() -> None:
    api = APIS["launchdarkly"]
    script = Script([Reply(json={"items": [], "totalCount": 0})] * 3)
    async with api.async_client(script, default_headers={"X-Team": "a"}) as client:
        other = client.copy(api_key="second-key", base_url="https://ld.example.test", default_query={"q": "1"}, timeout=7.0)
        await other.tokens.list()
        await client.tokens.list()
        federal = client.with_options(environment="federal", base_url="https://ignored-by-nothing.test")
        assert str(federal.base_url) == "https://ignored-by-nothing.test/"  # base_url wins
    first, second = script.requests
    assert str(first.url) == "https://ld.example.test/api/v2/tokens?q=1"
    assert first.headers["Authorization"] == "second-key" and first.headers["X-Team"] == "a"
    assert first.extensions["timeout"]["read"] == 7.0
    assert second.headers["Authorization"] == api.auth_value and str(second.url).startswith("https://app.launchdarkly.com/")


def test_launchdarkly_environments(monkeypatch: pytest.MonkeyPatch) -> None:
    package = APIS["launchdarkly"].package
    monkeypatch.delenv("LAUNCHDARKLY_BASE_URL", raising=False)
    assert package.ENVIRONMENTS == {"commercial": "https://app.launchdarkly.com", "federal": "https://app.launchdarkly.us"}
    assert str(package.LaunchDarkly(api_key="k").base_url) == "https://app.launchdarkly.com/"
    assert str(package.LaunchDarkly(api_key="k", environment="federal").base_url) == "https://app.launchdarkly.us/"
    hint = inspect.signature(package.LaunchDarkly.__init__).parameters["environment"].annotation
    assert "Literal['commercial', 'federal']" in str(hint)


def test_softvisio_server_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    package = APIS["softvisio"].package
    monkeypatch.delenv("SOFTVISIO_BASE_URL", raising=False)
    assert str(package.Softvisio(api_key="k").base_url) == "https://api.example.com/api/"
    assert str(package.Softvisio(api_key="k", host="app.example.org:8443").base_url) == "https://app.example.org:8443/api/"


def test_a_callable_api_key_and_the_missing_key_message(monkeypatch: pytest.MonkeyPatch) -> None:
    api = APIS["fastly"]
    monkeypatch.delenv("FASTLY_API_TOKEN", raising=False)
    keys = iter(["key-1", "key-2"])
    script = Script([Reply(json={}), Reply(json={})])
    client = api.sync_client(script, api_key=lambda: next(keys))
    client.tokens.get_current()
    client.tokens.get_current()
    assert [r.headers["Fastly-Key"] for r in script.requests] == ["key-1", "key-2"]
    keyless = api.package.Fastly(http_client=httpx.Client(transport=httpx.MockTransport(Script([]))))
    with pytest.raises(api.package.MissingCredentialError, match=r"pass api_key= to Fastly\(\) or set the FASTLY_API_TOKEN environment variable"):
        keyless.tokens.get_current()


# -- raw and streamed responses for every kind of method ----------------------------------------------------

CBK_TOKEN = {"id": "t1", "name": "n", "createdAt": 1, "updatedAt": 2}
USER = "clo9pk7wq0000l408h2x4d8ye"


def test_raw_and_streamed_responses_cover_pages_all_and_streams(tmp_path: Path) -> None:
    api = APIS["chatbotkit"]
    page = Reply(json={"items": [CBK_TOKEN]})
    lines = Reply(content=b'{"type": "item", "data": ' + httpx.Response(200, json=CBK_TOKEN).content + b"}\n", content_type="application/jsonl")
    script = Script([page, page, lines, page, lines])
    with api.sync_client(script) as client:
        raw_page = client.tokens.with_raw_response.list(USER)
        assert [t.id for t in raw_page.parse().items] == ["t1"]
        raw_all = client.tokens.with_raw_response.list_all(USER)
        assert [t.id for t in raw_all.parse()] == ["t1"]
        raw_stream = client.tokens.with_raw_response.list_stream(USER)
        assert [t.id for t in raw_stream.parse()] == ["t1"]
        with client.tokens.with_streaming_response.list(USER) as response:
            target = tmp_path / "page.json"
            response.write_to_file(target)
        assert target.read_bytes() == httpx.Response(200, json={"items": [CBK_TOKEN]}).content
        with client.tokens.with_streaming_response.list_stream(USER) as response:
            assert [t.id for t in response.parse()] == ["t1"]


@pytest.mark.anyio
async def test_async_raw_and_streamed_responses_cover_pages_all_and_streams() -> None:
    api = APIS["chatbotkit"]
    page = Reply(json={"items": [CBK_TOKEN]})
    lines = Reply(content=b'{"type": "item", "data": ' + httpx.Response(200, json=CBK_TOKEN).content + b"}\n", content_type="application/jsonl")
    script = Script([page, page, lines, page])
    async with api.async_client(script) as client:
        raw_page = await client.tokens.with_raw_response.list(USER)
        assert [t.id for t in (await raw_page.parse()).items] == ["t1"]
        raw_all = await client.tokens.with_raw_response.list_all(USER)
        assert [t.id async for t in await raw_all.parse()] == ["t1"]
        raw_stream = await client.tokens.with_raw_response.list_stream(USER)
        assert [t.id async for t in await raw_stream.parse()] == ["t1"]
        async with client.tokens.with_streaming_response.list(USER) as response:
            assert [line async for line in response.iter_lines()] == [httpx.Response(200, json={"items": [CBK_TOKEN]}).text]


@pytest.mark.anyio
async def test_async_lists_are_awaitable_and_iterable() -> None:
    api = APIS["chatbotkit"]
    page = Reply(json={"items": [CBK_TOKEN]})
    async with api.async_client(Script([page, page, page])) as client:
        first = await client.tokens.list(USER)
        assert [t.id for t in first.items] == ["t1"] and not first.has_next_page()
        assert [t.id async for t in client.tokens.list(USER)] == ["t1"]
        assert [t.id async for t in client.tokens.list_all(USER)] == ["t1"]


def test_calls_to_unlisted_paths_keep_the_credential() -> None:
    api = APIS["hathora"]
    script = Script([Reply(json={"anything": True})])
    with api.sync_client(script) as client:
        assert client.get("/tokens/v1/unlisted", cast_to=object) == {"anything": True}
    assert script.requests[0].headers[api.auth_header] == api.auth_value
    assert str(script.requests[0].url) == "https://api.hathora.dev/tokens/v1/unlisted"


def test_default_httpx_clients_are_exported_and_typed_as_httpx() -> None:
    for api in APIS.values():
        package = api.package
        with package.DefaultHttpxClient() as http:
            assert http.follow_redirects is True
        assert issubclass(package.DefaultAsyncHttpxClient, httpx.AsyncClient)
        assert package.BaseModel.__module__.endswith("._runtime._models")


def test_error_classes_are_generic_over_their_model() -> None:
    package = APIS["launchdarkly"].package
    bases = package.NotFoundError.__mro__
    assert package.NotFoundError.__module__ == "launchdarkly_tokens._client"
    assert any(getattr(b, "__name__", "") == "NotFoundError" and b.__module__.endswith("_runtime._exceptions") for b in bases)
