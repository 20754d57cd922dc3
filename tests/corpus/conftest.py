"""Session fixtures for the corpus tests: generated clients (made once, shared by ``test_corpus.py`` and the
contract layer), a ``Preparer`` that readies the next specs' clients and Prism servers in the background, and the
contract layer's summary table at the end of the session.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import prism_kit
import pytest
import yaml

from .contract_kit import REPORTS, Failure, Prepared, failure_classes
from .corpus_kit import LARGE, ROOT, Builds, client_name
from .prism_views import VIEWS
from .values import Document

ADAPTER = Path(__file__).resolve().parent / "generator_adapter.py"
PRISM_STARTUP = float(os.environ.get("SDKSMITH_PRISM_STARTUP", "300"))
LOOKAHEAD = int(os.environ.get("SDKSMITH_CORPUS_LOOKAHEAD", "2"))
# A fixed seed keeps dynamic answers the same from run to run; warnings only, since Prism logs every request.
PRISM_ARGS = ("--seed", "sdksmith", "-v", "warn")
_LAYER: dict[str, Any] = {}


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return Builds(tmp_path_factory.mktemp("clients"))


def _load(spec: Path) -> dict[str, Any]:
    text = spec.read_text(encoding="utf-8")
    if spec.suffix == ".json":
        data: dict[str, Any] = json.loads(text)
    else:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


class Preparer:
    """Readies each spec of the contract layer (generated client, wire facts, spec data, Prism in both modes) on
    two background threads, ``LOOKAHEAD`` specs ahead of the test that is running, so start-ups overlap calls."""

    def __init__(self, builds: Builds, order: list[Path], work: Path) -> None:
        self._builds = builds
        self._order = order
        self._work = work
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="prepare")
        # The largest spec selected (Stripe: a minute of Prism start-up) is readied from the start, on its own thread.
        self._early = [p for p in order if p.name in LARGE][-1:]
        self._early_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare-early")
        self._futures: dict[Path, Future[Prepared]] = {}
        self._lock = threading.Lock()

    def get(self, spec: Path) -> Prepared:
        _LAYER.setdefault("started", time.monotonic())
        _LAYER.setdefault("cpu0", _cpu_seconds())
        with self._lock:
            for early in self._early:
                if early not in self._futures:
                    self._futures[early] = self._early_pool.submit(self._prepare, early)
            index = self._order.index(spec) if spec in self._order else len(self._order)
            for ahead in [spec, *self._order[index + 1 : index + 1 + LOOKAHEAD]]:
                if ahead not in self._futures:
                    self._futures[ahead] = self._pool.submit(self._prepare, ahead)
        return self._futures[spec].result()

    def release(self, prep: Prepared) -> None:
        report = REPORTS.get(prep.key)
        for mode, server in prep.servers.items():
            server.stop()
            if report is not None and mode in report.prism:
                report.prism[mode].peak_rss_mib = server.peak_rss_mib
        # The layer's span: from its first test's start to its last test's end (whatever else the session runs).
        _LAYER["seconds"] = time.monotonic() - _LAYER["started"]
        _LAYER["cpu"] = _cpu_seconds() - _LAYER["cpu0"]

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._early_pool.shutdown(wait=True, cancel_futures=True)
        for future in self._futures.values():
            if future.done() and future.exception() is None:
                for server in future.result().servers.values():
                    server.stop()

    def _prepare(self, spec: Path) -> Prepared:
        key = spec.name
        seconds: dict[str, float] = {}
        failures: list[Failure] = []
        started = time.monotonic()
        # The adapter builds the IR in its own process, beside the generation (if that has not run yet).
        adapter = subprocess.Popen(
            [sys.executable, str(ADAPTER), str(spec), client_name(spec)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        build = self._builds.get(spec)
        if build.returncode != 0:
            failures.append(Failure("setup", "generation", f"exit {build.returncode}: {build.stderr.strip()[:2000]}"))
        out, err = adapter.communicate()
        wire = None
        if adapter.returncode == 0:
            wire = json.loads(out)
        else:
            failures.append(Failure("harness", "generator_adapter", err.decode(errors="replace").strip()[-2000:]))
        seconds["generate"] = build.seconds
        seconds["generate+adapter"] = time.monotonic() - started
        data = _load(spec)
        doc = Document(data)
        served, view_note = spec, ""
        if key in VIEWS:
            view, view_note = VIEWS[key](data)
            served = self._work / f"prism-view-{spec.stem}.json"
            served.write_text(json.dumps(view), encoding="utf-8")
        started = time.monotonic()
        servers: dict[str, prism_kit.PrismServer] = {}
        errors: dict[str, str] = {}
        restarts: Counter[str] = Counter()

        def start(mode: str) -> prism_kit.PrismServer:
            server = prism_kit.start(key, served, mode, self._work, timeout=PRISM_STARTUP, extra_args=PRISM_ARGS)
            atexit.register(server.stop)  # should the session die before the test releases it
            return server

        def restart(mode: str) -> prism_kit.PrismServer:
            servers[mode].stop()
            servers[mode] = start(mode)
            restarts[mode] += 1
            return servers[mode]

        with ThreadPoolExecutor(max_workers=len(prism_kit.MODES)) as pool:
            futures = {mode: pool.submit(start, mode) for mode in prism_kit.MODES}
            for mode, future in futures.items():
                try:
                    servers[mode] = future.result()
                except prism_kit.PrismStartError as exc:
                    errors[mode] = str(exc)
        seconds["prism start"] = time.monotonic() - started
        return Prepared(key, spec, build, wire, doc, servers, errors, view_note, failures, seconds, restart, restarts)


def _cpu_seconds() -> float:
    """User + system CPU of this process and every child it has waited for (Prism, generation, the adapter)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.fixture(scope="session")
