"""sdksmith's benchmark suite: every figure is a ratio against a baseline measured side by side, and every target
of the performance issue is reported as met or not, from one run.

    .venv/bin/python tests/bench/bench.py            # full run (installs the peer into .bench/peer-venv)
    .venv/bin/python tests/bench/bench.py --quick    # smoke: tiny sizes, no peer

Each comparison alternates A and B in one process tree, several rounds after a warm-up, and reports medians and
the median of the per-pair ratios. Child processes write bytecode caches as Python does by default (the warm-up
writes them), so imports are measured as an installed package runs, not recompiled every time. Nothing here
asserts a time: the report is read by people.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
PY = sys.executable
PEER_VERSION = "0.29.1"  # openapi-python-client
PEER_RUFF = "0.15.2"
# Specs held outside the repository (PagerDuty's published spec: a 3,000-class client): a folder named by
# SDKSMITH_BENCH_SPECS; without it the PagerDuty first call is reported as not measured.
REALSPECS = Path(os.environ["SDKSMITH_BENCH_SPECS"]) if os.environ.get("SDKSMITH_BENCH_SPECS") else None
# Children write .pyc files as Python does unless told not to (this sandbox sets PYTHONDONTWRITEBYTECODE).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# -- measuring ------------------------------------------------------------------------------------------------


def run_measured(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process, from its own rusage."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env if env is not None else ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {err[-2000:]}")
    return elapsed, usage.ru_maxrss


def side_by_side(a: Callable[[], float], b: Callable[[], float], rounds: int) -> dict[str, float]:
    """Warm up both, then alternate A and B; medians and the median per-pair ratio A/B."""
    a(), b()
    pairs = []
    for index in range(rounds):
        # alternate who goes first, so a warming cache or a busy neighbour does not favour one side
        if index % 2:
            tb, ta = b(), a()
        else:
            ta, tb = a(), b()
        pairs.append((ta, tb))
    return {
        "a": statistics.median(p[0] for p in pairs),
        "b": statistics.median(p[1] for p in pairs),
        "ratio": statistics.median(p[0] / p[1] for p in pairs),
    }


# -- the peer ---------------------------------------------------------------------------------------------------


def peer_venv() -> Path:
    venv = ROOT / ".bench" / "peer-venv"
    exe = venv / "bin" / "openapi-python-client"
    if not exe.exists():
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", f"openapi-python-client=={PEER_VERSION}", f"ruff=={PEER_RUFF}"],
            check=True,
        )
    return venv


def peer_env(venv: Path) -> dict[str, str]:
    return {**ENV, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}"}


# -- 1 and 6: generation time and memory, sdksmith vs openapi-python-client -------------------------------------


_EDIT = """
import json, sys, yaml
from pathlib import Path
spec, folder, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
data = yaml.load(spec.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
for index in range(count):
    data["info"]["description"] = f"{data['info'].get('description') or ''} (edit {index})"
    path = folder / f"edit{index}" / spec.name
    path.parent.mkdir(parents=True)
    if spec.suffix == ".json":
        text = json.dumps(data, default=str)
    else:  # YAML stays YAML: reading it is a good part of a run on a big spec
        text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
"""


def _edited_copies(spec: Path, folder: Path, count: int) -> list[Path]:
    """``count`` copies of ``spec`` (same name and format: same package), each with another ``info.description``:
    the smallest edit a maintainer makes, so every step whose input it changes runs again. Made in a child
    process: a child's peak RSS as the kernel reports it is at least its parent's size when it was started, so
    the benchmark process must stay small (reading Stripe here would set a floor of ~110 MiB under every figure)."""
    subprocess.run([PY, "-c", _EDIT, str(spec), str(folder), str(count)], check=True)
    return [folder / f"edit{index}" / spec.name for index in range(count)]


def bench_generation(specs: list[Path], rounds: int) -> list[dict[str, object]]:
    """Cold (``SDKSMITH_NO_CACHE=1``: nothing cached), warm (the cache filled by a run of the same spec, its
    output folder deleted: every cached step is read back) and after an edit (the cache filled, then
    ``info.description`` changed: the spec is validated again, models and formatting are read back), each
    against the peer side by side."""
    venv = peer_venv()
    env = peer_env(venv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec in specs:
            out_a, out_b = Path(tmp) / "a", Path(tmp) / "b"
            rss: dict[str, int] = {"a": 0, "b": 0}
            cold_env = {**ENV, "SDKSMITH_NO_CACHE": "1"}
            warm_env = {**ENV, "SDKSMITH_CACHE_DIR": str(Path(tmp) / f"cache-{spec.stem}")}

            def ours(env: dict[str, str] = cold_env, source: Path = spec) -> float:
                shutil.rmtree(out_a, ignore_errors=True)
                cmd = [PY, "-m", "generator", "generate", str(source), "--out", str(out_a), "-q"]
                seconds, kib = run_measured(cmd, cwd=ROOT, env=env)
                rss["a"] = max(rss["a"], kib)
                return seconds

            def peer() -> float:
                shutil.rmtree(out_b, ignore_errors=True)
                cmd = [str(venv / "bin" / "openapi-python-client"), "generate", "--path", str(spec), "--output-path", str(out_b), "--overwrite"]
                try:
                    seconds, kib = run_measured(cmd, env=env)
                except RuntimeError:
                    return float("nan")  # the peer fails on some real specs (see peer-baseline.md)
                rss["b"] = max(rss["b"], kib)
                return seconds

            copies = iter(_edited_copies(spec, Path(tmp) / f"edits-{spec.stem}", rounds + 1))
            kinds: dict[str, Callable[[], float]] = {
                "cold": ours,
                "warm": lambda: ours(warm_env),
                "edit": lambda: ours(warm_env, next(copies)),
            }
            first = peer()
            both = first == first  # NaN: the peer fails on this spec, so there is nothing to compare with
            ours(warm_env)  # fills the cache
            row: dict[str, object] = {"spec": spec.name}
            for kind, run in kinds.items():
                if both:
                    result = side_by_side(run, peer, rounds)
                else:
                    run()
                    result = {"a": statistics.median(run() for _ in range(rounds)), "b": float("nan"), "ratio": float("nan")}
                row[kind] = result
            cold = row["cold"]
            assert isinstance(cold, dict)
            row.update({"a": cold["a"], "b": cold["b"], "ratio": cold["ratio"], "rss_a": rss["a"] / 1024, "rss_b": rss["b"] / 1024})
            rows.append(row)
            print(f"  generation {spec.name}: {row}", file=sys.stderr)
    return rows


# -- 2: growth ---------------------------------------------------------------------------------------------------


def synthetic_spec(scale: int) -> dict[str, object]:
    """An API with 20 x scale operations and 20 x scale schemas, all alike."""
    schemas: dict[str, object] = {}
    paths: dict[str, object] = {}
    for i in range(20 * scale):
        schemas[f"Thing{i}"] = {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string", "description": f"Name of thing {i}."},
                "count": {"type": "integer"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "status": {"type": "string", "enum": ["on", "off"]},
                "parent": {"$ref": f"#/components/schemas/Thing{max(i - 1, 0)}"},
            },
        }
        paths[f"/things{i}/{{id}}"] = {
            "get": {
                "operationId": f"getThing{i}",
                "tags": [f"group{i % 10}"],
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Thing{i}"}}}}
                },
            }
        }
    return {"openapi": "3.1.0", "info": {"title": "Synthetic", "version": "1"}, "paths": paths, "components": {"schemas": schemas}}


def bench_growth(scales: list[int], rounds: int) -> list[dict[str, object]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        previous: tuple[float, float] | None = None
        for scale in scales:
            spec = Path(tmp) / f"synthetic{scale}.json"
            spec.write_text(json.dumps(synthetic_spec(scale)))
            times, peaks = [], []
            for _ in range(rounds + 1):
                out = Path(tmp) / f"out{scale}"
                shutil.rmtree(out, ignore_errors=True)
                cmd = [PY, "-m", "generator", "generate", str(spec), "--out", str(out), "-q"]
                seconds, kib = run_measured(cmd, cwd=ROOT, env={**ENV, "SDKSMITH_NO_CACHE": "1"})
                times.append(seconds)
                peaks.append(kib / 1024)
            t, m = statistics.median(times[1:]), statistics.median(peaks[1:])
            row = {"scale": scale, "seconds": t, "rss_mib": m}
            if previous is not None:
                row["time_ratio"] = t / previous[0]
                row["rss_ratio"] = m / previous[1]
            rows.append(row)
            previous = (t, m)
            print(f"  growth {row}", file=sys.stderr)
    return rows


# -- 3: regeneration when nothing changed -----------------------------------------------------------------------


def bench_unchanged(rounds: int) -> dict[str, float]:
    run_measured([PY, "-m", "generator", "generate", "-q"], cwd=ROOT)  # fill the cache
    check = statistics.median(run_measured([PY, "-m", "generator", "check", "-q"], cwd=ROOT)[0] for _ in range(rounds))
    generate = statistics.median(run_measured([PY, "-m", "generator", "generate", "-q"], cwd=ROOT)[0] for _ in range(rounds))
    return {"check": check, "generate": generate}


# -- 4: import time -----------------------------------------------------------------------------------------------

_IMPORT = """
import time, sys
t0 = time.perf_counter()
import httpx, pydantic
t1 = time.perf_counter()
import {module}
t2 = time.perf_counter()
print((t2 - t1) * 1000, (t1 - t0) * 1000)
"""

_FIRST_CALL = """
import time
t0 = time.perf_counter()
import httpx, pydantic
t1 = time.perf_counter()
import {module} as pkg
client = pkg.{client}(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={body}))))
client.{call}
t2 = time.perf_counter()
print((t2 - t1) * 1000, (t1 - t0) * 1000)
"""


def _child_ms(code: str, cwd: Path, rounds: int, *, recompiled: bool = False) -> tuple[float, float]:
    """Median ms of what ``code`` times, and of its baseline. ``recompiled``: no .pyc file is read or written
    (an empty PYTHONPYCACHEPREFIX), so every module is compiled again, as in this sandbox's default."""
    with tempfile.TemporaryDirectory() as empty:
        env = {**ENV, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": empty} if recompiled else ENV
        subprocess.run([PY, "-c", code], capture_output=True, cwd=cwd, check=True, env=env)  # warm-up: writes the .pyc files
        extra, base = [], []
        for _ in range(rounds):
            out = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=cwd, check=True, env=env).stdout.split()
            extra.append(float(out[0]))
            base.append(float(out[1]))
    return statistics.median(extra), statistics.median(base)


