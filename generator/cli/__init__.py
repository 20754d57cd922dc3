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
from . import console, diff, generate, init, publish, release
from .help import Formatter

_COMMANDS = (init, generate, diff, release, publish)


_EXAMPLES = """\
examples:
  sdksmith init openapi.yaml --name todo    configure a client in ./pyproject.toml and generate it
  sdksmith generate                         regenerate every configured client after a spec edit
  sdksmith release todo && sdksmith build todo
  sdksmith COMMAND --help                   what a command does, its options, examples
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdksmith",
        description="Typed Python clients (sync and async, pydantic models, Markdown docs) from OpenAPI 3.0/3.1.",
        epilog=_EXAMPLES,
        formatter_class=Formatter,
    )
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
    except OSError as exc:  # a file or folder of the user's that cannot be read or written: their problem to fix
        where = f"{exc.filename}: " if exc.filename else ""
        console.problem(f"sdksmith: {where}{exc.strerror or exc}")
        return 1
    except Exception as exc:  # a bug in sdksmith, not in the input: say so plainly
        if os.environ.get("SDKSMITH_DEBUG"):
            traceback.print_exc()
        console.problem(f"sdksmith: internal error: {type(exc).__name__}: {exc} (set SDKSMITH_DEBUG=1 for details)")
        return 1
