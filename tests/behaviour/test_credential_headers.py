"""A header parameter named like the credential's header (Nomad declares ``X-Nomad-Token`` on 96 operations besides
its apiKey scheme): the client's credential is what goes there, so the method does not take it. As a parameter its
value was replaced by the configured key, and with no key configured the call failed for a missing credential."""

from __future__ import annotations

from pathlib import Path

import httpx

from _inline import Recorder, build_ir, clients, document, generate

SCHEMES = {"securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Token"}}}


def _doc() -> dict[str, object]:
    header = {"name": "x-token", "in": "header", "schema": {"type": "string"}}
    region = {"name": "X-Region", "in": "header", "schema": {"type": "string"}}
    ops = {
        "/policies": {"get": {"operationId": "getPolicies", "tags": ["acl"], "parameters": [header, region], "responses": {"204": {"description": "ok"}}}},
        "/status": {"get": {"operationId": "getStatus", "tags": ["acl"], "security": [], "parameters": [header], "responses": {"204": {"description": "ok"}}}},
    }
    return document(ops, security=[{"token": []}], components=SCHEMES)


def test_a_secured_operation_does_not_take_the_credential_header_as_a_parameter(tmp_path: Path) -> None:
    methods = {m.name: m for m in build_ir(_doc(), tmp_path).resources[0].methods}
    assert [p.wire for p in methods["get_policies"].params] == ["X-Region"]
    assert [p.wire for p in methods["get_status"].params] == ["x-token"]  # an open operation: the caller's to send


def test_the_configured_credential_is_sent_in_that_header(tmp_path: Path) -> None:
    package, _ = generate(_doc(), tmp_path)
    recorder = Recorder(lambda _request: httpx.Response(204))
    sync, _ = clients(package, recorder, api_key="secret")
    sync.acl.get_policies(x_region="eu")
    assert (recorder.requests[0].headers["X-Token"], recorder.requests[0].headers["X-Region"]) == ("secret", "eu")
