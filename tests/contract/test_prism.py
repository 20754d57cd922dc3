"""Contract tests: every operation of every generated client, sync and async, against Prism in both modes.

Each call's arguments are the spec's own examples (parameter examples, the request body example), turned into the
types the method declares. A call passes when Prism accepted every request it sent (no error status, no
``sl-violations``), each JSON request body also validates against the spec's schema (Prism does not check
``prefixItems``, which every Softvisio RPC body uses), and the answer came back as the declared return type: a
model, a list of models, ``None`` (204), ``bool`` (Hathora revoke) or a page. Of a paginated list, the first page
and at most one more are fetched, since dynamic mode invents cursors and totals.

Softvisio answers every call with HTTP 200 and an envelope whose integer ``status`` carries the real outcome.
Static mode serves each operation's first, successful example, so there the call must succeed. Dynamic mode fills
``status`` with a random integer (in practice never 2xx), so there the client must raise the error class of that
status, and the envelope's ``data`` must still be valid for the method's declared type.

ChatBotKit's ``list_stream`` asks for ``application/jsonl``, which Prism validates but cannot serialize: it answers
500 "Cannot find serializer for application/jsonl". ``test_list_stream_against_prism`` checks exactly that (so the
request itself passed validation); ``test_list_stream_through_jsonl_shim`` then reads the stream, item by item, from
a shim that asks Prism for the same list as JSON and answers it as JSON Lines (``conftest._ShimHandler``).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import sys
import types
import typing
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import pydantic
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .conftest import CLIENTS, JSONL, ClientInfo, Recorder, jsonl_from_page, load_spec, tag

COMMON_ARGS = {"self", "timeout", "max_retries", "extra_headers", "extra_query", "extra_body"}
FLAVORS = ("sync", "async")
OPERATIONS = [(name, op["python"]) for name, info in CLIENTS.items() for op in info.operations()]
EXPECTED_OPERATIONS = 24
API_KEY = "contract-test-key"


def _op_id(param: tuple[str, str]) -> str:
    return f"{param[0]}:{param[1]}"


# --- the spec side ---------------------------------------------------------------------------------------------


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _spec_operation(info: ClientInfo, python: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(spec, path item, operation) for a ``resource.method`` of the provenance index."""
    entry = next(op for op in info.operations() if op["python"] == python)
    spec = load_spec(info.name)
    item = spec["paths"][entry["path"]]
    return spec, item, item[entry["method"].lower()]


def _example(spec: dict[str, Any], holder: dict[str, Any]) -> Any:
    """A parameter's or media type's example: ``example``, the first of ``examples``, else its schema's."""
    if "example" in holder:
        return holder["example"]
    if holder.get("examples"):
        return _resolve(spec, next(iter(holder["examples"].values())))["value"]
    schema = _resolve(spec, holder.get("schema", {}))
    if "example" in schema:
        return schema["example"]
    if schema.get("examples"):
        return schema["examples"][0]
    if "default" in schema:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    raise LookupError("no example")


def _wire_arguments(info: ClientInfo, python: str) -> dict[str, Any]:
    """Wire name -> example value, for every parameter and body part the spec has an example for."""
    spec, item, operation = _spec_operation(info, python)
    out: dict[str, Any] = {}
    for raw in [*item.get("parameters", []), *operation.get("parameters", [])]:
        param = _resolve(spec, raw)
        try:
            out[param["name"]] = _example(spec, param)
        except LookupError:
            assert not param.get("required"), f"{info.name} {python}: required {param['name']} has no example"
    if "requestBody" in operation:
        media = _resolve(spec, operation["requestBody"])["content"]["application/json"]
        body = _example(spec, media)
        rpc = operation.get("x-sdksmith-rpc")
        if rpc is not None:  # positional arguments: the body is the list of them
            out.update(zip(rpc["args"], body))
        elif isinstance(body, dict) and _resolve(spec, media["schema"]).get("type") == "object":
            out.update(body)  # each property is a keyword argument
        else:
            out["body"] = body
    return out


@pytest.fixture(scope="module")
def body_validators() -> dict[str, tuple[dict[str, Any], Registry]]:
    out = {}
    for name in CLIENTS:
        spec = load_spec(name)
        out[name] = (spec, Registry().with_resource("urn:spec", Resource.from_contents(spec, DRAFT202012)))
    return out


