"""The corpus contract layer: call every operation of a generated client against Prism and judge each answer.

For one spec, ``run_spec`` takes the generated package (``corpus_kit.Build``), the wire facts of its parameters
(``generator_adapter``), the spec as data (``values.Document``) and a Prism server per mode, and produces a
``SpecReport``:

* every operation of the sync client, and every 5th of the async one (the first included), is called once per
  mode, with every required argument filled (``values``: the spec's examples first, then values built from the
  schema), each validated into the parameter's own annotation as a user's value would be, and passed by keyword.
  A required argument that no such value validates into is an ``arguments`` failure (the annotation rejects what
  the schema allows); one the IR does not know is a ``harness`` failure (the adapter needs re-pointing).
* each call must return, or raise the ``APIStatusError`` subclass for the status Prism chose (for an envelope API,
  the status inside a 2xx envelope). A typed error is marked ``refused`` when Prism chose it because it refused the
  request (its problem answer, or request violations in ``sl-violations``): the summary lists those by reason,
  since they show requests Prism would not take, from the client or from Prism itself.
* ``prism-cannot-serve``: Prism's own 5xx problem answers (an answer it cannot build or serialize, its own example
  violating the spec), no answer within ``CALL_TIMEOUT``, a Prism that could not load the spec, and a request Prism
  crashes on. A call that loses its connection is retried alone after the others, on a fresh Prism if the last one
  died (``_isolate``), so one crash is pinned on the request that causes it and does not take the rest down.
* anything else is a failure, kept with operation, exception type and the first lines of its message; for a
  response validation error also pydantic's first error (the exception's context: the runtime raises it
  ``from None``) and whether the answer is valid against the spec, checked independently of the client.
* then every module is imported, ``model_rebuild()`` is called on every pydantic model class of the package, and a
  ``pydantic.TypeAdapter`` is built for every operation's return type (from ``typing.get_type_hints``).

The calls come first, so they meet the package as a user's first calls would (lazily loaded models, validators
built on first use); the import-everything checks come after. Calls run on ``WORKERS`` threads per mode, each with
its own client; a sequential run (``SDKSMITH_CORPUS_WORKERS=1``) gives the same outcomes.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import inspect
import json
import os
import pkgutil
import re
import sys
import time
import types
import typing
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pydantic
from prism_kit import MODES, PrismServer

from .corpus_kit import Build
from .values import Document, media_example

API_KEY = "sdksmith:test-key"  # a bearer token, and for basic auth a user:password pair
CALL_TIMEOUT = float(os.environ.get("SDKSMITH_CORPUS_CALL_TIMEOUT", "30"))
WORKERS = int(os.environ.get("SDKSMITH_CORPUS_WORKERS", "4"))
ASYNC_EVERY = 5
PRISM_PROBLEM = "https://stoplight.io/prism/errors#"
KINDS = ("parsed", "typed-error", "prism-cannot-serve", "failure")
SUSPECT = "connection-lost"  # a call that lost its connection: retried alone before it is judged
_STATUS_CLASS = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


def expected_error_class(status: int) -> str:
    """The runtime's documented status -> exception map, written out independently of it."""
    if status >= 500:
        return "InternalServerError"
    return _STATUS_CLASS.get(status, "APIStatusError")


@dataclass(frozen=True)
class Operation:
    python: str  # "resource.method"
    operation_id: str
    http_method: str
    path: str

    @property
    def resource(self) -> str:
        return self.python.split(".")[0]

    @property
    def method(self) -> str:
        return self.python.split(".")[1]

    @property
    def label(self) -> str:
        return f"{self.python} ({self.http_method} {self.path})"