def preparer(
    builds: Builds, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Preparer]:
    problem = prism_kit.prism_problem()
    if problem is not None:
        pytest.fail(problem)
    order = [
        item.callspec.params["spec"]
        for item in request.session.items
        if item.originalname == "test_every_operation_parses_or_raises_its_typed_error" and hasattr(item, "callspec")
    ]
    work = tmp_path_factory.mktemp("corpus-contract")
    prep = Preparer(builds, order, work)
    try:
        yield prep
    finally:
        prep.close()
        path = Path(os.environ.get("SDKSMITH_CORPUS_REPORT", str(work / "corpus-contract.json")))
        path.write_text(json.dumps([r.as_json() for r in REPORTS.values()], indent=1), encoding="utf-8")
        _LAYER["report"] = path


# -- the summary --------------------------------------------------------------------------------------------------


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))) for row in rows
    ]


def _row(name: str, reports: list[Any]) -> tuple[str, ...]:
    def total(get: Any) -> int:
        return sum(get(r) for r in reports)

    return (
        name,
        str(total(lambda r: r.operations)),
        str(total(lambda r: r.called)),
        str(total(lambda r: r.count("parsed"))),
        f"{total(lambda r: r.count('typed-error'))} ({total(lambda r: r.refused)})",
        str(total(lambda r: r.count("prism-cannot-serve"))),
        str(total(lambda r: r.count("failure") + len(r.setup_failures))),
        f"{total(lambda r: r.models_ok)}/{total(lambda r: r.models_total)}",
        f"{total(lambda r: r.returns_ok)}/{total(lambda r: r.returns_total)}",
    )


def _by_reason(write: Any, title: str, outcomes: list[tuple[str, Any]]) -> None:
    """One line per spec and reason: how many calls, and one of them."""
    if not outcomes:
        return
    write("")
    write(title)
    grouped: dict[tuple[str, str], list[str]] = {}
    for spec, o in outcomes:
        grouped.setdefault((spec, o.detail[:200]), []).append(f"{o.mode}/{o.flavor} {o.operation.python}")
    for (spec, reason), where in grouped.items():
        write(f"  {spec}: {len(where)} x {reason} (e.g. {where[0]})")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not REPORTS:
        return
    write = terminalreporter.write_line
    reports = list(REPORTS.values())
    terminalreporter.section("corpus contract summary")
    write("calls: every sync operation and every 5th async one (the first included), against Prism static and dynamic")
    header = ("spec", "ops", "called", "parsed", "typed err (refused)", "cannot serve", "failures", "models ok")
    rows = [(*header, "return types ok"), *(_row(r.spec, [r]) for r in reports), _row("total", reports)]
    for text in _table(rows):
        write(text)
    write("")
    write("prism per mode (start-up s / RSS MiB when ready / peak RSS MiB); wall seconds of each step:")
    for r in reports:
        cells = []
        for mode, info in r.prism.items():
            if info.error:
                cells.append(f"{mode}: could not load: {info.error[:200]}")
                continue
            start = "-" if info.startup_seconds is None else f"{info.startup_seconds:.1f}"
            again = f" ({info.restarts} restart(s) after a crash)" if info.restarts else ""
            cells.append(f"{mode} {start}s/{_mib(info.ready_rss_mib)}/{_mib(info.peak_rss_mib)}{again}")
        steps = ", ".join(f"{k} {v:.1f}" for k, v in r.seconds.items())
        write(f"  {r.spec}: {'; '.join(cells)}; {steps}")
        if r.prism_view:
            write(f"    {r.prism_view}")
    _by_reason(
        write,
        "prism-cannot-serve, by reason:",
        [(r.spec, o) for r in reports for o in r.outcomes if o.kind == "prism-cannot-serve"],
    )
    _by_reason(
        write,
        "typed errors Prism chose because it refused the request (its problem answer or request violations):",
        [(r.spec, o) for r in reports for o in r.outcomes if o.refused],
    )
    if any(r.failures() for r in reports):
        write("")
        write("failures by class (every failure is listed in its test's assertion message and the JSON report):")
        for r in reports:
            for cls, n in failure_classes(r).most_common():
                write(f"  {r.spec}: {n} x {cls}")
    if "seconds" in _LAYER:
        write("")
        write(
            f"corpus contract layer: {_LAYER['seconds']:.0f}s wall, {_LAYER['cpu']:.0f}s CPU (this process and its "
            f"children); JSON report: {_LAYER.get('report')}"
        )