def pagerduty_spec() -> Path | None:
    """PagerDuty's published spec (3,000 classes once generated; sdksmith reads its two responses that ``$ref`` a
    request body as that body, with a warning). None when the spec is not on this machine."""
    source = REALSPECS / "pagerduty.json" if REALSPECS else None
    return source if source is not None and source.is_file() else None


# The largest clients: the spec, the client name, its class, an answer and the first call.
FIRST_CALLS = [
    ("stripe", "Stripe", '{"object": "balance", "available": [], "livemode": False, "pending": []}', "balance.get_balance()"),
    ("box", "Box", '{"id": "1", "type": "user"}', "users.get_users_me()"),
    ("pagerduty", "Pagerduty", '{"abilities": []}', 'abilities.list_abilities()'),
]


def bench_imports(rounds: int, big: bool) -> list[dict[str, object]]:
    rows = []
    for name in ("chatbotkit", "fastly", "hathora", "launchdarkly", "softvisio"):
        src = ROOT / "generated" / name / "src"
        module = next(p.name for p in src.iterdir() if p.is_dir())
        extra, base = _child_ms(_IMPORT.format(module=module), src, rounds)
        recompiled = _child_ms(_IMPORT.format(module=module), src, rounds, recompiled=True)[0]
        rows.append({"package": module, "extra_ms": extra, "baseline_ms": base, "recompiled_ms": recompiled, "kind": "import"})
        print(f"  import {module}: +{extra:.1f} ms over {base:.1f} ms (+{recompiled:.1f} ms recompiled)", file=sys.stderr)
    if not big:
        return rows
    with tempfile.TemporaryDirectory() as tmp:
        specs = {"stripe": CORPUS / "stripe-spec3-2023-09-12.yaml", "box": CORPUS / "box-openapi.json", "pagerduty": pagerduty_spec()}
        for name, client, body, call in FIRST_CALLS:
            spec = specs[name]
            if spec is None:
                print(f"  {name}: spec not found, first call not measured", file=sys.stderr)
                continue
            out = Path(tmp) / name
            cmd = [PY, "-m", "generator", "generate", str(spec), "--out", str(out), "--name", name, "-q"]
            subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=ENV)
            models = len(list((out / "src" / f"{name}_client" / "models").glob("_*.py")))
            code = _FIRST_CALL.format(module=f"{name}_client", client=client, body=body, call=call)
            extra, base = _child_ms(code, out / "src", rounds)
            label = f"{name}_client ({models} model modules): import + client + first call"
            rows.append({"package": label, "extra_ms": extra, "baseline_ms": base, "kind": "first_call"})
            print(f"  {label}: +{extra:.1f} ms over {base:.1f} ms", file=sys.stderr)
    return rows


