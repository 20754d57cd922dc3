"""Fixtures every test folder may use."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The seed clients' config as a new project writes it (pyproject.toml's tables also set license files).
_SEEDS = {
    "fastly": ("fastly-tokens", "fastly_tokens", "Fastly"),
    "hathora": ("hathora-tokens", "hathora_tokens", "Hathora"),
    "launchdarkly": ("launchdarkly-tokens", "launchdarkly_tokens", "LaunchDarkly"),
}


@pytest.fixture
def seed_project(tmp_path: Path) -> Callable[[str], Path]:
    """A project folder of its own holding one seed spec under specs/ and a pyproject.toml with its client's
    table (version 0.1.0), as a user's project would: ``seed_project("hathora") -> project``."""

    def make(name: str) -> Path:
        dist_name, import_name, client_class = _SEEDS[name]
        project = tmp_path / "project"
        (project / "specs").mkdir(parents=True)
        shutil.copy(ROOT / "specs" / f"{name}.yaml", project / "specs" / f"{name}.yaml")
        (project / "pyproject.toml").write_text(
            f'[tool.sdksmith.clients.{name}]\nspec = "specs/{name}.yaml"\ndist_name = "{dist_name}"\n'
            f'import_name = "{import_name}"\nclient_class = "{client_class}"\nversion = "0.1.0"\n'
        )
        return project

    return make
