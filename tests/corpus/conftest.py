"""Session fixtures for the corpus tests: generated clients, made once per session and shared."""

from __future__ import annotations

import pytest

from .corpus_kit import Builds


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return Builds(tmp_path_factory.mktemp("clients"))