# -- 5: per-call overhead -------------------------------------------------------------------------------------------

_PER_CALL = r"""
import asyncio, json, statistics, sys, time
import httpx
from fastly_tokens import Fastly, AsyncFastly
from fastly_tokens.models import TokenResponse

BODY = json.dumps({"id": "5Yo3XXnrQpjc20u0ybrf2g", "name": "test-token", "scope": "global", "services": [],
                   "created_at": "2020-06-22T03:19:48.000Z", "expires_at": "2020-07-28T19:24:50.000Z"}).encode()
handler = lambda request: httpx.Response(200, content=BODY, headers={"content-type": "application/json"})
N = int(sys.argv[1]); ROUNDS = int(sys.argv[2])

raw = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://api.fastly.com")
ours = Fastly(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
def a():
    t = time.perf_counter()
    for _ in range(N):
        ours.tokens.get_current()
    return time.perf_counter() - t
def b():
    t = time.perf_counter()
    for _ in range(N):
        TokenResponse.model_validate(raw.get("/tokens/self", headers={"Fastly-Key": "k"}).json())
    return time.perf_counter() - t

araw = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="https://api.fastly.com")
aours = AsyncFastly(api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
async def aa():
    t = time.perf_counter()
    for _ in range(N):
        await aours.tokens.get_current()
    return time.perf_counter() - t
async def ab():
    t = time.perf_counter()
    for _ in range(N):
        TokenResponse.model_validate((await araw.get("/tokens/self", headers={"Fastly-Key": "k"})).json())
    return time.perf_counter() - t

def pairs(fa, fb):
    fa(), fb()
    out = []
    for i in range(ROUNDS):
        if i % 2:
            tb, ta = fb(), fa()
        else:
            ta, tb = fa(), fb()
        out.append((ta, tb))
    return {"ours_us": statistics.median(p[0] for p in out) / N * 1e6, "raw_us": statistics.median(p[1] for p in out) / N * 1e6,
            "ratio": statistics.median(p[0] / p[1] for p in out)}

sync = pairs(a, b)
loop = asyncio.new_event_loop()
asynchronous = pairs(lambda: loop.run_until_complete(aa()), lambda: loop.run_until_complete(ab()))
print(json.dumps({"sync": sync, "async": asynchronous}))
"""

