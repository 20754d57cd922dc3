"""The ``sdksmith`` command line: exit 0 on success, 1 for a problem in the input (located, never a traceback),
2 for bad usage. Each command lives in its own module with ``add_parsers(sub)`` and ``HANDLERS``; ``console`` is
the only module that prints. Heavy dependencies load inside the handlers that need them, so `sdksmith check` on
an unchanged project stays fast."""

from __future__ import annotations

import argparse
import os
import traceback
from typing import Callable, Sequence

from .. import __version__
from ..errors import GenerationFailed
from . import console, diff, generate, publish

_COMMANDS = (generate, diff, publish)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sdksmith", description="Typed Python clients from OpenAPI descriptions.")
    parser.add_argument("--version", action="version", version=f"sdksmith {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in _COMMANDS:
        module.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {}
    for module in _COMMANDS:
        handlers.update(module.HANDLERS)
    try:
        return handlers[args.command](args)
    except GenerationFailed as exc:
        console.errors(exc.errors)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in sdksmith, not in the input: say so plainly
        if os.environ.get("SDKSMITH_DEBUG"):
            traceback.print_exc()
        console.problem(f"sdksmith: internal error: {type(exc).__name__}: {exc} (set SDKSMITH_DEBUG=1 for details)")
        return 1
