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
from typing import Callable, Iterable

# Words of a name: "HTTPServer" -> HTTP Server, "createdAt" -> created At, "GMT0" -> GMT0, "V2Token" -> V2 Token.
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+[0-9]*|[0-9]+")
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
# Names the models module itself imports or that datamodel-code-generator may import into it.
MODELS_RESERVED = frozenset(
    {
        "BaseModel", "Field", "ConfigDict", "RootModel", "Literal", "Any", "annotations", "AwareDatetime",
        "NaiveDatetime", "Annotated", "Optional", "Union", "Enum", "IntEnum", "StrEnum", "UUID", "Decimal",
        "AnyUrl", "EmailStr", "SecretStr", "Json", "PositiveInt", "NegativeInt", "StrictStr", "StrictInt",
        "StrictBool", "StrictBytes", "StrictFloat", "Base64Str", "ClassVar", "TypeAlias", "TypeAliasType",
        # typing's capitalised aliases: the model generator and the resources' annotations read them as the alias
        # (Listmonk's ``List`` component: every reference to it became ``list[Any]``)
        "List", "Dict", "Tuple", "Set", "FrozenSet", "Type", "Sequence", "Mapping", "Iterator", "AsyncIterator",
    }
)
# Names the generated code uses inside method bodies and signatures: a parameter may not shadow them.
HELPER_LOCALS = frozenset({"call", "fields_body", "rpc_args", "models", "self", "cls", "cast", "quote"})
# Builtins that appear in type expressions (annotations, ``cast``, runtime parse types).
TYPE_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "object", "list", "dict", "tuple", "type", "set"})
# Module-level names of the generated ``_client.py`` and resource modules that a class may not take.
MODULE_GLOBALS = frozenset(
    {
        "Dict", "List", "Tuple", "SyncAPIClient", "AsyncAPIClient", "BaseClient", "Credential", "RetryPolicy",
        "RateLimitReset", "DEFAULT_BASE_URL", "ENV_API_KEY", "ENV_BASE_URL", "Prepared", "Endpoint", "Envelope",
        "PageSpec", "StreamSpec", "RequestOptions", "os", "httpx",
    }
)
# Per-call option names every method takes; no operation parameter may take them.
CALL_OPTIONS = (
    "timeout", "max_retries", "extra_headers", "extra_query", "extra_body", "max_response_size",
    "strict_response_validation", "idempotency_key",
)


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


MAX_NAME = 64
# Names Windows keeps for devices, in any case and with any extension (``con.py``, ``Aux.md``): never a file name.
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def _valid(name: str, pascal_style: bool = False) -> str:
    """``name`` as a valid ASCII identifier: never trusted, even when a caller passes an already-converted name.

    Names become file names (resources/<name>.py, docs/<name>.md, docs/models/<Name>.md), so they are also bounded
    (``MAX_NAME``, a digest of the whole telling long ones apart) and never a Windows device name."""
    name = re.sub(r"[^0-9A-Za-z_]", "_", name)
    if pascal_style:
        name = name.replace("_", "")  # datamodel-code-generator joins class names on "_"; keep what it would keep
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = ("N" if pascal_style else "n") + name if name else ("Model" if pascal_style else "value")
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name.lower() in WINDOWS_DEVICES:
        name += "Model" if pascal_style else "_"
    return _bounded(name, pascal_style)


def _bounded(name: str, pascal_style: bool = False) -> str:
    if len(name) <= MAX_NAME:
        return name
    tag = _tag(name)
    return name[: MAX_NAME - 7] + (tag[0].upper() + tag[1:] if pascal_style else "_" + tag)


def _tag(original: str) -> str:
    """A short, stable suffix from the exact original spelling, used only to tell clashing names apart."""
    return hashlib.sha1(original.encode()).hexdigest()[:6]


class Namespace:
    """One output scope: reserved names plus every name handed out so far.

    ``pascal=True`` is for class names: a clash is told apart by a capitalised suffix (``TokenA1141e``) and reserved
    names get ``Model`` appended, both of which datamodel-code-generator keeps as written.
    """

    def __init__(
        self,
        reserved: frozenset[str] | set[str] = frozenset(),
        *,
        builtins_reserved: bool = True,
        suffix: str | None = None,
        pascal: bool = False,
    ) -> None:
        self._pascal = pascal
        self._suffix = suffix if suffix is not None else ("Model" if pascal else "_")
        self._reserved = set(reserved)
        if builtins_reserved:
            self._reserved.update(n for n in dir(builtins) if not n.startswith("__"))
        self._taken: dict[str, str] = {}  # python name -> original

    def is_free(self, name: str) -> bool:
        return name not in self._reserved and name not in self._taken

    def reserve(self, name: str) -> None:
        self._reserved.add(name)

    def valid(self, python: str) -> str:
        """``python`` made a valid identifier in this namespace's style (not yet checked for clashes)."""
        return _valid(python, self._pascal)

    def tagged(self, python: str, original: str) -> str:
        """``python`` told apart from other spellings by a suffix derived from ``original``."""
        tag = _tag(original)
        return f"{python}{tag[0].upper()}{tag[1:]}" if self._pascal else f"{python}_{tag}"

    def claim(self, original: str, python: str) -> str:
        """Hand out ``python`` (already cased) for ``original``, adjusted until it is valid and free.

        Claiming the same original twice gives the same name. Which of two clashing originals keeps the plain
        name depends on the order of calls: callers that claim many names at once use ``claim_all``.
        """
        candidate = self.valid(python)
        if candidate in self._reserved:
            candidate += self._suffix
        if candidate in self._taken and self._taken[candidate] != original:
            candidate = self.tagged(candidate, original)
        while not self.is_free(candidate) and self._taken.get(candidate) != original:
            candidate += self._suffix
        self._taken[candidate] = original
        return candidate


def claim_all(
    namespace: Namespace,
    originals: Iterable[str],
    convert: Callable[[str], str],
    spelling: Callable[[str], str] = lambda original: original,
) -> dict[str, str]:
    """Claim names for many originals at once, independent of their order.

    Originals that convert to the same Python name are told apart by a suffix from their own spelling; only an
    original spelled exactly like the shared name (``asc`` among ``ASC``/``asc``) keeps it plain, so which one was
    seen first never decides. ``spelling`` gives the spec's own spelling of an original key (without any scope
    prefix such as ``query:``).
    """
    unique = sorted(set(originals))
    converted = {o: namespace.valid(convert(o)) for o in unique}
    groups: dict[str, list[str]] = {}
    for original in unique:
        groups.setdefault(converted[original], []).append(original)
    result: dict[str, str] = {}
    for original in unique:
        python = converted[original]
        group = groups[python]
        exact = [o for o in group if spelling(o) == python]
        if len(group) > 1 and exact != [original]:
            python = namespace.tagged(python, original)
        result[original] = namespace.claim(original, python)
    return result
