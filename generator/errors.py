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
        if not self.line and not self.pointer:
            return f"{self.file}: {self.message}"  # a file or folder as a whole (an output folder, say)
        return f"{self.file}:{self.line}:{self.column}: {self.pointer or '/'}: {self.message}"


class GenerationFailed(Exception):
    """Raised by a stage with every problem it found; the CLI prints them and exits 1."""

    def __init__(self, errors: list[GenError]) -> None:
        super().__init__("\n".join(e.render() for e in errors))
        self.errors = errors
