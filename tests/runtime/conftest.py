"""Fixtures for the runtime tests: anyio backend, sync/async kits, sleep recorder, a fault-injecting HTTP server."""

from __future__ import annotations

import logging
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from typing import Callable, Iterator

import anyio
import pytest

from runtime_kit import LOG_ENV, Kit


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=["sync", "async"])
def kit(request: pytest.FixtureRequest) -> Kit:
    return Kit(request.param)


@pytest.fixture(autouse=True)
def _no_log_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LOG_ENV, raising=False)


@pytest.fixture
def fresh_logger(request: pytest.FixtureRequest) -> Iterator[str]:
    """A logger name used by one test only; its handlers and level are removed afterwards."""
    name = f"sdksmith_test_{request.node.name}"
    yield name
    logger = logging.getLogger(name)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the delays the retry loop asks for (time.sleep for sync, anyio.sleep for async) without waiting."""
    recorded: list[float] = []
    real_anyio_sleep = anyio.sleep

    def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def fake_anyio_sleep(seconds: float) -> None:
        recorded.append(seconds)
        await real_anyio_sleep(0)

    monkeypatch.setattr(time, "sleep", fake_sleep)
    monkeypatch.setattr(anyio, "sleep", fake_anyio_sleep)
    return recorded


# -- fault injection ---------------------------------------------------------------------------------------


class FaultServer:
    """A tiny HTTP/1.1 server on 127.0.0.1 whose routes misbehave on purpose.

    Routes (the second path segment is a per-test key, so each test counts its own requests):
      /reset/K          read the request, then reset the connection without answering
      /slow/K           answer after 2 s (or when the server stops)
      /drip/K           send headers at once, then one body byte every 0.1 s for 4 s
      /drip-headers/K   send one header line every 0.1 s for 4 s, never finishing the head
      /flaky/K          500 the first time, then 200 {"id": n, "name": "ok"}
      /ratelimited/K    429 with Retry-After: 0 the first time, then 200
      /malformed/K      200 with a body that is not JSON
      /cut-stream/K     200 JSONL with Content-Length, one line then half a line, then hang up
      /cut-close/K      200 JSONL delimited by closing, one line then half a line, then close
      /item/K           200 {"id": 1, "name": "ok"}
      /drip-header-bytes/K  the status line, then one byte of a header every 0.2 s for 8 s (the issue's case)
      /gzip-bomb/K      200 with Content-Encoding: gzip: 1 MiB on the wire, 1 GiB of JSON-ish zeros inflated
      /big/K            200 JSON, 150 MB sent chunked (no Content-Length), 1 MiB at a time
      /long-line/K      200 JSON lines whose first line is 150 MB long, sent chunked
      /sse/K            200 text/event-stream: a comment, a multi-line event, an unknown event, one with id and
                        retry, then half an event, then the server hangs up (chunked: the cut is a broken stream)
      /sse-close/K      the same, delimited by closing the connection (the cut is the end of the stream)
    Every connection is closed after one exchange. The server stops itself after ``lifetime`` seconds.
    """

    def __init__(self, lifetime: float = 120.0) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.hits: Counter[str] = Counter()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._deadline = time.monotonic() + lifetime
        self._threads: list[threading.Thread] = []
        self._thread = threading.Thread(target=self._serve, name="fault-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self._thread.join(timeout=2)
        for thread in self._threads:
            thread.join(timeout=2)
        self.sock.close()

    def _serve(self) -> None:
        while not self.stopping.is_set() and time.monotonic() < self._deadline:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            thread = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            request_line = head.split(b"\r\n", 1)[0].decode()
            path = request_line.split(" ")[1].split("?")[0]
            with self._lock:
                self.hits[path] += 1
                n = self.hits[path]
            route = path.split("/")[1]
            getattr(self, "_route_" + route.replace("-", "_"))(conn, n)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    @staticmethod
    def _send(
        conn: socket.socket, status: str, body: bytes, content_type: str = "application/json", extra: str = ""
    ) -> None:
        head = (
            f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            f"Connection: close\r\n{extra}\r\n"
        )
        conn.sendall(head.encode() + body)

    def _route_reset(self, conn: socket.socket, n: int) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST

    def _route_slow(self, conn: socket.socket, n: int) -> None:
        if not self.stopping.wait(2.0):
            self._send(conn, "200 OK", b'{"id": 1, "name": "late"}')

    def _route_drip(self, conn: socket.socket, n: int) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\nConnection: close\r\n\r\n"
        )
        for _ in range(40):
            if self.stopping.wait(0.1):
                return
            conn.sendall(b" ")

    def _route_drip_headers(self, conn: socket.socket, n: int) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        for index in range(40):
            if self.stopping.wait(0.1):
                return
            conn.sendall(f"X-Drip-{index}: x\r\n".encode())

    def _route_flaky(self, conn: socket.socket, n: int) -> None:
        if n == 1:
            self._send(conn, "500 Internal Server Error", b'{"code": "boom", "message": "try again"}')
        else:
            self._send(conn, "200 OK", b'{"id": %d, "name": "ok"}' % n)

    def _route_ratelimited(self, conn: socket.socket, n: int) -> None:
        if n == 1:
            self._send(
                conn, "429 Too Many Requests", b'{"code": "slow", "message": "down"}', extra="Retry-After: 0\r\n"
            )
        else:
            self._send(conn, "200 OK", b'{"id": %d, "name": "ok"}' % n)

    def _route_malformed(self, conn: socket.socket, n: int) -> None:
        self._send(conn, "200 OK", b'{"id": 1, "name": "tru')

    _LINE = b'{"type": "item", "data": {"id": 1, "name": "first"}}\n'
    _HALF = b'{"type": "item", "data": {"id": 2, "na'

    def _route_cut_stream(self, conn: socket.socket, n: int) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/jsonl\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n"
            + self._LINE
            + self._HALF
        )

    def _route_cut_close(self, conn: socket.socket, n: int) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/jsonl\r\nConnection: close\r\n\r\n" + self._LINE + self._HALF
        )

    def _route_item(self, conn: socket.socket, n: int) -> None:
        self._send(conn, "200 OK", b'{"id": 1, "name": "ok"}')

    def _route_drip_header_bytes(self, conn: socket.socket, n: int) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(40):
            if self.stopping.wait(0.2):
                return
            conn.sendall(b"x")

    _BOMB: bytes = b""

    @classmethod
    def bomb(cls) -> bytes:
        """1 GiB of zeros, gzip-compressed (about 1 MiB), made once."""
        if not cls._BOMB:
            packer = zlib.compressobj(9, zlib.DEFLATED, 31)
            zeros = b"0" * (1 << 20)
            cls._BOMB = b"".join(packer.compress(zeros) for _ in range(1024)) + packer.flush()
        return cls._BOMB

    def _route_gzip_bomb(self, conn: socket.socket, n: int) -> None:
        body = self.bomb()
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        conn.sendall(head.encode() + body)

    def _chunked(self, conn: socket.socket, content_type: str, first: bytes, chunk: bytes, count: int) -> None:
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
        for piece in [first] + [chunk] * count:
            if self.stopping.is_set():
                return
            conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        conn.sendall(b"0\r\n\r\n")

    def _route_big(self, conn: socket.socket, n: int) -> None:
        self._chunked(conn, "application/json", b'{"pad": "', b" " * (1 << 20), 150)

    def _route_long_line(self, conn: socket.socket, n: int) -> None:
        self._chunked(conn, "application/jsonl", b'{"type": "item", "data": {"id": 1, "name": "', b"x" * (1 << 20), 150)

    SSE = (
        b": a comment the client skips\n"
        b"data: {\"id\": 1,\n"
        b"data:  \"name\": \"multi-line\"}\n"
        b"\n"
        b"event: ping\n"
        b"data: {\"ignored\": true}\n"
        b"\n"
        b"id: ev-2\n"
        b"retry: 1500\n"
        b"data: {\"id\": 2, \"name\": \"second\"}\n"
        b"\n"
        b"data: {\"id\": 3, \"na"
    )

    def _route_sse(self, conn: socket.socket, n: int) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
        for piece in (self.SSE[:40], self.SSE[40:]):  # the multi-line event arrives in two pieces
            conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.stopping.wait(0.05)

    def _route_sse_close(self, conn: socket.socket, n: int) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + self.SSE)


@pytest.fixture(scope="module")
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def key(request: pytest.FixtureRequest) -> str:
    """A path segment unique to this test, so server-side hit counts are per test."""
    return request.node.name.replace("[", "-").replace("]", "").replace("/", "-")


@pytest.fixture
def hits(fault_server: FaultServer) -> Callable[[str], int]:
    """How many requests the fault server saw on a path."""
    return lambda path: fault_server.hits[path]