_PEER_CALL = r"""
import json, statistics, sys, time
import httpx
from peer_fastly_client import AuthenticatedClient
from peer_fastly_client.api.tokens import get_token_current
from peer_fastly_client.models import TokenResponse

BODY = json.dumps({"id": "5Yo3XXnrQpjc20u0ybrf2g", "name": "test-token", "scope": "global", "services": [],
                   "created_at": "2020-06-22T03:19:48.000Z", "expires_at": "2020-07-28T19:24:50.000Z"}).encode()
handler = lambda request: httpx.Response(200, content=BODY, headers={"content-type": "application/json"})
N = int(sys.argv[1]); ROUNDS = int(sys.argv[2])
peer = AuthenticatedClient(base_url="https://api.fastly.com", token="k", prefix="", auth_header_name="Fastly-Key")
peer.set_httpx_client(httpx.Client(transport=httpx.MockTransport(handler), base_url="https://api.fastly.com"))
raw = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://api.fastly.com")
def a():
    t = time.perf_counter()
    for _ in range(N):
        get_token_current.sync(client=peer)
    return time.perf_counter() - t
def b():
    t = time.perf_counter()
    for _ in range(N):
        TokenResponse.from_dict(raw.get("/tokens/self", headers={"Fastly-Key": "k"}).json())
    return time.perf_counter() - t
a(), b()
out = []
for i in range(ROUNDS):
    ta, tb = (a(), b()) if i % 2 == 0 else tuple(reversed((b(), a())))
    out.append((ta, tb))
print(json.dumps({"peer_us": statistics.median(p[0] for p in out) / N * 1e6, "raw_us": statistics.median(p[1] for p in out) / N * 1e6,
                  "ratio": statistics.median(p[0] / p[1] for p in out)}))
"""


