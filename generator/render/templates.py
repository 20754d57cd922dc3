"""Where the Jinja templates are: a leaf without heavy imports, so the freshness cache can digest them without
loading Jinja or black."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def templates_dir() -> Path:
    """The repo's templates/ in a checkout, or the copy packaged into the wheel."""
    checkout = Path(__file__).resolve().parent.parent.parent / "templates"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("generator") / "_templates"))
