"""The product of reading: a document's data, where it came from, and the digest of its bytes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Source:
    """A loaded document: its data, where it came from and the bytes' digest.

    A document whose ``$ref``s name other files is bundled: ``data`` holds everything, and ``origins`` says which
    parts came from which file, as (pointer in ``data``, that file's Source, pointer in that file), so that a
    problem found later is located in the file that holds it. ``sha256`` then covers every file read.
    """

    path: Path
    text: str
    data: dict[str, Any]
    sha256: str
    origins: tuple[tuple[str, Source, str], ...] = ()

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file this document was read from: the spec itself, then the files it references."""
        return (self.path, *sorted({origin.path for _at, origin, _ptr in self.origins} - {self.path}))

    def origin(self, pointer: str) -> tuple[Source, str]:
        """The file holding the value at ``pointer`` and its pointer there."""
        best: tuple[str, Source, str] | None = None
        for at, source, there in self.origins:
            if (pointer == at or pointer.startswith(at + "/")) and (best is None or len(at) > len(best[0])):
                best = (at, source, there)
        if best is None:
            return self, pointer
        return best[1], best[2] + pointer[len(best[0]) :]
