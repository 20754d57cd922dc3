"""Fixtures for the behaviour tests: anyio on asyncio, and no credentials or URLs leaking in from the environment."""

from __future__ import annotations

import pytest

_ENV = (
    "CHATBOTKIT_API_KEY",
    "CHATBOTKIT_BASE_URL",
    "FASTLY_API_TOKEN",
    "FASTLY_BASE_URL",
    "HATHORA_TOKEN",
    "HATHORA_BASE_URL",
    "LAUNCHDARKLY_ACCESS_TOKEN",
    "LAUNCHDARKLY_BASE_URL",
    "SOFTVISIO_API_TOKEN",
    "SOFTVISIO_BASE_URL",
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