def bench_per_call(n: int, rounds: int, with_peer: bool) -> dict[str, object]:
    result = json.loads(
        subprocess.run([PY, "-c", _PER_CALL, str(n), str(rounds)], capture_output=True, text=True, check=True, cwd=ROOT / "generated" / "fastly" / "src", env=ENV).stdout
    )
    if with_peer:
        venv = peer_venv()
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [str(venv / "bin" / "openapi-python-client"), "generate", "--path", str(ROOT / "specs" / "fastly.yaml"), "--output-path", f"{tmp}/peer", "--overwrite"],
                check=True,
                capture_output=True,
                env=peer_env(venv),
            )
            package = next(p.name for p in Path(tmp, "peer").iterdir() if p.is_dir() and (p / "__init__.py").exists())
            Path(tmp, "peer", package).rename(Path(tmp, "peer", "peer_fastly_client"))
            done = subprocess.run(
                [str(venv / "bin" / "python"), "-c", _PEER_CALL, str(n), str(rounds)], capture_output=True, text=True, cwd=f"{tmp}/peer", env=peer_env(venv)
            )
            result["peer"] = json.loads(done.stdout) if done.returncode == 0 else {"error": done.stderr[-300:]}
    print(f"  per-call {result}", file=sys.stderr)
    return result


# -- report ---------------------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()} {platform.machine()}"


# Specs both generators handle: the cold and warm targets are ratios on these. The peer fails on Box and Stripe
# (Duplicate key ... in enum): those rows show ours alone.
BOTH = ["hathora-swagger.json", "twilio_video_v1.yaml", "spotify.fixed-open-api.yml", "resend.yaml"]
BIG = ["box-openapi.json", "stripe-spec3-2023-09-12.yaml"]
STRIPE_COLD_S = 15.0


def _fmt(value: float, digits: int = 2) -> str:
    return "-" if value != value else f"{value:.{digits}f}"


def targets(results: dict[str, object]) -> list[tuple[str, str, str]]:
    """(target, figure from this run, met or not) for every target the run measured."""
    rows: list[tuple[str, str, str]] = []

    def add(target: str, figure: str, met: bool) -> None:
        rows.append((target, figure, "met" if met else "**not met**"))

    for row in results.get("generation", []):  # type: ignore[attr-defined]
        name, ratio, warm, b = row["spec"], row["ratio"], row["warm"], row["b"]
        if b == b:  # the peer generated it
            add(f"cold generation <= 1.0x the peer: {name}", f"{ratio:.2f}x ({row['a']:.2f} s vs {b:.2f} s)", ratio <= 1.0)
            add(f"warm generation <= 0.5x the peer: {name}", f"{warm['ratio']:.2f}x ({warm['a']:.2f} s vs {warm['b']:.2f} s)", warm["ratio"] <= 0.5)
            memory = row["rss_a"] / row["rss_b"]
            add(f"peak memory <= 1.2x the peer: {name}", f"{memory:.2f}x ({row['rss_a']:.0f} vs {row['rss_b']:.0f} MiB)", memory <= 1.2)
        elif name.startswith("stripe"):
            add("Stripe cold generation <= 15 s (the peer crashes)", f"{row['a']:.2f} s, warm {warm['a']:.2f} s, {row['rss_a']:.0f} MiB", row["a"] <= STRIPE_COLD_S)
    growth = results.get("growth", [])
    for row in growth[1:]:  # type: ignore[index]
        add(f"growth <= 2.1x per doubling: {row['scale']}x", f"time {row['time_ratio']:.2f}x, memory {row['rss_ratio']:.2f}x", max(row["time_ratio"], row["rss_ratio"]) <= 2.1)
    if "unchanged" in results:
        u = results["unchanged"]
        add("unchanged regeneration < 0.5 s (check, generate; all five clients)", f"{u['check']:.2f} s, {u['generate']:.2f} s", max(u["check"], u["generate"]) < 0.5)  # type: ignore[index]
    for row in results.get("imports", []):  # type: ignore[attr-defined]
        limit = 15.0 if row["kind"] == "import" else 150.0
        what = "package import" if row["kind"] == "import" else "first call"
        add(f"{what} <= +{limit:.0f} ms over httpx + pydantic: {row['package'].split(' ')[0]}", f"+{row['extra_ms']:.1f} ms", row["extra_ms"] <= limit)
    if "per_call" in results:
        for kind in ("sync", "async"):
            r = results["per_call"][kind]  # type: ignore[index]
            add(f"per call <= 1.10x raw httpx + model_validate: {kind}", f"{r['ratio']:.2f}x ({r['ours_us']:.1f} vs {r['raw_us']:.1f} µs)", r["ratio"] <= 1.10)
    return rows


