"""Every Python name the generator emits is made here, so that none can shadow another.

A ``Namespace`` is one output scope (a module's globals, a class's attributes, a method's parameters). It starts
with the names that scope must never redefine; ``claim`` turns a spec name into a valid identifier and, on a
clash, tells the clashing names apart by a suffix derived from the original spelling, so the result does not
depend on the order names are claimed in.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import unicodedata

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")
# Symbols that carry meaning inside a name (Twilio's ``StartTime<``); separators like "-" and "." do not.
_SYMBOLS = {"+": "plus", "<": "lt", ">": "gt", "=": "eq", "*": "star", "@": "at", "!": "not", "%": "pct", "&": "and", "#": "hash", "$": "dollar", "~": "tilde"}

PYDANTIC_RESERVED = frozenset(
    {
        "model_config", "model_fields", "model_computed_fields", "model_extra", "model_fields_set", "model_construct",
        "model_copy", "model_dump", "model_dump_json", "model_json_schema", "model_parametrized_name",
        "model_post_init", "model_rebuild", "model_validate", "model_validate_json", "model_validate_strings",
        "dict", "json", "copy", "parse_obj", "parse_raw", "parse_file", "from_orm", "construct", "schema",
        "schema_json", "validate", "update_forward_refs", "fields", "register",
    }
)
# Names the generated modules import or define next to user-derived names.
RUNTIME_RESERVED = frozenset(
    {
        "Client", "AsyncClient", "Response", "Request", "Any", "Literal", "Optional", "Union", "Iterator",
        "AsyncIterator", "Mapping", "Sequence", "BaseModel", "Field", "ConfigDict", "RootModel", "AwareDatetime",
        "NOT_GIVEN", "NotGiven", "Endpoint", "Envelope", "Prepared", "RequestOptions", "PageSpec", "StreamSpec",
        "SyncPage", "AsyncPage", "Stream", "AsyncStream", "APIResponse", "TimeoutTypes", "httpx", "pydantic",
        "typing", "cast", "annotations", "quote", "datetime", "date", "time", "timedelta", "Enum", "UUID",
        "Decimal", "TYPE_CHECKING", "Sequence", "self", "cls",
    }
)
# Names the models module itself imports (datamodel-code-generator renames its own imports on a clash).
MODELS_RESERVED = frozenset({"BaseModel", "Field", "ConfigDict", "RootModel", "Literal", "Any", "annotations"})
# Per-call option names every method takes; no operation parameter may take them.
CALL_OPTIONS = ("timeout", "max_retries", "extra_headers", "extra_query", "extra_body")


def words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    out: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9+<>=*@!%&#$~]+", text):
        for piece in re.split(r"([+<>=*@!%&#$~])", chunk):
            if not piece:
                continue
            if piece in _SYMBOLS:
                out.append(_SYMBOLS[piece])
            else:
                out.extend(_WORD.findall(piece))
    return out


def snake(name: str) -> str:
    parts = [w.lower() for w in words(name)]
    return "_".join(parts) if parts else "value"


def pascal(name: str) -> str:
    parts = words(name)
    return "".join(w[:1].upper() + w[1:] for w in parts) if parts else "Model"


def _valid(name: str) -> str:
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = "n" + name if name else "value"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def _tag(original: str) -> str:
    """A short, stable suffix from the exact original spelling, used only to tell clashing names apart."""
    return hashlib.sha1(original.encode()).hexdigest()[:6]


class Namespace:
    """One output scope: reserved names plus every name handed out so far."""

    def __init__(
        self, reserved: frozenset[str] | set[str] = frozenset(), *, builtins_reserved: bool = True, suffix: str = "_"
    ) -> None:
        self._suffix = suffix
        self._reserved = set(reserved)
        if builtins_reserved:
            self._reserved.update(n for n in dir(builtins) if not n.startswith("__"))
        self._taken: dict[str, str] = {}  # python name -> original

    def is_free(self, name: str) -> bool:
        return name not in self._reserved and name not in self._taken

    def reserve(self, name: str) -> None:
        self._reserved.add(name)

    def claim(self, original: str, python: str) -> str:
        """Hand out ``python`` (already cased) for ``original``, adjusted until it is valid and free."""
        candidate = _valid(python)
        if candidate in self._reserved:
            candidate += self._suffix
        if candidate in self._taken and self._taken[candidate] != original:
            candidate = f"{candidate}_{_tag(original)}"
        while not self.is_free(candidate) and self._taken.get(candidate) != original:
            candidate += self._suffix
        self._taken[candidate] = original
        return candidate


def claim_all(namespace: Namespace, originals: list[str], convert: type[str] | object) -> dict[str, str]:
    """Claim names for many originals at once, independent of their order.

    Names that convert to the same Python name all get a suffix from their own spelling, so which one was seen
    first never decides who gets the plain name.
    """
    assert callable(convert)
    converted = {o: _valid(convert(o)) for o in originals}
    counts: dict[str, int] = {}
    for value in converted.values():
        counts[value] = counts.get(value, 0) + 1
    result: dict[str, str] = {}
    for original in sorted(originals):
        python = converted[original]
        if counts[python] > 1:
            python = f"{python}_{_tag(original)}"
        result[original] = namespace.claim(original, python)
    return result
