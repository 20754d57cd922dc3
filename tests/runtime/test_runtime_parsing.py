"""Reading answers: lenient by default (drift keeps the data), strict on request (a precise, typed error), request IDs
on results and errors, and the runtime's model base class (``to_dict``/``to_json``)."""

from __future__ import annotations

import datetime
import json
import sys
from typing import Any

import httpx
import pydantic
import pytest

from generator.runtime._exceptions import APIResponseValidationError
from generator.runtime._lenient import lenient
from generator.runtime._models import BaseModel
from runtime_kit import Item, Kit, Script, endpoint, json_response, prepared

pytestmark = pytest.mark.anyio


class Owner(BaseModel):
    name: str
    since: datetime.date


class Token(BaseModel):
    id: int
    created_at: datetime.datetime = pydantic.Field(alias="createdAt")
    owner: Owner
    tags: list[str] = []
    note: str | None = None


GOOD = {"id": 1, "createdAt": "2024-05-01T10:00:00Z", "owner": {"name": "ada", "since": "2020-01-02"}}


# -- lenient (the default) ---------------------------------------------------------------------------------


async def test_drift_keeps_the_data_with_declared_types_where_they_fit(kit: Kit) -> None:
    drifted = {
        "id": "not-a-number",  # wrong type: kept as sent
        "createdAt": "2024-05-01T10:00:00Z",  # fits: parsed
        "owner": {"name": "ada", "since": "yesterday", "extra": True},  # nested drift, unknown field
        "tags": ["a", 2],
        "newField": {"x": 1},  # unknown field: kept
    }
    client = kit.client(Script(json_response(200, drifted)))
    token = await kit.request(client, prepared(endpoint("GET")), Token)
    assert isinstance(token, Token)
    assert token.id == "not-a-number"
    assert token.created_at == datetime.datetime(2024, 5, 1, 10, 0, tzinfo=datetime.timezone.utc)
    assert isinstance(token.owner, Owner) and token.owner.name == "ada" and token.owner.since == "yesterday"
    assert token.owner.model_extra == {"extra": True}
    assert token.tags == ["a", 2]
    assert token.model_extra == {"newField": {"x": 1}}
    assert token.model_fields_set == {"id", "created_at", "owner", "tags"}


async def test_a_missing_required_field_is_left_out_not_an_error(kit: Kit) -> None:
    client = kit.client(Script(json_response(200, {"id": 3, "createdAt": "2024-05-01T10:00:00Z"})))
    token = await kit.request(client, prepared(endpoint("GET")), Token)
    assert token.id == 3 and "owner" not in token.model_fields_set
    with pytest.raises(AttributeError):
        _ = token.owner


async def test_lists_of_models_drift_item_by_item(kit: Kit) -> None:
    client = kit.client(Script(json_response(200, [{"id": 1, "name": "a"}, {"id": "x", "name": "b"}, 7])))
    items = await kit.request(client, prepared(endpoint("GET")), list[Item])
    assert items[0] == Item(id=1, name="a")
    assert isinstance(items[1], Item) and items[1].id == "x"
    assert items[2] == 7


def test_lenient_keeps_what_fits_no_type() -> None:
    assert lenient(int, "7") == 7  # pydantic's own lax coercion where it fits
    assert lenient(int, "seven") == "seven"
    assert lenient(dict[str, Item], {"a": {"id": 1, "name": "n"}, "b": {"id": "q"}})["a"] == Item(id=1, name="n")
    assert lenient(Item | None, {"id": "x", "name": "y"}).name == "y"  # type: ignore[union-attr]


async def test_answers_that_are_not_json_still_raise(kit: Kit) -> None:
    body = b"<html>502 Bad Gateway</html>"
    client = kit.client(Script(httpx.Response(200, content=body, headers={"Content-Type": "text/html"})))
    with pytest.raises(APIResponseValidationError) as info:
        await kit.request(client, prepared(endpoint("GET")), Token)
    assert "not valid JSON" in info.value.message
    assert isinstance(info.value.__cause__, ValueError)
    assert info.value.content == body and info.value.errors == []


# -- strict ------------------------------------------------------------------------------------------------


