"""Every ```python block of the generated READMEs and docs runs, as written, against Prism.

Each block is executed in a fresh namespace with the package's documented environment variables set: the base URL
(``<NAME>_BASE_URL``) pointing at the static Prism of its spec, and the API key variable. The examples construct
their clients with no arguments, so this also proves they read both from the environment. A block passes when it
raises nothing, every request it sent went to that base URL, and Prism accepted each one (no error status, no
``sl-violations``). ChatBotKit's base URL is the JSON Lines shim in front of its Prism (see
``conftest._ShimHandler``), so the streaming example can run too. No block is skipped.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import CLIENTS, GENERATED_DIR, ClientInfo, Exchange, tag

FENCE = re.compile(r"^```([A-Za-z0-9_+-]*)\s*$")
PYTHON_LANGS = {"python", "py", "python3", "pycon"}
MAX_REQUESTS = 100  # an example that pages forever is a failure, not a hang


@dataclass(frozen=True)
class Example:
    client: str
    path: Path  # relative to generated/
    line: int
    code: str

    @property
    def id(self) -> str:
        return f"{self.path}:{self.line}"


def markdown_files(package_dir: Path) -> list[Path]:
    files = [package_dir / "README.md"] if (package_dir / "README.md").is_file() else []
    return files + sorted((package_dir / "docs").rglob("*.md"))


def extract(client: str, path: Path) -> list[Example]:
    """The fenced Python blocks of one Markdown file; an unclosed fence is an error, not a silent skip."""
    out: list[Example] = []
    lang: str | None = None
    start = 0
    body: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = FENCE.match(line)
        if lang is None and match:
            lang, start, body = match.group(1).lower(), number, []
        elif lang is not None and line.strip() == "```":
            if lang in PYTHON_LANGS:
                out.append(Example(client, path.relative_to(GENERATED_DIR), start, "\n".join(body) + "\n"))
            lang = None
        elif lang is not None:
            body.append(line)
    assert lang is None, f"{path}:{start}: unclosed ``` fence"
    return out


def collect() -> list[Example]:
    return [ex for name in CLIENTS for path in markdown_files(GENERATED_DIR / name) for ex in extract(name, path)]


EXAMPLES = collect()


def test_examples_were_found() -> None:
    per_client = {name: sum(1 for ex in EXAMPLES if ex.client == name) for name in CLIENTS}
    assert all(per_client.values()), per_client
    # Every resource page shows at least a sync and an async example per operation.
    operations = sum(len(info.operations()) for info in CLIENTS.values())
    assert sum(1 for ex in EXAMPLES if "docs" in ex.path.parts) >= 2 * operations


class _WireLog:
    """Patches ``httpx.Client.send`` and ``httpx.AsyncClient.send`` to log every exchange the example makes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.exchanges: list[Exchange] = []
        sync_send, async_send = httpx.Client.send, httpx.AsyncClient.send
        log = self

        def send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
            log._before(request)
            response = sync_send(self, request, **kwargs)
            log._after(response)
            return response

        async def asend(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
            log._before(request)
            response = await async_send(self, request, **kwargs)
            log._after(response)
            return response

        monkeypatch.setattr(httpx.Client, "send", send)
        monkeypatch.setattr(httpx.AsyncClient, "send", asend)

    def _before(self, request: httpx.Request) -> None:
        if len(self.exchanges) >= MAX_REQUESTS:
            raise RuntimeError(f"the example sent more than {MAX_REQUESTS} requests")
        try:
            body = request.content
        except httpx.RequestNotRead:
            body = b""
        self.exchanges.append(Exchange(request.method, str(request.url), request.headers, body))

    def _after(self, response: httpx.Response) -> None:
        self.exchanges[-1].status = response.status_code
        self.exchanges[-1].response_headers = response.headers


def _base_url(info: ClientInfo, prism_pool: Any, jsonl_shim: Any) -> str:
    return str(jsonl_shim("static").url) if info.name == "chatbotkit" else str(prism_pool.url(info.name, "static"))


@pytest.fixture(scope="module", autouse=True)
def _all_static_prisms(prism_pool: Any) -> None:
    prism_pool.ensure([(name, "static") for name in CLIENTS])


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda ex: ex.id)
def test_example_runs(
    example: Example, prism_pool: Any, jsonl_shim: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    tag(request, "docs-example")
    info = CLIENTS[example.client]
    base_url = _base_url(info, prism_pool, jsonl_shim)
    for other in CLIENTS.values():  # only this package's variables, so a wrong variable name cannot pass
        monkeypatch.delenv(other.env_base_url, raising=False)
        monkeypatch.delenv(other.env_api_key, raising=False)
    monkeypatch.setenv(info.env_base_url, base_url)
    monkeypatch.setenv(info.env_api_key, "docs-example-key")
    wire = _WireLog(monkeypatch)

    code = compile(example.code, f"generated/{example.id}", "exec")
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        exec(code, {"__name__": "__main__"})  # noqa: S102 - the point of the test

    for exchange in wire.exchanges:
        assert exchange.url.startswith(base_url + "/"), f"request left the documented base URL: {exchange.url}"
    problems = [e.describe() for e in wire.exchanges if e.status is None or e.status >= 400 or e.violations()]
    assert not problems, "Prism refused the example's requests:\n" + "\n".join(problems)


ROW = re.compile(r"^\| `([A-Za-z_][A-Za-z0-9_]*)`(?: \(`([^`]+)`\))? \|")


@pytest.mark.parametrize("client", list(CLIENTS))
def test_model_pages_name_real_attributes(client: str) -> None:
    """The field tables of docs/models/*.md name the attributes a user types, and their wire names."""
    info = CLIENTS[client]
    models = info.module().models
    pages = sorted((GENERATED_DIR / client / "docs" / "models").glob("*.md"))
    assert pages
    wrong = []
    for page in pages:
        model = getattr(models, page.stem)
        for line in page.read_text(encoding="utf-8").splitlines():
            match = ROW.match(line)
            if not match:
                continue
            attr, wire = match.group(1), match.group(2) or match.group(1)
            field = model.model_fields.get(attr)
            if field is None:
                wrong.append(f"{page.name}: {model.__name__} has no attribute {attr!r}")
            elif (field.serialization_alias or attr) != wire:
                wrong.append(f"{page.name}: {attr} is {field.serialization_alias or attr!r} on the wire, the page says {wire!r}")
    assert not wrong, "\n".join(wrong)
