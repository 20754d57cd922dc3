"""How every command presents itself: a one-line help, a description, and examples under ``--help``
(``tests/cli/test_help.py`` holds every command and option to it)."""

from __future__ import annotations

import argparse


class Formatter(argparse.HelpFormatter):
    """Descriptions wrapped to the terminal; an examples block shown line for line as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("examples:"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def command(sub: argparse._SubParsersAction, name: str, summary: str, description: str, examples: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """A subcommand whose ``--help`` shows ``description`` and then ``examples``."""
    return sub.add_parser(  # type: ignore[no-any-return]
        name, help=summary, description=description, epilog=examples, formatter_class=Formatter
    )
