"""Request parameters take plain dicts that type-check (TypedDicts), and models built by their Python names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from build_kit import build_api, model_module, package, spec

STATEMENT = {
    "type": "object",
    "required": ["effect"],
    "properties": {
        "effect": {"type": "string", "enum": ["allow", "deny"]},
        "notActions": {"type": "array", "items": {"type": "string"}},
        "condition": {"$ref": "#/components/schemas/Condition"},
    },
}
CONDITION = {"type": "object", "properties": {
    "odd-key": {"type": "string"},
    "at": {"type": "string", "format": "date", "nullable": True},
    "zone": {"$ref": "#/components/schemas/Zone"},  # a dict defined after this one
}}
ZONE = {"type": "object", "properties": {"name": {"type": "string"}}}


def _document() -> dict[str, object]:
    body = {"type": "object", "properties": {"inlineRole": {"type": "array", "items": {"$ref": "#/components/schemas/Statement"}}}}
    paths = {"/tokens": {"post": {
        "operationId": "createToken",
        "requestBody": {"content": {"application/json": {"schema": body}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Statement"}}}}},
    }}}
    return spec({"Statement": STATEMENT, "Condition": CONDITION, "Zone": ZONE}, paths, version="3.0.3")


def test_models_a_request_sends_get_dicts_and_parameters_take_either(tmp_path: Path) -> None:
    api = build_api(_document(), tmp_path)
    dicts = {d.name: d for d in api.params}
    assert sorted(dicts) == ["ConditionParam", "StatementParam", "ZoneParam"]
    statement = dicts["StatementParam"]
    assert [(k.key, k.annotation, k.required) for k in statement.keys] == [
        ("condition", "ConditionParam", False),
        ("effect", 'Literal["allow", "deny"] | str', True),
        ("notActions", "list[str]", False),
    ]
    assert not statement.functional and dicts["ConditionParam"].functional  # "odd-key" is no identifier
    assert [k.annotation for k in dicts["ConditionParam"].keys] == ["_datetime.date | None", "str", "ZoneParam"]
    [method] = api.resources[0].methods
    [param] = [p for p in method.params if p.wire == "inlineRole"]
    assert param.annotation == "list[models.Statement | params.StatementParam]"


def test_dict_literals_and_python_names_type_check_and_typos_do_not(tmp_path: Path) -> None:
    package(_document(), tmp_path)
    src = tmp_path / "out" / "src"
    user = tmp_path / "user.py"
    user.write_text(
        "from kit_client import Kit, models\n"
        "client = Kit(base_url='http://x')\n"
        "client.tokens.create_token(inline_role=[{'effect': 'allow', 'notActions': ['x'], 'condition': {'odd-key': 'v'}}])\n"
        "client.tokens.create_token(inline_role=[models.Statement(effect='deny', not_actions=['y'])])\n"
    )
    checked = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(user)], capture_output=True, text=True, env={"MYPYPATH": str(src), "PATH": ""})
    assert checked.returncode == 0, checked.stdout
    user.write_text(
        "from kit_client import Kit\n"
        "Kit(base_url='http://x').tokens.create_token(inline_role=[{'efect': 'allow'}])\n"
    )
    checked = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(user)], capture_output=True, text=True, env={"MYPYPATH": str(src), "PATH": ""})
    assert checked.returncode == 1 and 'expected "Statement | StatementParam"' in checked.stdout


def test_the_params_module_imports_and_its_types_resolve(tmp_path: Path) -> None:
    import importlib
    import typing

    pkg = package(_document(), tmp_path)
    params = importlib.import_module(pkg.__name__ + ".params")
    hints = typing.get_type_hints(params.ConditionParam)
    assert hints["zone"] is params.ZoneParam and set(hints) == {"odd-key", "at", "zone"}


def test_a_model_built_by_python_names_serializes_to_wire_names(tmp_path: Path) -> None:
    models = model_module(package(_document(), tmp_path))
    statement = models.Statement(effect="allow", not_actions=["x"])
    assert json.loads(statement.model_dump_json(by_alias=True, exclude_unset=True)) == {"effect": "allow", "notActions": ["x"]}
    assert models.Statement.model_validate({"effect": "deny", "notActions": ["y"]}).not_actions == ["y"]


def _query_object_document() -> dict[str, object]:
    """An object query parameter written inline and one by reference, both deepObject (Stripe's ``created``, OpenAI's
    ``metadata`` filters)."""
    created = {"type": "object", "properties": {"gt": {"type": "integer"}, "lt": {"type": "integer"}}}
    parameters = [
        {"name": "created", "in": "query", "style": "deepObject", "schema": created},
        {"name": "filter", "in": "query", "style": "deepObject", "schema": {"$ref": "#/components/schemas/Filter"}},
    ]
    answer = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
    paths = {"/charges": {"get": {"operationId": "listCharges", "parameters": parameters, "responses": answer}}}
    status = {"type": "string", "enum": ["open", "paid"]}
    return spec({"Filter": {"type": "object", "properties": {"status": status}}}, paths, version="3.0.3")


def test_object_parameters_are_typed_by_their_models_and_take_dicts(tmp_path: Path) -> None:
    api = build_api(_query_object_document(), tmp_path)
    [method] = api.resources[0].methods
    annotations = {p.wire: p.annotation for p in method.params}
    assert annotations == {
        "created": "models.ListChargesCreated | params.ListChargesCreatedParam",
        "filter": "models.Filter | params.FilterParam",
    }
    assert sorted(d.name for d in api.params) == ["FilterParam", "ListChargesCreatedParam"]


def test_object_parameters_type_check_and_send_the_same_query_as_a_dict_or_a_model(tmp_path: Path) -> None:
    import httpx

    pkg = package(_query_object_document(), tmp_path)
    user = tmp_path / "user.py"
    user.write_text(
        "from kit_client import Kit, models\n"
        "client = Kit(base_url='http://x')\n"
        "client.charges.list_charges(created={'gt': 1}, filter={'status': 'paid'})\n"
        "client.charges.list_charges(created=models.ListChargesCreated(gt=1), filter=models.Filter(status='paid'))\n"
        "client.charges.list_charges(created={'gte': 1})\n"
    )
    src = tmp_path / "out" / "src"
    checked = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(user)], capture_output=True, text=True, env={"MYPYPATH": str(src), "PATH": ""})
    assert checked.returncode == 1, checked.stdout  # only the misspelt key ("gte") is refused
    assert checked.stdout.count("error:") == 1 and "user.py:5: error" in checked.stdout, checked.stdout
    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url.query, "ascii"))
        return httpx.Response(200, json={})

    client = pkg.Kit(base_url="http://x", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
    client.charges.list_charges(created={"gt": 1}, filter={"status": "paid"})
    models = model_module(pkg)
    client.charges.list_charges(created=models.ListChargesCreated(gt=1), filter=models.Filter(status="paid"))
    assert sent == ["created%5Bgt%5D=1&filter%5Bstatus%5D=paid"] * 2