async def test_strict_client_names_path_expected_and_got(kit: Kit) -> None:
    bad = {**GOOD, "owner": {"name": "ada", "since": "yesterday"}, "tags": ["a", 2]}
    client = kit.client(Script(json_response(200, bad, headers={"x-request-id": "req-9"})), strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as info:
        await kit.request(client, prepared(endpoint("GET")), Token)
    exc = info.value
    assert exc.message == (
        "testOp: the answer does not match the API description at owner.since: expected a valid date or datetime, input "
        "is too short, got 'yesterday' (and 1 more problem; see .errors)"
    )
    assert [e["loc"] for e in exc.errors] == [("owner", "since"), ("tags", 1)]
    assert isinstance(exc.__cause__, pydantic.ValidationError)
    assert exc.request_id == "req-9" and exc.status_code == 200 and exc.body == bad


async def test_strict_per_call_overrides_the_client_both_ways(kit: Kit) -> None:
    bad = {**GOOD, "id": "x"}
    lenient_client = kit.client(Script(json_response(200, bad)))
    with pytest.raises(APIResponseValidationError):
        await kit.request(lenient_client, prepared(endpoint("GET"), strict_response_validation=True), Token)
    strict_client = kit.client(Script(json_response(200, bad)), strict_response_validation=True)
    token = await kit.request(strict_client, prepared(endpoint("GET"), strict_response_validation=False), Token)
    assert token.id == "x"


async def test_strict_reports_a_missing_field(kit: Kit) -> None:
    client = kit.client(Script(json_response(200, {"id": 1})), strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as info:
        await kit.request(client, prepared(endpoint("GET")), Item)
    assert info.value.message.endswith("does not match the API description at name: a required field is missing")


async def test_json_nested_beyond_what_python_can_read_is_a_typed_error(kit: Kit) -> None:
    depth = sys.getrecursionlimit() * 2
    body = b'{"id": 1, "name": "x", "deep": ' + b"[" * depth + b"]" * depth + b"}"
    client = kit.client(Script(httpx.Response(200, content=body, headers={"Content-Type": "application/json"})))
    with pytest.raises(APIResponseValidationError) as info:
        await kit.request(client, prepared(endpoint("GET")), Item)
    assert "nested too deeply" in info.value.message
    assert isinstance(info.value.__cause__, RecursionError)


# -- request IDs -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["X-Request-Id", "request-id"])
async def test_results_carry_the_request_id(kit: Kit, header: str) -> None:
    client = kit.client(Script(json_response(200, GOOD, headers={header: "req-42"})))
    token = await kit.request(client, prepared(endpoint("GET")), Token)
    assert token._request_id == "req-42"
    assert token.to_dict(mode="json") == {**GOOD, "createdAt": "2024-05-01T10:00:00Z"}  # not part of the data


async def test_request_id_header_is_configurable_and_absent_means_none(kit: Kit) -> None:
    client = kit.client(Script(json_response(200, GOOD, headers={"Trace-Id": "t-1", "x-request-id": "ignored"})), request_id_headers=("trace-id",))
    assert (await kit.request(client, prepared(endpoint("GET")), Token))._request_id == "t-1"
    plain = kit.client(Script(json_response(200, GOOD)))
    assert (await kit.request(plain, prepared(endpoint("GET")), Token))._request_id is None


# -- the model base class ----------------------------------------------------------------------------------


def test_to_dict_uses_wire_names_and_leaves_unset_fields_out() -> None:
    token = Token.model_validate({**GOOD, "extraField": 1})
    assert token.to_dict() == {
        "id": 1,
        "createdAt": datetime.datetime(2024, 5, 1, 10, 0, tzinfo=datetime.timezone.utc),
        "owner": {"name": "ada", "since": datetime.date(2020, 1, 2)},
        "extraField": 1,
    }
    assert "tags" not in token.to_dict() and "note" not in token.to_dict()
    assert token.to_dict(use_api_names=False, mode="json")["created_at"] == "2024-05-01T10:00:00Z"
    assert "tags" in token.to_dict(exclude_unset=False)


def test_to_json_is_the_wire_json() -> None:
    token = Token(id=2, created_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc), owner=Owner(name="b", since=datetime.date(2021, 3, 4)), note=None)
    assert json.loads(token.to_json()) == {
        "id": 2,
        "createdAt": "2024-01-01T00:00:00Z",
        "owner": {"name": "b", "since": "2021-03-04"},
        "note": None,
    }
    assert json.loads(token.to_json(exclude_none=True)).get("note", "absent") == "absent"
    assert token.to_json(indent=None).startswith('{"id":2,')


def test_models_accept_python_and_wire_names_and_keep_unknown_fields() -> None:
    by_python = Token(id=1, created_at="2024-05-01T10:00:00Z", owner={"name": "a", "since": "2020-01-02"})  # type: ignore[arg-type]
    by_wire = Token.model_validate({**GOOD, "other": "kept"})
    assert by_python.created_at == by_wire.created_at
    assert by_wire.model_extra == {"other": "kept"}
    assert Token.model_config.get("defer_build") is True


def test_lenient_parsing_of_many_shapes_never_raises() -> None:
    shapes: list[Any] = [None, 1, "x", [], {}, [1, {"a": 2}], {"id": [], "owner": "nobody", "tags": {"a": 1}}]
    for shape in shapes:
        lenient(Token, shape)
        lenient(list[Token], shape)
        lenient(Token | None, shape)


def test_building_a_model_with_a_name_it_does_not_have_fails_before_any_request() -> None:
    """A typo in a request model (``not_action`` for ``not_actions``) is refused, naming the field; answers parsed
    with ``model_validate`` still keep unknown fields."""
    with pytest.raises(TypeError, match=r"Token has no field 'created'; did you mean 'created_at'\?"):
        Token(id=1, created="2024-05-01T10:00:00Z", owner=Owner(name="a", since=datetime.date(2020, 1, 2)))  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"Token has no field 'zzz'$"):
        Token(id=1, created_at="2024-05-01T10:00:00Z", owner={"name": "a", "since": "2020-01-02"}, zzz=1)  # type: ignore[arg-type, call-arg]
    assert Token.model_validate({**GOOD, "zzz": 1}).model_extra == {"zzz": 1}
    assert Token.model_validate_json(json.dumps({**GOOD, "zzz": 1})).model_extra == {"zzz": 1}
