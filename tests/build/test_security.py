"""Which operations need the client's credential: an operation whose only schemes are ones no client can send
(mutualTLS) is sent without one, with a warning, rather than refusing every call for a credential that could never
be given (found on readme's oas-examples, where requirements named schemes nothing declared)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_kit import build_api

OP = {"operationId": "getIt", "responses": {"204": {"description": "ok"}}}


def _doc(schemes: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kit", "version": "1"},
        "security": [{name: []} for name in schemes],
        "paths": {"/it": {"get": OP}},
        "components": {"securitySchemes": schemes},
    }


def test_operations_whose_schemes_no_client_can_send_are_sent_without_a_credential(tmp_path: Path) -> None:
    api = build_api(_doc({"tls": {"type": "mutualTLS"}}), tmp_path)
    assert api.credential is None
    assert [m.secured for r in api.resources for m in r.methods] == [False]
    assert [w.message for w in api.warnings] == [
        "1 operation(s) require security, but no security scheme here is one a client can send (apiKey, http basic "
        "or bearer, oauth2, openIdConnect): they are sent without a credential"
    ]


def test_a_scheme_a_client_can_send_keeps_operations_secured(tmp_path: Path) -> None:
    api = build_api(_doc({"token": {"type": "http", "scheme": "bearer"}}), tmp_path)
    assert api.credential is not None and api.credential.scheme == "bearer"
    assert [m.secured for r in api.resources for m in r.methods] == [True]
    assert api.warnings == ()
