"""The intermediate representation: every decision the templates need, already made.

Frozen dataclasses with tuples, holding Python names, type expressions (as code), docstrings and wire facts.
Nothing here is a spec fragment; the templates never look at the OpenAPI document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import GenError

Location = Literal["path", "query", "header", "cookie", "body", "arg", "whole"]


@dataclass(frozen=True, slots=True)
class Param:
    name: str  # Python keyword parameter
    wire: str  # name on the wire ("" for a whole body or a positional RPC argument)
    location: Location
    annotation: str  # type expression as code, without the NotGiven part
    display: str  # the same type for humans (docs)
    required: bool
    description: str
    example: str  # a Python literal for docs and examples, "" when the spec gives none


@dataclass(frozen=True, slots=True)
class ErrorCase:
    status: str  # "404", "4XX", "default"
    exception: str  # runtime exception class name
    type_expr: str  # parse type for the body, "" when none is declared
    display: str
    content_type: str


@dataclass(frozen=True, slots=True)
class Pagination:
    style: Literal["cursor", "offset"]
    items: str
    cursor_param: str | None
    next_cursor: str | None
    offset_param: str | None
    limit_param: str | None
    total: str | None
    item_type: str
    item_display: str
    all_name: str  # the auto-iterating method


@dataclass(frozen=True, slots=True)
class StreamInfo:
    name: str
    media_type: str
    type_field: str | None
    type_value: str | None
    data_field: str | None
    item_type: str
    item_display: str


@dataclass(frozen=True, slots=True)
class Method:
    name: str
    const: str  # module constant holding the Endpoint
    operation_id: str
    http_method: str
    path: str
    summary: str
    description: str
    deprecated: bool
    params: tuple[Param, ...]
    body_kind: Literal["none", "json", "form", "multipart", "bytes"]
    body_mode: Literal["none", "fields", "whole", "args"]
    body_required: bool
    result_type: str  # annotation of the plain method's result
    result_display: str
    cast_expr: str  # runtime type the answer is parsed into ("None" for no body)
    result_model: str  # model name the docs link to, "" for none
    errors: tuple[ErrorCase, ...]
    idempotent: bool
    secured: bool
    accept: str
    envelope: bool
    pagination: Pagination | None
    stream: StreamInfo | None


@dataclass(frozen=True, slots=True)
class Resource:
    attr: str
    module: str
    class_name: str
    async_class_name: str
    title: str
    description: str
    methods: tuple[Method, ...]
    takes_dicts: bool = False  # some method takes a ``params`` dict (the module imports ``params`` to type it)


@dataclass(frozen=True, slots=True)
class ModelField:
    name: str  # Python attribute
    wire: str  # name on the wire
    annotation: str  # type expression as code, in the models' own namespace (other models by bare name)
    display: str  # the same type for humans (docs)
    required: bool
    nullable: bool  # null is a value the API gives it (not just "absent")
    default: str  # a Python expression for the default, "" when there is none (required, or None when optional)
    description: str


@dataclass(frozen=True, slots=True)
class ModelClass:
    """One model class, or a named type alias (a recursive "any JSON value" schema, a scalar with a name)."""

    name: str
    kind: Literal["object", "alias"]
    bases: tuple[str, ...]  # model classes it inherits from (none: the runtime's base model)
    alias: str  # the aliased type for kind "alias", as code
    alias_display: str  # the same type for humans
    description: str
    fields: tuple[ModelField, ...]  # its own fields, in order
    inherited: tuple[ModelField, ...]  # fields it has from its bases, sorted by wire name
    uses: tuple[str, ...]  # every model its type expressions name, its ancestors' included (what its module imports)
    origin: str  # JSON Pointer of the schema it comes from


@dataclass(frozen=True, slots=True)
class ParamKey:
    key: str  # the wire name
    annotation: str  # the value's type, in the params module's namespace
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class ParamDict:
    """A ``TypedDict`` mirroring a model that requests send: callers may pass a plain dict that type-checks."""

    name: str  # "StatementParam"
    model: str  # the model it mirrors
    keys: tuple[ParamKey, ...]
    description: str
    functional: bool  # some key is no Python identifier: written as ``TypedDict("X", {...})``


@dataclass(frozen=True, slots=True)
class Credential:
    location: Literal["header", "query", "cookie"]
    name: str
    scheme: Literal["bearer", "basic", "raw"]
    env: str
    description: str


@dataclass(frozen=True, slots=True)
class ServerVariable:
    name: str  # Python keyword on the client
    wire: str
    default: str
    description: str


@dataclass(frozen=True, slots=True)
class Api:
    key: str  # config name, e.g. "fastly"
    title: str
    description: str
    api_version: str
    dist_name: str
    import_name: str
    version: str
    client_class: str
    async_client_class: str
    env_prefix: str
    base_url: str  # with {var} placeholders for server variables
    server_variables: tuple[ServerVariable, ...]
    credential: Credential | None
    envelope: tuple[str, str, str] | None  # status, message, data field names
    rate_limit_reset: tuple[str, str] | None  # header, unit
    resources: tuple[Resource, ...]
    models: tuple[ModelClass, ...]  # sorted by name
    params: tuple[ParamDict, ...]  # sorted by name
    skipped: tuple[tuple[str, str], ...]  # (location, reason) of what --skip-unsupported left out
    warnings: tuple[GenError, ...]  # located: what the build read as its obvious intent (errors under --strict)
    spec_sha256: str
    generator_version: str
    python_requires: str
