"""Every relative link in the generated Markdown (README.md and docs/) points at a file that exists, and every
``#fragment`` at a heading of its target page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

GENERATED_DIR = Path(__file__).resolve().parent.parent / "generated"
LINK = re.compile(r"(?<!\\)!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # http:, https:, mailto:, ...


def markdown_files() -> list[Path]:
    files = []
    for package in sorted(p for p in GENERATED_DIR.iterdir() if p.is_dir()):
        files += [package / "README.md"] if (package / "README.md").is_file() else []
        files += sorted((package / "docs").rglob("*.md"))
    return files


def links(path: Path) -> list[str]:
    text = CODE.sub("", path.read_text(encoding="utf-8"))  # a link shown inside code is not a link
    return LINK.findall(text)


def slug(heading: str) -> str:
    """GitHub's heading anchor: lower case, punctuation but `-` and `_` dropped, spaces to hyphens."""
    text = re.sub(r"[`*~]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading.strip().lower())
    return "".join(c for c in text.replace(" ", "-") if c.isalnum() or c in "-_")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    seen: dict[str, int] = {}
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out


FILES = markdown_files()


def test_generated_markdown_exists() -> None:
    assert len(FILES) >= 10, FILES
    assert sum(len(links(f)) for f in FILES) > 0


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(GENERATED_DIR)))
def test_relative_links_resolve(path: Path) -> None:
    broken = []
    for target in links(path):
        if EXTERNAL.match(target):
            continue
        file_part, _, fragment = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if not resolved.exists():
            broken.append(f"{target} -> {resolved} does not exist")
        elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
            broken.append(f"{target}: no heading #{fragment} in {resolved.name}")
    assert not broken, f"{path.relative_to(GENERATED_DIR)}:\n" + "\n".join(broken)
