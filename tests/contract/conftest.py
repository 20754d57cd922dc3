"""Prism mock servers for the contract tests, one per spec and mode, shared by the whole session.

The servers come from ``tests/prism_kit.py`` (shared with the corpus contract layer): ``prism mock --errors``, so
a request that violates its spec gets an error answer instead of a mock; ``static`` mode serves the spec's
examples, ``dynamic`` (``-d``) random data valid against the schemas.

Helpers shared by the contract tests live here too: the five clients, a recorder of every HTTP exchange,
an independent JSON Schema check of request bodies (Prism does not check ``prefixItems``), and a small shim
that lets clients read ``application/jsonl`` streams, a media type Prism cannot serialize.
"""

from __future__ import annotations

import atexit
import functools
import http.client
import http.server
import importlib
import json
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import prism_kit
import pytest
import yaml
from prism_kit import MODES, PRISM_BIN  # PRISM_BIN: tests/publish imports it from here

TESTS_DIR = Path(__file__).resolve().parent.parent
ROOT = TESTS_DIR.parent
SPECS_DIR = ROOT / "specs"
GENERATED_DIR = ROOT / "generated"


@dataclass(frozen=True)
class ClientInfo:
    """One generated package: where it is and what it exports."""

    name: str
    import_name: str
    client_class: str

    @property
    def async_client_class(self) -> str:
        return f"Async{self.client_class}"

    @property
    def spec_path(self) -> Path:
        return SPECS_DIR / f"{self.name}.yaml"

    @property
    def package_dir(self) -> Path:
        return GENERATED_DIR / self.name

    def module(self) -> Any:
        return importlib.import_module(self.import_name)

    def client_module(self) -> Any:
        return importlib.import_module(f"{self.import_name}._client")

    @property
    def env_api_key(self) -> str:
        return str(self.client_module().ENV_API_KEY)

    @property
    def env_base_url(self) -> str:
        return str(self.client_module().ENV_BASE_URL)

    def operations(self) -> list[dict[str, str]]:
        """The ``operations`` index of the package's provenance file."""
        provenance = json.loads((self.package_dir / ".sdksmith.json").read_text(encoding="utf-8"))
        return list(provenance["operations"])


CLIENTS: dict[str, ClientInfo] = {
    c.name: c
    for c in (
        ClientInfo("chatbotkit", "chatbotkit_tokens", "ChatBotKit"),
        ClientInfo("fastly", "fastly_tokens", "Fastly"),
        ClientInfo("hathora", "hathora_tokens", "Hathora"),
        ClientInfo("launchdarkly", "launchdarkly_tokens", "LaunchDarkly"),
        ClientInfo("softvisio", "softvisio_tokens", "Softvisio"),
    )
}


@functools.cache
def load_spec(name: str) -> dict[str, Any]:
    with CLIENTS[name].spec_path.open(encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    assert isinstance(spec, dict)
    return spec


# --- Prism (the servers themselves live in tests/prism_kit.py, shared with the corpus contract layer) ---------


class PrismPool(prism_kit.PrismPool):
    """Prism servers for the five seed specs, keyed by (client name, mode)."""

    def __init__(self, log_dir: Path) -> None:
        super().__init__(log_dir, lambda name: CLIENTS[name].spec_path)


def _check_prism() -> None:
    problem = prism_kit.prism_problem()
    if problem is not None:
        pytest.fail(problem)


@pytest.fixture(scope="session")
def prism_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismPool]:
    _check_prism()
    pool = PrismPool(tmp_path_factory.mktemp("prism"))
    atexit.register(pool.close)  # should the session die before its finalizers run
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture(scope="session", params=MODES)
def prism_mode(request: pytest.FixtureRequest) -> str:
    """``static`` (the spec's examples) or ``dynamic`` (random data valid against the schemas)."""
    return str(request.param)


@pytest.fixture(scope="session")
def prism(prism_pool: PrismPool, prism_mode: str) -> Any:
    """``prism(spec) -> base URL`` of the Prism server for that spec in the current mode; all five start at once."""
    prism_pool.ensure([(name, prism_mode) for name in CLIENTS])
    return lambda spec: prism_pool.url(spec, prism_mode)