def check_request_body(validators: dict[str, Any], info: ClientInfo, python: str, body: bytes) -> None:
    """The JSON body sent is what the operation's requestBody schema allows (JSON Schema 2020-12)."""
    spec, registry = validators[info.name]
    _, _, operation = _spec_operation(info, python)
    if "requestBody" not in operation:
        assert not body, f"{python} sent a body the spec does not declare: {body!r}"
        return
    request_body = _resolve(spec, operation["requestBody"])
    if not body:
        assert not request_body.get("required"), f"{python} sent no body, but the spec requires one"
        return
    schema = request_body["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = {"$ref": "urn:spec" + schema["$ref"]}
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in Draft202012Validator(schema, registry=registry).iter_errors(json.loads(body))
    ]
    assert not errors, f"{python} request body violates its schema: {errors}"


# --- the Python side -------------------------------------------------------------------------------------------


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _without_not_given(annotation: Any, not_given: type) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kept = tuple(a for a in typing.get_args(annotation) if a is not not_given)
        return kept[0] if len(kept) == 1 else typing.Union[kept]
    return annotation


def python_arguments(info: ClientInfo, method: Any, python: str) -> dict[str, Any]:
    """Keyword arguments from the spec's examples, validated into the parameter types the method declares."""
    hints = typing.get_type_hints(method)
    not_given = type(info.module()._runtime._types.NOT_GIVEN)
    params = {n: p for n, p in inspect.signature(method).parameters.items() if n not in COMMON_ARGS}
    by_norm = {_norm(n): n for n in params}  # userId -> user_id, LD-API-Version -> ld_api_version
    kwargs: dict[str, Any] = {}
    for wire, value in _wire_arguments(info, python).items():
        assert _norm(wire) in by_norm, f"{info.name} {python}: no Python parameter for {wire!r} in {list(params)}"
        name = by_norm[_norm(wire)]
        kwargs[name] = pydantic.TypeAdapter(_without_not_given(hints[name], not_given)).validate_python(value)
    missing = [n for n, p in params.items() if p.default is p.empty and n not in kwargs]
    assert not missing, f"{info.name} {python}: no spec example for the required {missing}"
    return kwargs


def _is_page(origin: Any) -> bool:
    return origin is not None and hasattr(origin, "iter_pages")  # SyncPage / AsyncPage


