"""Prism mock servers, shared by the seed contract tests (``tests/contract``) and the corpus contract layer
(``tests/corpus``).

``prism mock SPEC --errors`` answers a request that violates its spec with an error (422/400/401/404 with an
``application/problem+json`` body) instead of a mock. ``static`` mode serves the spec's examples; ``dynamic``
(``-d``) serves random data valid against the schemas. Prism is the pinned ``@stoplight/prism-cli`` from
``tests/package.json`` (``npm ci --prefix tests``); nothing here needs the network.

Each server runs in its own process group (``start_new_session``), so stopping one reaches only it and its
children. ``PrismServer`` keeps what the corpus summary reports about a start: seconds until Prism answered HTTP,
and its resident memory (``VmRSS`` when ready, ``VmHWM`` peak when stopped, from ``/proc``).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

TESTS_DIR = Path(__file__).resolve().parent
PRISM_BIN = TESTS_DIR / "node_modules" / ".bin" / "prism"
MODES = ("static", "dynamic")
STARTUP_SECONDS = 60.0
_ENV = {"SCARF_ANALYTICS": "false", "DO_NOT_TRACK": "1", "NO_UPDATE_NOTIFIER": "1"}


class PrismStartError(RuntimeError):
    """Prism exited or did not answer in time; the message ends with the tail of its log."""


def prism_problem() -> str | None:
    """Why Prism cannot run here, or None."""
    if not PRISM_BIN.exists():
        return f"{PRISM_BIN} is missing: run `npm ci --prefix tests` (Prism is pinned in tests/package.json)"
    if shutil.which("node") is None:
        return "node is not on PATH; Prism needs it"
    return None


_HANDED_OUT: set[int] = set()
_PORTS = threading.Lock()


def free_port() -> int:
    """A free port no server of this test run was given before. The kernel may hand the same free port to two
    servers started at once (neither has bound it yet); the one that lost the bind would then take the other's
    answers to its readiness probe for its own, and its calls would reach a server of another spec ("route not
    found in the specification file")."""
    with _PORTS:
        while True:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind(("127.0.0.1", 0))
                port = int(s.getsockname()[1])
            if port not in _HANDED_OUT:
                _HANDED_OUT.add(port)
                return port


def _proc_kib(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


@dataclass
class PrismServer:
    key: str  # what the caller calls the spec (a client name, a corpus file name)
    mode: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    launched: float = field(default_factory=time.monotonic)
    startup_seconds: float | None = None
    ready_rss_mib: float | None = None
    peak_rss_mib: float | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def reason(self) -> str:
        """Why Prism stopped, from its log: its last ``Error`` line, else its last line."""
        lines = [line.strip() for line in self.log(20000).splitlines() if line.strip()]
        errors = [line for line in lines if re.match(r"^(\w*Error|\[.*\].*(error|fatal))\b", line, re.IGNORECASE)]
        return (errors or lines or ["(empty log)"])[-1][:400]

    def rss_mib(self, key: str = "VmRSS") -> float | None:
        kib = _proc_kib(self.process.pid, key)
        return None if kib is None else kib / 1024

    def wait_ready(self, deadline: float, timeout_label: float = STARTUP_SECONDS) -> None:
        """Until Prism answers HTTP at all (an unknown path gets its 404 problem); raise with its log if it dies."""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise PrismStartError(
                    f"prism ({self.key}, {self.mode}) exited with {self.process.returncode}: {self.reason()}\n{self.log()}"
                )
            try:
                httpx.get(f"{self.url}/__sdksmith_ready__", timeout=1.0)
                self.startup_seconds = time.monotonic() - self.launched
                self.ready_rss_mib = self.rss_mib()
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise PrismStartError(
            f"prism ({self.key}, {self.mode}) did not answer within {timeout_label:.0f}s:\n{self.log()}"
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.peak_rss_mib = self.rss_mib("VmHWM")
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def launch(key: str, spec: Path, mode: str, log_dir: Path, extra_args: Sequence[str] = ()) -> PrismServer:
    """Start ``prism mock`` on 127.0.0.1 with ``--errors`` (``--dynamic`` in dynamic mode); do not wait."""
    port = free_port()
    log_path = log_dir / f"prism-{key}-{mode}-{port}.log"
    cmd = [str(PRISM_BIN), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port), "--errors", *extra_args]
    if mode == "dynamic":
        cmd.append("--dynamic")
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **_ENV},
            start_new_session=True,
        )
    return PrismServer(key, mode, port, process, log_path)


def start(
    key: str,
    spec: Path,
    mode: str,
    log_dir: Path,
    *,
    timeout: float = STARTUP_SECONDS,
    extra_args: Sequence[str] = (),
    attempts: int = 3,
) -> PrismServer:
    """A ready server, or ``PrismStartError``. An exit is retried (the free port may be taken between probing and
    Prism binding it); a server still loading at ``timeout`` is not."""
    last: PrismStartError | None = None
    for _ in range(attempts):
        server = launch(key, spec, mode, log_dir, extra_args)
        try:
            server.wait_ready(time.monotonic() + timeout, timeout)
            return server
        except PrismStartError as exc:
            server.stop()
            if server.startup_seconds is None and "did not answer" in str(exc):
                raise  # still loading: another attempt would be as slow
            last = exc
    assert last is not None
    raise last


class PrismPool:
    """Prism servers keyed by (key, mode), started on first need (several at once, in parallel), stopped by
    ``close``. ``spec_for(key)`` names the document each key serves."""

    def __init__(self, log_dir: Path, spec_for: Callable[[str], Path], extra_args: Sequence[str] = ()) -> None:
        self._log_dir = log_dir
        self._spec_for = spec_for
        self._extra_args = tuple(extra_args)
        self._servers: dict[tuple[str, str], PrismServer] = {}
        self._lock = threading.Lock()

    def _start(self, key: str, mode: str) -> PrismServer:
        return start(key, self._spec_for(key), mode, self._log_dir, extra_args=self._extra_args)

    def ensure(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Start every (key, mode) not yet running, all at once."""
        with self._lock:
            missing = [p for p in dict.fromkeys(pairs) if p not in self._servers]
            if not missing:
                return
            with ThreadPoolExecutor(max_workers=len(missing)) as pool:
                futures = {p: pool.submit(self._start, *p) for p in missing}
            errors = []
            for pair, future in futures.items():
                try:
                    self._servers[pair] = future.result()
                except Exception as exc:  # noqa: BLE001 - reported below, all at once
                    errors.append(f"{pair}: {exc}")
            if errors:
                raise RuntimeError("\n".join(errors))

    def url(self, key: str, mode: str) -> str:
        self.ensure([(key, mode)])
        return self._servers[(key, mode)].url

    def close(self) -> None:
        for server in self._servers.values():
            server.stop()
        self._servers.clear()
