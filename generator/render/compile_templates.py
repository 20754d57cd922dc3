"""``python -m generator.render.compile_templates``: refresh the templates compiled ahead of time
(``precompiled.DATA``) after editing a template; ``tests/render/test_precompiled.py`` fails until it is run."""

from __future__ import annotations

from .environment import environment
from .precompiled import DATA, write

if __name__ == "__main__":
    write(environment())
    print(f"wrote {DATA}")