@dataclass
class Outcome:
    operation: Operation
    mode: str
    flavor: str  # sync | async
    kind: str  # one of KINDS
    status: int | None = None
    detail: str = ""
    refused: bool = False  # a typed error Prism chose because it refused the request (its own problem answer)
    called: bool = True
    stage: str = "call"  # for a failure: call, arguments (no argument could be made) or harness

    def failure(self) -> Failure:
        status = f" HTTP {self.status}" if self.status is not None else ""
        return Failure(self.stage, f"{self.mode}/{self.flavor} {self.operation.label}{status}", self.detail)


@dataclass(frozen=True)
class Failure:
    stage: str  # setup, call, arguments, harness, import, model_rebuild, return type
    where: str
    detail: str

    def line(self) -> str:
        return f"[{self.stage}] {self.where}: {self.detail}"

    def kind(self) -> str:
        """The failure's class, for counting: stage, exception type and message with names and numbers blanked."""
        head = self.detail.split(" | ")[0].split(" [pydantic:")[0]
        head = re.sub(r"^(APIResponseValidationError: )\S+: (the answer)", r"\1\2", head)
        head = re.sub(r"first at (top level|\S+)", "first at LOC", head)
        head = re.sub(r"`[^`]*`", "`X`", head)
        head = re.sub(r"'[^']*'", "'X'", head)
        head = re.sub(r"\d+", "N", head)
        extra = re.findall(r"\[pydantic: [^;]*; first at [^:]*: ([a-z_]+)", self.detail)
        verdict = re.findall(r"\[answer vs spec: (valid|violates it)", self.detail)
        tags = "".join(f" [{t}]" for t in [*extra, *(f"answer {v}" for v in verdict)])
        return f"{self.stage}: {head[:150]}{tags}"


@dataclass
class PrismInfo:
    startup_seconds: float | None = None
    ready_rss_mib: float | None = None
    peak_rss_mib: float | None = None
    error: str = ""
    restarts: int = 0


@dataclass
class SpecReport:
    spec: str
    operations: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    models_ok: int = 0
    models_total: int = 0
    returns_ok: int = 0
    returns_total: int = 0
    modules_ok: int = 0
    modules_total: int = 0
    setup_failures: list[Failure] = field(default_factory=list)
    check_failures: list[Failure] = field(default_factory=list)  # modules, models, return types
    prism: dict[str, PrismInfo] = field(default_factory=dict)
    prism_view: str = ""
    seconds: dict[str, float] = field(default_factory=dict)

    def count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind)

    @property
    def called(self) -> int:
        return sum(1 for o in self.outcomes if o.called)

    @property
    def refused(self) -> int:
        return sum(1 for o in self.outcomes if o.refused)

    def failures(self) -> list[Failure]:
        calls = [o.failure() for o in self.outcomes if o.kind == "failure"]
        return [*self.setup_failures, *calls, *self.check_failures]

    def as_json(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "operations": self.operations,
            "called": self.called,
            **{kind: self.count(kind) for kind in KINDS},
            "refused": self.refused,
            "models": [self.models_ok, self.models_total],
            "return_types": [self.returns_ok, self.returns_total],
            "modules": [self.modules_ok, self.modules_total],
            "prism": {m: vars(p) for m, p in self.prism.items()},
            "prism_view": self.prism_view,
            "seconds": self.seconds,
            "failures": [vars(f) for f in self.failures()],
            "outcomes": [
                {
                    "python": o.operation.python,
                    "operation": f"{o.operation.http_method} {o.operation.path}",
                    "mode": o.mode,
                    "flavor": o.flavor,
                    "kind": o.kind,
                    "status": o.status,
                    "refused": o.refused,
                    "detail": o.detail,
                    "stage": o.stage,
                }
                for o in self.outcomes
            ],
        }


REPORTS: dict[str, SpecReport] = {}


