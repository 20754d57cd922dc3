"""Stage inputs for the spec tests: a document written as text, loaded and validated in-process."""

from __future__ import annotations

from pathlib import Path

from generator.errors import GenError, GenerationFailed
from generator.spec.load import load
from generator.spec.source import Source
from generator.spec.validate import Spec, validate

HEAD = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\n'


def source(tmp_path: Path, text: str, name: str = "api.yaml") -> Source:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load(path)


def spec(tmp_path: Path, text: str, *, strict: bool = False) -> Spec:
    return validate(source(tmp_path, text), strict=strict)


def problems(tmp_path: Path, text: str, *, strict: bool = False) -> list[GenError]:
    """Every problem validation reports: the warnings of a Spec, or everything a failure lists."""
    try:
        return list(spec(tmp_path, text, strict=strict).warnings)
    except GenerationFailed as exc:
        return exc.errors


def lines(found: list[GenError]) -> list[str]:
    """Problems as the CLI prints them, without the file name."""
    return [e.render().split(":", 1)[1] for e in found]
