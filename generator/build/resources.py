"""Operations grouped into resources (``client.<resource>.<method>``), every name claimed in its own scope."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .. import ir
from ..client_runtime import facts
from ..names import MODULE_GLOBALS, RUNTIME_RESERVED, Namespace, claim_all, pascal, snake
from .. import pointer as jp
from ..spec.document import HTTP_METHODS, deref, iter_operations
from ..text import clean_text
from .context import BuildContext, Unsupported, describe
from .media import body_kind, by_kind
from .bodies import parts_schema
from .operations import build_method, with_names

# Attributes every resource class has; operations may not take these names.
_RESOURCE_RESERVED = frozenset({"with_raw_response", "with_streaming_response", "_client", "_raw"})
# Attributes every client has; resources may not take these names.
CLIENT_RESERVED = frozenset(
    {
        "with_options", "copy", "close", "aclose", "base_url", "timeout", "max_retries", "request", "resources",
        "api_key", "get", "post", "put", "patch", "delete",
    }
)
# Methods may not take names used as types in annotations, which mypy would resolve to the method.
_METHOD_RESERVED = frozenset({"str", "int", "float", "bool", "bytes", "object", "type"})
_VERSION_SEGMENT = re.compile(r"v\d+(\.\d+)*|api")

Entry = tuple[str, str, dict[str, Any], dict[str, Any]]  # path, method, path item, operation


def build_resources(ctx: BuildContext) -> tuple[ir.Resource, ...]:
    """Every resource with its methods; an operation that cannot be built is recorded in ``ctx.unsupported``."""
    tags = {t.get("name"): t for t in ctx.data.get("tags") or [] if isinstance(t, dict)}
    grouped: dict[str, list[Entry]] = {}
    for path, method, item, op in iter_operations(ctx.data):
        if jp.join("/paths", path, method) not in ctx.skip:
            # one resource per Python name: Svix's tag "Health" and its untagged /health/ping are one ``health``
            key = resource_key(path, op)
            grouped.setdefault(snake(key) or key, []).append((path, method, item, op))
    client_ns = Namespace(RUNTIME_RESERVED | CLIENT_RESERVED | facts().client_attributes, builtins_reserved=False)
    resource_attrs = claim_all(client_ns, sorted(grouped), snake)
    client_class = ctx.config.client_class
    class_ns = Namespace(RUNTIME_RESERVED | MODULE_GLOBALS | {"models"} | {client_class, "Async" + client_class})
    resources: list[ir.Resource] = []
    for key in sorted(grouped):
        attr = resource_attrs[key]
        class_name, async_name = _claim_resource_classes(class_ns, key, pascal(attr))
        # Document order must not matter: operations are built sorted by path and method.
        entries = sorted(grouped[key], key=lambda e: (e[0], HTTP_METHODS.index(e[1])))
        methods = _methods(ctx, entries, key)
        if not methods:
            continue
        first_tags = next((e[3]["tags"] for e in entries if e[3].get("tags")), None) or []
        tag = tags.get(first_tags[0] if first_tags else key) or {"name": first_tags[0] if first_tags else key}
        resources.append(
            ir.Resource(
                attr=attr,
                module=attr,
                class_name=class_name,
                async_class_name=async_name,
                title=clean_text(str(tag.get("name") or key)),
                description=clean_text(tag.get("description", "")),
                methods=tuple(sorted(methods, key=lambda m: m.name)),
            )
        )
    return tuple(resources)


def _methods(ctx: BuildContext, entries: list[Entry], resource: str) -> list[ir.Method]:
    methods_ns = Namespace(_RESOURCE_RESERVED | RUNTIME_RESERVED | _METHOD_RESERVED, builtins_reserved=False)
    originals = [method_key(path, method, op) for path, method, _i, op in entries]
    wanted = _without_resource(originals, [op for _p, _m, _i, op in entries], resource)
    method_names = claim_all(methods_ns, originals, wanted.__getitem__)
    const_ns = Namespace({"_ENVELOPE"}, builtins_reserved=False)
    methods = []
    for (path, method, item, op), original in zip(entries, originals):
        where = jp.join("/paths", path, method)
        const = _claim_constant(const_ns, original, "_" + method_names[original].upper())
        ctx.registry.context = where
        try:
            built = build_method(ctx, path, method, item, op, method_names[original], const)
        except Unsupported as exc:
            exc.unit = where
            ctx.unsupported.append(exc)
            continue
        except Exception as exc:  # noqa: BLE001 - any failure to build an operation is reported, located
            ctx.unsupported.append(Unsupported(where, f"building this operation failed: {describe(exc)}"))
            continue
        methods.append(_companions(methods_ns, original, built))
        for media in _other_media(ctx, op, where, built.name):
            kind = body_kind(media)
            key = f"{original}\0{kind}"
            name = methods_ns.claim(key, f"{method_names[original]}_{_SUFFIX[kind]}")
            try:
                variant = build_method(ctx, path, method, item, op, name, _claim_constant(const_ns, key, "_" + name.upper()), media)
                variant = replace(variant, variant_of=built.name)
            except Exception as exc:  # noqa: BLE001 - reported, located, like the operation's own method
                ctx.unsupported.append(Unsupported(where, f"building its {media} variant failed: {describe(exc)}"))
                continue
            methods.append(_companions(methods_ns, key, variant))
    return methods


def _without_resource(originals: list[str], ops: list[dict[str, Any]], resource: str) -> dict[str, str]:
    """The name each method wants: an operationId that starts with its resource's name loses it, as the resource
    says it already (``client.emails.send`` for Resend's ``emails/send``, ``client.apps.get_authenticated`` for
    GitHub's ``apps/get-authenticated``, ``client.attachment_controller.find`` for LoopBack's
    ``AttachmentController.find``). Names given by ``x-sdksmith-name`` stay as given, and so does an operationId
    whose shortened name another method of the resource wants, or that would not start with a letter. Word breaks
    may differ (Outline's tag ``OAuth clients`` is ``o_auth_clients``, its ``oauthClients.list`` is ``oauth_clients_list``)."""
    names = {original: original.split("\0")[0] for original in originals}
    short: dict[str, str] = {}
    for original, op in zip(originals, ops):
        rest = _after(names[original], snake(resource).replace("_", ""))
        given = "x-sdksmith-name" in op or not isinstance(op.get("operationId"), str)
        if not given and rest is not None and rest[:1].isalpha():
            short[original] = rest
    wanted = list(names.values()) + list(short.values())
    return {
        original: short[original] if original in short and wanted.count(short[original]) == 1 else name
        for original, name in names.items()
    }


def _after(name: str, word: str) -> str | None:
    """What follows ``word`` at the start of the snake_case ``name``, whatever the underscores inside the word, up to
    a word break; ``None`` when ``name`` does not start with it."""
    index = matched = 0
    while index < len(name) and matched < len(word):
        if name[index] != "_":
            if name[index] != word[matched]:
                return None
            matched += 1
        index += 1
    if matched < len(word) or not name[index:].startswith("_"):
        return None
    return name[index + 1 :]


# How a method that sends the body in another encoding is told apart: ``upload`` (JSON), ``upload_multipart``.
_SUFFIX = {"json": "json", "form": "form", "multipart": "multipart", "bytes": "bytes"}


def _companions(namespace: Namespace, original: str, built: ir.Method) -> ir.Method:
    """``built`` with the names of its ``*_all`` and stream companions claimed."""
    all_name = namespace.claim(original + "\0all", built.name + "_all") if built.pagination else None
    stream_name = namespace.claim(original + "\0stream", built.stream.name) if built.stream else None
    return with_names(built, all_name, stream_name)


def _other_media(ctx: BuildContext, op: dict[str, Any], where: str, method: str) -> list[str]:
    """The media types of the request body, one per other encoding than the method's own, each of which gets a
    method of its own; a media type of an encoding already sent is recorded as left out, never dropped silently."""
    body = deref(ctx.data, op.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or isinstance(op.get("x-sdksmith-rpc"), dict):
        return []
    chosen, left_out = by_kind(content)
    for media in left_out:
        same = next(m for m in chosen if body_kind(m) == body_kind(media))
        reason = f"the body is not sent as {media}: {same} has the same encoding and is what `{method}` sends"
        ctx.media_left_out.append((jp.join(where, "requestBody", "content", media), reason))
    variants = []
    for media in chosen[1:]:
        if body_kind(media) in ("form", "multipart") and not parts_schema(ctx, (content[media] or {}).get("schema")):
            reason = f"the body is not sent as {media}: its schema is no object, whose properties would be the fields"
            ctx.media_left_out.append((jp.join(where, "requestBody", "content", media), reason))
        else:
            variants.append(media)
    return variants


def resource_key(path: str, op: dict[str, Any]) -> str:
    """Which resource an operation belongs to: ``x-sdksmith-resource``, its first tag, else its first path word."""
    explicit = op.get("x-sdksmith-resource")
    if isinstance(explicit, str):
        return explicit
    tags = op.get("tags") or []
    if tags and isinstance(tags[0], str) and snake(tags[0]):
        return tags[0]
    for segment in path.split("/"):
        if segment and not segment.startswith("{") and not _VERSION_SEGMENT.fullmatch(segment):
            return segment
    return "default"


def method_key(path: str, method: str, op: dict[str, Any]) -> str:
    """The name a method wants (``x-sdksmith-name``, else its operationId, else method and path), made unique
    by the operation it belongs to."""
    explicit = op.get("x-sdksmith-name")
    if isinstance(explicit, str):
        return explicit + "\0" + method + " " + path
    op_id = op.get("operationId")
    base = snake(op_id) if isinstance(op_id, str) else snake(f"{method} {path}")
    return base + "\0" + method + " " + path


def _claim_resource_classes(namespace: Namespace, key: str, base: str) -> tuple[str, str]:
    """A resource's class and async class names, such that their ``...WithRawResponse`` and
    ``...WithStreamingResponse`` companions are free too."""
    candidate = namespace.valid(base)
    while True:
        names = (
            candidate,
            "Async" + candidate,
            candidate + "WithRawResponse",
            "Async" + candidate + "WithRawResponse",
            candidate + "WithStreamingResponse",
            "Async" + candidate + "WithStreamingResponse",
        )
        if all(namespace.is_free(n) for n in names):
            break
        candidate += "Resource"
    for index, name in enumerate(names):
        namespace.claim(f"resource:{key}:{index}", name)
    return names[0], names[1]


def _claim_constant(namespace: Namespace, original: str, base: str) -> str:
    """A module constant for an endpoint, such that the ``_PAGE``/``_STREAM``/``_STREAM_SPEC`` ones beside it are
    free too."""
    candidate = namespace.valid(base)
    while not all(namespace.is_free(candidate + suffix) for suffix in ("", "_PAGE", "_STREAM", "_STREAM_SPEC")):
        candidate += "_"
    for suffix in ("_PAGE", "_STREAM", "_STREAM_SPEC"):
        namespace.reserve(candidate + suffix)
    return namespace.claim(original, candidate)
