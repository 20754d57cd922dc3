"""Running pyright (pinned in tests/package.json) and mypy the way the typing gates need them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
PYRIGHT = ROOT / "tests" / "node_modules" / ".bin" / "pyright"
PACKAGES = {
    "chatbotkit": "chatbotkit_tokens",
    "fastly": "fastly_tokens",
    "hathora": "hathora_tokens",
    "launchdarkly": "launchdarkly_tokens",
    "softvisio": "softvisio_tokens",
}


def pyright(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """pyright's JSON report (``--outputjson``) for ``args``; pyright exits non-zero when it finds errors."""
    assert PYRIGHT.exists(), "run `npm ci --prefix tests` (pyright is pinned in tests/package.json)"
    done = subprocess.run(
        [str(PYRIGHT), "--outputjson", "--pythonpath", sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
    try:
        return json.loads(done.stdout)  # type: ignore[no-any-return]
    except json.JSONDecodeError:
        raise AssertionError(f"pyright failed: {done.stdout[-2000:]}{done.stderr[-2000:]}") from None


def strict_config(folder: Path, include: list[Path]) -> Path:
    """A pyrightconfig.json in ``folder``: strict mode at the lowest Python the packages support (pyright takes
    only paths relative to the config file)."""
    relative = [os.path.relpath(path, folder) for path in include]
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10", "include": relative}
    path = folder / "pyrightconfig.json"
    path.write_text(json.dumps(config))
    return path


def errors(report: dict[str, Any]) -> list[str]:
    return [
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']} ({d.get('rule', '')})"
        for d in report.get("generalDiagnostics", [])
        if d["severity"] == "error"
    ]
