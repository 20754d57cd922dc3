"""Generator errors are values with a location; only the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class GenError:
    """One problem in the input, located by file, line, column and JSON Pointer."""

    file: str
    pointer: str
    message: str
    line: int = 0
    column: int = 0
    level: Literal["error", "warning"] = "error"

    def render(self) -> str:
        """One line, whatever the spec's names hold: line breaks in a pointer or message are written escaped."""
        message = f"warning: {self.message}" if self.level == "warning" else self.message
        if not self.line and not self.pointer:
            return _one_line(f"{self.file}: {message}")  # a file or folder as a whole (an output folder, say)
        return _one_line(f"{self.file}:{self.line}:{self.column}: {self.pointer or '/'}: {message}")

    def as_error(self) -> GenError:
        """The same problem, as an error (``--strict`` turns warnings into errors)."""
        return GenError(self.file, self.pointer, self.message, self.line, self.column, "error")


# Everything str.splitlines() breaks a line at.
_LINE_BREAKS = {ord(c): c.encode("unicode_escape").decode() for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


def _one_line(text: str) -> str:
    return text.translate(_LINE_BREAKS)


def sort_key(error: GenError) -> tuple[str, int, int, str, str]:
    """Problems are reported by file, then position."""
    return (error.file, error.line, error.column, error.pointer, error.message)


def strict_or_warn(warnings: list[GenError], strict: bool) -> tuple[GenError, ...]:
    """The warnings to pass on; under ``--strict`` they stop the generation as errors instead."""
    ordered = sorted(set(warnings), key=sort_key)
    if strict and ordered:
        raise GenerationFailed([w.as_error() for w in ordered])
    return tuple(ordered)


class GenerationFailed(Exception):
    """Raised by a stage with every problem it found; the CLI prints them and exits 1."""

    def __init__(self, errors: list[GenError]) -> None:
        super().__init__("\n".join(e.render() for e in errors))
        self.errors = errors