def check_type(value: Any, hint: Any, where: str = "result") -> None:
    """``value`` is an instance of the resolved annotation ``hint``, all the way down."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is None or hint is type(None):
        assert value is None, f"{where}: expected None, got {value!r}"
    elif origin in (typing.Union, types.UnionType):
        failures = []
        for arg in args:
            try:
                return check_type(value, arg, where)
            except AssertionError as exc:
                failures.append(str(exc))
        raise AssertionError(f"{where}: matches no member of {hint}: {failures}")
    elif origin is list:
        assert isinstance(value, list), f"{where}: expected a list, got {type(value).__name__}"
        for i, item in enumerate(value):
            check_type(item, args[0], f"{where}[{i}]")
    elif origin is dict:
        assert isinstance(value, dict), f"{where}: expected a dict, got {type(value).__name__}"
        for key, item in value.items():
            check_type(key, args[0], f"{where} key")
            check_type(item, args[1], f"{where}[{key!r}]")
    elif origin is typing.Literal:
        assert value in args, f"{where}: {value!r} not in {args}"
    elif _is_page(origin):
        assert isinstance(value, origin), f"{where}: expected {origin.__name__}, got {type(value).__name__}"
        check_type(value.items, typing.List[args[0]], f"{where}.items")  # type: ignore[misc,valid-type]
    elif hint is typing.Any:
        pass
    elif hint is bool:
        assert type(value) is bool, f"{where}: expected bool, got {value!r}"
    elif hint is float:
        assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{where}: expected float: {value!r}"
    elif isinstance(hint, type):
        assert isinstance(value, hint), f"{where}: expected {hint.__name__}, got {type(value).__name__}: {value!r}"
    else:
        raise AssertionError(f"{where}: cannot check annotation {hint!r}")


def _data_type(hint: Any) -> Any:
    """What an envelope's ``data`` holds for a method returning ``hint``: a page's items (or null), else ``hint``."""
    if _is_page(typing.get_origin(hint)):
        return typing.Optional[typing.List[typing.get_args(hint)[0]]]  # type: ignore[misc]
    return hint


# --- clients wired to a recorder -------------------------------------------------------------------------------


@contextmanager
def sync_client(info: ClientInfo, base_url: str, recorder: Recorder) -> Iterator[Any]:
    with recorder.sync_client() as http:
        cls = getattr(info.module(), info.client_class)
        with cls(api_key=API_KEY, base_url=base_url, max_retries=0, http_client=http) as client:
            yield client


@asynccontextmanager
async def async_client(info: ClientInfo, base_url: str, recorder: Recorder) -> AsyncIterator[Any]:
    async with recorder.async_client() as http:
        cls = getattr(info.module(), info.async_client_class)
        async with cls(api_key=API_KEY, base_url=base_url, max_retries=0, http_client=http) as client:
            yield client


def _method(client: Any, python: str) -> Any:
    resource, name = python.split(".")
    return getattr(getattr(client, resource), name)


def call_sync(info: ClientInfo, python: str, base_url: str, recorder: Recorder) -> tuple[Any, Any, Exception | None]:
    """(return annotation, result, exception) of one call; for a page, also fetches the next one if any."""
    with sync_client(info, base_url, recorder) as client:
        method = _method(client, python)
        hint = typing.get_type_hints(method)["return"]
        kwargs = python_arguments(info, method, python)
        try:
            result = method(**kwargs)
            if _is_page(typing.get_origin(hint)) and result.has_next_page():
                check_type(result.next_page(), hint, "second page")
        except Exception as exc:  # judged by the test
            return hint, None, exc
    return hint, result, None


async def call_async(info: ClientInfo, python: str, base_url: str, recorder: Recorder) -> tuple[Any, Any, Exception | None]:
    async with async_client(info, base_url, recorder) as client:
        method = _method(client, python)
        hint = typing.get_type_hints(method)["return"]
        origin = typing.get_origin(hint)
        if getattr(origin, "__name__", "") == "AsyncPaginator":  # awaited, an async list gives its first page
            hint = sys.modules[origin.__module__].AsyncPage[typing.get_args(hint)]
        kwargs = python_arguments(info, method, python)
        try:
            result = await method(**kwargs)
            if _is_page(typing.get_origin(hint)) and result.has_next_page():
                check_type(await result.next_page(), hint, "second page")
        except Exception as exc:  # judged by the test
            return hint, None, exc
    return hint, result, None


# --- the tests -------------------------------------------------------------------------------------------------


def test_every_operation_is_covered() -> None:
    assert len(OPERATIONS) == EXPECTED_OPERATIONS, [_op_id(o) for o in OPERATIONS]
    for name, info in CLIENTS.items():
        paths = load_spec(name)["paths"]
        in_spec = sorted((m.upper(), p) for p, item in paths.items() for m in item if m in ("get", "post", "put", "patch", "delete"))
        assert sorted((o["method"], o["path"]) for o in info.operations()) == in_spec, name


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=_op_id)
def test_operation(
    operation: tuple[str, str],
    flavor: str,
    prism: Any,
    prism_mode: str,
    body_validators: dict[str, Any],
    request: pytest.FixtureRequest,
) -> None:
    name, python = operation
    info = CLIENTS[name]
    tag(request, "operation", prism_mode, flavor)
    recorder = Recorder()
    if flavor == "sync":
        hint, result, error = call_sync(info, python, prism(name), recorder)
    else:
        hint, result, error = asyncio.run(call_async(info, python, prism(name), recorder))

    assert recorder.exchanges, f"{python} sent no request"
    problems = recorder.problems()
    assert not problems, f"Prism refused {python}:\n" + "\n".join(problems)
    for exchange in recorder.exchanges:
        check_request_body(body_validators, info, python, exchange.request_body)

    envelope = load_spec(name).get("x-sdksmith-envelope")
    if error is not None and envelope is not None and prism_mode == "dynamic":
        body = getattr(error, "body", None)
        assert isinstance(body, dict) and isinstance(body.get(envelope["status"]), int), repr(error)
        status = body[envelope["status"]]
        assert not 200 <= status < 300, f"{python} raised {error!r} for a successful envelope"
        expected = info.module()._runtime._exceptions.status_error_class(status)
        assert type(error) is expected and getattr(error, "status_code", None) == status, f"{status} raised {error!r}"
        pydantic.TypeAdapter(_data_type(hint)).validate_python(body.get(envelope["data"]))
        tag(request, "envelope-error", prism_mode, flavor)
        return
    if error is not None:
        raise error
    check_type(result, hint)


# --- list_stream (application/jsonl) --------------------------------------------------------------------------


def _read_stream(flavor: str, base_url: str, recorder: Recorder) -> list[Any]:
    info = CLIENTS["chatbotkit"]
    if flavor == "sync":
        with sync_client(info, base_url, recorder) as client:
            kwargs = python_arguments(info, client.tokens.list_stream, "tokens.list")
            with client.tokens.list_stream(**kwargs) as stream:
                return list(stream)

    async def read() -> list[Any]:
        async with async_client(info, base_url, recorder) as client:
            kwargs = python_arguments(info, client.tokens.list_stream, "tokens.list")
            async with await client.tokens.list_stream(**kwargs) as stream:
                return [item async for item in stream]

    return asyncio.run(read())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_list_stream_against_prism(flavor: str, prism: Any, prism_mode: str, request: pytest.FixtureRequest) -> None:
    """Prism checks the jsonl request (a bad parameter gets 422) but cannot answer in application/jsonl."""
    info = CLIENTS["chatbotkit"]
    tag(request, "stream-prism", prism_mode, flavor)
    recorder = Recorder()
    try:
        items = _read_stream(flavor, prism("chatbotkit"), recorder)
    except info.module().InternalServerError as exc:
        assert exc.headers["content-type"].startswith("application/problem+json")
        assert exc.body["title"] == f"Cannot find serializer for {JSONL}"  # the parsed JSON body
        (exchange,) = recorder.exchanges
        assert exchange.request_headers["accept"] == JSONL
        assert not exchange.violations(), exchange.describe()  # Prism validates before it serializes
        return
    # A Prism that has learned to serialize JSON Lines: the items must then parse.
    assert not recorder.problems(), recorder.problems()
    for item in items:
        check_type(item, info.module().models.TokenInstance)


@pytest.mark.parametrize("flavor", FLAVORS)
def test_list_stream_through_jsonl_shim(
    flavor: str, prism: Any, prism_mode: str, jsonl_shim: Any, request: pytest.FixtureRequest
) -> None:
    """The stream read item by item into models, from Prism's JSON answer re-served as JSON Lines."""
    info = CLIENTS["chatbotkit"]
    tag(request, "stream-shim", prism_mode, flavor)
    shim = jsonl_shim(prism_mode)
    recorder = Recorder()
    before = len(shim.forwarded)
    items = _read_stream(flavor, shim.url, recorder)

    assert not recorder.problems(), recorder.problems()
    (exchange,) = recorder.exchanges
    assert exchange.request_headers["accept"] == JSONL
    assert exchange.response_headers is not None and exchange.response_headers["content-type"] == JSONL
    ((_, _, as_jsonl, status),) = shim.forwarded[before:]
    assert as_jsonl and status == 200
    for item in items:
        check_type(item, info.module().models.TokenInstance)
    if prism_mode == "static":  # the spec's list example holds two tokens
        assert [i.id for i in items] == ["clo9pmf3a0003l408jkz3w1rb", "clo9plx2k0001l408n5f6v2qd"]


def test_jsonl_shim_lines_match_the_spec_example() -> None:
    """The shim's lines have exactly the shape of the spec's own application/jsonl example."""
    content = load_spec("chatbotkit")["paths"]["/partner/user/{userId}/token/list"]["get"]["responses"]["200"]["content"]
    line_example = content[JSONL]["example"]
    page = json.dumps({"items": [line_example["data"]]}).encode()
    (line,) = jsonl_from_page(page, "items", "type", "item", "data").decode().splitlines()
    assert json.loads(line) == line_example
