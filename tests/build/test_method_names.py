"""Method names: an operationId that starts with its resource's name loses it, so ``client.emails.send`` instead of
``client.emails.emails_send`` (Resend's ``emails/send``, GitHub's ``apps/get-authenticated``, LoopBack's
``AttachmentController.find``): 98 of Resend's 104 operations, every one of GitHub's and LoopBack's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_kit import build_api, spec


def _op(op_id: str, tag: str = "Emails", **extra: Any) -> dict[str, Any]:
    return {"operationId": op_id, "tags": [tag], "responses": {"204": {"description": "done"}}, **extra}


def test_the_resource_name_is_not_repeated_in_its_method_names(tmp_path: Path) -> None:
    paths = {
        "/emails": {"get": _op("emails/list"), "post": _op("emails/send")},
        "/emails/{id}": {
            "get": _op(
                "EmailsGet", parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
            )
        },
        "/emails/all": {"get": _op("list")},  # "emails/list" would want the same name: both keep their own
        "/emails/kept": {"get": _op("emails_kept", **{"x-sdksmith-name": "emails_kept"})},  # given: as given
        "/emails/2fa": {"get": _op("emails-2fa")},  # "2fa" cannot start a name
        "/emails/alone": {"get": _op("emails")},  # nothing would be left
        "/other": {"get": _op("emailsOther", tag="Other")},  # another resource: not its prefix
        "/oauth": {"get": _op("oauthClients.list", tag="OAuth clients")},  # o_auth_clients / oauth_clients_list
    }
    api = build_api(spec({}, paths), tmp_path)
    names = {r.attr: sorted(m.name for m in r.methods) for r in api.resources}
    assert names == {
        "emails": ["emails", "emails_2fa", "emails_kept", "emails_list", "get", "list", "send"],
        "other": ["emails_other"],
        "o_auth_clients": ["list"],
    }


def test_a_tag_and_a_path_word_with_the_same_python_name_are_one_resource(tmp_path: Path) -> None:
    """Svix: operations tagged ``Health`` and untagged ones under ``/health/ping`` made ``client.health`` and
    ``client.health_3703cd``. One Python name is one resource, titled and described by its tag."""
    answer = {"204": {"description": "done"}}
    paths = {
        "/api/health": {"get": {"operationId": "getHealth", "tags": ["Health"], "responses": answer}},
        "/health/ping": {"get": {"operationId": "ping", "responses": answer}},
    }
    document = spec({}, paths)
    document["tags"] = [{"name": "Health", "description": "Is the service up."}]
    [resource] = build_api(document, tmp_path).resources
    assert (resource.attr, resource.title, resource.description) == ("health", "Health", "Is the service up.")
    assert sorted(m.name for m in resource.methods) == ["get_health", "ping"]


def test_common_query_parameter_names_keep_their_name(tmp_path: Path) -> None:
    """``page`` (on most list operations of Firefly, Halo, Radarr, Discourse), ``item`` and ``resource`` became
    ``page_``...: they were reserved for locals the generated methods no longer have. ``call`` still is one."""
    params = [{"name": n, "in": "query", "schema": {"type": "integer"}} for n in ("page", "item", "resource", "call")]
    paths = {"/events": {"get": {"operationId": "listEvents", "parameters": params, "responses": {"204": {"description": "ok"}}}}}
    [method] = build_api(spec({}, paths), tmp_path).resources[0].methods
    assert sorted(p.name for p in method.params) == ["call_", "item", "page", "resource"]


def test_parameters_that_share_a_name_across_places_say_where_they_go(tmp_path: Path) -> None:
    """Radarr's ``PUT /movie/{id}`` with an ``id`` in the body became ``update(id_d05070, *, id_cafb6e=...)``: the path
    parameter keeps the name (else the query's), the others are named for where they go."""
    body = {"type": "object", "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "lang": {"type": "string"}}}
    params = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
        {"name": "lang", "in": "query", "schema": {"type": "string"}},
        {"name": "lang", "in": "header", "schema": {"type": "string"}},
    ]
    op = {"operationId": "updateMovie", "parameters": params, "requestBody": {"content": {"application/json": {"schema": body}}},
          "responses": {"204": {"description": "ok"}}}
    [method] = build_api(spec({}, {"/movie/{id}": {"put": op}}), tmp_path).resources[0].methods
    assert {(p.location, p.wire): p.name for p in method.params} == {
        ("path", "id"): "id",
        ("body", "id"): "body_id",
        ("query", "lang"): "lang",
        ("header", "lang"): "header_lang",
        ("body", "lang"): "body_lang",
        ("body", "title"): "title",
    }


def test_a_parameter_named_like_a_per_call_option_says_where_it_goes(tmp_path: Path) -> None:
    """Fly's machines ``wait`` takes a ``timeout`` query parameter: as ``timeout_`` beside the per-call ``timeout``,
    ``wait(timeout=120)`` set the HTTP timeout and sent no parameter."""
    params = [{"name": "timeout", "in": "query", "schema": {"type": "integer"}}]
    body = {"type": "object", "properties": {"idempotencyKey": {"type": "string"}}}
    op = {"operationId": "wait", "parameters": params, "requestBody": {"content": {"application/json": {"schema": body}}},
          "responses": {"204": {"description": "ok"}}}
    [method] = build_api(spec({}, {"/machines/wait": {"post": op}}), tmp_path).resources[0].methods
    assert {p.wire: p.name for p in method.params} == {"timeout": "query_timeout", "idempotencyKey": "body_idempotency_key"}


def test_an_environment_is_named_by_a_whole_word_of_its_server_description(tmp_path: Path) -> None:
    """Trigger.dev's only server, described "Trigger.dev API", was environment ``dev``; Outline's "Self-hosted on your
    own server" was ``self_``."""
    document = spec({}, {"/ping": {"get": _op("ping")}})
    document["servers"] = [
        {"url": "https://api.trigger.dev", "description": "Trigger.dev API"},
        {"url": "https://{host}/api", "description": "Self-hosted on your own server", "variables": {"host": {"default": "x"}}},
        {"url": "https://sandbox.example.com", "description": "Sandbox (testing)"},
    ]
    api = build_api(document, tmp_path)
    assert [e.name for e in api.client.environments] == ["trigger_dev", "self_hosted", "sandbox"]
