"""Checks of the hand-written OpenAPI documents in ``specs/``.

Three layers:

1. each document is valid OpenAPI 3.1 (openapi-spec-validator);
2. each seed operation sits at the method, URL, success status and security
   scheme the wire facts give, and no document has operations beyond the seed;
3. every example validates against its schema (so the Prism mock serves
   well-formed bodies) and every operation carries the metadata sdksmith reads.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import pytest
import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPECS_DIR = Path(__file__).parent.parent / "specs"
SPEC_NAMES = ("chatbotkit", "fastly", "hathora", "launchdarkly", "softvisio")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SPEC_URI = "urn:sdksmith:spec"


# --- loading and walking ---------------------------------------------------------


@functools.cache
def load_spec(name: str) -> dict[str, Any]:
    path = SPECS_DIR / f"{name}.yaml"
    if not path.is_file():
        pytest.fail(f"{path} does not exist")
    with path.open(encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    assert isinstance(spec, dict), f"{path} is not a YAML mapping"
    return spec


class Operation(NamedTuple):
    method: str
    path: str
    pointer: str  # JSON Pointer of the operation object
    op: dict[str, Any]
    path_item: dict[str, Any]


def escape(token: str) -> str:
    """One JSON Pointer reference token (RFC 6901), safe inside a URI fragment."""
    return quote(token.replace("~", "~0").replace("/", "~1"), safe="~{}$-_.!*'()@:+,;=")


def operations(spec: dict[str, Any]) -> dict[str, Operation]:
    found: dict[str, Operation] = {}
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            op_id = op.get("operationId")
            assert op_id, f"{method.upper()} {path} has no operationId"
            assert op_id not in found, f"operationId {op_id} is used twice"
            found[op_id] = Operation(method, path, f"/paths/{escape(path)}/{method}", op, item)
    return found


def resolve(spec: dict[str, Any], obj: Any, pointer: str) -> tuple[Any, str]:
    """Follow local ``$ref``s; return the target and its JSON Pointer."""
    seen = set()
    while isinstance(obj, dict) and "$ref" in obj:
        ref = obj["$ref"]
        assert ref.startswith("#/"), f"non-local $ref {ref} at {pointer}"
        assert ref not in seen, f"$ref cycle through {ref}"
        seen.add(ref)
        target: Any = spec
        for token in ref[2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        obj, pointer = target, ref[1:]
    return obj, pointer


def success_status(op: dict[str, Any]) -> str:
    codes = [str(code) for code in op["responses"] if str(code).startswith("2")]
    assert len(codes) == 1, f"{op['operationId']}: expected exactly one 2xx response, got {codes}"
    return codes[0]


def server_url(spec: dict[str, Any], item: Operation) -> str:
    servers = item.op.get("servers") or item.path_item.get("servers") or spec["servers"]
    server = servers[0]
    url = server["url"]
    for var, definition in server.get("variables", {}).items():
        url = url.replace("{" + var + "}", definition["default"])
    return url


# --- 1. OpenAPI validity --------------------------------------------------------


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_spec_is_valid_openapi_31(name: str) -> None:
    spec = load_spec(name)
    assert spec["openapi"] == "3.1.0"
    validate_openapi(spec)


# --- 2. the seed operations -----------------------------------------------------


class Row(NamedTuple):
    spec: str
    operation_id: str
    method: str
    url: str
    status: str
    scheme: str


CBK = "https://api.chatbotkit.com/v1"
FASTLY = "https://api.fastly.com"
HATHORA = "https://api.hathora.dev"
LD = "https://app.launchdarkly.com"
SV = "https://api.example.com/api/v1/api-tokens"

ROWS = (
    Row("chatbotkit", "listPartnerUserTokens", "GET", f"{CBK}/partner/user/{{userId}}/token/list", "200", "BearerAuth"),
    Row(
        "chatbotkit",
        "createPartnerUserToken",
        "POST",
        f"{CBK}/partner/user/{{userId}}/token/create",
        "200",
        "BearerAuth",
    ),
    Row(
        "chatbotkit",
        "deletePartnerUserToken",
        "POST",
        f"{CBK}/partner/user/{{userId}}/token/{{tokenId}}/delete",
        "200",
        "BearerAuth",
    ),
    Row("fastly", "get-token-current", "GET", f"{FASTLY}/tokens/self", "200", "token"),
    Row("fastly", "list-tokens-customer", "GET", f"{FASTLY}/customer/{{customer_id}}/tokens", "200", "token"),
    Row("fastly", "list-tokens-user", "GET", f"{FASTLY}/tokens", "200", "token"),
    Row("fastly", "revoke-token", "DELETE", f"{FASTLY}/tokens/{{token_id}}", "204", "token"),
    Row("fastly", "revoke-token-current", "DELETE", f"{FASTLY}/tokens/self", "204", "token"),
    Row("hathora", "GetOrgTokens", "GET", f"{HATHORA}/tokens/v1/orgs/{{orgId}}", "200", "hathoraDevToken"),
    Row("hathora", "CreateOrgToken", "POST", f"{HATHORA}/tokens/v1/orgs/{{orgId}}/create", "201", "hathoraDevToken"),
    Row(
        "hathora",
        "RevokeOrgToken",
        "POST",
        f"{HATHORA}/tokens/v1/orgs/{{orgId}}/tokens/{{orgTokenId}}/revoke",
        "200",
        "hathoraDevToken",
    ),
    Row("launchdarkly", "getTokens", "GET", f"{LD}/api/v2/tokens", "200", "ApiKey"),
    Row("launchdarkly", "postToken", "POST", f"{LD}/api/v2/tokens", "201", "ApiKey"),
    Row("launchdarkly", "getToken", "GET", f"{LD}/api/v2/tokens/{{id}}", "200", "ApiKey"),
    Row("launchdarkly", "patchToken", "PATCH", f"{LD}/api/v2/tokens/{{id}}", "200", "ApiKey"),
    Row("launchdarkly", "deleteToken", "DELETE", f"{LD}/api/v2/tokens/{{id}}", "204", "ApiKey"),
    Row("launchdarkly", "resetToken", "POST", f"{LD}/api/v2/tokens/{{id}}/reset", "200", "ApiKey"),
    Row("softvisio", "createApiToken", "POST", f"{SV}/create", "200", "BearerAuth"),
    Row("softvisio", "deleteApiToken", "POST", f"{SV}/delete", "200", "BearerAuth"),
    Row("softvisio", "getApiTokenPermissions", "POST", f"{SV}/get-permissions", "200", "BearerAuth"),
    Row("softvisio", "readApiTokens", "POST", f"{SV}/read", "200", "BearerAuth"),
    Row("softvisio", "setApiTokenEnabled", "POST", f"{SV}/set-enabled", "200", "BearerAuth"),
    Row("softvisio", "setApiTokenPermissions", "POST", f"{SV}/set-permissions", "200", "BearerAuth"),
    Row("softvisio", "updateApiTokenPermissions", "POST", f"{SV}/update-permissions", "200", "BearerAuth"),
)


def test_table_covers_24_seed_operations() -> None:
    assert len(ROWS) == 24
    assert {row.spec for row in ROWS} == set(SPEC_NAMES)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.spec}-{row.operation_id}")
def test_seed_operation(row: Row) -> None:
    spec = load_spec(row.spec)
    ops = operations(spec)
    assert row.operation_id in ops, f"{row.spec}: no operation {row.operation_id}"
    item = ops[row.operation_id]

    assert item.method.upper() == row.method
    assert server_url(spec, item) + item.path == row.url
    assert success_status(item.op) == row.status

    security = item.op.get("security", spec.get("security"))
    assert security is not None, f"{row.operation_id} has no security requirement"
    assert [list(requirement) for requirement in security] == [[row.scheme]]
    assert row.scheme in spec["components"]["securitySchemes"]


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_spec_has_exactly_the_seed_operations(name: str) -> None:
    expected = {row.operation_id for row in ROWS if row.spec == name}
    assert set(operations(load_spec(name))) == expected


# --- 3. examples and operation metadata -----------------------------------------


class Example(NamedTuple):
    where: str  # readable location, for failure messages
    schema_pointer: str
    value: Any


def media_examples(spec: dict[str, Any], media: dict[str, Any], pointer: str, where: str) -> Iterator[Example]:
    """Examples of one media type (or parameter) object with a ``schema``."""
    if "example" in media:
        yield Example(where, f"{pointer}/schema", media["example"])
    for key, entry in media.get("examples", {}).items():
        example, _ = resolve(spec, entry, f"{pointer}/examples/{escape(key)}")
        if "value" in example:
            yield Example(f"{where} example {key!r}", f"{pointer}/schema", example["value"])


def content_examples(spec: dict[str, Any], holder: dict[str, Any], pointer: str, where: str) -> Iterator[Example]:
    """Examples of each media type of a request body or response; each must have one."""
    for media_type, media in holder.get("content", {}).items():
        media_pointer = f"{pointer}/content/{escape(media_type)}"
        found = list(media_examples(spec, media, media_pointer, f"{where} {media_type}"))
        if "schema" in media:
            assert found, f"{where} {media_type} has no example"
        yield from found


def operation_examples(spec: dict[str, Any], item: Operation) -> Iterator[Example]:
    op_id = item.op["operationId"]
    path_pointer = item.pointer.rsplit("/", 1)[0]
    for owner, owner_pointer in ((item.path_item, path_pointer), (item.op, item.pointer)):
        for index, raw in enumerate(owner.get("parameters", ())):
            param, pointer = resolve(spec, raw, f"{owner_pointer}/parameters/{index}")
            if "schema" in param:
                yield from media_examples(spec, param, pointer, f"{op_id} parameter {param['name']}")
    if "requestBody" in item.op:
        body, pointer = resolve(spec, item.op["requestBody"], f"{item.pointer}/requestBody")
        yield from content_examples(spec, body, pointer, f"{op_id} request body")
    for status, raw in item.op["responses"].items():
        response, pointer = resolve(spec, raw, f"{item.pointer}/responses/{escape(str(status))}")
        yield from content_examples(spec, response, pointer, f"{op_id} response {status}")


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_examples_validate_against_their_schemas(name: str) -> None:
    spec = load_spec(name)
    registry = Registry().with_resource(SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012))
    examples = [ex for item in operations(spec).values() for ex in operation_examples(spec, item)]
    assert examples, f"{name}: no examples at all"
    failures = []
    for ex in examples:
        validator = Draft202012Validator(
            {"$ref": f"{SPEC_URI}#{ex.schema_pointer}"},
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        failures += [f"{ex.where}: {error.message}" for error in validator.iter_errors(ex.value)]
    assert not failures, "\n".join(failures)


SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_operations_carry_sdksmith_metadata(name: str) -> None:
    spec = load_spec(name)
    tags = {tag["name"]: tag for tag in spec.get("tags", ())}
    for op_id, item in operations(spec).items():
        op = item.op
        assert len(op.get("tags", ())) == 1, f"{op_id}: needs exactly one tag"
        tag = op["tags"][0]
        assert tag in tags and tags[tag].get("description"), f"{op_id}: tag {tag!r} is not described"
        assert op.get("summary"), f"{op_id}: no summary"
        assert op.get("description"), f"{op_id}: no description"
        for key in ("x-sdksmith-resource", "x-sdksmith-name"):
            assert SNAKE_CASE.fullmatch(str(op.get(key, ""))), f"{op_id}: {key} missing or not snake_case"


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_rpc_args_name_each_positional_argument(name: str) -> None:
    spec = load_spec(name)
    for op_id, item in operations(spec).items():
        rpc = item.op.get("x-sdksmith-rpc")
        if rpc is None:
            continue
        body, _ = resolve(spec, item.op["requestBody"], "")
        schema, _ = resolve(spec, body["content"]["application/json"]["schema"], "")
        assert schema["type"] == "array", op_id
        assert len(rpc["args"]) == len(schema["prefixItems"]) == schema["maxItems"], op_id
        assert schema["minItems"] <= schema["maxItems"], op_id


# --- extension values of the LaunchDarkly and softvisio documents ---------------

EXTENSIONS = {
    "launchdarkly": {
        "getTokens": ("tokens", "list"),
        "postToken": ("tokens", "create"),
        "getToken": ("tokens", "get"),
        "patchToken": ("tokens", "update"),
        "deleteToken": ("tokens", "delete"),
        "resetToken": ("tokens", "reset"),
    },
    "softvisio": {
        "createApiToken": ("api_tokens", "create", ["name"]),
        "deleteApiToken": ("api_tokens", "delete", ["tokenId"]),
        "getApiTokenPermissions": ("api_tokens", "get_permissions", ["tokenId"]),
        "readApiTokens": ("api_tokens", "read", ["options"]),
        "setApiTokenEnabled": ("api_tokens", "set_enabled", ["tokenId", "enabled"]),
        "setApiTokenPermissions": ("api_tokens", "set_permissions", ["tokenId", "permissions"]),
        "updateApiTokenPermissions": ("api_tokens", "update_permissions", ["tokenId", "permissions"]),
    },
}


@pytest.mark.parametrize("name", sorted(EXTENSIONS))
def test_operation_extensions(name: str) -> None:
    ops = operations(load_spec(name))
    for op_id, expected in EXTENSIONS[name].items():
        op = ops[op_id].op
        assert (op["x-sdksmith-resource"], op["x-sdksmith-name"]) == expected[:2], op_id
        if len(expected) == 3:
            assert op["x-sdksmith-rpc"] == {"args": expected[2]}, op_id
        else:
            assert "x-sdksmith-rpc" not in op, op_id


def test_launchdarkly_extensions() -> None:
    spec = load_spec("launchdarkly")
    assert spec["x-sdksmith-rate-limit-reset"] == {"header": "X-Ratelimit-Reset", "unit": "epoch-milliseconds"}
    assert [server["url"] for server in spec["servers"]] == [
        "https://app.launchdarkly.com",
        "https://app.launchdarkly.us",
    ]
    scheme = spec["components"]["securitySchemes"]["ApiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert scheme["x-sdksmith-env"] == "LAUNCHDARKLY_ACCESS_TOKEN"
    ops = operations(spec)
    assert ops["getTokens"].op["x-sdksmith-pagination"] == {
        "style": "offset",
        "items": "items",
        "offset_param": "offset",
        "limit_param": "limit",
        "total": "totalCount",
    }
    params = {p["name"]: p for p in ops["getTokens"].op["parameters"]}
    assert params["limit"]["schema"] == {"type": "integer", "format": "int64", "default": 25}
    expiry = ops["resetToken"].op["parameters"][0]
    assert (expiry["name"], expiry["in"], expiry["schema"]["format"]) == ("expiry", "query", "int64")
    errors = {
        op_id: sorted(code for code in item.op["responses"] if not code.startswith("2")) for op_id, item in ops.items()
    }
    assert errors == {
        "getTokens": ["401", "403", "429"],
        "postToken": ["400", "401", "403", "429"],
        "getToken": ["401", "403", "404", "429"],
        "patchToken": ["400", "401", "403", "404", "409", "422", "429"],
        "deleteToken": ["401", "403", "404", "429"],
        "resetToken": ["401", "403", "404", "429"],
    }


def test_softvisio_extensions() -> None:
    spec = load_spec("softvisio")
    assert spec["x-sdksmith-envelope"] == {"status": "status", "message": "status_text", "data": "data"}
    scheme = spec["components"]["securitySchemes"]["BearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert scheme["x-sdksmith-env"] == "SOFTVISIO_API_TOKEN"
    ops = operations(spec)
    assert ops["readApiTokens"].op["x-sdksmith-pagination"] == {
        "style": "offset",
        "items": "data",
        "offset_param": "/0/offset",
        "limit_param": "/0/limit",
        "total": "total",
    }
    for op_id, item in ops.items():
        assert list(item.op["responses"]) == ["200"], f"{op_id}: the envelope API answers only HTTP 200"
