"""Header parameters named ``Accept``, ``Content-Type`` or ``Authorization`` are ignored, as OpenAPI 3 says: the client
sets those from the media types and the security scheme. InfluxDB declares ``Accept`` on ``GET /telegrafs/{id}``;
as a parameter, ``accept="application/toml"`` was sent and the TOML answer was then read as JSON and refused."""

from __future__ import annotations

from pathlib import Path

import httpx

from _inline import Recorder, clients, document, generate, ok


def _doc() -> dict[str, object]:
    params = [
        {"name": "Accept", "in": "header", "schema": {"type": "string", "enum": ["application/toml", "application/json"]}},
        {"name": "content-type", "in": "header", "schema": {"type": "string"}},
        {"name": "Authorization", "in": "header", "required": True, "schema": {"type": "string"}},
        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
    ]
    answer = ok({"type": "object", "properties": {"name": {"type": "string"}}})
    return document({"/telegrafs/{id}": {"get": {
        "operationId": "getTelegraf", "tags": ["telegrafs"],
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}, *params],
        "responses": answer,
    }}})


def test_accept_content_type_and_authorization_parameters_are_ignored_with_a_warning(tmp_path: Path) -> None:
    package, warnings = generate(_doc(), tmp_path)
    ignored = sorted(w.pointer for w in warnings if "is ignored, as OpenAPI says" in w.message)
    assert ignored == [f"/paths/~1telegrafs~1{{id}}/get/parameters/{i}/name" for i in (1, 2, 3)]
    recorder = Recorder(lambda _request: httpx.Response(200, json={"name": "t"}))
    sync, _ = clients(package, recorder)
    assert sync.telegrafs.get_telegraf("a", x_trace="t").name == "t"
    sent = recorder.requests[0].headers
    assert (sent["accept"], sent["x-trace"], "authorization" in sent) == ("application/json", "t", False)
