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
    as_json: bool = False  # sent as JSON text: the parameter's ``content`` is a JSON media type, not a ``schema``


@dataclass(frozen=True, slots=True)
class ErrorCase:
    status: str  # "404", "4XX", "default"
    exception: str  # runtime exception class name
    type_expr: str  # parse type for the body, "" when none is declared
    display: str
    content_type: str


PageStyle = Literal["cursor", "offset", "page", "next_url", "link_header"]


@dataclass(frozen=True, slots=True)
class Pagination:
    style: PageStyle
    items: str  # answer field or /JSON/pointer holding the items ("" when the answer is the list)
    cursor_param: str | None
    next_cursor: str | None
    offset_param: str | None
    limit_param: str | None
    total: str | None
    item_type: str
    item_display: str
    all_name: str  # the auto-iterating method
    page_param: str | None = None
    total_pages: str | None = None
    next_url: str | None = None  # next_url: the field with the next page's URL; else a "there is more" field
    inferred: bool = False  # read from the parameters and the answer, not declared by x-sdksmith-pagination


@dataclass(frozen=True, slots=True)
class StreamInfo:
    name: str
    media_type: str
    type_field: str | None
    type_value: str | None
    data_field: str | None
    item_type: str
    item_display: str
    format: Literal["jsonl", "sse"] = "jsonl"
    events: tuple[str, ...] = ("message",)  # SSE: the event names that carry items


@dataclass(frozen=True, slots=True)
class QueryStyle:
    """A query parameter not serialized the default way (form, exploded)."""

    wire: str
    style: Literal["form", "spaceDelimited", "pipeDelimited", "deepObject"]
    explode: bool


@dataclass(frozen=True, slots=True)
class PathStyle:
    """A path parameter not serialized the default way (simple, not exploded)."""

    wire: str
    style: Literal["simple", "label", "matrix"]
    explode: bool


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
    # Filled by ``build.extensions.surface`` once the method is built:
    positional: tuple[str, ...] = ()  # path parameters, in URL order, taken positionally (before ``*``)
    idempotency_header: str | None = None  # the header a write's idempotency key goes in
    query_styles: tuple[QueryStyle, ...] = ()
    path_styles: tuple[PathStyle, ...] = ()
    stream_result: StreamInfo | None = None  # the only answer is a stream: the method itself returns it
    is_write: bool = False  # POST, PUT, PATCH or DELETE
    content_type: str | None = None  # the body's media type, when not the usual one for its kind
    json_parts: tuple[str, ...] = ()  # multipart fields (wire names) sent as one JSON text part each
    uses_files: bool = False  # a multipart body with a file part (the resource imports ``FileTypes``)
    variant_of: str = ""  # the method of the same operation that sends the body in its preferred encoding


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
    read_only: bool = False  # the server's to set (readOnly): requests do not have to send it


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
    enum: tuple[str, ...] = ()  # the values the API allows, when it says
    # the environments whose URL uses it, when not all do: given for another one, it is refused, not ignored
    only_in: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Environment:
    """One ``servers`` entry: a named environment (``environment="sandbox"``)."""

    name: str
    url: str  # with {var} placeholders
    description: str
    defaults: tuple[tuple[str, str], ...]  # (server variable wire name, default) for this server


@dataclass(frozen=True, slots=True)
class ErrorClass:
    """A status error class a package exports, bound to the API's error model(s) for that status."""

    name: str  # BadRequestError, ..., APIStatusError
    key: str  # the runtime's key: "400".."429", "5xx" or "other"
    type_expr: str  # the error model type, as code (a union when operations differ); "object" when none
    doc: str


@dataclass(frozen=True, slots=True)
class Example:
    """A call the README shows."""

    resource: Resource
    method: Method


@dataclass(frozen=True, slots=True)
class ResourceImports:
    """What one generated resource module imports: exactly the names its code uses."""

    module: str
    typing: tuple[str, ...]
    datetime: bool
    models: bool
    pagination: bool
    streams: bool
    query_styles: bool
    path_styles: bool
    files: bool  # ``FileTypes``, for multipart file parts
    helpers: tuple[str, ...]  # fields_body, rpc_args


@dataclass(frozen=True, slots=True)
class ClientInfo:
    """What the client classes and the README need beyond resources: decided once, in ``build.client``."""

    environments: tuple[Environment, ...]  # the first is the default; empty: base_url is required
    variables: tuple[ServerVariable, ...]  # every server variable of every environment
    error_classes: tuple[ErrorClass, ...]
    error_table: tuple[tuple[str, str], ...]  # (the runtime's key as code, the class raised for it as code)
    request_id_headers: tuple[str, ...]
    idempotency_header: str | None  # document level, for calls to paths the description does not list
    first_call: Example | None  # a read when there is one
    first_write: Example | None  # an operation that sends an idempotency key
    first_page: Example | None
    first_stream: Example | None
    custom_get: Example | None  # a GET with no required argument: the path a custom-request example can call
    first_upload: Example | None  # a method with a multipart file part
    upload_param: str  # that part's parameter
    first_variant: Example | None  # a method that sends its operation's body in another encoding
    has_pagination: bool
    has_streams: bool
    has_sse: bool
    uses_literal: bool  # the client module needs ``typing.Literal`` (environments, enumerated variables)
    imports: tuple[ResourceImports, ...]


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
    # (location, reason) of request media types no method sends (another of the same encoding does)
    media_left_out: tuple[tuple[str, str], ...]
    warnings: tuple[GenError, ...]  # located: what the build read as its obvious intent (errors under --strict)
    spec_sha256: str
    generator_version: str
    python_requires: str
    client: ClientInfo | None = None