@dataclass
class Prepared:
    """Everything one spec's run needs, made ahead in the background (see ``conftest.Preparer``)."""

    key: str  # the spec's file name
    spec: Path
    build: Build
    wire: dict[str, Any] | None
    doc: Document | None
    servers: dict[str, PrismServer]
    server_errors: dict[str, str]
    prism_view: str
    setup_failures: list[Failure]
    seconds: dict[str, float]
    restart: Callable[[str], PrismServer]  # a fresh server for a mode, replacing one that died
    restarts: Counter[str] = field(default_factory=Counter)


# -- describing exceptions ----------------------------------------------------------------------------------------


def first_lines(text: str, lines: int = 3, chars: int = 400) -> str:
    kept = [line.rstrip() for line in str(text).strip().splitlines()[:lines]]
    out = " | ".join(line for line in kept if line)
    return out if len(out) <= chars else out[: chars - 3] + "..."


def describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {first_lines(str(exc))}"
    context = exc.__cause__ or exc.__context__
    if isinstance(context, pydantic.ValidationError):
        err = context.errors(include_url=False)[0]
        got = repr(err.get("input"))[:120]
        loc = ".".join(map(str, err["loc"])) or "top level"
        text += f" [pydantic: {context.error_count()} error(s); first at {loc}: {err['type']}: {err['msg']}; got {got}]"
    return text


# -- arguments ----------------------------------------------------------------------------------------------------


class ArgumentError(Exception):
    """No value for a required argument: the annotation cannot be built, or rejects every candidate."""


class HarnessError(Exception):
    """The harness could not map a parameter (adapter drift): reported as a failure, never hidden."""


def _is_not_given(t: Any) -> bool:
    return isinstance(t, type) and t.__name__ == "NotGiven"


def strip_not_given(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if not _is_not_given(a)]
        if len(args) == 1:
            return args[0]
        return typing.Union[tuple(args)]  # noqa: UP007 - rebuilt from parts
    return annotation


def _candidates(doc: Document, op: Operation, param: dict[str, Any], body_kind: str, arg_index: int) -> list[Any]:
    location, wire = param["location"], param["wire"]
    found: list[Any] = []
    schema: Any = None
    if location in ("path", "query", "header", "cookie"):
        p = doc.parameter(op.http_method, op.path, location, wire)
        if p is None:
            raise HarnessError(f"{location} parameter {wire!r} is not in the spec")
        schema = p.get("schema")
        if schema is None and isinstance(p.get("content"), dict) and p["content"]:
            media = doc.resolve(next(iter(p["content"].values()))) or {}
            schema = media.get("schema")
        found.append(media_example(doc, p))
    else:
        body = doc.body(op.http_method, op.path, body_kind)
        if body is None:
            raise HarnessError(f"no {body_kind} request body in the spec")
        example = media_example(doc, body.media)
        if location == "body":
            schema = doc.property_schema(body.schema, wire)
            found.append(example.get(wire) if isinstance(example, dict) else None)
        elif location == "whole":
            schema = body.schema
            found.append(example)
        elif location == "arg":
            prefix = (doc.merged(body.schema) or {}).get("prefixItems") or []
            if arg_index >= len(prefix):
                raise HarnessError(f"RPC argument {arg_index} is not in prefixItems")
            schema = prefix[arg_index]
            found.append(example[arg_index] if isinstance(example, list) and arg_index < len(example) else None)
        else:
            raise HarnessError(f"unknown location {location!r}")
    found += [doc.sample(schema, examples=True), doc.sample(schema, examples=False)]
    if location == "path":  # an empty object or array makes no path segment: give it what its schema lists
        found = [doc.filled(schema) if value in ({}, []) else value for value in found]
    out: list[Any] = []
    for value in found:
        if value is not None and value not in out:
            out.append(value)
    return out or [None]