def report(results: dict[str, object]) -> str:
    lines = [f"Machine: {machine()}.", ""]
    if "generation" in results:
        lines += [
            "| spec | sdksmith cold s | openapi-python-client s | cold ratio | sdksmith warm s | warm ratio | after an edit s | edit ratio | sdksmith MiB | peer MiB | memory ratio |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in results["generation"]:  # type: ignore[attr-defined]
            b = row["b"]
            peer = "fails" if b != b else f"{b:.2f}"
            warm, edit = row["warm"], row["edit"]
            lines.append(
                f"| {row['spec']} | {row['a']:.2f} | {peer} | **{_fmt(row['ratio'])}** | {warm['a']:.2f} | {_fmt(warm['ratio'])} "
                f"| {edit['a']:.2f} | {_fmt(edit['ratio'])} "
                f"| {row['rss_a']:.0f} | {_fmt(row['rss_b'], 0) if row['rss_b'] else '-'} | {_fmt(row['rss_a'] / row['rss_b']) if row['rss_b'] else '-'} |"
            )
        lines.append("")
    if "growth" in results:
        lines += ["| synthetic scale | seconds | peak MiB | time vs previous | memory vs previous |", "|---:|---:|---:|---:|---:|"]
        for row in results["growth"]:  # type: ignore[attr-defined]
            lines.append(
                f"| {row['scale']}x | {row['seconds']:.2f} | {row['rss_mib']:.0f} | {_fmt(row.get('time_ratio', float('nan')))} | {_fmt(row.get('rss_ratio', float('nan')))} |"
            )
        lines.append("")
    if "unchanged" in results:
        u = results["unchanged"]
        lines += [f"Unchanged specs, all five clients: `sdksmith check` {u['check']:.2f} s, `sdksmith generate` {u['generate']:.2f} s.", ""]  # type: ignore[index]
    if "imports" in results:
        lines += [
            "| import | extra ms over `import httpx, pydantic` | baseline ms | extra ms, every module recompiled |",
            "|---|---:|---:|---:|",
        ]
        for row in results["imports"]:  # type: ignore[attr-defined]
            again = f"{row['recompiled_ms']:.1f}" if "recompiled_ms" in row else "-"
            lines.append(f"| {row['package']} | {row['extra_ms']:.1f} | {row['baseline_ms']:.1f} | {again} |")
        lines.append("")
    if "per_call" in results:
        pc = results["per_call"]
        lines += ["| per call (Fastly get_current, MockTransport) | µs | raw httpx + model_validate µs | ratio |", "|---|---:|---:|---:|"]
        for kind in ("sync", "async"):
            r = pc[kind]  # type: ignore[index]
            lines.append(f"| sdksmith {kind} | {r['ours_us']:.1f} | {r['raw_us']:.1f} | **{r['ratio']:.2f}** |")
        peer = pc.get("peer")  # type: ignore[attr-defined]
        if peer and "ratio" in peer:
            lines.append(f"| openapi-python-client sync | {peer['peer_us']:.1f} | {peer['raw_us']:.1f} | {peer['ratio']:.2f} |")
        lines.append("")
    found = targets(results)
    if found:
        lines += ["| target | this run | |", "|---|---|---|"]
        lines += [f"| {target} | {figure} | {met} |" for target, figure, met in found]
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smoke run: tiny sizes, no peer, one round")
    parser.add_argument("--only", nargs="*", default=None, help="generation growth unchanged imports per_call")
    parser.add_argument("--specs", nargs="*", default=None, help="generation: these spec files instead of the usual ones")
    args = parser.parse_args()
    rounds = 1 if args.quick else 5
    wanted = set(args.only or ["generation", "growth", "unchanged", "imports", "per_call"])
    if args.quick:
        wanted.discard("generation")
    results: dict[str, object] = {}
    if "generation" in wanted:
        specs = [Path(s).resolve() for s in args.specs] if args.specs else sorted((ROOT / "specs").glob("*.yaml")) + [CORPUS / s for s in BOTH + BIG]
        results["generation"] = bench_generation(specs, rounds=5)
    if "growth" in wanted:
        results["growth"] = bench_growth([1, 2] if args.quick else [1, 2, 4, 8], rounds)
    if "unchanged" in wanted:
        results["unchanged"] = bench_unchanged(rounds)
    if "imports" in wanted:
        results["imports"] = bench_imports(3 if args.quick else 15, big=not args.quick)
    if "per_call" in wanted:
        results["per_call"] = bench_per_call(50 if args.quick else 2000, 1 if args.quick else 9, with_peer=not args.quick)
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