# --- recording what went over the wire -----------------------------------------------------------------------


@dataclass
class Exchange:
    method: str
    url: str
    request_headers: httpx.Headers
    request_body: bytes
    status: int | None = None
    response_headers: httpx.Headers | None = None

    def violations(self) -> list[dict[str, Any]]:
        """Prism's ``sl-violations`` header: what it found wrong with the request (and, here, nothing else)."""
        raw = self.response_headers.get("sl-violations") if self.response_headers is not None else None
        return list(json.loads(raw)) if raw else []

    def describe(self) -> str:
        body = self.request_body.decode("utf-8", errors="replace")[:300]
        return f"{self.method} {self.url} -> {self.status} violations={self.violations()} body={body!r}"


@dataclass
class Recorder:
    """Event hooks for an ``httpx`` client: every request and the status and headers of its answer."""

    exchanges: list[Exchange] = field(default_factory=list)

    def _on_request(self, request: httpx.Request) -> None:
        try:
            body = request.content
        except httpx.RequestNotRead:  # a streamed upload; the clients here always send bytes
            body = b""
        self.exchanges.append(Exchange(request.method, str(request.url), request.headers, body))

    def _on_response(self, response: httpx.Response) -> None:
        exchange = self.exchanges[-1]  # calls here are sequential: an answer belongs to the last request
        assert exchange.status is None and exchange.url == str(response.request.url)
        exchange.status = response.status_code
        exchange.response_headers = response.headers

    async def _on_request_async(self, request: httpx.Request) -> None:
        self._on_request(request)

    async def _on_response_async(self, response: httpx.Response) -> None:
        self._on_response(response)

    def sync_client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(event_hooks={"request": [self._on_request], "response": [self._on_response]}, **kwargs)

    def async_client(self, **kwargs: Any) -> httpx.AsyncClient:
        hooks: dict[str, list[Any]] = {"request": [self._on_request_async], "response": [self._on_response_async]}
        return httpx.AsyncClient(event_hooks=hooks, **kwargs)

    def problems(self) -> list[str]:
        """Answers that show Prism refused the request: an error status, or any violation it reported."""
        return [e.describe() for e in self.exchanges if e.status is None or e.status >= 400 or e.violations()]


# --- the application/jsonl shim ------------------------------------------------------------------------------

JSONL = "application/jsonl"
_HOP_HEADERS = {"content-length", "connection", "transfer-encoding", "keep-alive"}


def jsonl_from_page(body: bytes, items_field: str, type_field: str, type_value: str, data_field: str) -> bytes:
    """The JSON Lines form of a JSON page: one ``{type: item, data: ...}`` line per item."""
    page = json.loads(body)
    lines = [json.dumps({type_field: type_value, data_field: item}) for item in page[items_field]]
    return ("\n".join(lines) + "\n").encode()


class _ShimHandler(http.server.BaseHTTPRequestHandler):
    """Forwards every request to Prism unchanged, except that ``Accept: application/jsonl`` is asked for as JSON
    (Prism still validates the request) and the JSON page is answered as JSON Lines."""

    server: _ShimServer
    protocol_version = "HTTP/1.1"

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        wants_jsonl = self.headers.get("Accept", "").split(";")[0].strip().lower() == JSONL
        if wants_jsonl:
            headers = {k: v for k, v in headers.items() if k.lower() != "accept"}
            headers["Accept"] = "application/json"
        # http.client, not httpx: the docs-example tests watch httpx, and this hop is not the example's own.
        upstream = http.client.HTTPConnection(self.server.upstream_host, self.server.upstream_port, timeout=30)
        try:
            upstream.request(self.command, self.path, body=body or None, headers=headers)
            answer = upstream.getresponse()
            status, content = answer.status, answer.read()
            out_headers = [(k, v) for k, v in answer.getheaders() if k.lower() not in _HOP_HEADERS]
        finally:
            upstream.close()
        if wants_jsonl and 200 <= status < 300:
            content = jsonl_from_page(content, "items", "type", "item", "data")
            out_headers = [(k, v) for k, v in out_headers if k.lower() != "content-type"] + [("Content-Type", JSONL)]
        self.server.forwarded.append((self.command, self.path, wants_jsonl, status))
        self.send_response(status)
        for k, v in out_headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass


