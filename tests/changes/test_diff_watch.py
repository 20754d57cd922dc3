"""`sdksmith generate --watch`: a spec edit is regenerated and reported, listed as unreleased and never bumped; Ctrl-C
exits 0 without a traceback."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import pytest


pytestmark = pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")

SHOW_ALL = "        - name: showAll\n"


def test_watch_regenerates_an_edited_spec(seed_project: Callable[[str], Path]) -> None:
    root = seed_project("launchdarkly")
    spec = root / "specs" / "launchdarkly.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", "--watch"],
        cwd=root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True)  # type: ignore[union-attr]
    reader.start()

    def wait_for(text: str, deadline: float, on_tick: object = None) -> bool:
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                if callable(on_tick):
                    on_tick()
                continue
            seen.append(line)
            if text in line:
                return True
        return False

    try:
        assert wait_for("watching", time.monotonic() + 60), seen
        original = spec.read_text()
        edited = original.replace(SHOW_ALL, "        - name: showAllMembers\n")
        last_write = [0.0]

        def edit() -> None:  # the watcher may still be starting: write again until it reacts
            if time.monotonic() - last_write[0] > 5:
                spec.write_text(edited)
                last_write[0] = time.monotonic()

        edit()
        assert wait_for("parameter renamed:", time.monotonic() + 60, edit), seen  # the report's last line
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        reader.join(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    while not lines.empty():
        seen.append(lines.get())
    output = "".join(seen)
    assert proc.returncode == 0, output
    assert "Traceback" not in output
    assert "changed: specs/launchdarkly.yaml" in output
    assert "changed: pyproject.toml" not in output
    assert "launchdarkly: unreleased since 0.1.0: 1 change (1 breaking, 0 features, 0 fixes); `sdksmith release launchdarkly` makes 0.2.0" in output
    assert "parameter renamed: `show_all` (query 'showAll') is now `show_all_members` (query 'showAllMembers')" in output
    assert 'version = "0.1.0"' in (root / "pyproject.toml").read_text(), "watching never bumps"
    changelog = (root / "generated" / "launchdarkly" / "CHANGELOG.md").read_text()
    assert "## Unreleased" in changelog and "## 0.2.0" not in changelog
