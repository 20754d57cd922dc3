"""README links on a package index: what works there, and the README rewritten so that nothing points nowhere."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<target><[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REF_DEF = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*(?P<target><[^>]*>|\S+)(?:\s+.*)?$")
_REF_USE = re.compile(r"(?P<bang>!?)\[(?P<text>[^\[\]]+)\](?:\[(?P<label>[^\[\]]*)\])?(?![(:])")
_HTML_A = re.compile(r"<a\s[^>]*?href\s*=\s*([\"'])(?P<target>[^\"']*)\1[^>]*>(?P<text>.*?)</a>", re.I | re.S)
_HTML_IMG = re.compile(r"<img\s[^>]*?src\s*=\s*([\"'])(?P<target>[^\"']*)\1[^>]*>", re.I)
_ABSOLUTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")


def is_absolute(target: str) -> bool:
    return bool(_ABSOLUTE.match(target.strip().strip("<>")))


def works_on_index(target: str) -> bool:
    """An absolute URL, or a ``#fragment`` within the page itself (PyPI gives headings ids for those)."""
    return is_absolute(target) or target.strip().strip("<>").startswith("#")


def index_readme(text: str, package_dir: Path | None = None) -> str:
    """The README with every link that only works inside the source tree made harmless on a package index.

    A relative link keeps its text and loses its target (there is no public repository to make it absolute);
    when it names a file of ``package_dir``, the text says where that file is: "(`docs/README.md` in the source
    distribution)". A relative image becomes its alt text. Absolute links, ``#fragment`` links within the page,
    code spans and fenced code blocks are left exactly as they are.
    """

    def where(target: str) -> str:
        path = target.strip().strip("<>").split("#", 1)[0].split("?", 1)[0]
        if path and not path.startswith("/") and package_dir is not None and (package_dir / path).exists():
            return f" (`{path}` in the source distribution)"
        return ""

    def inline(match: re.Match[str]) -> str:
        target = match["target"]
        if works_on_index(target):
            return match[0]
        if match["bang"]:
            return match["text"]
        return match["text"] + where(target)

    lines = text.split("\n")
    dropped: dict[str, str] = {}  # reference labels whose definitions were relative -> target
    kept: list[tuple[str, bool]] = []  # (line, is code)
    fence: str | None = None
    for line in lines:
        opened = _FENCE.match(line)
        if fence is not None:
            kept.append((line, True))
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                if not line.strip().lstrip(fence[0]):
                    fence = None
            continue
        if opened:
            fence = opened.group(1)
            kept.append((line, True))
            continue
        ref = _REF_DEF.match(line)
        if ref and not works_on_index(ref["target"]):
            dropped[ref["label"].strip().lower()] = ref["target"]
            continue
        kept.append((line, False))

    def reference(match: re.Match[str]) -> str:
        label = (match["label"] or match["text"]).strip().lower()
        if label not in dropped:
            return match[0]
        if match["bang"]:
            return match["text"]
        return match["text"] + where(dropped[label])

    def prose(segment: str) -> str:
        segment = _INLINE_LINK.sub(inline, segment)
        segment = _REF_USE.sub(reference, segment)
        segment = _HTML_A.sub(
            lambda m: m[0] if works_on_index(m["target"]) else m["text"] + where(m["target"]), segment
        )
        return _HTML_IMG.sub(lambda m: m[0] if is_absolute(m["target"]) else "", segment)

    out: list[str] = []
    for line, is_code in kept:
        if is_code:
            out.append(line)
            continue
        parts: list[str] = []
        pos = 0
        for span in _CODE_SPAN.finditer(line):
            parts.append(prose(line[pos : span.start()]))
            parts.append(span[0])
            pos = span.end()
        parts.append(prose(line[pos:]))
        out.append("".join(parts))
    return "\n".join(out)


class LinkParser(html.parser.HTMLParser):
    """Every ``href``/``src`` of an HTML page, and the text of each anchor."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.anchor_texts: list[str] = []
        self._in_a = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("href", "src") and value is not None:
                self.targets.append(value)
        if tag == "a":
            self._in_a = True
            self.anchor_texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_a = False

    def handle_data(self, data: str) -> None:
        if self._in_a:
            self.anchor_texts[-1] += data


def rendered_links(long_description: str) -> list[str] | None:
    """Every link target of a Markdown long description as a package index renders it (readme_renderer with
    comrak, as PyPI does); None when comrak, readme_renderer's optional Markdown renderer, is not installed."""
    try:
        import comrak  # noqa: F401 - without it readme_renderer only warns and renders nothing
    except ImportError:
        return None
    from readme_renderer.markdown import render

    page = render(long_description, variant="GFM") or ""
    parser = LinkParser()
    parser.feed(page)
    return parser.targets


def markdown_links(text: str) -> list[str]:
    """Link targets of Markdown source outside code: the check used when comrak is not installed."""
    targets: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and not line.strip().lstrip(fence[0]):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        if ref := _REF_DEF.match(line):
            targets.append(ref["target"])
            continue
        prose = _CODE_SPAN.sub("", line)
        for pattern in (_INLINE_LINK, _HTML_A, _HTML_IMG):
            targets.extend(m["target"] for m in pattern.finditer(prose))
    return targets