def _typed(annotation: Any, candidates: list[Any]) -> Any:
    """The first candidate that validates into ``annotation``, as that type (a model, a datetime...)."""
    if annotation is bytes:  # a body in a media type sent as bytes (XML, say): the spec's value, as JSON text
        value = candidates[0]
        return value if isinstance(value, bytes) else json.dumps(value).encode()
    try:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(annotation)
    except pydantic.PydanticSchemaGenerationError:
        return candidates[0]  # a type pydantic cannot check (a file object): pass the JSON value as it is
    except Exception as exc:  # noqa: BLE001 - the annotation itself is broken: a client failure
        raise ArgumentError(f"building TypeAdapter({annotation!r}) failed: {describe(exc)}") from exc
    errors = []
    for value in candidates:
        try:
            return adapter.validate_python(value)
        except pydantic.ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            errors.append(f"{'.'.join(map(str, err['loc'])) or 'top'}: {err['type']} (got {repr(value)[:80]})")
        except Exception as exc:  # noqa: BLE001 - e.g. "not fully defined": the user cannot build it either
            raise ArgumentError(describe(exc)) from exc
    raise ArgumentError(f"no spec example or schema-built value validates into {annotation!r}: {'; '.join(errors)}")


def arguments(doc: Document, op: Operation, wire: dict[str, Any], method: Any) -> dict[str, Any]:
    """Every required keyword argument of ``method``, by name."""
    try:
        hints = typing.get_type_hints(method)
    except Exception as exc:  # noqa: BLE001
        raise ArgumentError(f"typing.get_type_hints failed: {describe(exc)}") from exc
    params = {p["name"]: p for p in wire["params"]}
    args = [p["name"] for p in wire["params"] if p["location"] == "arg"]
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(method).parameters.items():
        if param.default is not inspect.Parameter.empty or param.kind not in (
            inspect.Parameter.KEYWORD_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            continue
        if name not in params:
            raise HarnessError(f"required parameter {name!r} is not in the IR")
        index = args.index(name) if name in args else -1
        candidates = _candidates(doc, op, params[name], wire["body_kind"], index)
        kwargs[name] = _typed(strip_not_given(hints[name]), candidates)
    return kwargs


# -- calling ------------------------------------------------------------------------------------------------------


class Recorder:
    """The status of every answer a client got, and what Prism found wrong with the request (its
    ``sl-violations`` header); one client per thread, so calls are sequential."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.violations: list[str] = []

    def hook(self, response: httpx.Response) -> None:
        self.statuses.append(response.status_code)
        raw = response.headers.get("sl-violations")
        try:
            found = json.loads(raw) if raw else []
        except ValueError:
            found = [{"message": raw}]
        self.violations = [
            f"{'.'.join(map(str, v.get('location') or []))}: {v.get('message')}" for v in found if isinstance(v, dict)
        ]

    async def ahook(self, response: httpx.Response) -> None:
        self.hook(response)

    def clear(self) -> None:
        self.statuses, self.violations = [], []


@dataclass
class Package:
    """The imported client package."""

    name: str
    module: Any
    sync_class: Any
    async_class: Any
    status_error: type[Exception]
    timeout_error: type[Exception]
    connection_error: type[Exception]
    envelope_status: str | None  # x-sdksmith-envelope's status field
    doc: Document

    @functools.cached_property
    def _spec_validator(self) -> Any:
        from openapi_schema_validator import OAS30Validator, OAS31Validator

        version = str(self.doc.data.get("openapi", "3.0"))
        return (OAS31Validator if version.startswith("3.1") else OAS30Validator)(self.doc.data)

    def answer_note(self, op: Operation, error: BaseException) -> str:
        """For an answer the client refused to parse: whether it is valid against the spec itself, checked
        independently of the client (OpenAPI's own schema dialect, ``openapi-schema-validator``)."""
        body, response = getattr(error, "content", None), getattr(error, "response", None)  # the raw answer
        if type(error).__name__ != "APIResponseValidationError" or response is None or self.envelope_status:
            return ""
        try:
            schema = self.doc.response_schema(
                op.http_method, op.path, response.status_code, response.headers.get("content-type", "")
            )
            if schema is None:
                return " [answer vs spec: no schema for this answer]"
            problem = jsonschema.exceptions.best_match(self._spec_validator.descend(json.loads(body), schema))
        except Exception as exc:  # noqa: BLE001 - a note, never a verdict
            return f" [answer vs spec: not checked: {type(exc).__name__}]"
        if problem is None:
            return " [answer vs spec: valid]"
        where = ".".join(map(str, problem.absolute_path)) or "top level"
        return f" [answer vs spec: violates it at {where}: {problem.message[:160]}]"

    def client_kwargs(self, cls: Any, url: str) -> dict[str, Any]:
        accepted = inspect.signature(cls).parameters
        kwargs = {"api_key": API_KEY, "base_url": url, "max_retries": 0, "timeout": CALL_TIMEOUT}
        return {k: v for k, v in kwargs.items() if k in accepted}


def import_package(build: Build, doc: Document) -> Package:
    src = str(build.src)
    if src not in sys.path:
        sys.path.insert(0, src)
    module = importlib.import_module(build.package)
    client = importlib.import_module(f"{build.package}._client")
    base = importlib.import_module(f"{build.package}._runtime._base_client")
    errors = importlib.import_module(f"{build.package}._runtime._exceptions")
    classes = [c for _, c in inspect.getmembers(client, inspect.isclass) if c.__module__ == client.__name__]
    sync = [c for c in classes if issubclass(c, base.SyncAPIClient)]
    async_ = [c for c in classes if issubclass(c, base.AsyncAPIClient)]
    assert len(sync) == 1 and len(async_) == 1, f"client classes: {classes}"
    envelope = doc.data.get("x-sdksmith-envelope")
    return Package(
        build.package,
        module,
        sync[0],
        async_[0],
        errors.APIStatusError,
        errors.APITimeoutError,
        errors.APIConnectionError,
        envelope.get("status") if isinstance(envelope, dict) else None,
        doc,
    )


def _prism_problem(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except (ValueError, TypeError):
        return None
    if isinstance(data, dict) and str(data.get("type", "")).startswith(PRISM_PROBLEM):
        return data
    return None


def _problem_text(problem: dict[str, Any]) -> str:
    """Prism's problem answer in a line: its title, and its first violations (where and what) if it lists any."""
    found = [
        f"{'.'.join(map(str, v.get('location') or []))}: {v.get('message')}"
        for v in problem.get("validation") or []
        if isinstance(v, dict)
    ]
    text = str(problem.get("title", ""))
    if found:
        return f"{text}: {'; '.join(found[:2])}"[:300]
    return first_lines(f"{text}: {problem.get('detail', '')}", 2, 300)


def judge(
    pkg: Package,
    op: Operation,
    mode: str,
    flavor: str,
    server: PrismServer,
    recorder: Recorder,
    error: BaseException | None,
) -> Outcome:
    statuses = recorder.statuses
    status = statuses[-1] if statuses else None
    out = Outcome(op, mode, flavor, "parsed", status, called=bool(statuses))
    if error is None:
        if status is None:
            out.kind, out.detail = "failure", "returned without sending a request"
        elif status >= 400:
            out.kind, out.detail = "failure", f"returned normally for HTTP {status}"
        return out
    if isinstance(error, pkg.timeout_error):
        out.kind, out.detail = "prism-cannot-serve", f"no answer within {CALL_TIMEOUT:.0f}s"
        return out
    if isinstance(error, pkg.connection_error):
        # Prism may have died (on this request, or on another one running beside it): retried alone, see
        # ``_isolate``, and judged there.
        out.kind, out.detail = SUSPECT, describe(error)
        return out
    if isinstance(error, pkg.status_error) and status is not None:
        got = int(getattr(error, "status_code", -1))
        body = bytes(getattr(error, "content", b"") or b"")  # the raw answer (``body`` is the parsed JSON)
        expected = status
        if pkg.envelope_status and 200 <= status < 300:
            try:
                inner = json.loads(body).get(pkg.envelope_status)
                expected = inner if isinstance(inner, int) else status
            except (ValueError, AttributeError):
                pass
        wanted = expected_error_class(expected)
        if got != expected or type(error).__name__ != wanted:
            out.kind = "failure"
            out.detail = (
                f"wrong error: {type(error).__name__}(status_code={got}) for status {expected}, expected {wanted}"
            )
            return out
        problem = _prism_problem(body) if expected == status else None
        if problem is not None and status >= 500:
            out.kind = "prism-cannot-serve"
            out.detail = _problem_text(problem)
            return out
        out.kind = "typed-error"
        request_violations = [v for v in recorder.violations if v.startswith("request")]
        out.refused = problem is not None or bool(request_violations)
        if problem is not None:
            out.detail = f"{type(error).__name__} (Prism refused: {_problem_text(problem)})"
        elif request_violations:
            out.detail = f"{type(error).__name__} (Prism refused: {'; '.join(request_violations[:2])})"[:400]
        else:
            out.detail = type(error).__name__
        return out
    out.kind, out.detail = "failure", describe(error) + pkg.answer_note(op, error)
    return out


def _sync_worker(
    pkg: Package, server: PrismServer, mode: str, jobs: list[tuple[Operation, dict[str, Any]]]
) -> list[Outcome]:
    recorder = Recorder()
    http = httpx.Client(event_hooks={"response": [recorder.hook]})
    client = pkg.sync_class(**pkg.client_kwargs(pkg.sync_class, server.url), http_client=http)
    outcomes = []
    try:
        for op, kwargs in jobs:
            recorder.clear()
            error: BaseException | None = None
            try:
                getattr(getattr(client, op.resource), op.method)(**kwargs)
            except Exception as exc:  # noqa: BLE001 - judged below
                error = exc
            outcomes.append(judge(pkg, op, mode, "sync", server, recorder, error))
    finally:
        http.close()
    return outcomes


async def _async_calls(
    pkg: Package, server: PrismServer, mode: str, jobs: list[tuple[Operation, dict[str, Any]]]
) -> list[Outcome]:
    recorder = Recorder()
    outcomes = []
    async with httpx.AsyncClient(event_hooks={"response": [recorder.ahook]}) as http:
        client = pkg.async_class(**pkg.client_kwargs(pkg.async_class, server.url), http_client=http)
        for op, kwargs in jobs:
            recorder.clear()
            error: BaseException | None = None
            try:
                await getattr(getattr(client, op.resource), op.method)(**kwargs)
            except Exception as exc:  # noqa: BLE001 - judged below
                error = exc
            outcomes.append(judge(pkg, op, mode, "async", server, recorder, error))
    return outcomes


def _chunks(items: list[Any], n: int) -> list[list[Any]]:
    return [items[i::n] for i in range(n) if items[i::n]]


def _call_alone(
    pkg: Package, op: Operation, mode: str, flavor: str, server: PrismServer, kwargs: dict[str, Any]
) -> Outcome:
    if flavor == "sync":
        return _sync_worker(pkg, server, mode, [(op, kwargs)])[0]
    return asyncio.run(_async_calls(pkg, server, mode, [(op, kwargs)]))[0]


def _informational_only(pkg: Package, op: Operation) -> bool:
    responses = pkg.doc.operation(op.http_method, op.path)[1].get("responses") or {}
    return bool(responses) and all(str(code).startswith("1") for code in responses)


def _isolate(pkg: Package, prep: Prepared, suspects: list[Outcome], kwargs: dict[str, dict[str, Any]]) -> list[Outcome]:
    """Calls that lost their connection, again one at a time, with a fresh Prism whenever the last one died: a call
    after which Prism is dead is ``prism-cannot-serve`` (Prism crashed on it), one that loses its connection to a
    living Prism is a failure, and the others are judged as usual."""
    judged = []
    for suspect in suspects:
        op, mode, flavor = suspect.operation, suspect.mode, suspect.flavor
        server = prep.servers[mode]
        if server.process.poll() is not None:
            server = prep.restart(mode)
        outcome = _call_alone(pkg, op, mode, flavor, server, kwargs[op.python])
        if outcome.kind == SUSPECT:
            time.sleep(0.5)  # let a dying Prism finish dying
            if server.process.poll() is not None:
                outcome.kind = "prism-cannot-serve"
                outcome.detail = f"Prism crashed on this request: {server.reason()}"
                prep.restart(mode)
            elif _informational_only(pkg, op):
                outcome.kind = "prism-cannot-serve"
                outcome.detail = "the operation answers only 1xx, which Prism sends as a final answer (HTTP has none)"
            else:
                outcome.kind = "failure"
        judged.append(outcome)
    return judged


def call_everything(
    pkg: Package, prep: Prepared, ops: list[Operation], kwargs: dict[str, dict[str, Any]]
) -> list[Outcome]:
    """Sync: every operation with arguments, spread over ``WORKERS`` threads per mode; async: the sample."""
    sample = [op for i, op in enumerate(ops) if i % ASYNC_EVERY == 0 and op.python in kwargs]
    ops = [op for op in ops if op.python in kwargs]  # the others failed before any call, and say so
    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=WORKERS * len(MODES) + len(MODES)) as pool:
        futures = []
        for mode in MODES:
            server = prep.servers.get(mode)
            if server is None:
                reason = f"Prism could not load the spec: {first_lines(prep.server_errors.get(mode, '?'), 2, 300)}"
                for flavor, chosen in (("sync", ops), ("async", sample)):
                    outcomes += [
                        Outcome(op, mode, flavor, "prism-cannot-serve", detail=reason, called=False) for op in chosen
                    ]
                continue
            jobs = [(op, kwargs[op.python]) for op in ops]
            for chunk in _chunks(jobs, WORKERS):
                futures.append(pool.submit(_sync_worker, pkg, server, mode, chunk))
            async_jobs = [(op, kwargs[op.python]) for op in sample]
            futures.append(pool.submit(asyncio.run, _async_calls(pkg, server, mode, async_jobs)))
        for future in futures:
            outcomes += future.result()
    suspects = [o for o in outcomes if o.kind == SUSPECT]
    return [o for o in outcomes if o.kind != SUSPECT] + _isolate(pkg, prep, suspects, kwargs)


# -- the import-everything checks ---------------------------------------------------------------------------------


def _rebuild(model: Any) -> None:
    # A function of its own: model_rebuild() resolves names in its caller's frame too, and this frame holds none.
    model.model_rebuild(raise_errors=True)


def parse_types(returns: Any, package: str) -> list[Any]:
    """What a method's answer is parsed into: its return type, or for one of the runtime's own containers (a page,
    a stream) the types it holds."""
    origin = typing.get_origin(returns) or returns
    if isinstance(origin, type) and origin.__module__.startswith(f"{package}._runtime"):
        return [a for a in typing.get_args(returns)]
    return [returns]


def check_package(pkg: Package, ops: list[Operation], report: SpecReport) -> None:
    names = [pkg.name] + [i.name for i in pkgutil.walk_packages(pkg.module.__path__, pkg.name + ".")]
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except Exception as exc:  # noqa: BLE001
            report.check_failures.append(Failure("import", name, describe(exc)))
    report.modules_ok, report.modules_total = len(modules), len(names)
    models = []
    for module in modules:
        for _, obj in sorted(vars(module).items()):
            if (
                isinstance(obj, type)
                and issubclass(obj, pydantic.BaseModel)
                and obj.__module__ == module.__name__
                and not obj.__pydantic_generic_metadata__["origin"]  # not Page[X] made at run time
                and obj not in models
            ):
                models.append(obj)
    ok = 0
    for model in models:
        try:
            _rebuild(model)
            ok += 1
        except Exception as exc:  # noqa: BLE001
            report.check_failures.append(
                Failure("model_rebuild", f"{model.__module__}.{model.__qualname__}", describe(exc))
            )
    report.models_ok, report.models_total = ok, len(models)
    probe = pkg.sync_class(**pkg.client_kwargs(pkg.sync_class, "http://127.0.0.1:9"))
    ok = 0
    for op in ops:
        try:
            method = getattr(getattr(probe, op.resource), op.method)
            returns = typing.get_type_hints(method)["return"]
            for parsed in parse_types(returns, pkg.name):
                adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(parsed)
                adapter.rebuild(raise_errors=True)
                adapter.validator  # noqa: B018 - a mock validator raises here when the type is not fully defined
            ok += 1
        except Exception as exc:  # noqa: BLE001
            report.check_failures.append(Failure("return type", op.label, describe(exc)))
    report.returns_ok, report.returns_total = ok, len(ops)
    probe.close()


# -- one spec -----------------------------------------------------------------------------------------------------


def run_spec(prep: Prepared) -> SpecReport:
    report = SpecReport(prep.key, prism_view=prep.prism_view, seconds=dict(prep.seconds))
    REPORTS[prep.key] = report
    for mode in MODES:
        server = prep.servers.get(mode)
        info = PrismInfo(error=first_lines(prep.server_errors.get(mode, ""), 2, 300))
        if server is not None:
            info.startup_seconds, info.ready_rss_mib = server.startup_seconds, server.ready_rss_mib
        report.prism[mode] = info
    report.setup_failures += prep.setup_failures
    if prep.build.returncode != 0 or prep.wire is None or prep.doc is None:
        return report
    started = time.monotonic()
    # every method: an operation's own, and the ones that send its body in another encoding (``variants``)
    ops = [
        Operation(python, o["operationId"], o["method"], o["path"])
        for o in prep.build.provenance()["operations"]
        for python in (o["python"], *o.get("variants", ()))
    ]
    report.operations = len(prep.build.provenance()["operations"])
    try:
        pkg = import_package(prep.build, prep.doc)
    except Exception as exc:  # noqa: BLE001
        report.setup_failures.append(Failure("setup", "importing the client", describe(exc)))
        return report
    probe = pkg.sync_class(**pkg.client_kwargs(pkg.sync_class, "http://127.0.0.1:9"))
    kwargs: dict[str, dict[str, Any]] = {}
    sample = {op.python for i, op in enumerate(ops) if i % ASYNC_EVERY == 0}
    for op in ops:
        try:
            method = getattr(getattr(probe, op.resource), op.method)
            kwargs[op.python] = arguments(prep.doc, op, prep.wire[op.python], method)
        except (ArgumentError, HarnessError, KeyError, AttributeError) as exc:
            stage = "harness" if isinstance(exc, (HarnessError, KeyError)) else "arguments"
            detail = str(exc) if isinstance(exc, (ArgumentError, HarnessError)) else describe(exc)
            for mode in MODES:
                flavors = ("sync", "async") if op.python in sample else ("sync",)
                report.outcomes += [
                    Outcome(op, mode, f, "failure", detail=detail, called=False, stage=stage) for f in flavors
                ]
    probe.close()
    report.seconds["arguments"] = time.monotonic() - started
    started = time.monotonic()
    report.outcomes += call_everything(pkg, prep, ops, kwargs)
    report.seconds["calls"] = time.monotonic() - started
    for mode, count in prep.restarts.items():
        report.prism[mode].restarts = count
    started = time.monotonic()
    check_package(pkg, ops, report)
    report.seconds["checks"] = time.monotonic() - started
    return report


def failure_classes(report: SpecReport) -> Counter[str]:
    return Counter(f.kind() for f in report.failures())
