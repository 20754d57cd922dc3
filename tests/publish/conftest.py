"""The release tests' summary: what the clean environment installed, and from where."""

from __future__ import annotations

from typing import Any

SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not SUMMARY:
        return
    terminalreporter.section("publish summary")
    for line in SUMMARY:
        terminalreporter.write_line(line)