class _ShimServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _ShimHandler)
        url = httpx.URL(upstream)
        self.upstream_host, self.upstream_port = str(url.host), int(url.port or 80)
        self.forwarded: list[tuple[str, str, bool, int]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture(scope="session")
def jsonl_shim(prism_pool: PrismPool) -> Iterator[Any]:
    """``jsonl_shim(mode) -> base URL`` of a shim in front of ChatBotKit's Prism (see ``_ShimHandler``)."""
    shims: dict[str, _ShimServer] = {}

    def get(mode: str) -> _ShimServer:
        if mode not in shims:
            shim = _ShimServer(prism_pool.url("chatbotkit", mode))
            threading.Thread(target=shim.serve_forever, daemon=True).start()
            shims[mode] = shim
        return shims[mode]

    try:
        yield get
    finally:
        for shim in shims.values():
            shim.shutdown()
            shim.server_close()


# --- the summary ---------------------------------------------------------------------------------------------

_TALLY: Counter[tuple[str, str, str, str]] = Counter()
_KINDS = {
    "operation": "operation calls",
    "envelope-error": "  of which Softvisio envelopes with a random non-2xx status, raised as typed errors",
    "stream-prism": "list_stream direct to Prism (request validated; Prism cannot serialize application/jsonl)",
    "stream-shim": "list_stream read through the JSON Lines shim",
    "docs-example": "docs examples executed",
}


def tag(request: pytest.FixtureRequest, kind: str, mode: str = "", flavor: str = "") -> None:
    """Count this test in the summary under ``kind`` (one of ``_KINDS``), mode and flavor."""
    assert kind in _KINDS
    request.node.user_properties.append(("contract", (kind, mode, flavor)))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    tags: list[Any] = [value for key, value in report.user_properties if key == "contract"]
    if not tags or not (report.when == "call" or report.outcome != "passed"):
        return
    outcome: str = report.outcome
    if hasattr(report, "wasxfail"):
        outcome = "xfailed" if report.outcome == "skipped" else "xpassed"
    for kind, mode, flavor in tags:
        _TALLY[(kind, mode, flavor, outcome)] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _TALLY:
        return
    write = terminalreporter.write_line
    terminalreporter.section("contract summary")
    ops = {(k, m, f) for (k, m, f, _) in _TALLY if k == "operation"}
    if ops:
        modes = sorted({m for _, m, _ in ops}, reverse=True)
        flavors = sorted({f for _, _, f in ops}, reverse=True)
        per_cell = {sum(n for (k, m, f, _), n in _TALLY.items() if k == "operation" and (m, f) == cell)
                    for cell in [(m, f) for m in modes for f in flavors]}
        width = per_cell.pop() if len(per_cell) == 1 else "?"
        write(f"operations checked: {width} operations x {{{', '.join(flavors)}}} x {{{', '.join(modes)}}}")
    for kind, label in _KINDS.items():
        rows = {(m, f) for (k, m, f, _) in _TALLY if k == kind}
        if not rows:
            continue
        counts: Counter[str] = Counter()
        for (k, _, _, outcome), n in _TALLY.items():
            if k == kind:
                counts[outcome] += n
        detail = ", ".join(f"{n} {o}" for o, n in sorted(counts.items()))
        write(f"{label}: {sum(counts.values())} ({detail})")
        for mode, flavor in sorted(rows, key=lambda r: (r[0] != "static", r[1] != "sync")):
            if not mode and not flavor:
                continue
            cell = Counter({o: n for (k, m, f, o), n in _TALLY.items() if (k, m, f) == (kind, mode, flavor)})
            write(f"    {mode}/{flavor}: " + ", ".join(f"{n} {o}" for o, n in sorted(cell.items())))
